package model

import (
	"strings"
	"testing"
	"time"
)

const h1OtherLB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/2"

// planned reports whether plan deletes the resource id.
func planned(p Plan, id string) bool {
	for _, s := range p.Steps {
		if s.ID == id {
			return true
		}
	}
	return false
}

// A target group attached to another load balancer is in use whatever the
// configured load balancer's rules say; attachment to the configured one
// follows its rules (the attachment list may keep it after the last rule).
func TestTargetGroupAttachedElsewhereIsInUse(t *testing.T) {
	old := 10 * time.Hour
	tests := []struct {
		name      string
		lbs       []string
		orphan    bool // an orphan-target-group finding
		collected bool // in the gc plan
	}{
		{"attached to nothing", nil, true, true},
		{"attached to the configured load balancer only (stale)", []string{h1BaseSnap().LoadBalancerARN}, true, true},
		{"attached to another load balancer", []string{h1OtherLB}, false, false},
		{"attached to both", []string{h1BaseSnap().LoadBalancerARN, h1OtherLB}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := h1Platform()
			tg := h1LambdaTG("env-feat-shared", h1OwnedTags("feat-shared", old, 30*24*time.Hour), 1)
			tg.LoadBalancerARNs = tc.lbs
			s.TargetGroups = append(s.TargetGroups, tg)
			inv := BuildInventory(s, h1Cfg(), h1Now)
			n := 0
			for _, f := range inv.Findings {
				if f.Resource.ID == tg.ARN && f.Kind == FindingOrphanTargetGroup {
					n++
				}
			}
			if (n == 1) != tc.orphan {
				t.Errorf("%d orphan-target-group findings, want orphan=%v", n, tc.orphan)
			}
			if got := planned(PlanGC(inv, h1Cfg(), h1Now), tg.ARN); got != tc.collected {
				t.Errorf("gc plans it: %v, want %v", got, tc.collected)
			}
		})
	}
}

// An expired environment whose target group another load balancer uses:
// its rule goes, the group stays and the reason says why; destroy likewise.
func TestExpiredTargetGroupAttachedElsewhereKept(t *testing.T) {
	s := h1Platform()
	for i := range s.TargetGroups {
		if s.TargetGroups[i].Name == "env-feat-exp" {
			s.TargetGroups[i].LoadBalancerARNs = []string{h1OtherLB, s.LoadBalancerARN}
		}
	}
	inv := BuildInventory(s, h1Cfg(), h1Now)
	f := h1FindOne(t, inv, FindingExpired, h1TgARN("env-feat-exp"))
	if f.Action != ActionNone || !strings.Contains(f.Reason, "kept: it is attached to load balancer app/other/2 too") {
		t.Errorf("target group finding: %s %q", f.Action, f.Reason)
	}
	if r := h1FindOne(t, inv, FindingExpired, h1RuleARN("x")); r.Action != ActionDelete {
		t.Errorf("rule finding: %s %q", r.Action, r.Reason)
	}
	gc := PlanGC(inv, h1Cfg(), h1Now)
	if planned(gc, h1TgARN("env-feat-exp")) || !planned(gc, h1RuleARN("x")) {
		t.Errorf("gc plan: %+v", gc.Steps)
	}
	d, err := PlanDestroy(inv, h1Cfg(), "feat-exp", h1Now)
	if err != nil {
		t.Fatal(err)
	}
	if planned(d, h1TgARN("env-feat-exp")) || !planned(d, h1RuleARN("x")) {
		t.Errorf("destroy plan: %+v", d.Steps)
	}
}

// A record is dangling only when no distribution of the account holds its
// name; the reason names where it points and whether that exists.
func TestDanglingRecordJudgedOverTheAccount(t *testing.T) {
	const name, id = "old-thing.preview.example.com", "Z1/old-thing.preview.example.com/A"
	tests := []struct {
		name    string
		others  []DistributionSummary // besides E1
		target  string
		finding string // reason part; "" = no finding
	}{
		{"another distribution holds the name", []DistributionSummary{{ID: "E2", DomainName: "d222.cloudfront.net", Aliases: []string{name}}},
			"d222.cloudfront.net", ""},
		{"a wildcard of another distribution covers it", []DistributionSummary{{ID: "E2", DomainName: "d222.cloudfront.net", Aliases: []string{"*.preview.example.com"}}},
			"d999.cloudfront.net", ""},
		{"points at a live distribution without the alias", []DistributionSummary{{ID: "E2", DomainName: "d222.cloudfront.net", Aliases: []string{}}},
			"d222.cloudfront.net", "points at d222.cloudfront.net (distribution E2 of this account)"},
		{"points at a distribution that exists nowhere", nil,
			"d999.cloudfront.net", "points at d999.cloudfront.net (which no distribution of this account serves)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := h1Platform()
			for i := range s.Records {
				if s.Records[i].Name == name {
					s.Records[i].AliasTarget = tc.target
				}
			}
			s.AccountDistributions = append(s.AccountDistributions, tc.others...)
			inv := BuildInventory(s, h1Cfg(), h1Now)
			var got []Finding
			for _, f := range inv.Findings {
				if f.Resource.ID == id {
					got = append(got, f)
				}
			}
			gc := PlanGC(inv, h1Cfg(), h1Now)
			if tc.finding == "" {
				if len(got) != 0 || planned(gc, id) {
					t.Fatalf("findings %+v, planned %v", got, planned(gc, id))
				}
				return
			}
			if len(got) != 1 || got[0].Kind != FindingDanglingRecord || got[0].Severity != SeverityCritical ||
				got[0].Action != ActionDelete || !strings.Contains(got[0].Reason, tc.finding) {
				t.Fatalf("findings %+v, want one critical dangling-record saying %q", got, tc.finding)
			}
			if !planned(gc, id) {
				t.Errorf("gc does not plan %s", id)
			}
		})
	}
}

// Without a full read of the account's distributions no record is judged
// dangling: a failed list is no empty list.
func TestDanglingRecordNeedsTheDistributionList(t *testing.T) {
	for name, edit := range map[string]func(*Snapshot){
		"list failed":   func(s *Snapshot) { s.Errors = []SourceError{{Source: SourceDistributions, Message: "AccessDenied"}} },
		"list not read": func(s *Snapshot) { s.AccountDistributions = nil },
	} {
		t.Run(name, func(t *testing.T) {
			s := h1Platform()
			edit(s)
			inv := BuildInventory(s, h1Cfg(), h1Now)
			for _, f := range inv.Findings {
				if f.Kind == FindingDanglingRecord {
					t.Errorf("dangling-record without the list: %+v", f)
				}
			}
			for _, st := range PlanGC(inv, h1Cfg(), h1Now).Steps {
				if st.Type == TypeRecord {
					t.Errorf("gc plans record %s", st.ID)
				}
			}
		})
	}
}
