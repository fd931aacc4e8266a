package model

import (
	"testing"
	"time"
)

func TestDefinitionFingerprint(t *testing.T) {
	tags := h1OwnedTags("feat-a", time.Hour, 72*time.Hour)
	rule := h1PathRule("a", 1001, "/feat-a/*", tags, "env-feat-a", "env-feat-a-canary")
	rule.Conditions = append(rule.Conditions, Condition{Field: "host-header", Values: []string{"a.example.com", "b.example.com"}})
	base := Definition{Rule: &rule}.Fingerprint()
	if len(base) != 16 {
		t.Errorf("fingerprint %q: want 16 hex characters", base)
	}
	same := []struct {
		name string
		edit func(r *Rule)
	}{
		{"copy", func(r *Rule) {}},
		{"conditions reordered", func(r *Rule) { r.Conditions[0], r.Conditions[1] = r.Conditions[1], r.Conditions[0] }},
		{"values reordered", func(r *Rule) { r.Conditions[1].Values = []string{"b.example.com", "a.example.com"} }},
		{"weighted groups reordered", func(r *Rule) {
			g := r.Actions[0].TargetGroups
			r.Actions[0].TargetGroups = []WeightedTargetGroup{g[1], g[0]}
		}},
		{"tags map rebuilt", func(r *Rule) { r.Tags = h1With(r.Tags) }},
	}
	differ := []struct {
		name string
		edit func(r *Rule)
	}{
		{"priority", func(r *Rule) { r.Priority = 1002 }},
		{"managed-by removed", func(r *Rule) { r.Tags = h1With(r.Tags, "envdeck:managed-by", "") }},
		{"expires-at changed", func(r *Rule) { r.Tags = h1With(r.Tags, "envdeck:expires-at", "2030-01-01T00:00:00Z") }},
		{"path changed", func(r *Rule) { r.Conditions[0].Values = []string{"/feat-b/*"} }},
		{"forward changed", func(r *Rule) { r.Actions = h1Fwd("other") }},
	}
	clone := func() Rule { return *defOfRule(rule).Rule }
	for _, tc := range same {
		r := clone()
		tc.edit(&r)
		if got := (Definition{Rule: &r}).Fingerprint(); got != base {
			t.Errorf("%s: fingerprint changed", tc.name)
		}
	}
	for _, tc := range differ {
		r := clone()
		tc.edit(&r)
		if got := (Definition{Rule: &r}).Fingerprint(); got == base {
			t.Errorf("%s: fingerprint unchanged", tc.name)
		}
	}
	if rule.Conditions[0].Field != "path-pattern" || rule.Conditions[1].Values[0] != "a.example.com" {
		t.Error("Fingerprint modified its input")
	}

	// target groups: health state is not part of the definition, targets are
	tg := h1LambdaTG("env-feat-a", tags, 1)
	tgBase := Definition{TargetGroup: &tg}.Fingerprint()
	tg2 := *defOfTargetGroup(tg).TargetGroup
	tg2.Targets[0].State, tg2.Targets[0].Reason, tg2.HealthRead = "healthy", "", false
	if (Definition{TargetGroup: &tg2}).Fingerprint() != tgBase {
		t.Error("target health changed the fingerprint")
	}
	tg2.Targets = append(tg2.Targets, Target{ID: "fn-2"})
	if (Definition{TargetGroup: &tg2}).Fingerprint() == tgBase {
		t.Error("a new target did not change the fingerprint")
	}
	// different kinds never collide
	st := h1Stage("feat-a", tags)
	if (Definition{Stage: &st}).Fingerprint() == (Definition{}).Fingerprint() {
		t.Error("stage and empty definition collide")
	}
}

