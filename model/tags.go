package model

import (
	"path"
	"time"
)

// ManagedByValue is the value of the managed-by tag on everything envdeck owns.
const ManagedByValue = "envdeck"

// TagKeys are the tag keys under the configured prefix (DESIGN.md § Configuration).
type TagKeys struct {
	Env, ManagedBy, Owner, CreatedAt, ExpiresAt, Slot, Keep string
}

// Keys returns the tag keys for the configured prefix (default "envdeck").
func (c *Config) Keys() TagKeys {
	p := c.Tags.Prefix
	if p == "" {
		p = "envdeck"
	}
	return TagKeys{
		Env: p + ":env", ManagedBy: p + ":managed-by", Owner: p + ":owner",
		CreatedAt: p + ":created-at", ExpiresAt: p + ":expires-at", Slot: p + ":slot", Keep: p + ":keep",
	}
}

// Owned reports whether tags carry managed-by=envdeck: the only thing that
// makes a rule, target group or stage envdeck's to change.
func (k TagKeys) Owned(tags map[string]string) bool { return tags[k.ManagedBy] == ManagedByValue }

// Kept reports the keep tag (never expires, protected).
func (k TagKeys) Kept(tags map[string]string) bool { return tags[k.Keep] == "true" }

// For returns the tags of a new resource of env; slot is "" unless one is claimed.
func (k TagKeys) For(env, owner string, created, expires time.Time, slot string) map[string]string {
	t := map[string]string{
		k.Env: env, k.ManagedBy: ManagedByValue, k.Owner: owner,
		k.CreatedAt: created.UTC().Format(time.RFC3339), k.ExpiresAt: expires.UTC().Format(time.RFC3339),
	}
	if slot != "" {
		t[k.Slot] = slot
	}
	return t
}

// TagTime parses an RFC 3339 tag value; ok is false when absent or malformed.
func TagTime(tags map[string]string, key string) (time.Time, bool) {
	v, present := tags[key]
	if !present {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// IsProtectedName reports whether name matches a naming.protected glob.
func (c *Config) IsProtectedName(name string) bool {
	for _, g := range c.Naming.Protected {
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}
