package model

import (
	"testing"
	"time"
)

func TestLeasePolicyJudgesExpiryWithTheSkewMargin(t *testing.T) {
	p := NewLeasePolicy(5 * time.Second)
	if p.TTL != 15*time.Second || p.Skew != DefaultSkew {
		t.Fatalf("policy %+v", p)
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := p.Next("a", t0) // expires t0+15s
	cases := []struct {
		name        string
		at          time.Duration // after t0, by the judge's clock
		holdsA, fre bool
	}{
		{"just taken", 0, true, false},
		{"before the holder's margin", 9 * time.Second, true, false},
		// The holder stops Skew before expiry; nobody may take it until
		// Skew after: a holder whose clock is up to Skew ahead of the
		// taker's (or behind) never overlaps with it.
		{"inside the holder's margin", 11 * time.Second, false, false},
		{"expired, inside the taker's margin", 19 * time.Second, false, false},
		{"expired past the margin: a dead holder's lease is taken", 21 * time.Second, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := t0.Add(c.at)
			if got := p.Holds(l, "a", now); got != c.holdsA {
				t.Errorf("Holds(a) = %v, want %v", got, c.holdsA)
			}
			if p.Holds(l, "b", now) {
				t.Error("b holds a's lease")
			}
			if got := p.Free(l, now); got != c.fre {
				t.Errorf("Free = %v, want %v", got, c.fre)
			}
		})
	}
	if !p.Free(Lease{}, t0) {
		t.Error("an empty lease is not free")
	}
}

func TestLeasePolicyRole(t *testing.T) {
	p := NewLeasePolicy(5 * time.Second)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name            string
		reachable, held bool
		published       time.Time
		want            RefreshRole
	}{
		{"unreachable: read directly", false, false, now, RefreshDirect},
		{"unreachable even when held", false, true, now, RefreshDirect},
		{"holder", true, true, time.Time{}, RefreshHolder},
		{"reader of a fresh snapshot", true, false, now.Add(-10 * time.Second), RefreshReader},
		{"reader of a snapshot from a clock a little ahead", true, false, now.Add(3 * time.Second), RefreshReader},
		{"snapshot from the future beyond the margin", true, false, now.Add(time.Minute), RefreshDirect},
		{"stale snapshot (a hung holder): read directly", true, false, now.Add(-p.MaxAge - p.Skew - time.Second), RefreshDirect},
		{"nothing published yet", true, false, time.Time{}, RefreshDirect},
	}
	for _, c := range cases {
		if got := p.Role(c.reachable, c.held, c.published, now); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
