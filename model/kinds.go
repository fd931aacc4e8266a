package model

import (
	"sort"
	"strings"
)

// ResourceKind is everything the model knows of one kind of resource, in
// one place. Adding a kind is one entry in kinds here and one in the aws
// package's kindOps (docs/ARCHITECTURE.md § Adding a resource kind).
type ResourceKind struct {
	Type  ResourceType // the JSON "type"
	Label string       // short name in counts: "3 rule, 3 tg"
	// Rank orders the kinds inside an environment (and in every listing).
	Rank int
	// DeleteRank is the deletion order: what points at another kind goes
	// first (a record before its alias, rules before their target group);
	// restore runs the other way round.
	DeleteRank int
	// Taggable: the resource carries tags, so its ownership, environment
	// and keep are read from them (the others are matched by name pattern).
	Taggable bool
	// FoldID: ids compare case-insensitively (DNS names).
	FoldID bool

	// holds tells whether a definition holds a resource of the kind, and
	// resource returns it (its JSON is the resource's detail).
	holds    func(Definition) bool
	resource func(Definition) any
	// tags and withTags read and replace the tags (taggable kinds only).
	tags     func(Definition) map[string]string
	withTags func(Definition, map[string]string) Definition
	// each calls f with the id of every resource of the kind in s, and a
	// function returning a copy of its definition; f returns false to stop.
	each func(s *Snapshot, f func(id string, def func() *Definition) bool)
	// restoreKey names the resource across runs (a recreated resource gets
	// a new ARN), and restore plans recreating one journaled resource.
	restoreKey func(Definition) string
	restore    func(*restorer, JournalEntry) (Step, bool, string)
}

