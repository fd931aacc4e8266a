package model

import (
	"errors"
	"testing"
	"time"
)

func restoreEntries(cfg *Config) []JournalEntry {
	tags := cfg.Keys().For("feat-a", "alice", planNow.Add(-time.Hour), planNow.Add(time.Hour), "")
	tg := &TargetGroup{ARN: "arn:tg/a", Name: "env-feat-a", TargetType: "lambda", Tags: copyTags(tags), HealthRead: true,
		Targets: []Target{{ID: "arn:aws:lambda:us-east-1:123456789012:function:a", State: "healthy"}}}
	rule := &Rule{ARN: "arn:rule/a", ListenerARN: tListener, Priority: 1001, Tags: copyTags(tags),
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-a/*"}}},
		Actions:    []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 1}}}}}
	stage := &Stage{RestAPIID: "api1", Name: "feat-a", DeploymentID: "dep-new", Variables: map[string]string{"env": "feat-a"}, Tags: copyTags(tags), CreatedAt: planNow}
	alias := &Alias{DistributionID: "E1", Name: "feat-a.preview.example.com"}
	rec := &Record{ZoneID: "Z1", Name: "feat-a.preview.example.com", Type: "A", AliasTarget: "d111.cloudfront.net", AliasZoneID: "Z2FDTNDATAQYW2"}
	del := func(t ResourceType, id string, d Definition) JournalEntry {
		return JournalEntry{Time: planNow, Step: Step{Action: StepDelete, Type: t, ID: id, Env: "feat-a"}, Def: d}
	}
	// Journal order is deletion order.
	return []JournalEntry{
		del(TypeRecord, "Z1/feat-a.preview.example.com/A", Definition{Record: rec}),
		del(TypeAlias, "E1/feat-a.preview.example.com", Definition{Alias: alias}),
		del(TypeStage, "api1/feat-a", Definition{Stage: stage}),
		del(TypeRule, "arn:rule/a", Definition{Rule: rule}),
		del(TypeTargetGroup, "arn:tg/a", Definition{TargetGroup: tg}),
	}
}

func TestPlanRestore(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	snap := planInventory().Snapshot
	p, err := PlanRestore(entries, snap, cfg, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "restore" || p.Account != snap.Account || p.Fingerprint != snap.Fingerprint() {
		t.Fatalf("plan header %+v", p)
	}
	if got := stepTypes(p); !equalTypes(got, []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeAlias, TypeRecord}) {
		t.Fatalf("order %v", got)
	}
	tg := p.Steps[0].Def.TargetGroup
	if tg.ARN != "" || tg.Name != "env-feat-a" || len(tg.Targets) != 1 || tg.Targets[0].State != "" || !equalMap(tg.Tags, entries[4].Def.TargetGroup.Tags) {
		t.Fatalf("target group %+v", tg)
	}
	r := p.Steps[1].Def.Rule
	if r.ARN != "" || r.Priority != 1001 || r.Actions[0].TargetGroups[0].Name != "env-feat-a" || r.Actions[0].TargetGroups[0].ARN != "" {
		t.Fatalf("rule %+v", r)
	}
	if !equalMap(r.Tags, entries[3].Def.Rule.Tags) || r.Conditions[0].Values[0] != "/feat-a/*" {
		t.Fatalf("rule tags/conditions %+v", r)
	}
	if entries[3].Def.Rule.ARN != "arn:rule/a" || entries[4].Def.TargetGroup.Targets[0].State != "healthy" {
		t.Fatal("journal entries were modified")
	}
	if st := p.Steps[2].Def.Stage; st.DeploymentID != "dep-new" || st.Variables["env"] != "feat-a" || !st.CreatedAt.IsZero() {
		t.Fatalf("stage %+v", st)
	}
}

func TestPlanRestoreSkipsWhatExists(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	snap := planInventory().Snapshot
	snap.TargetGroups = append(snap.TargetGroups, TargetGroup{ARN: "arn:tg/new", Name: "env-feat-a"})
	snap.Stages = append(snap.Stages, Stage{RestAPIID: "api1", Name: "feat-a"})
	snap.Distribution.Aliases = append(snap.Distribution.Aliases, "FEAT-A.preview.example.com")
	snap.Records = append(snap.Records, Record{ZoneID: "Z1", Name: "feat-a.preview.example.com", Type: "A"})
	snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/x", ListenerARN: tListener, Priority: 1001,
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/other/*"}}}})
	p, err := PlanRestore(entries, snap, cfg, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTypes(p); !equalTypes(got, []ResourceType{TypeRule}) {
		t.Fatalf("steps %v", got)
	}
	// The rule forwards by name to the group that exists again.
	if n := p.Steps[0].Def.Rule.Actions[0].TargetGroups[0].Name; n != "env-feat-a" {
		t.Fatalf("forward to %q", n)
	}

	snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/y", ListenerARN: tListener, Priority: 1002,
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-a/*"}}}})
	p, err = PlanRestore(entries, snap, cfg, planNow)
	if err != nil || len(p.Steps) != 0 {
		t.Fatalf("everything exists: %v %+v", err, p.Steps)
	}
}

func TestPlanRestoreRefusals(t *testing.T) {
	cfg := planConfig()
	snap := planInventory().Snapshot
	if _, err := PlanRestore(nil, snap, cfg, planNow); err == nil {
		t.Fatal("empty journal accepted")
	}
	entries := restoreEntries(cfg)[3:4] // the rule only: its target group is nowhere
	if _, err := PlanRestore(entries, snap, cfg, planNow); err == nil {
		t.Fatal("rule with a lost target group accepted")
	}
	creates := []JournalEntry{{Step: Step{Action: StepCreate, Type: TypeRule}, Def: Definition{Rule: &Rule{}}}}
	if _, err := PlanRestore(creates, snap, cfg, planNow); err == nil || errors.Unwrap(err) != nil {
		t.Fatalf("creates are not restorable: %v", err)
	}
}
