package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Statuses are the environment statuses in the order people read them.
var Statuses = []string{StatusHealthy, StatusDegraded, StatusPartial, StatusExpired, StatusProtected}

// EnvFilter selects environments (ls --expiring, --owner, --status). The
// zero value selects every environment; set fields must all match.
type EnvFilter struct {
	Expiring time.Duration // > 0: expires within this of now (ExpiresWithin)
	Owner    string        // owner tag, compared with SameOwner
	Statuses []string      // any of these
}

// ParseEnvFilter reads the flags' text. Each bad value is one error line
// naming its flag: a duration that is not positive, an unknown status.
// status may list several, comma-separated ("degraded,partial").
func ParseEnvFilter(expiring, owner, status string) (EnvFilter, error) {
	var f EnvFilter
	if expiring != "" {
		d, err := ParseDuration(expiring)
		if err != nil || d <= 0 {
			return EnvFilter{}, fmt.Errorf("--expiring %q: want a positive duration such as 24h or 7d", expiring)
		}
		f.Expiring = d
	}
	f.Owner = strings.TrimSpace(owner)
	if owner != "" && f.Owner == "" {
		return EnvFilter{}, fmt.Errorf("--owner %q: want an owner's name", owner)
	}
	if status != "" {
		for _, s := range strings.Split(status, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if !slices.Contains(Statuses, s) {
				return EnvFilter{}, fmt.Errorf("--status %q: want one or more of %s, comma-separated", status, strings.Join(Statuses, ", "))
			}
			if !slices.Contains(f.Statuses, s) {
				f.Statuses = append(f.Statuses, s)
			}
		}
	}
	return f, nil
}

// IsZero reports whether f selects everything.
func (f EnvFilter) IsZero() bool {
	return f.Expiring <= 0 && f.Owner == "" && len(f.Statuses) == 0
}

// Match reports whether e passes every set field of f.
func (f EnvFilter) Match(e *Environment, now time.Time) bool {
	if f.Expiring > 0 && !ExpiresWithin(e, now, f.Expiring) {
		return false
	}
	if f.Owner != "" && !SameOwner(e.Owner, f.Owner) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, e.Status) {
		return false
	}
	return true
}

// Filter returns the environments f selects, in their order.
func (f EnvFilter) Filter(envs []Environment, now time.Time) []Environment {
	out := make([]Environment, 0, len(envs))
	for i := range envs {
		if f.Match(&envs[i], now) {
			out = append(out, envs[i])
		}
	}
	return out
}
