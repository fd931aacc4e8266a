package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// DistributionDeployed is a CloudFront distribution's status once a change
// has reached every edge location.
const DistributionDeployed = "Deployed"

// Readiness is what `create --wait` waits for: every target group of the
// environment with a serving target (Serving), and, for a per-environment
// hostname, the distribution Deployed.
type Readiness struct {
	Groups             []TargetGroup // health as last read (HealthRead false: not read)
	DistributionID     string        // "" when no distribution is waited for
	DistributionStatus string        // as last read; "" when not read
}

// WaitTargets is what a create of env waits for once plan was applied (res):
// the target groups the apply made or found, plus those the environment had
// before (inv, a half-made one), and the distribution when the environment
// has a per-environment alias. Health fields are left to the reads.
func WaitTargets(inv *Inventory, plan Plan, res ApplyResult, env string) Readiness {
	var r Readiness
	seen := map[string]bool{}
	add := func(tg TargetGroup) {
		if tg.ARN != "" && !seen[tg.ARN] {
			seen[tg.ARN] = true
			tg.Targets, tg.HealthRead = nil, false
			r.Groups = append(r.Groups, tg)
		}
	}
	for _, ev := range res.Events {
		st := ev.Step
		if st.Action == StepCreate && st.Type == TypeTargetGroup && st.Def != nil && st.Def.TargetGroup != nil &&
			(ev.State == EventDone || ev.State == EventSkipped) {
			tg := *st.Def.TargetGroup
			tg.ARN = ev.Result
			add(tg)
		}
	}
	for _, st := range plan.Steps {
		if st.Action == StepCreate && st.Type == TypeAlias && st.Def != nil && st.Def.Alias != nil {
			r.DistributionID = st.Def.Alias.DistributionID
		}
	}
	if e, ok := inv.Env(env); ok && inv.Snapshot != nil {
		for _, ref := range e.Resources {
			def, found := inv.Snapshot.Lookup(ref.Type, ref.ID)
			switch {
			case !found:
			case def.TargetGroup != nil:
				add(*def.TargetGroup)
			case def.Alias != nil && e.Slot == "":
				r.DistributionID = def.Alias.DistributionID
			}
		}
	}
	return r
}

// Ready reports whether every target group serves and the distribution
// (when waited for) is Deployed. Health that was not read is not ready.
func (r Readiness) Ready() bool {
	if len(r.Groups) == 0 {
		return false
	}
	for i := range r.Groups {
		if !groupServes(&r.Groups[i]) {
			return false
		}
	}
	return r.DistributionID == "" || r.DistributionStatus == DistributionDeployed
}

// groupServes: tgServing, but health that was not read is not serving.
func groupServes(tg *TargetGroup) bool { return tg.HealthRead && tgServing(tg) }

// Summary is the last states in one line, e.g. "env-feat-x: 1 initial
// (Elb.RegistrationInProgress); distribution E1 InProgress".
func (r Readiness) Summary() string {
	var parts []string
	for i := range r.Groups {
		parts = append(parts, r.Groups[i].Name+": "+targetStates(&r.Groups[i]))
	}
	if len(r.Groups) == 0 {
		parts = append(parts, "no target group")
	}
	if r.DistributionID != "" {
		parts = append(parts, "distribution "+r.DistributionID+" "+firstNonEmpty(r.DistributionStatus, "not read"))
	}
	return strings.Join(parts, "; ")
}

// targetStates counts a group's targets by state (serving ones as
// "serving"), with the reason AWS gives for the rest.
func targetStates(tg *TargetGroup) string {
	if !tg.HealthRead {
		return "health not read"
	}
	if len(tg.Targets) == 0 {
		return "no targets registered"
	}
	counts := map[string]int{}
	for _, t := range tg.Targets {
		state := t.State
		if Serving(tg, t) {
			state = "serving"
		} else if t.Reason != "" {
			state += " (" + t.Reason + ")"
		}
		counts[state]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(out, ", ")
}

// Wait backoff: the first reads come quickly (a Lambda target serves in
// seconds), later ones spread out so a long wait costs few calls.
const (
	waitFirstPoll = 2 * time.Second
	waitMaxPoll   = 15 * time.Second
)

// WaitPoll is the pause after the n-th read (n from 1): 2s, 3s, 4.5s, …
// up to 15s.
func WaitPoll(n int) time.Duration {
	d := waitFirstPoll
	for i := 1; i < n && d < waitMaxPoll; i++ {
		d = d * 3 / 2
	}
	return min(d, waitMaxPoll)
}
