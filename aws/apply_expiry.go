package aws

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// expiredNow returns why step st, which deletes a resource only because its
// environment expired (model.Step.RequireExpired), must not run: the
// environment's expires-at, read with the protection guard's tags just
// before, no longer says expired (extended since the plan was made). It
// runs after protectedNow, which listed and refreshed those tags; "" when
// the step may run. One verdict per environment and run.
func (a *applier) expiredNow(st model.Step) string {
	if !st.RequireExpired || st.Action != model.StepDelete || st.Env == "" {
		return ""
	}
	if v, ok := a.guard.expiry[st.Env]; ok {
		return v
	}
	v := ""
	if a.guard.snap == nil {
		v = fmt.Sprintf("cannot tell whether environment %s is still expired: its tags were not read", st.Env)
	} else {
		// Judged now, or at the plan's time when that is later: a plan made
		// by a clock ahead of this one is never judged before it was made.
		now := a.now()
		if a.plan.CreatedAt.After(now) {
			now = a.plan.CreatedAt
		}
		v = model.EnvExpiredNow(a.guard.snap, a.cfg, st.Env, now)
	}
	if a.guard.expiry == nil {
		a.guard.expiry = map[string]string{}
	}
	a.guard.expiry[st.Env] = v
	return v
}
