package model

import "strings"

// Lookup returns the current definition of one resource of the snapshot, by
// its contract id (DESIGN.md § CLI contract), as a copy the caller may keep.
// Aliases and records compare names case-insensitively.
func (s *Snapshot) Lookup(t ResourceType, id string) (*Definition, bool) {
	if s == nil {
		return nil, false
	}
	switch t {
	case TypeRule:
		for i := range s.Rules {
			if s.Rules[i].ARN == id {
				return defOfRule(s.Rules[i]), true
			}
		}
	case TypeTargetGroup:
		for i := range s.TargetGroups {
			if s.TargetGroups[i].ARN == id {
				return defOfTargetGroup(s.TargetGroups[i]), true
			}
		}
	case TypeStage:
		for i := range s.Stages {
			if StageID(s.Stages[i].RestAPIID, s.Stages[i].Name) == id {
				return defOfStage(s.Stages[i]), true
			}
		}
	case TypeAlias:
		if d := s.Distribution; d != nil {
			for _, a := range d.Aliases {
				if strings.EqualFold(AliasID(d.ID, a), id) {
					return &Definition{Alias: &Alias{DistributionID: d.ID, Name: a}}, true
				}
			}
		}
	case TypeRecord:
		for i := range s.Records {
			r := s.Records[i]
			if strings.EqualFold(r.ID(), id) {
				return defOfRecord(r), true
			}
		}
	}
	return nil, false
}

// snapIndex answers Lookup in O(1) for code that looks up many resources
// (plans); built once per plan.
type snapIndex map[ResourceRef]*Definition

func newSnapIndex(s *Snapshot) snapIndex {
	ix := snapIndex{}
	if s == nil {
		return ix
	}
	for _, r := range s.Rules {
		ix[ResourceRef{Type: TypeRule, ID: r.ARN}] = defOfRule(r)
	}
	for _, tg := range s.TargetGroups {
		ix[ResourceRef{Type: TypeTargetGroup, ID: tg.ARN}] = defOfTargetGroup(tg)
	}
	for _, st := range s.Stages {
		ix[ResourceRef{Type: TypeStage, ID: StageID(st.RestAPIID, st.Name)}] = defOfStage(st)
	}
	if d := s.Distribution; d != nil {
		for _, a := range d.Aliases {
			ix[ResourceRef{Type: TypeAlias, ID: strings.ToLower(AliasID(d.ID, a))}] = &Definition{Alias: &Alias{DistributionID: d.ID, Name: a}}
		}
	}
	for _, r := range s.Records {
		ix[ResourceRef{Type: TypeRecord, ID: strings.ToLower(r.ID())}] = defOfRecord(r)
	}
	return ix
}

func (ix snapIndex) get(t ResourceType, id string) (*Definition, bool) {
	if t == TypeAlias || t == TypeRecord {
		id = strings.ToLower(id)
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
