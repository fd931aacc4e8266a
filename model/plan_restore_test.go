package model

import (
	"errors"
	"strings"
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

// restoreOf plans restoring entries alone (no other journal).
func restoreOf(t *testing.T, entries []JournalEntry, snap *Snapshot, cfg *Config) RestorePlan {
	t.Helper()
	p, err := PlanRestore(RestoreRequest{Entries: entries, Library: entries}, snap, cfg, planNow)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanRestore(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	snap := planInventory().Snapshot
	p := restoreOf(t, entries, snap, cfg)
	if p.Kind != "restore" || p.Account != snap.Account || p.Fingerprint != snap.Fingerprint() || len(p.Refused) != 0 {
		t.Fatalf("plan header %+v refused %+v", p.Plan, p.Refused)
	}
	if got := stepTypes(p.Plan); !equalTypes(got, []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeAlias, TypeRecord}) {
		t.Fatalf("order %v", got)
	}
	// Restored means alive: expires-at is now + the original TTL (2h), the rest as journaled.
	k := cfg.Keys()
	renewed := copyTags(entries[4].Def.TargetGroup.Tags)
	renewed[k.ExpiresAt] = planNow.Add(2 * time.Hour).Format(time.RFC3339)
	tg := p.Steps[0].Def.TargetGroup
	if tg.ARN != "" || tg.Name != "env-feat-a" || len(tg.Targets) != 1 || tg.Targets[0].State != "" || !equalMap(tg.Tags, renewed) {
		t.Fatalf("target group %+v", tg)
	}
	r := p.Steps[1].Def.Rule
	if r.ARN != "" || r.Priority != 1001 || r.Actions[0].TargetGroups[0].Name != "env-feat-a" || r.Actions[0].TargetGroups[0].ARN != "" {
		t.Fatalf("rule %+v", r)
	}
	if !equalMap(r.Tags, renewed) || r.Conditions[0].Values[0] != "/feat-a/*" {
		t.Fatalf("rule tags/conditions %+v", r)
	}
	if !strings.Contains(p.Steps[1].Reason, "expires-at "+renewed[k.ExpiresAt]) || !strings.Contains(p.Steps[1].Reason, "--keep-expiry") {
		t.Fatalf("reason does not say the new expiry: %s", p.Steps[1].Reason)
	}
	if entries[3].Def.Rule.ARN != "arn:rule/a" || entries[4].Def.TargetGroup.Targets[0].State != "healthy" || entries[3].Def.Rule.Tags[k.ExpiresAt] == renewed[k.ExpiresAt] {
		t.Fatal("journal entries were modified")
	}
	if st := p.Steps[2].Def.Stage; st.DeploymentID != "dep-new" || st.Variables["env"] != "feat-a" || !st.CreatedAt.IsZero() {
		t.Fatalf("stage %+v", st)
	}

	// A ttl tag (recorded by touch) is the environment's TTL.
	withTTL := restoreEntries(cfg)
	withTTL[4].Def.TargetGroup.Tags[k.TTL] = "24h"
	p = restoreOf(t, withTTL, snap, cfg)
	if got := p.Steps[0].Def.TargetGroup.Tags[k.ExpiresAt]; got != planNow.Add(24*time.Hour).Format(time.RFC3339) {
		t.Fatalf("with %s=24h: expires-at %s", k.TTL, got)
	}

	kept, err := PlanRestore(RestoreRequest{Entries: entries, KeepExpiry: true}, snap, cfg, planNow.Add(3*time.Hour))
	if err != nil || !equalMap(kept.Steps[0].Def.TargetGroup.Tags, entries[4].Def.TargetGroup.Tags) || !strings.Contains(kept.Steps[0].Reason, "the next gc collects it again") {
		t.Fatalf("--keep-expiry: %v %+v", err, kept.Steps)
	}
}

// ownedSnap is the plan inventory with feat-a's target group, stage and
// rule there again, tagged as envdeck's resources of env.
func ownedSnap(cfg *Config, env string) *Snapshot {
	tags := cfg.Keys().For(env, "bob", planNow, planNow.Add(time.Hour), "")
	snap := planInventory().Snapshot
	snap.TargetGroups = append(snap.TargetGroups, TargetGroup{ARN: "arn:tg/new", Name: "env-feat-a", Tags: copyTags(tags)})
	snap.Stages = append(snap.Stages, Stage{RestAPIID: "api1", Name: "feat-a", Tags: copyTags(tags)})
	snap.Distribution.Aliases = append(snap.Distribution.Aliases, "FEAT-A.preview.example.com")
	snap.Records = append(snap.Records, Record{ZoneID: "Z1", Name: "feat-a.preview.example.com", Type: "A", AliasTarget: "d111.cloudfront.net"})
	snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/x", ListenerARN: tListener, Priority: 1001, Tags: copyTags(tags),
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/other/*"}}}})
	return snap
}

func TestPlanRestoreSkipsWhatExists(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	snap := ownedSnap(cfg, "feat-a")
	p := restoreOf(t, entries, snap, cfg)
	if got := stepTypes(p.Plan); !equalTypes(got, []ResourceType{TypeRule}) || len(p.Refused) != 0 {
		t.Fatalf("steps %v refused %+v", got, p.Refused)
	}
	// The rule forwards by name to the group that exists again as feat-a's.
	if n := p.Steps[0].Def.Rule.Actions[0].TargetGroups[0].Name; n != "env-feat-a" {
		t.Fatalf("forward to %q", n)
	}
	snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/y", ListenerARN: tListener, Priority: 1002, Tags: snap.Rules[len(snap.Rules)-1].Tags,
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-a/*"}}}})
	if p = restoreOf(t, entries, snap, cfg); len(p.Steps) != 0 || len(p.Refused) != 0 {
		t.Fatalf("everything exists: %+v %+v", p.Steps, p.Refused)
	}
}

// Restore never adopts: a same-named target group, stage or rule that is
// not envdeck's (or another environment's) refuses that resource and the
// rules that need it; the unrelated rest is still planned.
func TestPlanRestoreNeverAdopts(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	for name, snap := range map[string]*Snapshot{"foreign": ownedSnap(cfg, "feat-a"), "other env": ownedSnap(cfg, "feat-b")} {
		t.Run(name, func(t *testing.T) {
			if name == "foreign" {
				snap.TargetGroups[len(snap.TargetGroups)-1].Tags = map[string]string{"team": "payments"}
				snap.Stages[len(snap.Stages)-1].Tags = map[string]string{}
			}
			p := restoreOf(t, entries, snap, cfg)
			if got := stepTypes(p.Plan); len(got) != 0 {
				t.Fatalf("steps %v", got) // alias and record exist again: skipped
			}
			refused := map[ResourceType]string{}
			for _, r := range p.Refused {
				refused[r.Type] = r.Reason
			}
			if !strings.Contains(refused[TypeTargetGroup], "never takes over") || !strings.Contains(refused[TypeRule], "not restored") || refused[TypeStage] == "" || len(p.Refused) != 3 {
				t.Fatalf("refused %+v", p.Refused)
			}
		})
	}
	// Unrelated resources still come back.
	snap := planInventory().Snapshot
	snap.TargetGroups = append(snap.TargetGroups, TargetGroup{ARN: "arn:tg/stranger", Name: "env-feat-a", Tags: map[string]string{}})
	p := restoreOf(t, entries, snap, cfg)
	if got := stepTypes(p.Plan); !equalTypes(got, []ResourceType{TypeStage, TypeAlias, TypeRecord}) || len(p.Refused) != 2 {
		t.Fatalf("steps %v refused %+v", got, p.Refused)
	}
}

// A rule and its target group deleted by two runs: the rule's journal
// restores the group too (from the other journal) when it is gone, and
// forwards to it by name when it was restored first; either order works.
func TestPlanRestoreAcrossJournals(t *testing.T) {
	cfg := hostConfig(0)
	all := restoreEntries(cfg)
	ruleJournal, tgJournal := all[:4], all[4:]
	snap := planInventory().Snapshot

	p, err := PlanRestore(RestoreRequest{Entries: ruleJournal, Library: all}, snap, cfg, planNow)
	if err != nil || len(p.Refused) != 0 || !equalTypes(stepTypes(p.Plan), []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeAlias, TypeRecord}) {
		t.Fatalf("rule journal first: %v %v %+v", err, stepTypes(p.Plan), p.Refused)
	}
	if p.Steps[1].Def.Rule.Actions[0].TargetGroups[0].Name != "env-feat-a" {
		t.Fatalf("rule forwards to %+v", p.Steps[1].Def.Rule.Actions[0].TargetGroups)
	}
	// The target group's journal restored first, then the rule's.
	snap.TargetGroups = append(snap.TargetGroups, TargetGroup{ARN: "arn:tg/restored", Name: "env-feat-a", Tags: copyTags(tgJournal[0].Def.TargetGroup.Tags)})
	p, err = PlanRestore(RestoreRequest{Entries: ruleJournal, Library: all}, snap, cfg, planNow)
	if err != nil || len(p.Refused) != 0 || stepTypes(p.Plan)[0] != TypeRule || p.Steps[0].Def.Rule.Actions[0].TargetGroups[0].Name != "env-feat-a" {
		t.Fatalf("target group journal first: %v %+v %+v", err, p.Steps, p.Refused)
	}
	// Without the other journal, the rule alone is refused and nothing else.
	p, err = PlanRestore(RestoreRequest{Entries: ruleJournal, Library: ruleJournal}, planInventory().Snapshot, cfg, planNow)
	if err != nil || len(p.Refused) != 1 || p.Refused[0].Type != TypeRule || len(p.Steps) != 3 {
		t.Fatalf("lost target group: %v %+v %+v", err, p.Steps, p.Refused)
	}
}

// --env restores everything the journals hold of an environment, each
// resource from its newest definition.
func TestPlanRestoreEnvNewestFirst(t *testing.T) {
	cfg := hostConfig(0)
	old := restoreEntries(cfg)
	newer := restoreEntries(cfg)
	for i := range newer {
		newer[i].Time = planNow.Add(time.Hour)
	}
	newer[2].Def.Stage.DeploymentID = "dep-newest"
	other := restoreEntries(cfg)[2:3]
	other[0].Step.Env, other[0].Def.Stage.Name = "feat-z", "feat-z"
	lib := append(append(append([]JournalEntry(nil), newer...), old...), other...)
	p, err := PlanRestore(RestoreRequest{Entries: lib, Library: lib, Env: "feat-a"}, planInventory().Snapshot, cfg, planNow)
	if err != nil || len(p.Steps) != 5 {
		t.Fatalf("%v %+v", err, p.Steps)
	}
	if p.Steps[2].Def.Stage.DeploymentID != "dep-newest" {
		t.Fatalf("stage from %s, want the newest definition", p.Steps[2].Def.Stage.DeploymentID)
	}
	if _, err := PlanRestore(RestoreRequest{Entries: lib, Env: "feat-q"}, planInventory().Snapshot, cfg, planNow); err == nil {
		t.Fatal("unknown environment accepted")
	}
}

// The OIDC client secret is never journaled: without
// --oidc-client-secret-from the rule is refused, saying so; with it, planned.
func TestPlanRestoreOIDCSecret(t *testing.T) {
	cfg := hostConfig(0)
	entries := restoreEntries(cfg)
	entries[3].Def.Rule.Actions = append([]Action{{Type: "authenticate-oidc", Order: 1, OIDC: &AuthenticateOIDC{Issuer: "https://idp", ClientID: "c1"}}}, entries[3].Def.Rule.Actions...)
	entries[3].Def.Rule.Actions[1].Order = 2
	p := restoreOf(t, entries, planInventory().Snapshot, cfg)
	if len(p.Refused) != 1 || p.Refused[0].Type != TypeRule || !strings.Contains(p.Refused[0].Reason, "--oidc-client-secret-from") {
		t.Fatalf("refused %+v", p.Refused)
	}
	p, err := PlanRestore(RestoreRequest{Entries: entries, OIDCSecret: true}, planInventory().Snapshot, cfg, planNow)
	if err != nil || len(p.Refused) != 0 || p.Steps[1].Def.Rule.Actions[0].OIDC.Issuer != "https://idp" {
		t.Fatalf("%v %+v", err, p.Refused)
	}
	if lost := entries[3].Def.Unrecoverable(); len(lost) != 1 || !strings.Contains(lost[0], "client secret") {
		t.Fatalf("unrecoverable %v", lost)
	}
}

// Weighted records of one name and type are two resources: both come back.
func TestPlanRestoreWeightedRecords(t *testing.T) {
	cfg := hostConfig(0)
	var entries []JournalEntry
	for _, set := range []struct {
		id string
		w  int64
	}{{"blue", 90}, {"green", 10}} {
		w := set.w
		rec := &Record{ZoneID: "Z1", Name: "feat-a.preview.example.com", Type: "CNAME", TTL: 60, Values: []string{"d111.cloudfront.net"}, SetIdentifier: set.id, Weight: &w}
		entries = append(entries, JournalEntry{Time: planNow, Step: Step{Action: StepDelete, Type: TypeRecord, ID: rec.ID(), Env: "feat-a"}, Def: Definition{Record: rec}})
	}
	p := restoreOf(t, entries, planInventory().Snapshot, cfg)
	if len(p.Steps) != 2 || p.Steps[0].ID != "Z1/feat-a.preview.example.com/CNAME/blue" || *p.Steps[1].Def.Record.Weight != 10 {
		t.Fatalf("steps %+v", p.Steps)
	}
}

func TestPlanRestoreNothingToRestore(t *testing.T) {
	cfg := planConfig()
	snap := planInventory().Snapshot
	if _, err := PlanRestore(RestoreRequest{}, snap, cfg, planNow); err == nil {
		t.Fatal("empty journal accepted")
	}
	creates := []JournalEntry{{Step: Step{Action: StepCreate, Type: TypeRule}, Def: Definition{Rule: &Rule{}}}}
	if _, err := PlanRestore(RestoreRequest{Entries: creates}, snap, cfg, planNow); err == nil || errors.Unwrap(err) != nil {
		t.Fatalf("creates are not restorable: %v", err)
	}
}
