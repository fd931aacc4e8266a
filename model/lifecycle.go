package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Lifecycle policy: how long an environment may live (naming.max_ttl) and
// how many one owner may hold (limits.per_owner).

// ExpiringSoon is the horizon the console marks environments within.
const ExpiringSoon = 24 * time.Hour

func (c *Config) validateLifecycle(v *validator) {
	maxTTL := c.Naming.MaxTTL.Duration
	switch {
	case maxTTL < 0:
		v.add("naming.max_ttl", "%s is negative (0 or absent: no limit)", c.Naming.MaxTTL)
	case maxTTL > 0 && c.Naming.DefaultTTL.Duration > maxTTL:
		v.add("naming.default_ttl", "%s is longer than naming.max_ttl %s", c.Naming.DefaultTTL, c.Naming.MaxTTL)
	}
	if c.Limits.PerOwner < 0 {
		v.add("limits.per_owner", "%d is negative (0 or absent: no limit)", c.Limits.PerOwner)
	}
}

// TTLTooLongError: a TTL beyond naming.max_ttl.
type TTLTooLongError struct {
	TTL, Max time.Duration
}

func (e *TTLTooLongError) Error() string {
	return fmt.Sprintf("TTL %s is longer than naming.max_ttl %s", FormatTTL(e.TTL), FormatTTL(e.Max))
}

// CheckTTL refuses a TTL longer than naming.max_ttl (none when 0).
func (c *Config) CheckTTL(ttl time.Duration) error {
	if m := c.Naming.MaxTTL.Duration; m > 0 && ttl > m {
		return &TTLTooLongError{TTL: ttl, Max: m}
	}
	return nil
}

// FormatTTL writes a TTL in whole days when it is one ("14d"), else as
// FormatDuration does ("36h", "90m").
func FormatTTL(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return FormatDuration(d)
}

// OwnerLimitError: the owner already holds limits.per_owner environments.
type OwnerLimitError struct {
	Name, Owner string
	Limit       int
	Held        []string // the owner's environments, sorted
}

func (e *OwnerLimitError) Error() string {
	noun := "environments"
	if len(e.Held) == 1 {
		noun = "environment"
	}
	return fmt.Sprintf("cannot create %q: owner %s already has %d %s (limits.per_owner %d): %s",
		e.Name, e.Owner, len(e.Held), noun, e.Limit, strings.Join(e.Held, ", "))
}

// SameOwner compares owner tags the way people type them: case and
// surrounding space do not make another owner.
func SameOwner(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// OwnedBy lists the names of the environments whose owner is owner, sorted.
// Expired and protected ones count: they exist until they are collected.
func OwnedBy(envs []Environment, owner string) []string {
	var out []string
	for _, e := range envs {
		if e.Owner != "" && SameOwner(e.Owner, owner) {
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out
}

// unknownOwner is the owner tag of an environment created without one.
const unknownOwner = "unknown"

// checkOwnerLimit refuses a new environment for an owner who already holds
// limits.per_owner of them. An environment of the name that exists already
// (a half-made one being completed) is not a new one.
func checkOwnerLimit(inv *Inventory, cfg *Config, req CreateRequest) error {
	limit := cfg.Limits.PerOwner
	if limit <= 0 {
		return nil
	}
	if _, exists := inv.Env(req.Name); exists {
		return nil
	}
	owner := strings.TrimSpace(req.Owner)
	if owner == "" {
		owner = unknownOwner // what create tags it with
	}
	if held := OwnedBy(inv.Environments, owner); len(held) >= limit {
		return &OwnerLimitError{Name: req.Name, Owner: owner, Limit: limit, Held: held}
	}
	return nil
}

// ExpiresWithin reports whether e will expire within d of now: it has an
// expiry in (now, now+d], and neither protection nor keep holds it.
func ExpiresWithin(e *Environment, now time.Time, d time.Duration) bool {
	if e.Protected || e.Keep || e.ExpiresAt == nil {
		return false
	}
	t := *e.ExpiresAt
	return t.After(now) && !t.After(now.Add(d))
}
