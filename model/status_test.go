package model

import (
	"testing"
	"time"
)

func TestStatusEveryKind(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	tests := []struct {
		env, status string
		protected   bool
	}{
		{"feat-a", StatusHealthy, false},      // rule + serving lambda target group + stage
		{"feat-web", StatusHealthy, false},    // host mode with alias and record
		{"feat-unread", StatusHealthy, false}, // health not read: no evidence against it
		{"legacy", StatusHealthy, false},      // unowned but complete
		{"feat-exp", StatusExpired, false},
		{"feat-slot", StatusExpired, false},
		{"feat-conf", StatusExpired, false},
		{"main", StatusProtected, true},      // naming.protected glob, expired tags
		{"feat-keep", StatusProtected, true}, // envdeck:keep=true, expired tags
		{"feat-ghost", StatusDegraded, false},
		{"feat-young", StatusDegraded, false},
		{"feat-edge", StatusDegraded, false}, // alias without record
		{"feat-lonely", StatusPartial, false},
		{"feat-stage", StatusPartial, false},
		{"old-thing", StatusPartial, false}, // only a record left
	}
	for _, tc := range tests {
		e, ok := inv.Env(tc.env)
		if !ok {
			t.Errorf("%s: no such environment", tc.env)
			continue
		}
		if e.Status != tc.status || e.Protected != tc.protected {
			t.Errorf("%s: status %s protected %v, want %s %v", tc.env, e.Status, e.Protected, tc.status, tc.protected)
		}
	}
}

func TestStatusCases(t *testing.T) {
	tags := h1OwnedTags("feat-a", 10*time.Hour, 72*time.Hour)
	slotTags := h1With(tags, "envdeck:slot", "pv-1.preview.example.com")
	tests := []struct {
		name  string
		build func(s *Snapshot)
		want  string
	}{
		{"rule and serving target group", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", tags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
		}, StatusHealthy},
		{"rule whose target group is gone", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", tags, "env-feat-a"))
		}, StatusPartial},
		{"rule without a forward", func(s *Snapshot) {
			r := h1PathRule("a", 1001, "/feat-a/*", tags)
			r.Actions = []Action{{Type: "fixed-response", FixedResponse: &FixedResponseConfig{StatusCode: "503"}}}
			s.Rules = append(s.Rules, r)
		}, StatusPartial},
		{"only a stage", func(s *Snapshot) {
			s.Stages = append(s.Stages, h1Stage("feat-a", tags))
		}, StatusPartial},
		{"weighted forward, one group empty", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", tags, "env-feat-a", "env-feat-a-canary"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1),
				h1LambdaTG("env-feat-a-canary", h1With(tags, "envdeck:env", "feat-a"), 0))
		}, StatusDegraded},
		{"expired beats degraded", func(s *Snapshot) {
			x := h1OwnedTags("feat-a", 100*time.Hour, time.Hour)
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", x, "env-feat-a"))
		}, StatusExpired},
		{"protected beats expired", func(s *Snapshot) {
			x := h1With(h1OwnedTags("feat-a", 100*time.Hour, time.Hour), "envdeck:keep", "true")
			s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", x, "env-feat-a"))
		}, StatusProtected},
		{"claimed slot without record", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1HostRule("a", 1001, "pv-1.preview.example.com", slotTags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
			s.Distribution.Aliases = []string{"pv-1.preview.example.com"}
		}, StatusDegraded},
		{"claimed slot complete", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1HostRule("a", 1001, "pv-1.preview.example.com", slotTags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
			s.Distribution.Aliases = []string{"pv-1.preview.example.com"}
			s.Records = []Record{h1AliasRec("pv-1.preview.example.com", h1Domain)}
		}, StatusHealthy},
		{"per-env host without alias", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1HostRule("a", 1001, "feat-a.preview.example.com", tags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
			s.Records = []Record{h1AliasRec("feat-a.preview.example.com", h1Domain)}
		}, StatusDegraded},
		{"per-env host covered by wildcard alias and record", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1HostRule("a", 1001, "feat-a.preview.example.com", tags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
			s.Distribution.Aliases = []string{"*.preview.example.com"}
			s.Records = []Record{h1AliasRec("*.preview.example.com", h1Domain)}
		}, StatusHealthy},
		{"per-env host, CloudFront and Route 53 unread", func(s *Snapshot) {
			s.Rules = append(s.Rules, h1HostRule("a", 1001, "feat-a.preview.example.com", tags, "env-feat-a"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
			s.Distribution = nil
			s.Errors = []SourceError{{Source: SourceCloudFront, Message: "AccessDenied"}, {Source: SourceRoute53, Message: "AccessDenied"}}
		}, StatusHealthy},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := h1BaseSnap()
			tc.build(s)
			inv := BuildInventory(s, h1Cfg(), h1Now)
			e, ok := inv.Env("feat-a")
			if !ok {
				t.Fatalf("no environment feat-a: %+v", inv.Environments)
			}
			if e.Status != tc.want {
				t.Errorf("status %s, want %s", e.Status, tc.want)
			}
		})
	}
}

func TestServingTarget(t *testing.T) {
	tests := []struct {
		name      string
		hcEnabled bool
		read      bool
		targets   []Target
		want      bool
	}{
		{"healthy", true, true, []Target{{ID: "i-1", State: "healthy"}}, true},
		{"unhealthy", true, true, []Target{{ID: "i-1", State: "unhealthy"}}, false},
		{"initial", true, true, []Target{{ID: "i-1", State: "initial"}}, false},
		{"draining", true, true, []Target{{ID: "i-1", State: "draining"}}, false},
		{"lambda health checks disabled", false, true, []Target{{ID: "fn", State: "unavailable", Reason: "Target.HealthCheckDisabled"}}, true},
		{"unavailable, checks disabled, no reason", false, true, []Target{{ID: "fn", State: "unavailable"}}, true},
		{"unavailable, checks enabled", true, true, []Target{{ID: "fn", State: "unavailable"}}, false},
		{"one of two healthy", true, true, []Target{{ID: "a", State: "unhealthy"}, {ID: "b", State: "healthy"}}, true},
		{"no targets", true, true, nil, false},
		{"health not read", true, false, nil, true},
	}
	for _, tc := range tests {
		tg := &TargetGroup{HealthCheckEnabled: tc.hcEnabled, HealthRead: tc.read, Targets: tc.targets}
		if got := tgServing(tg); got != tc.want {
			t.Errorf("%s: serving %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestEnvironmentOwnerAndDatesFromRuleFirst(t *testing.T) {
	s := h1BaseSnap()
	ruleTags := h1With(h1OwnedTags("feat-a", 5*time.Hour, 10*time.Hour), "envdeck:owner", "bob")
	tgTags := h1OwnedTags("feat-a", 50*time.Hour, 100*time.Hour) // alice, other dates
	s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", ruleTags, "env-feat-a"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tgTags, 1))
	s.Stages = append(s.Stages, h1Stage("feat-a", map[string]string{"envdeck:owner": "mallory"})) // unowned: ignored
	inv := BuildInventory(s, h1Cfg(), h1Now)
	e, _ := inv.Env("feat-a")
	if e.Owner != "bob" || e.CreatedAt == nil || !e.CreatedAt.Equal(h1Now.Add(-5*time.Hour)) || e.ExpiresAt == nil || !e.ExpiresAt.Equal(h1Now.Add(5*time.Hour)) {
		t.Errorf("owner %q created %v expires %v; want the rule's", e.Owner, e.CreatedAt, e.ExpiresAt)
	}
}
