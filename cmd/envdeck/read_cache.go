package main

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"github.com/envdeck/envdeck/aws"
)

// readCache is the read cache every envdeck process of an account shares:
// $XDG_CACHE_HOME/envdeck (else ~/.cache/envdeck), tags and health reused
// for --max-age. None for the sandbox, which is no account.
func (a *app) readCache() *aws.ReadCache {
	if a.cache != nil || a.flags.sandbox {
		return a.cache
	}
	a.cache = aws.NewReadCache(a.cacheBase(), a.flags.maxAge, a.cacheScope(), a.clock)
	return a.cache
}

// cacheBase is $XDG_CACHE_HOME/envdeck, else ~/.cache/envdeck; "" when
// neither is known.
func (a *app) cacheBase() string {
	base := a.env("XDG_CACHE_HOME")
	if base == "" && a.env("HOME") != "" {
		base = filepath.Join(a.env("HOME"), ".cache")
	}
	if base != "" {
		base = filepath.Join(base, "envdeck")
	}
	return base
}

// cacheScope separates endpoints that are not AWS (moto or LocalStack:
// their accounts are not AWS's of the same number); "" for AWS.
func (a *app) cacheScope() string {
	if u := a.flags.endpointURL; u != "" {
		sum := sha256.Sum256([]byte(u))
		return hex.EncodeToString(sum[:4])
	}
	return ""
}
