package model

import (
	"time"
)

// Several consoles on one account share one refresh budget: one of them
// holds a lease, reads the account (at api_budget) and publishes what it
// read; the others read the published snapshot instead of the account
// (docs/ARCHITECTURE.md § Shared refresh). The lease and the snapshot live
// in the read cache directory (one machine) or in S3 (a team).

// Lease says which console refreshes an account's shared snapshot, until
// when. Expires is the holder's clock; others judge it with a margin.
type Lease struct {
	Holder  string    `json:"holder"`
	Expires time.Time `json:"expires"`
}

// LeasePolicy decides who refreshes and when a published snapshot is too
// old to show.
type LeasePolicy struct {
	// TTL: a lease lasts this long after each renewal; the holder renews
	// it on every refresh, so it outlives a few missed ones.
	TTL time.Duration
	// Skew: clocks of two machines may differ by this much. A holder stops
	// counting on its lease Skew before it expires, and another console
	// takes it over only Skew after, so the two never both hold it.
	Skew time.Duration
	// MaxAge: a published snapshot older than this (by the reader's clock,
	// Skew allowed) is not shown; the reader waits for the lease to expire
	// and takes it, or reads the account itself.
	MaxAge time.Duration
}

// DefaultSkew is the clock difference tolerated between machines: NTP
// keeps clocks within far less, a laptop just woken up may be seconds off.
const DefaultSkew = 5 * time.Second

// NewLeasePolicy is the policy for consoles refreshing every refresh: a
// lease lasts three refreshes (at least 15 s), and a snapshot is shown
// while younger than the lease plus the margin.
func NewLeasePolicy(refresh time.Duration) LeasePolicy {
	ttl := max(3*refresh, 15*time.Second)
	return LeasePolicy{TTL: ttl, Skew: DefaultSkew, MaxAge: ttl + 2*DefaultSkew}
}

// Next is the lease holder takes or renews at now.
func (p LeasePolicy) Next(holder string, now time.Time) Lease {
	return Lease{Holder: holder, Expires: now.Add(p.TTL).UTC()}
}

// Holds reports whether holder may still act on l at now: its own lease,
// more than Skew before it expires.
func (p LeasePolicy) Holds(l Lease, holder string, now time.Time) bool {
	return l.Holder == holder && holder != "" && now.Before(l.Expires.Add(-p.Skew))
}

// Free reports whether another console may take l over at now: nobody
// holds it, or it expired more than Skew ago (its holder died, hung, or
// its clock is behind ours).
func (p LeasePolicy) Free(l Lease, now time.Time) bool {
	return l.Holder == "" || now.After(l.Expires.Add(p.Skew))
}

// Fresh reports whether a snapshot published at published may be shown at
// now: younger than MaxAge, and not from the future by more than Skew.
func (p LeasePolicy) Fresh(published, now time.Time) bool {
	if published.IsZero() {
		return false
	}
	age := now.Sub(published)
	return age > -p.Skew && age < p.MaxAge+p.Skew
}

// RefreshRole is what a console does on its next refresh.
type RefreshRole int

const (
	// RefreshDirect: read the account itself, within api_budget (no
	// shared location, or it could not be reached).
	RefreshDirect RefreshRole = iota
	// RefreshHolder: read the account and publish what was read.
	RefreshHolder
	// RefreshReader: show the published snapshot; no account reads.
	RefreshReader
)

func (r RefreshRole) String() string {
	switch r {
	case RefreshHolder:
		return "holder"
	case RefreshReader:
		return "reader"
	}
	return "direct"
}

// Role decides a console's next refresh from the lease as it was left
// after trying to take or renew it (held: this console holds it) and the
// time of the snapshot last published. A console that could not reach
// the shared location (reachable false) reads directly. A reader whose
// published snapshot is stale while another still holds the lease (a
// holder that hangs, or cannot publish) reads directly too: the lease
// expires soon and one of them takes it.
func (p LeasePolicy) Role(reachable, held bool, published, now time.Time) RefreshRole {
	switch {
	case !reachable:
		return RefreshDirect
	case held:
		return RefreshHolder
	case p.Fresh(published, now):
		return RefreshReader
	}
	return RefreshDirect
}
