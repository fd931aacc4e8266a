package model

import "strings"

// Needs returns, for each step of the plan, the earlier steps that must have
// succeeded before it may run. A target group's delete needs the deletes of
// the rules forwarding to it (AWS refuses to delete a group in use); an
// alias's delete needs the delete of its record (a record left pointing at
// a distribution that no longer holds the name is dangling). A rule's
// create needs the creates of the target groups it forwards to; a record's
// create needs the create of its alias. Every other step stands alone: when
// one step fails, apply still runs the steps that do not need it.
func (p Plan) Needs() [][]int {
	needs := make([][]int, len(p.Steps))
	givers := map[string][]int{} // what a step provides → the steps providing it
	for i, st := range p.Steps {
		for _, k := range stepWants(st) {
			needs[i] = append(needs[i], givers[k]...)
		}
		for _, k := range stepGives(st) {
			givers[k] = append(givers[k], i)
		}
	}
	return needs
}

// stepGives names what a step's success provides to later steps.
func stepGives(st Step) []string {
	switch {
	case st.Action == StepDelete && st.Type == TypeRule && st.Def != nil && st.Def.Rule != nil:
		return forwardKeys(st.Def.Rule, "freed:", func(w WeightedTargetGroup) string { return w.ARN })
	case st.Action == StepDelete && st.Type == TypeRecord:
		return []string{"no-record:" + stepHostname(st)}
	case st.Action == StepCreate && st.Type == TypeTargetGroup && st.Def != nil && st.Def.TargetGroup != nil:
		return []string{"group:" + st.Def.TargetGroup.Name}
	case st.Action == StepCreate && st.Type == TypeAlias:
		return []string{"alias:" + stepHostname(st)}
	}
	return nil
}

// stepWants names what a step needs from earlier steps.
func stepWants(st Step) []string {
	switch {
	case st.Action == StepDelete && st.Type == TypeTargetGroup:
		return []string{"freed:" + st.ID}
	case st.Action == StepDelete && st.Type == TypeAlias:
		return []string{"no-record:" + stepHostname(st)}
	case st.Action == StepCreate && st.Type == TypeRule && st.Def != nil && st.Def.Rule != nil:
		return forwardKeys(st.Def.Rule, "group:", func(w WeightedTargetGroup) string { return w.Name })
	case st.Action == StepCreate && st.Type == TypeRecord:
		return []string{"alias:" + stepHostname(st)}
	}
	return nil
}

// forwardKeys names each target group r forwards to, by pick (ARN or
// name; skipped when empty), after prefix.
func forwardKeys(r *Rule, prefix string, pick func(WeightedTargetGroup) string) []string {
	var out []string
	for _, a := range r.Actions {
		for _, tg := range a.TargetGroups {
			if v := pick(tg); v != "" {
				out = append(out, prefix+v)
			}
		}
	}
	return out
}

// stepHostname is the hostname an alias or record step is about, from its
// definition or else its ID (DIST/NAME, ZONE/NAME/TYPE), lowercased.
func stepHostname(st Step) string {
	if st.Def != nil {
		switch {
		case st.Def.Alias != nil:
			return dnsName(st.Def.Alias.Name)
		case st.Def.Record != nil:
			return dnsName(st.Def.Record.Name)
		}
	}
	parts := strings.Split(st.ID, "/")
	if len(parts) >= 2 {
		return dnsName(parts[1])
	}
	return dnsName(st.ID)
}
