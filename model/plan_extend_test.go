package model

import (
	"testing"
	"time"
)

func extendInventory(cfg *Config) *Inventory {
	k := cfg.Keys()
	tags := k.For("feat-a", "alice", planNow.Add(-time.Hour), planNow.Add(time.Hour), "")
	inv := planInventory()
	snap := inv.Snapshot
	snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/a", ListenerARN: tListener, Priority: 1001, Tags: copyTags(tags),
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-a/*"}}}})
	snap.TargetGroups = append(snap.TargetGroups, TargetGroup{ARN: "arn:tg/a", Name: "env-feat-a", TargetType: "lambda", Tags: copyTags(tags)})
	snap.Stages = append(snap.Stages, Stage{RestAPIID: "api1", Name: "feat-a", Tags: copyTags(tags)})
	snap.Records = append(snap.Records, Record{ZoneID: "Z1", Name: "feat-a.preview.example.com", Type: "A", AliasTarget: "d111.cloudfront.net"})
	inv.Environments = append(inv.Environments, Environment{Name: "feat-a", Resources: []ResourceRef{
		{Type: TypeRule, ID: "arn:rule/a", Owned: true},
		{Type: TypeTargetGroup, ID: "arn:tg/a", Owned: true},
		{Type: TypeStage, ID: "api1/feat-a", Owned: true},
		{Type: TypeRecord, ID: "Z1/feat-a.preview.example.com/A", Owned: true},
		{Type: TypeRule, ID: "arn:rule/old", Owned: false},
	}})
	return inv
}

func copyTags(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestPlanExtend(t *testing.T) {
	yes, no := true, false
	cfg := planConfig()
	k := cfg.Keys()
	tests := map[string]struct {
		ttl       time.Duration
		keep      *bool
		preKeep   bool
		steps     int
		expiresAt string // "" = unchanged
		keepTag   string // "-" = absent
	}{
		"ttl":                 {ttl: 48 * time.Hour, steps: 3, expiresAt: "2026-11-27T07:00:00Z", keepTag: "-"},
		"keep":                {keep: &yes, steps: 3, keepTag: "true"},
		"clear keep":          {keep: &no, preKeep: true, steps: 3, keepTag: "-"},
		"clear absent keep":   {keep: &no, steps: 0},
		"ttl and keep":        {ttl: time.Hour, keep: &yes, steps: 3, expiresAt: "2026-11-25T08:00:00Z", keepTag: "true"},
		"same ttl again noop": {ttl: time.Hour, steps: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			inv := extendInventory(cfg)
			if tc.preKeep {
				inv.Snapshot.Rules[2].Tags[k.Keep] = "true"
				inv.Snapshot.TargetGroups[1].Tags[k.Keep] = "true"
				inv.Snapshot.Stages[1].Tags[k.Keep] = "true"
			}
			p, err := PlanExtend(inv, cfg, "feat-a", tc.ttl, tc.keep, planNow)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != "extend" || len(p.Steps) != tc.steps {
				t.Fatalf("plan %s with %d steps, want %d: %+v", p.Kind, len(p.Steps), tc.steps, p.Steps)
			}
			for _, s := range p.Steps {
				if s.Action != StepUpdate || s.ID == "arn:rule/old" || s.Type == TypeRecord {
					t.Fatalf("unexpected step %+v", s)
				}
				cur, _ := inv.Snapshot.Lookup(s.Type, s.ID)
				if s.Expect != cur.Fingerprint() {
					t.Fatalf("expect of %s is not the planned-from fingerprint", s.ID)
				}
				tags := s.Def.Tags()
				if tc.expiresAt != "" && tags[k.ExpiresAt] != tc.expiresAt {
					t.Fatalf("%s expires-at %s, want %s", s.ID, tags[k.ExpiresAt], tc.expiresAt)
				}
				if tc.expiresAt == "" && tags[k.ExpiresAt] != cur.Tags()[k.ExpiresAt] {
					t.Fatalf("%s expires-at changed", s.ID)
				}
				if v, ok := tags[k.Keep]; (tc.keepTag == "-" && ok) || (tc.keepTag != "-" && v != tc.keepTag) {
					t.Fatalf("%s keep tag %q (present %v), want %s", s.ID, v, ok, tc.keepTag)
				}
				if tags[k.Owner] != "alice" || tags[k.ManagedBy] != "envdeck" {
					t.Fatalf("other tags lost: %v", tags)
				}
				if cur.Tags()[k.ExpiresAt] != "2026-11-25T08:00:00Z" {
					t.Fatal("the snapshot was modified")
				}
			}
		})
	}
}

func TestPlanExtendRefusals(t *testing.T) {
	cfg := planConfig()
	if _, err := PlanExtend(extendInventory(cfg), cfg, "feat-a", 0, nil, planNow); err == nil {
		t.Fatal("nothing to change accepted")
	}
	if _, err := PlanExtend(extendInventory(cfg), cfg, "nope", time.Hour, nil, planNow); err == nil {
		t.Fatal("unknown env accepted")
	}
	if _, err := PlanExtend(extendInventory(cfg), cfg, "old", time.Hour, nil, planNow); err == nil {
		t.Fatal("env without owned resources accepted")
	}
}
