package model

// FindingKey identifies a finding across reads: its kind, environment and
// resource ID (what a person picks in the console's gc view).
type FindingKey struct {
	Kind, Env, Resource string
}

// KeyOf is f's key.
func KeyOf(f Finding) FindingKey {
	return FindingKey{Kind: f.Kind, Env: f.Environment, Resource: f.Resource.ID}
}

// PlanGCFor keeps the steps of the full gc plan (PlanGC over snap's
// inventory) that collect the selected findings: the finding's resource
// itself, every step of a selected expired environment, and the target
// groups an orphan rule forwards to (deleted with it when no other rule
// still forwards to them). Order is kept, so the plan's deletion order
// holds.
func PlanGCFor(full Plan, selected []FindingKey, snap *Snapshot) Plan {
	ids, envs := gcSelection(selected, snap)
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
		if s.Type == TypeTargetGroup && s.Action == StepDelete && stillForwarded(s.ID, deleted, snap) {
			continue
		}
		kept = append(kept, s)
	}
	out.Steps = kept
	return out
}

// gcSelection is the resource IDs and environments the selected findings
// collect.
func gcSelection(selected []FindingKey, snap *Snapshot) (ids, envs map[string]bool) {
	ids, envs = map[string]bool{}, map[string]bool{}
	for _, k := range selected {
		switch k.Kind {
		case FindingExpired:
			envs[k.Env] = true
		case FindingOrphanRule:
			ids[k.Resource] = true
			for _, arn := range forwardedBy(k.Resource, snap) {
				ids[arn] = true
			}
		default:
			if k.Resource != "" {
				ids[k.Resource] = true
			}
		}
	}
	return ids, envs
}

// forwardedBy lists the target groups rule forwards to.
func forwardedBy(rule string, snap *Snapshot) []string {
	if snap == nil {
		return nil
	}
	var out []string
	for _, r := range snap.Rules {
		if r.ARN != rule {
			continue
		}
		for _, a := range r.Actions {
			for _, t := range a.TargetGroups {
				if t.ARN != "" {
					out = append(out, t.ARN)
				}
			}
		}
	}
	return out
}

// stillForwarded reports a rule outside deleted that forwards to tg.
func stillForwarded(tg string, deleted map[string]bool, snap *Snapshot) bool {
	if snap == nil {
		return false
	}
	for _, r := range snap.Rules {
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
