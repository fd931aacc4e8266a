package model

import (
	"strings"
	"testing"
	"time"
)

// A gc step that deletes something only because its environment expired
// says so (RequireExpired), as one that deletes a dangling record does
// (RequireDangling, see TestRecordHeldBy) and one that deletes an orphan
// stage (RequireNoRule, see TestEnvRuleNow); EnvExpiredNow, which apply asks again with
// the tags read just before the step, stops it once the environment is
// extended or its expires-at is gone; orphan and dangling steps do not rest
// on the expiry.
func TestPlanGCStepsRestOnTheExpiry(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	p := PlanGC(inv, h1Cfg(), h1Now)
	for _, s := range p.Steps {
		expired := strings.HasPrefix(s.Reason, FindingExpired+":")
		dangling := strings.HasPrefix(s.Reason, FindingDanglingRecord+":")
		orphanStage := strings.HasPrefix(s.Reason, FindingOrphanStage+":")
		if s.RequireExpired != expired || s.RequireDangling != dangling || s.RequireNoRule != orphanStage {
			t.Errorf("step %s %s: RequireExpired %v RequireDangling %v RequireNoRule %v, reason %q",
				s.Type, h1Short(s.ID), s.RequireExpired, s.RequireDangling, s.RequireNoRule, s.Reason)
		}
	}

	s := h1BaseSnap()
	x := h1OwnedTags("feat-x", 100*time.Hour, 72*time.Hour)
	s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", x, "env-feat-x"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", h1With(x), 1))
	cfg := h1Cfg()
	if why := EnvExpiredNow(s, cfg, "feat-x", h1Now); why != "" {
		t.Errorf("expired feat-x: %q", why)
	}
	later := h1Now.Add(48 * time.Hour).UTC().Format(time.RFC3339)
	for i := range s.Rules {
		if s.Rules[i].ARN == h1RuleARN("x") {
			s.Rules[i].Tags = h1With(s.Rules[i].Tags, "envdeck:expires-at", later)
		}
	}
	if why := EnvExpiredNow(s, cfg, "feat-x", h1Now); !strings.Contains(why, "is no longer expired") {
		t.Errorf("extended feat-x: %q", why)
	}
	if why := EnvExpiredNow(s, cfg, "nope", h1Now); !strings.Contains(why, "has no envdeck:expires-at") {
		t.Errorf("unknown environment: %q", why)
	}
}

// The resources of one environment disagree on expires-at (an extend that
// retagged some of them and failed on the rule): the environment is
// collected only once the latest of them has passed, by gc and by apply's
// re-check alike, so nothing extended is collected on the word of a stale
// tag.
func TestDisagreeingExpiryTakesTheLatest(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rule, tg time.Duration // expires-at relative to now
		expired  bool
	}{
		{name: "both past", rule: -2 * time.Hour, tg: -time.Hour, expired: true},
		{name: "rule past, target group extended", rule: -2 * time.Hour, tg: 48 * time.Hour},
		{name: "rule extended, target group past", rule: 48 * time.Hour, tg: -2 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, cfg := h1BaseSnap(), h1Cfg()
			x := h1OwnedTags("feat-x", 100*time.Hour, 72*time.Hour)
			at := func(d time.Duration) string { return h1Now.Add(d).UTC().Format(time.RFC3339) }
			s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", h1With(x, "envdeck:expires-at", at(tc.rule)), "env-feat-x"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", h1With(x, "envdeck:expires-at", at(tc.tg)), 1))
			inv := BuildInventory(s, cfg, h1Now)
			if fs := expiredFindings(inv, "feat-x"); (len(fs) > 0) != tc.expired {
				t.Errorf("expired-environment findings %+v, want expired=%v", fs, tc.expired)
			}
			if got := PlanGC(inv, cfg, h1Now).Steps; (len(got) > 0) != tc.expired {
				t.Errorf("gc plans %+v, want planned=%v", got, tc.expired)
			}
			if why := EnvExpiredNow(s, cfg, "feat-x", h1Now); (why == "") != tc.expired {
				t.Errorf("EnvExpiredNow: %q, want expired=%v", why, tc.expired)
			}
		})
	}
}

