package model

import (
	"strings"
	"testing"
	"time"
)

func TestSlots(t *testing.T) {
	tags := h1OwnedTags("feat-a", 10*time.Hour, 72*time.Hour)
	const host = "pv-1.preview.example.com"
	tests := []struct {
		name    string
		build   func(s *Snapshot)
		state   string
		env     string
		reason  string // substring; "" = empty reason
		finding bool   // a broken-slot finding
	}{
		{"free", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Records = []Record{h1AliasRec(host, h1Domain)}
		}, SlotFree, "", "", false},
		{"free via CNAME with trailing dot and upper case", func(s *Snapshot) {
			s.Distribution.Aliases = []string{"PV-1.preview.example.com"}
			s.Records = []Record{{ZoneID: "Z1", Name: host, Type: "CNAME", Values: []string{"D111.cloudfront.net."}}}
		}, SlotFree, "", "", false},
		{"claimed by slot tag", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Records = []Record{h1AliasRec(host, h1Domain)}
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", h1With(tags, "envdeck:slot", host), "env-feat-a"))
		}, SlotClaimed, "feat-a", "", false},
		{"claimed by host condition", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Records = []Record{h1AliasRec(host, h1Domain)}
			s.Rules = append(s.Rules, h1HostRule("a", 1001, host, tags, "env-feat-a"))
		}, SlotClaimed, "feat-a", "", false},
		{"claimed but record missing", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Rules = append(s.Rules, h1HostRule("a", 1001, host, tags, "env-feat-a"))
		}, SlotClaimed, "feat-a", "alias without record", true},
		{"alias without record", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
		}, SlotBroken, "", "alias without record", true},
		{"record without alias", func(s *Snapshot) {
			s.Records = []Record{h1AliasRec(host, h1Domain)}
		}, SlotBroken, "", "record without alias", true},
		{"record pointing at another distribution", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Records = []Record{h1AliasRec(host, h1Domain), {ZoneID: "Z1", Name: host, Type: "AAAA", AliasTarget: "d999.cloudfront.net"}}
		}, SlotBroken, "", "points at d999.cloudfront.net", true},
		{"neither alias nor record", func(s *Snapshot) {}, SlotBroken, "", "no alias and no record", true},
		{"CloudFront unread", func(s *Snapshot) {
			s.Distribution = nil
			s.Errors = []SourceError{{Source: SourceCloudFront, Message: "AccessDenied"}}
			s.Records = []Record{h1AliasRec(host, h1Domain)}
		}, SlotBroken, "", "not verified", false},
		{"Route 53 unread", func(s *Snapshot) {
			s.Distribution.Aliases = []string{host}
			s.Errors = []SourceError{{Source: SourceRoute53, Message: "AccessDenied"}}
		}, SlotBroken, "", "not verified", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := h1BaseSnap()
			tc.build(s)
			inv := BuildInventory(s, h1Cfg(), h1Now)
			if len(inv.Slots) != 3 {
				t.Fatalf("slots = %d, want 3 (pool count)", len(inv.Slots))
			}
			sl := inv.Slots[0]
			if sl.Host != host || sl.State != tc.state || sl.Environment != tc.env {
				t.Errorf("slot = %+v, want %s %q", sl, tc.state, tc.env)
			}
			if (tc.reason == "") != (sl.Reason == "") || !strings.Contains(sl.Reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", sl.Reason, tc.reason)
			}
			var fs []Finding
			for _, f := range inv.Findings {
				if f.Kind == FindingBrokenSlot && strings.Contains(f.Reason, host) {
					fs = append(fs, f)
				}
			}
			if tc.finding != (len(fs) == 1) || len(fs) > 1 {
				t.Fatalf("broken-slot findings %+v, want %v", fs, tc.finding)
			}
			if tc.finding && (fs[0].Action != ActionNone || !strings.Contains(fs[0].Reason, "fix:") || fs[0].Environment != tc.env) {
				t.Errorf("broken-slot finding = %+v", fs[0])
			}
			for _, step := range PlanGC(inv, h1Cfg(), h1Now).Steps {
				if step.Type == TypeAlias || step.Type == TypeRecord {
					t.Errorf("gc plan holds slot resource %s", step.ID)
				}
			}
		})
	}
}

func TestSlotsNotConfigured(t *testing.T) {
	cfg := h1Cfg()
	cfg.CloudFront.Slots = nil
	s := h1BaseSnap()
	s.Distribution.Aliases = []string{"pv-1.preview.example.com"}
	inv := BuildInventory(s, cfg, h1Now)
	if len(inv.Slots) != 0 {
		t.Errorf("slots = %+v, want none", inv.Slots)
	}
	// without a pool, pv-1 is an ordinary alias of environment pv-1
	if got := h1EnvOf(inv, TypeAlias, "E1/pv-1.preview.example.com"); got != "pv-1" {
		t.Errorf("alias pv-1 → %q, want pv-1", got)
	}
}
