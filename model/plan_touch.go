package model

import (
	"errors"
	"fmt"
	"time"
)

// PlanKindTouch is the kind of a touch plan.
const PlanKindTouch = "touch"

// PlanTouch renews env's expiry, as a deploy does: expires-at becomes now +
// the environment's TTL (TouchTTL), never earlier than it is. The first
// touch also records that TTL in the ttl tag, so later touches renew by the
// same amount instead of by a TTL that grows with every renewal (expires-at
// − created-at does). A TTL beyond naming.max_ttl renews by max_ttl, and
// the step's reason says so.
//
// It refuses what extend cannot change or what has no expiry to renew: an
// unknown environment, a protected one (a glob, a keep tag, or a doubt
// about its tags), one without created-at/expires-at, an unreadable ttl
// tag, and one with no owned rule, target group or stage to tag.
func PlanTouch(inv *Inventory, cfg *Config, env string, now time.Time) (Plan, error) {
	if inv == nil || inv.Snapshot == nil {
		return Plan{}, errors.New("touch: no inventory")
	}
	e, ok := inv.Env(env)
	if !ok {
		return Plan{}, fmt.Errorf("touch %s: no such environment", env)
	}
	snap := inv.Snapshot
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	if prot := m.envProtection(env); prot.why != "" {
		return Plan{}, fmt.Errorf("touch %s: environment is protected (%s); it does not expire", env, prot.why)
	}
	if !hasOwnedTaggable(e) {
		return Plan{}, fmt.Errorf("touch %s: the environment has no owned rule, target group or stage to tag", env)
	}
	ttl, recorded, err := TouchTTL(snap, cfg, e)
	if err != nil {
		return Plan{}, fmt.Errorf("touch %s: %w", env, err)
	}
	keys := cfg.Keys()
	ttlTag := recorded
	if ttlTag == "" {
		ttlTag = FormatTTL(ttl)
	}
	note := ""
	if err := cfg.CheckTTL(ttl); err != nil {
		note = "; " + err.Error() + ", renewed by the maximum"
		ttl = cfg.Naming.MaxTTL.Duration
	}
	expires := now.Add(ttl).UTC()
	why := "now + " + FormatTTL(ttl)
	if e.ExpiresAt.After(expires) {
		expires = e.ExpiresAt.UTC() // a touch never shortens an extension
		why = "unchanged: later than now + " + FormatTTL(ttl)
	}
	reason := "tags: " + keys.ExpiresAt + "=" + expires.Format(time.RFC3339) + " (" + why + ")"
	if recorded == "" {
		reason += ", " + keys.TTL + "=" + ttlTag
	}
	reason += note
	plan := Plan{Kind: PlanKindTouch, CreatedAt: now, Steps: []Step{}}
	planHeader(&plan, snap)
	plan.Steps, _ = retagSteps(snap, e, reason, func(want map[string]string) {
		want[keys.ExpiresAt] = expires.Format(time.RFC3339)
		want[keys.TTL] = ttlTag
	})
	return plan, nil
}

// TouchTTL is the TTL a touch renews e by: the ttl tag of its first owned
// resource carrying one (recorded is that tag's text), else expires-at −
// created-at as tagged (recorded ""). A ttl tag that is no positive
// duration, or missing times, is an error naming what is wrong.
func TouchTTL(snap *Snapshot, cfg *Config, e *Environment) (ttl time.Duration, recorded string, err error) {
	keys := cfg.Keys()
	for _, ref := range e.Resources {
		if !ref.Owned {
			continue
		}
		def, ok := snap.Lookup(ref.Type, ref.ID)
		if !ok {
			continue
		}
		v, present := def.Tags()[keys.TTL]
		if !present {
			continue
		}
		d, perr := ParseDuration(v)
		if perr != nil || d <= 0 {
			return 0, "", fmt.Errorf("%s %s is tagged %s=%q, not a positive duration such as 72h", ref.Type, ref.ID, keys.TTL, v)
		}
		return d, v, nil
	}
	if e.CreatedAt == nil || e.ExpiresAt == nil {
		return 0, "", fmt.Errorf("no %s and %s tags to take its TTL from (set one with envdeck extend --ttl)", keys.CreatedAt, keys.ExpiresAt)
	}
	d := e.ExpiresAt.Sub(*e.CreatedAt)
	if d <= 0 {
		return 0, "", fmt.Errorf("%s is not after %s, so it has no TTL to renew (set one with envdeck extend --ttl)", keys.ExpiresAt, keys.CreatedAt)
	}
	return d, "", nil
}

func hasOwnedTaggable(e *Environment) bool {
	for _, ref := range e.Resources {
		if ref.Owned && Taggable(ref.Type) {
			return true
		}
	}
	return false
}