// kinds is the table of resource kinds, in Rank order.
var kinds = []ResourceKind{
	{
		Type: TypeRule, Label: "rule", Rank: 0, DeleteRank: 4, Taggable: true,
		holds:    func(d Definition) bool { return d.Rule != nil },
		resource: func(d Definition) any { return d.Rule },
		tags:     func(d Definition) map[string]string { return d.Rule.Tags },
		withTags: func(d Definition, tags map[string]string) Definition {
			r := *d.Rule
			r.Tags = tags
			return Definition{Rule: &r}
		},
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			for i := range s.Rules {
				r := s.Rules[i]
				if !f(r.ARN, func() *Definition { return defOfRule(r) }) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string {
			c := fpCanonRule(Rule{Conditions: d.Rule.Conditions})
			return d.Rule.ListenerARN + "#" + fpHash(c.Conditions)
		},
		restore: (*restorer).ruleStep,
	},
	{
		Type: TypeTargetGroup, Label: "tg", Rank: 1, DeleteRank: 5, Taggable: true,
		holds:    func(d Definition) bool { return d.TargetGroup != nil },
		resource: func(d Definition) any { return d.TargetGroup },
		tags:     func(d Definition) map[string]string { return d.TargetGroup.Tags },
		withTags: func(d Definition, tags map[string]string) Definition {
			tg := *d.TargetGroup
			tg.Tags = tags
			return Definition{TargetGroup: &tg}
		},
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			for i := range s.TargetGroups {
				tg := s.TargetGroups[i]
				if !f(tg.ARN, func() *Definition { return defOfTargetGroup(tg) }) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string { return d.TargetGroup.Name },
		restore:    (*restorer).targetGroupStep,
	},
	{
		Type: TypeStage, Label: "stage", Rank: 2, DeleteRank: 3, Taggable: true,
		holds:    func(d Definition) bool { return d.Stage != nil },
		resource: func(d Definition) any { return d.Stage },
		tags:     func(d Definition) map[string]string { return d.Stage.Tags },
		withTags: func(d Definition, tags map[string]string) Definition {
			s := *d.Stage
			s.Tags = tags
			return Definition{Stage: &s}
		},
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			for i := range s.Stages {
				st := s.Stages[i]
				if !f(StageID(st.RestAPIID, st.Name), func() *Definition { return defOfStage(st) }) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string { return StageID(d.Stage.RestAPIID, d.Stage.Name) },
		restore:    (*restorer).stageStep,
	},
	{ // an HTTP API stage (nothing points at a stage)
		Type: TypeHTTPStage, Label: "http-stage", Rank: 3, DeleteRank: 2, Taggable: true,
		holds:    func(d Definition) bool { return d.HTTPStage != nil },
		resource: func(d Definition) any { return d.HTTPStage },
		tags:     func(d Definition) map[string]string { return d.HTTPStage.Tags },
		withTags: func(d Definition, tags map[string]string) Definition {
			s := *d.HTTPStage
			s.Tags = tags
			return Definition{HTTPStage: &s}
		},
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			for i := range s.HTTPStages {
				st := s.HTTPStages[i]
				if !f(st.ID(), func() *Definition { return defOfHTTPStage(st) }) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string { return d.HTTPStage.ID() },
		restore:    (*restorer).httpStageStep,
	},
	{
		Type: TypeAlias, Label: "alias", Rank: 4, DeleteRank: 1, FoldID: true,
		holds:    func(d Definition) bool { return d.Alias != nil },
		resource: func(d Definition) any { return d.Alias },
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			d := s.Distribution
			if d == nil {
				return
			}
			for _, a := range d.Aliases {
				def := func() *Definition { return &Definition{Alias: &Alias{DistributionID: d.ID, Name: a}} }
				if !f(AliasID(d.ID, a), def) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string { return AliasID(d.Alias.DistributionID, d.Alias.Name) },
		restore:    (*restorer).aliasStep,
	},
	{
		Type: TypeRecord, Label: "record", Rank: 5, DeleteRank: 0, FoldID: true,
		holds:    func(d Definition) bool { return d.Record != nil },
		resource: func(d Definition) any { return d.Record },
		each: func(s *Snapshot, f func(string, func() *Definition) bool) {
			for i := range s.Records {
				r := s.Records[i]
				if !f(r.ID(), func() *Definition { return defOfRecord(r) }) {
					return
				}
			}
		},
		restoreKey: func(d Definition) string { return d.Record.ID() },
		restore:    (*restorer).recordStep,
	},
}

// Kinds returns the resource kinds in Rank order.
func Kinds() []ResourceKind { return append([]ResourceKind(nil), kinds...) }

// KindOf returns the kind of type t; ok is false for an unknown type.
func KindOf(t ResourceType) (ResourceKind, bool) {
	if k := kindOf(t); k != nil {
		return *k, true
	}
	return ResourceKind{}, false
}

func kindOf(t ResourceType) *ResourceKind {
	for i := range kinds {
		if kinds[i].Type == t {
			return &kinds[i]
		}
	}
	return nil
}

// kindOfDef is the kind of the resource d holds (nil for an empty one).
func kindOfDef(d Definition) *ResourceKind {
	for i := range kinds {
		if kinds[i].holds(d) {
			return &kinds[i]
		}
	}
	return nil
}

// Taggable reports whether resources of type t carry tags (and so
// envdeck's ownership and keep tags).
func Taggable(t ResourceType) bool {
	k := kindOf(t)
	return k != nil && k.Taggable
}

// resRank orders resource types inside an environment (unknown ones last).
func resRank(t ResourceType) int {
	if k := kindOf(t); k != nil {
		return k.Rank
	}
	return len(kinds)
}

// deleteRank is the deletion order of a type (unknown ones last).
func deleteRank(t ResourceType) int {
	if k := kindOf(t); k != nil {
		return k.DeleteRank
	}
	return len(kinds)
}

// restoreOrder is the order restore recreates resources in: the reverse of
// deletion (target group before the rule that forwards to it, alias before
// its record).
func restoreOrder() []ResourceType {
	ks := Kinds()
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].DeleteRank > ks[j].DeleteRank })
	out := make([]ResourceType, len(ks))
	for i, k := range ks {
		out[i] = k.Type
	}
	return out
}

// normID is id as the kind compares it.
func (k *ResourceKind) normID(id string) string {
	if k.FoldID {
		return strings.ToLower(id)
	}
	return id
}

// Type is the type of the resource d holds ("" for an empty definition).
func (d Definition) Type() ResourceType {
	if k := kindOfDef(d); k != nil {
		return k.Type
	}
	return ""
}

// Resource is the resource d holds (*Rule, *TargetGroup, ...), nil for an
// empty definition: its JSON is the resource's detail.
func (d Definition) Resource() any {
	if k := kindOfDef(d); k != nil {
		return k.resource(d)
	}
	return nil
}

// Tags are the tags of the resource the definition holds (nil for kinds
// that cannot carry tags: aliases and records).
func (d Definition) Tags() map[string]string {
	if k := kindOfDef(d); k != nil && k.Taggable {
		return k.tags(d)
	}
	return nil
}

// WithTags returns a copy of d whose taggable resource carries tags
// (d itself is not changed; aliases and records come back as they are).
func (d Definition) WithTags(tags map[string]string) Definition {
	if k := kindOfDef(d); k != nil && k.Taggable {
		return k.withTags(d, tags)
	}
	return d
}
