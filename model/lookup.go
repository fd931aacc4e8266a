package model

import "strings"

// Lookup returns the current definition of one resource of the snapshot, by
// its contract id (docs/CONTRACT.md), as a copy the caller may keep.
// Aliases and records compare names case-insensitively.
func (s *Snapshot) Lookup(t ResourceType, id string) (*Definition, bool) {
	k := kindOf(t)
	if s == nil || k == nil {
		return nil, false
	}
	var found *Definition
	k.each(s, func(have string, def func() *Definition) bool {
		if have == id || (k.FoldID && strings.EqualFold(have, id)) {
			found = def()
			return false
		}
		return true
	})
	return found, found != nil
}

// snapIndex answers Lookup in O(1) for code that looks up many resources
// (plans); built once per plan.
type snapIndex map[ResourceRef]*Definition

func newSnapIndex(s *Snapshot) snapIndex {
	ix := snapIndex{}
	if s == nil {
		return ix
	}
	for i := range kinds {
		k := &kinds[i]
		k.each(s, func(id string, def func() *Definition) bool {
			ix[ResourceRef{Type: k.Type, ID: k.normID(id)}] = def()
			return true
		})
	}
	return ix
}

func (ix snapIndex) get(t ResourceType, id string) (*Definition, bool) {
	if k := kindOf(t); k != nil {
		id = k.normID(id)
	}
	d, ok := ix[ResourceRef{Type: t, ID: id}]
	return d, ok
}

func defOfRule(r Rule) *Definition {
	c := cloneRule(r)
	return &Definition{Rule: &c}
}

func defOfTargetGroup(tg TargetGroup) *Definition {
	c := cloneTargetGroup(tg)
	return &Definition{TargetGroup: &c}
}

func defOfStage(s Stage) *Definition {
	c := cloneStage(s)
	return &Definition{Stage: &c}
}

func defOfRecord(r Record) *Definition {
	c := cloneRecord(r)
	return &Definition{Record: &c}
}

func lkCopyActions(in []Action) []Action {
	out := make([]Action, len(in))
	for i, a := range in {
		out[i] = cloneAction(a)
	}
	return out
}

func lkCopyTags(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Env returns the environment named name.
func (inv *Inventory) Env(name string) (*Environment, bool) {
	if inv == nil {
		return nil, false
	}
	for i := range inv.Environments {
		if inv.Environments[i].Name == name {
			return &inv.Environments[i], true
		}
	}
	return nil, false
}

// FindingsFor returns the findings that concern env, in inventory order.
func (inv *Inventory) FindingsFor(env string) []Finding {
	if inv == nil {
		return nil
	}
	var out []Finding
	for _, f := range inv.Findings {
		if f.Environment == env {
			out = append(out, f)
		}
	}
	return out
}