func expiredFindings(inv *Inventory, env string) []Finding {
	var out []Finding
	for _, f := range inv.Findings {
		if f.Kind == FindingExpired && f.Environment == env {
			out = append(out, f)
		}
	}
	return out
}

// RecordHeldBy, apply's re-check of a dangling record: the distribution
// holding the name itself or by a wildcard, in any case, with or without
// the trailing dot.
func TestRecordHeldBy(t *testing.T) {
	ds := []DistributionSummary{
		{ID: "D1", DomainName: "d1.cloudfront.net", Aliases: []string{"www.example.com"}},
		{ID: "D2", DomainName: "d2.cloudfront.net", Aliases: []string{"*.preview.example.com"}},
	}
	for name, want := range map[string]string{
		"www.example.com": "D1", "WWW.Example.com.": "D1", "feat-a.preview.example.com": "D2",
		"a.b.preview.example.com": "", "api.example.com": "", "preview.example.com": "",
	} {
		if got := RecordHeldBy(ds, name); got != want {
			t.Errorf("RecordHeldBy(%q) = %q, want %q", name, got, want)
		}
	}
	if got := RecordHeldBy(nil, "www.example.com"); got != "" {
		t.Errorf("no distributions: %q", got)
	}
}

// EnvRuleNow, apply's re-check of an orphan stage: "" while its
// environment has no rule, the rule's name once one maps to it.
func TestEnvRuleNow(t *testing.T) {
	s, cfg := h1BaseSnap(), h1Cfg()
	s.Stages = append(s.Stages, h1Stage("feat-x", h1OwnedTags("feat-x", 100*time.Hour, 400*time.Hour)))
	if why := EnvRuleNow(s, cfg, "feat-x"); why != "" {
		t.Errorf("no rule yet: %q", why)
	}
	s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", h1OwnedTags("feat-x", time.Hour, 400*time.Hour), "env-feat-x"))
	if why := EnvRuleNow(s, cfg, "feat-x"); !strings.Contains(why, "has a rule now: rule "+h1RuleARN("x")) {
		t.Errorf("with a rule: %q", why)
	}
}

// EnvMadeSince, apply's check before an alias or record step: an owned
// rule, target group or stage of the environment that the plan does not
// name and that was created at or after the plan's time means the
// environment was made again; an unowned one, one the plan names, or one
// older than the plan does not.
func TestEnvMadeSince(t *testing.T) {
	s, cfg := h1BaseSnap(), h1Cfg()
	plannedAt := h1Now.Add(-time.Hour)
	s.Rules = append(s.Rules,
		h1PathRule("old", 1001, "/feat-x/*", h1OwnedTags("feat-x", 2*time.Hour, 400*time.Hour), "env-feat-x"),
		h1PathRule("manual", 1002, "/feat-x/manual", h1With(h1OwnedTags("feat-x", 0, 400*time.Hour), "envdeck:managed-by", "")))
	planned := map[string]bool{h1RuleARN("old"): true}
	if why := EnvMadeSince(s, cfg, "feat-x", plannedAt, planned); why != "" {
		t.Errorf("nothing new: %q", why)
	}
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", h1OwnedTags("feat-x", 10*time.Minute, 400*time.Hour), 1))
	if why := EnvMadeSince(s, cfg, "feat-x", plannedAt, planned); !strings.Contains(why, "target group env-feat-x is new") {
		t.Errorf("a target group made after the plan: %q", why)
	}
	planned[h1TgARN("env-feat-x")] = true
	if why := EnvMadeSince(s, cfg, "feat-x", plannedAt, planned); why != "" {
		t.Errorf("the new group is planned: %q", why)
	}
}
