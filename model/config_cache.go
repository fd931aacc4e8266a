package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// validateCache checks cache (s3://bucket/prefix, as journal).
func (c *Config) validateCache(v *validator) {
	if c.Cache == "" {
		return
	}
	if _, _, err := ParseJournalLocation(c.Cache); err != nil {
		v.add("cache", "%v", err)
	}
}

// SharedRefreshKey names the shared refresh of the platform cfg describes:
// consoles with the same configuration share one lease and one published
// snapshot (another configuration reads other resources: its snapshot
// would not be theirs).
func SharedRefreshKey(cfg *Config) string {
	b, _ := json.Marshal(cfg)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// ListenerAccount returns the account and region of alb.listener_arn (the
// pool's first listener)
// (arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/...), where the
// consoles of one account meet before any call; ok false when it is not
// such an ARN.
func ListenerAccount(cfg *Config) (account, region string, ok bool) {
	if cfg == nil {
		return "", "", false
	}
	pool := cfg.ALB.Pool()
	if len(pool) == 0 {
		return "", "", false
	}
	parts := strings.SplitN(pool[0], ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[3] == "" || parts[4] == "" {
		return "", "", false
	}
	return parts[4], parts[3], true
}
