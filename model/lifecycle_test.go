package model

import (
	"strings"
	"testing"
	"time"
)

func TestLoadConfigLifecycleKeys(t *testing.T) {
	arn := "alb:\n  listener_arn: " + h2ListenerARN + "\n"
	good, err := LoadConfig(strings.NewReader("naming:\n  max_ttl: 14d\nlimits:\n  per_owner: 5\n" + arn))
	if err != nil {
		t.Fatal(err)
	}
	if good.Naming.MaxTTL.Duration != 14*24*time.Hour || good.Limits.PerOwner != 5 {
		t.Fatalf("max_ttl %s per_owner %d", good.Naming.MaxTTL, good.Limits.PerOwner)
	}
	unset, err := LoadConfig(strings.NewReader(arn))
	if err != nil || unset.Naming.MaxTTL.Duration != 0 || unset.Limits.PerOwner != 0 {
		t.Fatalf("unset: %+v %v", unset, err)
	}
	bad := []struct{ name, yaml, want string }{
		{"max_ttl not a duration", "naming:\n  max_ttl: 2w\n", `naming.max_ttl: invalid duration "2w"`},
		{"max_ttl negative", "naming:\n  max_ttl: -1h\n", "naming.max_ttl: -1h is negative"},
		{"default beyond max", "naming:\n  max_ttl: 48h\n", "naming.default_ttl: 72h is longer than naming.max_ttl 48h"},
		{"per_owner not a number", "limits:\n  per_owner: five\n", `limits.per_owner: want a whole number, got "five"`},
		{"per_owner negative", "limits:\n  per_owner: -1\n", "limits.per_owner: -1 is negative"},
		{"per_owner misspelt", "limits:\n  per_ownr: 3\n", `unknown key "limits.per_ownr" (did you mean "limits.per_owner"?)`},
		{"limits a list", "limits: [3]\n", "limits: want a mapping of keys"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tc.yaml + arn))
			h2AssertOneLine(t, err, tc.want)
		})
	}
}

func TestCheckTTL(t *testing.T) {
	cases := []struct {
		max, ttl time.Duration
		want     string // "" = allowed
	}{
		{0, 1000 * time.Hour, ""},
		{14 * 24 * time.Hour, 14 * 24 * time.Hour, ""},
		{14 * 24 * time.Hour, 14*24*time.Hour + time.Second, "TTL 336h1s is longer than naming.max_ttl 14d"},
		{14 * 24 * time.Hour, 30 * 24 * time.Hour, "TTL 30d is longer than naming.max_ttl 14d"},
		{36 * time.Hour, 48 * time.Hour, "TTL 2d is longer than naming.max_ttl 36h"},
	}
	for _, tc := range cases {
		cfg := DefaultConfig()
		cfg.Naming.MaxTTL = Duration{tc.max}
		err := cfg.CheckTTL(tc.ttl)
		if (tc.want == "") != (err == nil) || (err != nil && err.Error() != tc.want) {
			t.Errorf("max %s ttl %s: %v, want %q", tc.max, tc.ttl, err, tc.want)
		}
	}
}

