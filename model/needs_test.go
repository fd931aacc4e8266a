package model

import (
	"slices"
	"strings"
	"testing"
)

// A part a command did not read is unknown, never empty: without the
// Unread mark the same snapshot (no records, no limits) would claim every
// alias lacks its record, feat-edge degraded, slots broken, and quotas at
// built-in limits.
func TestUnreadPartsAreUnknownNotEmpty(t *testing.T) {
	cfg := h1Cfg()
	blind := func(unread ...string) *Inventory {
		s := h1Platform()
		s.Records, s.AccountDistributions, s.Limits = []Record{}, nil, nil
		s.Unread = unread
		return BuildInventory(s, cfg, h1Now)
	}
	unmarked := blind()
	marked := blind(PartRecords, PartDistributions, PartLimits)

	kinds := func(inv *Inventory) map[string]int {
		m := map[string]int{}
		for _, f := range inv.Findings {
			m[f.Kind]++
		}
		return m
	}
	if kinds(unmarked)[FindingAliasWithoutRecord] == 0 {
		t.Fatal("an unmarked empty record list yields no alias-without-record finding: the test proves nothing")
	}
	k := kinds(marked)
	for _, kind := range []string{FindingAliasWithoutRecord, FindingDanglingRecord, FindingBrokenSlot} {
		if k[kind] != 0 {
			t.Errorf("%d %s findings from parts that were not read", k[kind], kind)
		}
	}
	for _, f := range marked.Findings {
		// Unverified slots count as used, as with a failed zone read.
		if f.Kind == FindingQuotaPressure && f.Resource.ID != QuotaFreeSlots+"/"+cfg.CloudFront.Slots.Pattern {
			t.Errorf("quota finding from limits that were not read: %s", f.Reason)
		}
	}
	if e, _ := marked.Env("feat-edge"); e == nil || e.Status == StatusDegraded {
		t.Errorf("feat-edge = %+v: degraded by a record list that was not read", e)
	}
	for _, s := range marked.Slots {
		if s.State == SlotBroken && !strings.HasPrefix(s.Reason, "not verified") {
			t.Errorf("slot %s broken (%s) from records that were not read", s.Host, s.Reason)
		}
	}
	for _, q := range marked.Quotas {
		if q.Name != QuotaNameFreeSlots && (q.Limit != 0 || q.Source == LimitSourceBuiltIn) {
			t.Errorf("quota %s: limit %d from %q, want unknown (limits not read)", q.Name, q.Limit, q.Source)
		}
	}
}

func TestEnvTargetGroups(t *testing.T) {
	s, cfg := h1Platform(), h1Cfg()
	for _, tc := range []struct {
		env  string
		want []string
	}{
		{"feat-a", []string{h1TgARN("env-feat-a")}},
		{"feat-ghost", []string{h1TgARN("env-feat-ghost")}},
		{"feat-stage", nil}, // a stage only
		{"nobody", nil},
		{"", nil},
	} {
		if got := EnvTargetGroups(s, cfg, tc.env); !slices.Equal(got, tc.want) {
			t.Errorf("EnvTargetGroups(%q) = %v, want %v", tc.env, got, tc.want)
		}
	}
	// A rule's forward to another environment's group counts too: its
	// status depends on that group's health.
	for i := range s.Rules {
		if r := &s.Rules[i]; r.Tags["envdeck:env"] == "feat-a" {
			r.Actions[0].TargetGroups = append(r.Actions[0].TargetGroups, WeightedTargetGroup{ARN: h1TgARN("env-feat-lonely"), Weight: 1})
		}
	}
	if got := EnvTargetGroups(s, cfg, "feat-a"); !slices.Equal(got, []string{h1TgARN("env-feat-a"), h1TgARN("env-feat-lonely")}) {
		t.Errorf("EnvTargetGroups(feat-a) = %v, want its group and the one its rule forwards to", got)
	}
}
