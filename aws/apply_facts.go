package aws

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// gcFactsNow returns why step st must not run because a fact of its
// environment that the step rests on no longer holds, read with the
// protection guard's tags just before (protectedNow listed and refreshed
// them): an expired environment extended since the plan
// (model.Step.RequireExpired), an orphan stage's environment that has a
// rule now (model.Step.RequireNoRule), an alias or record (no tags, so no
// identity of their own) of an environment made again since the plan.
// "" when the step may run.
func (a *applier) gcFactsNow(st model.Step) string {
	if st.Action != model.StepDelete || st.Env == "" {
		return ""
	}
	if !model.Taggable(st.Type) {
		if why := a.envFact("as planned", st.Env, func(snap *model.Snapshot) string {
			return model.EnvMadeSince(snap, a.cfg, st.Env, a.plan.CreatedAt, a.plannedIDs())
		}); why != "" {
			return why
		}
	}
	if st.RequireExpired {
		// Judged now, or at the plan's time when that is later: a plan made
		// by a clock ahead of this one is never judged before it was made.
		now := a.now()
		if a.plan.CreatedAt.After(now) {
			now = a.plan.CreatedAt
		}
		if why := a.envFact("expired", st.Env, func(snap *model.Snapshot) string {
			return model.EnvExpiredNow(snap, a.cfg, st.Env, now)
		}); why != "" {
			return why
		}
	}
	if st.RequireNoRule {
		return a.envFact("no rule", st.Env, func(snap *model.Snapshot) string {
			return model.EnvRuleNow(snap, a.cfg, st.Env)
		})
	}
	return ""
}

// envFact judges one fact of env over the guard's listing, once per run.
func (a *applier) envFact(fact, env string, judge func(*model.Snapshot) string) string {
	key := fact + "\x00" + env
	if v, ok := a.guard.facts[key]; ok {
		return v
	}
	v := ""
	if a.guard.snap == nil {
		v = fmt.Sprintf("cannot tell whether environment %s is still %s: its resources were not read", env, fact)
	} else {
		v = judge(a.guard.snap)
	}
	if a.guard.facts == nil {
		a.guard.facts = map[string]string{}
	}
	a.guard.facts[key] = v
	return v
}

// plannedIDs is the set of the resource IDs the plan's steps name.
func (a *applier) plannedIDs() map[string]bool {
	ids := make(map[string]bool, len(a.plan.Steps))
	for _, st := range a.plan.Steps {
		ids[st.ID] = true
	}
	return ids
}