func TestPlanCreateLifecyclePolicy(t *testing.T) {
	inv := func(owners ...string) *Inventory {
		i := planInventory()
		for n, o := range owners {
			i.Environments = append(i.Environments, Environment{Name: "env-" + string(rune('a'+n)), Owner: o})
		}
		return i
	}
	cases := []struct {
		name     string
		inv      *Inventory
		maxTTL   time.Duration
		perOwner int
		req      CreateRequest
		want     string // "" = planned
	}{
		{"no policy", inv("alice", "alice", "alice"), 0, 0, CreateRequest{Name: "feat-a", Owner: "alice", TTL: 90 * 24 * time.Hour}, ""},
		{"ttl at the max", inv(), 14 * 24 * time.Hour, 0, CreateRequest{Name: "feat-a", Owner: "alice", TTL: 14 * 24 * time.Hour}, ""},
		{"ttl beyond the max", inv(), 14 * 24 * time.Hour, 0, CreateRequest{Name: "feat-a", Owner: "alice", TTL: 15 * 24 * time.Hour},
			`cannot create "feat-a": TTL 15d is longer than naming.max_ttl 14d`},
		{"default ttl within the max", inv(), 14 * 24 * time.Hour, 0, CreateRequest{Name: "feat-a", Owner: "alice"}, ""},
		{"below the owner limit", inv("alice", "bob", "bob"), 0, 2, CreateRequest{Name: "feat-a", Owner: "alice"}, ""},
		{"at the owner limit", inv("alice", "bob", "Alice "), 0, 2, CreateRequest{Name: "feat-a", Owner: "alice"},
			`cannot create "feat-a": owner alice already has 2 environments (limits.per_owner 2): env-a, env-c`},
		{"no owner counts as unknown", inv("unknown"), 0, 1, CreateRequest{Name: "feat-a"}, "owner unknown already has 1 environment (limits.per_owner 1): env-a"},
		{"completing a half-made one is no new one", inv("alice"), 0, 1, CreateRequest{Name: "env-a", Owner: "alice"}, "not the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := planConfig()
			cfg.Naming.MaxTTL = Duration{tc.maxTTL}
			cfg.Limits.PerOwner = tc.perOwner
			_, err := PlanCreate(tc.inv, cfg, tc.req, planNow)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want == "not the limit":
				if err != nil && strings.Contains(err.Error(), "per_owner") {
					t.Fatalf("the owner limit counted an existing environment: %v", err)
				}
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPlanExtendMaxTTL(t *testing.T) {
	cfg := planConfig()
	cfg.Naming.MaxTTL = Duration{7 * 24 * time.Hour}
	if _, err := PlanExtend(extendInventory(cfg), cfg, "feat-a", 7*24*time.Hour, nil, planNow); err != nil {
		t.Fatalf("ttl at the max refused: %v", err)
	}
	_, err := PlanExtend(extendInventory(cfg), cfg, "feat-a", 8*24*time.Hour, nil, planNow)
	if err == nil || err.Error() != "extend feat-a: TTL 8d is longer than naming.max_ttl 7d" {
		t.Fatalf("error %v", err)
	}
	yes := true
	if _, err := PlanExtend(extendInventory(cfg), cfg, "feat-a", 0, &yes, planNow); err != nil {
		t.Fatalf("keep is no TTL: %v", err)
	}
}

func TestEnvFilter(t *testing.T) {
	now := planNow
	in := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	envs := []Environment{
		{Name: "soon", Status: StatusHealthy, Owner: "alice", ExpiresAt: in(2 * time.Hour)},
		{Name: "edge", Status: StatusDegraded, Owner: "Bob", ExpiresAt: in(24 * time.Hour)},
		{Name: "later", Status: StatusDegraded, Owner: "alice", ExpiresAt: in(25 * time.Hour)},
		{Name: "gone", Status: StatusExpired, Owner: "bob", ExpiresAt: in(-time.Hour)},
		{Name: "kept", Status: StatusHealthy, Owner: "carol", ExpiresAt: in(time.Hour), Keep: true},
		{Name: "main", Status: StatusProtected, ExpiresAt: in(time.Hour), Protected: true},
		{Name: "never", Status: StatusPartial, Owner: "alice"},
	}
	cases := []struct {
		expiring, owner, status string
		want                    string // names, comma-separated
	}{
		{"", "", "", "soon,edge,later,gone,kept,main,never"},
		{"24h", "", "", "soon,edge"},
		{"1d1h", "", "", "soon,edge,later"},
		{"", "bob", "", "edge,gone"},
		{"", " ALICE ", "", "soon,later,never"},
		{"", "", "degraded", "edge,later"},
		{"", "", "Degraded, partial,degraded", "edge,later,never"},
		{"", "", "protected", "main"},
		{"24h", "alice", "healthy", "soon"},
		{"", "nobody", "", ""},
	}
	for _, tc := range cases {
		f, err := ParseEnvFilter(tc.expiring, tc.owner, tc.status)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		var names []string
		for _, e := range f.Filter(envs, now) {
			names = append(names, e.Name)
		}
		if got := strings.Join(names, ","); got != tc.want {
			t.Errorf("--expiring %q --owner %q --status %q: %s, want %s", tc.expiring, tc.owner, tc.status, got, tc.want)
		}
		if f.IsZero() != (tc.expiring == "" && tc.owner == "" && tc.status == "") {
			t.Errorf("%+v: IsZero %v", tc, f.IsZero())
		}
	}
}

func TestParseEnvFilterErrors(t *testing.T) {
	cases := []struct{ expiring, owner, status, want string }{
		{"soon", "", "", `--expiring "soon": want a positive duration such as 24h or 7d`},
		{"-1h", "", "", `--expiring "-1h"`},
		{"0", "", "", `--expiring "0"`},
		{"", "  ", "", `--owner "  ": want an owner's name`},
		{"", "", "broken", `--status "broken": want one or more of healthy, degraded, partial, expired, protected, comma-separated`},
		{"", "", "healthy,", `--status "healthy,"`},
	}
	for _, tc := range cases {
		_, err := ParseEnvFilter(tc.expiring, tc.owner, tc.status)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: %v", tc, err)
		}
	}
}
