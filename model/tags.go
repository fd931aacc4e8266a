package model

import (
	"path"
	"strings"
	"time"
)

// ManagedByValue is the value of the managed-by tag on everything envdeck owns.
const ManagedByValue = "envdeck"

// TagKeys are the tag keys under the configured prefix (docs/CONTRACT.md § Configuration).
type TagKeys struct {
	Env, ManagedBy, Owner, CreatedAt, ExpiresAt, Slot, Keep string
	// TTL: what touch renews expires-at by, recorded by the first touch.
	TTL string
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
		TTL: p + ":ttl",
	}
}

// Owned reports whether tags carry managed-by=envdeck: the only thing that
// makes a rule, target group or stage envdeck's to change.
func (k TagKeys) Owned(tags map[string]string) bool { return tags[k.ManagedBy] == ManagedByValue }

// keepWords are the keep values envdeck understands, compared
// case-insensitively: people write True, YES, no.
var keepWords = map[string]bool{"true": true, "yes": true, "false": false, "no": false}

// KeepValue reads the keep tag. known is false for a present value that is
// none of keepWords; keep is then true, because a keep tag envdeck cannot
// read must protect, never be taken as "not kept".
func (k TagKeys) KeepValue(tags map[string]string) (keep, known bool) {
	v, present := tags[k.Keep]
	if !present {
		return false, true
	}
	b, ok := keepWords[strings.ToLower(v)]
	if !ok {
		return true, false
	}
	return b, true
}

// Kept reports whether the keep tag protects (never expires, protected):
// true or yes in any case, or a value envdeck cannot read.
func (k TagKeys) Kept(tags map[string]string) bool {
	keep, _ := k.KeepValue(tags)
	return keep
}

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

// tagTimeValue reads an RFC 3339 tag: present is false when the tag is
// absent; valid is false when it is present but not a time (an empty value
// included), which callers must never read as "no date".
func tagTimeValue(tags map[string]string, key string) (t time.Time, present, valid bool) {
	v, present := tags[key]
	if !present {
		return time.Time{}, false, true
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, true, err == nil
}

// IsProtectedName reports whether name matches a naming.protected glob,
// ignoring case and spaces around the glob: "MAIN" is as protected as
// "main" (hostnames ignore case, and a protection that a capital letter
// escapes is none), and a glob written "main " protects main.
func (c *Config) IsProtectedName(name string) bool {
	lower := strings.ToLower(name)
	for _, g := range c.Naming.Protected {
		if ok, _ := path.Match(g, name); ok {
			return true
		}
		if ok, _ := path.Match(strings.ToLower(strings.TrimSpace(g)), lower); ok {
			return true
		}
	}
	return false
}
