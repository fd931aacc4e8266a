package model

import (
	"strings"
	"testing"
	"time"
)

// touchSnap is feat-t (rule, target group, stage, owned by alice) created
// age ago with ttl, with the extra tags on every resource.
func touchSnap(age, ttl time.Duration, extra ...string) *Snapshot {
	s := h1BaseSnap()
	tags := h1With(h1OwnedTags("feat-t", age, ttl), extra...)
	s.Rules = append(s.Rules, h1PathRule("feat-t", 1001, "/feat-t/*", h1With(tags), "env-feat-t"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-t", h1With(tags), 1))
	s.Stages = append(s.Stages, h1Stage("feat-t", h1With(tags)))
	return s
}

// applyTags writes a plan's desired tags into the snapshot, as apply does.
func applyTags(s *Snapshot, p Plan) {
	for _, st := range p.Steps {
		tags := st.Def.Tags()
		for i := range s.Rules {
			if s.Rules[i].ARN == st.ID {
				s.Rules[i].Tags = tags
			}
		}
		for i := range s.TargetGroups {
			if s.TargetGroups[i].ARN == st.ID {
				s.TargetGroups[i].Tags = tags
			}
		}
		for i := range s.Stages {
			if StageID(s.Stages[i].RestAPIID, s.Stages[i].Name) == st.ID {
				s.Stages[i].Tags = tags
			}
		}
	}
}

func TestPlanTouch(t *testing.T) {
	k := h1Cfg().Keys()
	at := func(d time.Duration) string { return h1Now.Add(d).UTC().Format(time.RFC3339) }
	cases := []struct {
		name      string
		snap      *Snapshot
		maxTTL    time.Duration
		steps     int
		expiresAt string // on every step
		ttlTag    string
		reason    string // substring of every step's reason
	}{
		{name: "renews by expires-at minus created-at and records it",
			snap: touchSnap(24*time.Hour, 72*time.Hour), steps: 3, expiresAt: at(72 * time.Hour), ttlTag: "3d", reason: "envdeck:ttl=3d"},
		{name: "an expired environment is renewed",
			snap: touchSnap(100*time.Hour, 72*time.Hour), steps: 3, expiresAt: at(72 * time.Hour), ttlTag: "3d"},
		{name: "the recorded ttl wins over the grown difference",
			snap: touchSnap(10*24*time.Hour, 10*24*time.Hour+time.Hour, k.TTL, "72h"), steps: 3, expiresAt: at(72 * time.Hour), ttlTag: "72h"},
		{name: "a later expiry is kept (an extension is not shortened)",
			snap: touchSnap(time.Hour, 30*24*time.Hour, k.TTL, "24h"), steps: 0},
		{name: "a later expiry is kept but the ttl recorded",
			snap: touchSnap(time.Hour, 20*24*time.Hour), maxTTL: 7 * 24 * time.Hour, steps: 3,
			expiresAt: at(20*24*time.Hour - time.Hour), ttlTag: "20d", reason: "unchanged: later than now + 7d"},
		{name: "max_ttl caps the renewal",
			snap: touchSnap(24*time.Hour, 30*24*time.Hour+24*time.Hour, k.TTL, "30d"), maxTTL: 14 * 24 * time.Hour, steps: 0},
		{name: "max_ttl caps the renewal of an old environment",
			snap: touchSnap(40*24*time.Hour, 30*24*time.Hour, k.TTL, "30d"), maxTTL: 14 * 24 * time.Hour, steps: 3,
			expiresAt: at(14 * 24 * time.Hour), ttlTag: "30d", reason: "TTL 30d is longer than naming.max_ttl 14d"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := h1Cfg()
			cfg.Naming.MaxTTL = Duration{tc.maxTTL}
			inv := BuildInventory(tc.snap, cfg, h1Now)
			p, err := PlanTouch(inv, cfg, "feat-t", h1Now)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != PlanKindTouch || len(p.Steps) != tc.steps || p.Account != "123456789012" || p.Fingerprint != tc.snap.Fingerprint() {
				t.Fatalf("plan %s, %d steps (want %d), account %s: %+v", p.Kind, len(p.Steps), tc.steps, p.Account, p.Steps)
			}
			for _, st := range p.Steps {
				tags := st.Def.Tags()
				if st.Action != StepUpdate || tags[k.ExpiresAt] != tc.expiresAt || tags[k.TTL] != tc.ttlTag {
					t.Errorf("%s: %s expires-at %s ttl %s, want %s %s", st.ID, st.Action, tags[k.ExpiresAt], tags[k.TTL], tc.expiresAt, tc.ttlTag)
				}
				if tags[k.Owner] != "alice" || tags[k.CreatedAt] == "" || tags[k.ManagedBy] != ManagedByValue {
					t.Errorf("%s: other tags lost: %v", st.ID, tags)
				}
				if !strings.Contains(st.Reason, tc.reason) {
					t.Errorf("%s: reason %q lacks %q", st.ID, st.Reason, tc.reason)
				}
				cur, _ := tc.snap.Lookup(st.Type, st.ID)
				if st.Expect != cur.Fingerprint() {
					t.Errorf("%s: expect is not the planned-from fingerprint", st.ID)
				}
			}
		})
	}
}

// Touching on every push renews by the same TTL each time: expires-at −
// created-at grows with every renewal, the recorded ttl does not.
func TestPlanTouchRepeatedDoesNotGrow(t *testing.T) {
	cfg := h1Cfg()
	k := cfg.Keys()
	snap := touchSnap(time.Hour, 72*time.Hour)
	for day := 0; day < 4; day++ {
		now := h1Now.Add(time.Duration(day) * 24 * time.Hour)
		p, err := PlanTouch(BuildInventory(snap, cfg, now), cfg, "feat-t", now)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Steps) != 3 {
			t.Fatalf("day %d: %d steps", day, len(p.Steps))
		}
		want := now.Add(72 * time.Hour).Format(time.RFC3339)
		if got := p.Steps[0].Def.Tags()[k.ExpiresAt]; got != want {
			t.Fatalf("day %d: expires-at %s, want %s", day, got, want)
		}
		applyTags(snap, p)
		again, err := PlanTouch(BuildInventory(snap, cfg, now), cfg, "feat-t", now)
		if err != nil || len(again.Steps) != 0 {
			t.Fatalf("day %d: a second touch at once plans %d steps (%v)", day, len(again.Steps), err)
		}
	}
}

