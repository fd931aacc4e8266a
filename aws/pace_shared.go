package aws

import (
	"fmt"
	"sync"
)

// AccountPacers hands out one pacer per account and region (and budget):
// AWS throttles per account and region, so clients of several platforms
// in one account share its buckets, and those of other accounts have their
// own.
type AccountPacers struct {
	mu sync.Mutex
	m  map[string]*pacer
}

func NewAccountPacers() *AccountPacers { return &AccountPacers{m: map[string]*pacer{}} }

// PaceKey names an account's buckets: "" (a pacer of its own) unless both
// the account and the region are known before the first call.
func PaceKey(account, region string) string {
	if account == "" || region == "" {
		return ""
	}
	return account + "/" + region
}

// pacer returns the pacer of key, made on first use; a nil set or an
// empty key gives a pacer of its own.
func (s *AccountPacers) pacer(key string, budget float64, c clock) *pacer {
	if s == nil || key == "" {
		return newPacer(budget, c)
	}
	key = fmt.Sprintf("%s@%g", key, budget)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.m[key]; p != nil {
		return p
	}
	p := newPacer(budget, c)
	s.m[key] = p
	return p
}
