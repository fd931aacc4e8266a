package model

import (
	"strings"
	"testing"
	"time"
)

// A gc step that deletes something only because its environment expired
// says so (RequireExpired), and EnvExpiredNow, which apply asks again with
// the tags read just before the step, stops it once the environment is
// extended or its expires-at is gone; orphan and dangling steps do not rest
// on the expiry.
func TestPlanGCStepsRestOnTheExpiry(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	p := PlanGC(inv, h1Cfg(), h1Now)
	for _, s := range p.Steps {
		expired := strings.HasPrefix(s.Reason, FindingExpired+":")
		if s.RequireExpired != expired {
			t.Errorf("step %s %s: RequireExpired %v, reason %q", s.Type, h1Short(s.ID), s.RequireExpired, s.Reason)
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