func TestPlanTouchRefusals(t *testing.T) {
	k := h1Cfg().Keys()
	cases := []struct {
		name string
		env  string
		snap *Snapshot
		want string
	}{
		{"unknown", "nope", touchSnap(time.Hour, 72*time.Hour), "touch nope: no such environment"},
		{"protected by glob", "release-1", func() *Snapshot {
			s := h1BaseSnap()
			tags := h1OwnedTags("release-1", time.Hour, 72*time.Hour)
			s.Rules = append(s.Rules, h1PathRule("r", 1001, "/release-1/*", tags, "env-release-1"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-release-1", h1With(tags), 1))
			return s
		}(), "touch release-1: environment is protected (it matches naming.protected)"},
		{"kept", "feat-t", touchSnap(time.Hour, 72*time.Hour, k.Keep, "true"), "environment is protected (a resource of it carries envdeck:keep=true)"},
		{"unreadable expiry", "feat-t", touchSnap(time.Hour, 72*time.Hour, k.ExpiresAt, "soon"), "environment is protected (cannot tell"},
		{"unreadable ttl", "feat-t", touchSnap(time.Hour, 72*time.Hour, k.TTL, "forever"), `is tagged envdeck:ttl="forever", not a positive duration`},
		{"zero ttl", "feat-t", touchSnap(time.Hour, 72*time.Hour, k.TTL, "0"), `envdeck:ttl="0"`},
		{"no times", "feat-t", touchSnap(time.Hour, 72*time.Hour, k.CreatedAt, "", k.ExpiresAt, ""), "no envdeck:created-at and envdeck:expires-at tags"},
		{"expiry before creation", "feat-t", touchSnap(time.Hour, -time.Minute), "envdeck:expires-at is not after envdeck:created-at"},
		{"unowned", "feat-m", func() *Snapshot {
			s := h1BaseSnap()
			tags := map[string]string{k.Env: "feat-m", k.Owner: "bob"}
			s.Rules = append(s.Rules, h1PathRule("m", 1001, "/feat-m/*", tags, "env-feat-m"))
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-m", h1With(tags), 1))
			return s
		}(), "touch feat-m: the environment has no owned rule, target group or stage to tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := h1Cfg()
			_, err := PlanTouch(BuildInventory(tc.snap, cfg, h1Now), cfg, tc.env, h1Now)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want one line with %q", err, tc.want)
			}
		})
	}
	if _, err := PlanTouch(nil, h1Cfg(), "x", h1Now); err == nil {
		t.Fatal("no inventory accepted")
	}
}
