package tui

import "github.com/envdeck/envdeck/model"

// findingKey identifies a finding across refreshes.
type findingKey struct {
	Kind, Env, Resource string
}

func keyOf(f model.Finding) findingKey {
	return findingKey{Kind: f.Kind, Env: f.Environment, Resource: f.Resource.ID}
}

// restrictPlan keeps the steps of the full GC plan that collect the
// selected findings: the finding's resource itself, every step of a
// selected expired environment, and the target groups an orphan rule
// forwards to (deleted with it when unused). Order is kept, so the plan's
// deletion order holds.
func restrictPlan(full model.Plan, selected []findingKey, x *index) model.Plan {
	ids := map[string]bool{}
	envs := map[string]bool{}
	for _, k := range selected {
		switch k.Kind {
		case model.FindingExpired:
			envs[k.Env] = true
		case model.FindingOrphanRule:
			ids[k.Resource] = true
			if r, ok := x.rule[k.Resource]; ok {
				for _, a := range r.Actions {
					for _, t := range a.TargetGroups {
						if t.ARN != "" {
							ids[t.ARN] = true
						}
					}
				}
			}
		default:
			if k.Resource != "" {
				ids[k.Resource] = true
			}
		}
	}
	out := full
	out.Steps = nil
	deleted := map[string]bool{}
	for _, s := range full.Steps {
		if ids[s.ID] || (s.Env != "" && envs[s.Env]) {
			out.Steps = append(out.Steps, s)
			deleted[s.ID] = true
		}
	}
	// a target group stays only when every rule forwarding to it goes too
	kept := out.Steps[:0]
	for _, s := range out.Steps {
		if s.Type == model.TypeTargetGroup && s.Action == model.StepDelete && stillForwarded(s.ID, deleted, x) {
			continue
		}
		kept = append(kept, s)
	}
	out.Steps = kept
	return out
}

// stillForwarded reports a rule outside deleted that forwards to tg.
func stillForwarded(tg string, deleted map[string]bool, x *index) bool {
	if x.snap == nil {
		return false
	}
	for _, r := range x.snap.Rules {
		if deleted[r.ARN] {
			continue
		}
		for _, a := range r.Actions {
			for _, t := range a.TargetGroups {
				if t.ARN == tg {
					return true
				}
			}
		}
	}
	return false
}