func TestSnapshotFingerprint(t *testing.T) {
	a := h1Platform()
	b := h1Platform()
	// discovery order, health, bookkeeping: not part of it
	b.Rules[1], b.Rules[2] = b.Rules[2], b.Rules[1]
	b.TargetGroups[0], b.TargetGroups[1] = b.TargetGroups[1], b.TargetGroups[0]
	b.Records[0], b.Records[1] = b.Records[1], b.Records[0]
	b.Distribution.Aliases[0], b.Distribution.Aliases[1] = b.Distribution.Aliases[1], b.Distribution.Aliases[0]
	b.Taken = b.Taken.Add(time.Minute)
	b.Calls = CallCount{"elbv2:DescribeRules": 3}
	b.Errors = []SourceError{{Source: SourceQuotas, Message: "x"}}
	b.Distribution.Status, b.Distribution.ETag = "InProgress", "E2"
	b.TargetGroups[0].HealthRead = false
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("order/bookkeeping/health changed the snapshot fingerprint")
	}
	b.Stages[0].Variables = map[string]string{"env": "x"}
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("a stage variable change did not change the snapshot fingerprint")
	}
	var nilSnap *Snapshot
	_ = nilSnap.Fingerprint() // no panic
}

func TestLookup(t *testing.T) {
	s := h1Platform()
	tests := []struct {
		typ  ResourceType
		id   string
		ok   bool
		what func(d *Definition) bool
	}{
		{TypeRule, h1RuleARN("x"), true, func(d *Definition) bool { return d.Rule != nil && d.Rule.Priority == 1002 }},
		{TypeTargetGroup, h1TgARN("env-feat-exp"), true, func(d *Definition) bool { return d.TargetGroup != nil && d.TargetGroup.Name == "env-feat-exp" }},
		{TypeStage, "api1/feat-exp", true, func(d *Definition) bool { return d.Stage != nil && d.Stage.Name == "feat-exp" }},
		{TypeAlias, "E1/FEAT-WEB.preview.example.com", true, func(d *Definition) bool { return d.Alias != nil && d.Alias.Name == "feat-web.preview.example.com" }},
		{TypeRecord, "Z1/old-thing.preview.example.com/A", true, func(d *Definition) bool { return d.Record != nil && d.Record.AliasTarget == "d999.cloudfront.net" }},
		{TypeRecord, "Z1/old-thing.preview.example.com/AAAA", false, nil},
		{TypeRule, "arn:nope", false, nil},
		{TypeStage, "other/feat-exp", false, nil},
	}
	ix := newSnapIndex(s)
	for _, tc := range tests {
		d, ok := s.Lookup(tc.typ, tc.id)
		if ok != tc.ok || (ok && !tc.what(d)) {
			t.Errorf("Lookup(%s, %s) = %+v, %v", tc.typ, tc.id, d, ok)
		}
		d2, ok2 := ix.get(tc.typ, tc.id)
		if ok2 != ok || (ok && d2.Fingerprint() != d.Fingerprint()) {
			t.Errorf("index disagrees with Lookup for %s %s", tc.typ, tc.id)
		}
	}
	// the definition is a copy
	d, _ := s.Lookup(TypeRule, h1RuleARN("x"))
	d.Rule.Tags["envdeck:env"] = "changed"
	d.Rule.Conditions[0].Values[0] = "changed"
	if s.Rules[2].Tags["envdeck:env"] != "feat-exp" || s.Rules[2].Conditions[0].Values[0] != "/feat-exp/*" {
		t.Error("Lookup returned shared state")
	}
}

func TestInventoryEnvAndFindingsFor(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	if _, ok := inv.Env("nope"); ok {
		t.Error("Env(nope) found")
	}
	fs := inv.FindingsFor("feat-exp")
	if len(fs) != 3 {
		t.Errorf("FindingsFor(feat-exp) = %d, want 3", len(fs))
	}
	for _, f := range fs {
		if f.Environment != "feat-exp" {
			t.Errorf("finding of %s", f.Environment)
		}
	}
	var nilInv *Inventory
	if _, ok := nilInv.Env("x"); ok || nilInv.FindingsFor("x") != nil {
		t.Error("nil inventory")
	}
}
