package model

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"
)

// PlanExtend plans new tags on every owned, taggable resource (rule, target
// group, stage) of env: expires-at = now + ttl when ttl > 0, and keep set
// (keep = true) or cleared (keep = false) when keep is not nil. Each step
// carries the resource with its desired tags and the fingerprint of what was
// read, so apply can tell "already done" from drift. Resources already
// tagged as asked get no step.
func PlanExtend(inv *Inventory, cfg *Config, env string, ttl time.Duration, keep *bool, now time.Time) (Plan, error) {
	if inv == nil || inv.Snapshot == nil {
		return Plan{}, errors.New("extend: no inventory")
	}
	if ttl <= 0 && keep == nil {
		return Plan{}, fmt.Errorf("extend %s: nothing to change (give a ttl or keep)", env)
	}
	if err := cfg.CheckTTL(ttl); err != nil {
		return Plan{}, fmt.Errorf("extend %s: %w", env, err)
	}
	e, ok := inv.Env(env)
	if !ok {
		return Plan{}, fmt.Errorf("extend %s: no such environment", env)
	}
	snap := inv.Snapshot
	keys := cfg.Keys()
	var what []string
	if ttl > 0 {
		what = append(what, keys.ExpiresAt+"="+now.Add(ttl).UTC().Format(time.RFC3339))
	}
	if keep != nil {
		if *keep {
			what = append(what, keys.Keep+"=true")
		} else {
			what = append(what, "remove "+keys.Keep)
		}
	}
	plan := Plan{Kind: PlanKindExtend, Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: []Step{}}
	steps, taggable := retagSteps(snap, e, "tags: "+strings.Join(what, ", "), func(want map[string]string) {
		if ttl > 0 {
			want[keys.ExpiresAt] = now.Add(ttl).UTC().Format(time.RFC3339)
		}
		if keep != nil {
			if *keep {
				want[keys.Keep] = "true"
			} else {
				delete(want, keys.Keep)
			}
		}
	})
	plan.Steps = steps
	if taggable == 0 {
		return Plan{}, fmt.Errorf("extend %s: the environment has no owned rule, target group or stage to tag", env)
	}
	return plan, nil
}

// retagSteps plans one tag update per owned, taggable resource (rule,
// target group, stage) of e whose tags change: change edits a copy of the
// resource's tags. Each step carries the resource with its desired tags and
// the fingerprint of what was read, so apply can tell "already done" from
// drift. taggable counts the resources that could be tagged.
func retagSteps(snap *Snapshot, e *Environment, reason string, change func(tags map[string]string)) (steps []Step, taggable int) {
	steps = []Step{}
	for _, ref := range e.Resources {
		if !ref.Owned || !Taggable(ref.Type) {
			continue
		}
		cur, ok := snap.Lookup(ref.Type, ref.ID)
		if !ok {
			continue
		}
		taggable++
		tags := cur.Tags()
		want := maps.Clone(tags)
		if want == nil {
			want = map[string]string{}
		}
		change(want)
		if maps.Equal(tags, want) {
			continue
		}
		def := cur.WithTags(want)
		steps = append(steps, Step{Action: StepUpdate, Type: ref.Type, ID: ref.ID, Env: e.Name,
			Reason: reason, Def: &def, Expect: cur.Fingerprint()})
	}
	return steps, taggable
}
