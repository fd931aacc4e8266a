package model

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// PlanKindRestore is the kind of a restore plan.
const PlanKindRestore = "restore"

// RestoreRequest says what to restore.
type RestoreRequest struct {
	// Entries are the journal entries to restore (one journal, or every
	// journal's entries of one environment), in any order: per resource
	// the newest definition wins.
	Entries []JournalEntry
	// Library is every journal entry of the account: a rule whose target
	// group another run deleted finds the group's definition there.
	Library []JournalEntry
	// Env, when set, restores only that environment's resources.
	Env string
	// OIDCSecret: a client secret for authenticate-oidc actions is given
	// (--oidc-client-secret-from); without it such a rule is refused.
	OIDCSecret bool
	// KeepExpiry keeps the journaled expires-at instead of renewing it.
	KeepExpiry bool
}

// RestoreRefusal is one resource restore does not bring back, and why.
type RestoreRefusal struct {
	Type   ResourceType `json:"type"`
	ID     string       `json:"id"`
	Env    string       `json:"env,omitempty"`
	Reason string       `json:"reason"`
}

// RestorePlan is a restore plan and what it refuses (said before anything runs).
type RestorePlan struct {
	Plan
	Refused []RestoreRefusal `json:"refused,omitempty"`
}

// PlanRestore plans recreating what journals deleted, each resource equal
// to its newest journaled definition: target groups with settings,
// attributes, tags and targets, then rules, stages, aliases, records. What
// exists again as envdeck's resource of the same environment is skipped. A
// rule refers to a target group by name (a recreated group gets a new ARN),
// resolved against this restore, every journal of the account and the
// account itself; restore never routes to, or attaches to, a resource
// envdeck does not own. A resource that cannot be restored is refused with
// its reason, and so are the rules that need it; the rest is planned.
// Environments come back alive: expires-at is renewed to now + its original
// TTL unless KeepExpiry.
func PlanRestore(req RestoreRequest, snap *Snapshot, cfg *Config, now time.Time) (RestorePlan, error) {
	if snap == nil {
		return RestorePlan{}, errors.New("restore: no snapshot")
	}
	set := newestDefinitions(req.Entries, req.Env)
	backs := redeployBacks(req)
	if len(set) == 0 && len(backs) == 0 {
		if req.Env != "" {
			return RestorePlan{}, fmt.Errorf("restore: no journal holds a deleted resource of environment %s", req.Env)
		}
		return RestorePlan{}, errors.New("restore: the journal holds no deleted definition")
	}
	r := &restorer{req: req, snap: snap, keys: cfg.Keys(), now: now, set: set,
		library: newestDefinitions(req.Library, ""), byOldARN: map[string]string{}, refused: map[restoreKey]string{}}
	r.indexLibrary()
	rp := RestorePlan{Plan: Plan{Kind: PlanKindRestore, Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: []Step{}}}
	r.pullDependencies()
	for _, t := range restoreOrder() {
		for _, k := range r.sortedKeys(t) {
			e := r.set[k]
			step, skip, why := r.step(e)
			switch {
			case why != "":
				r.refused[k] = why
				rp.Refused = append(rp.Refused, RestoreRefusal{Type: k.t, ID: e.Step.ID, Env: e.Step.Env, Reason: why})
			case !skip:
				rp.Steps = append(rp.Steps, step)
			}
		}
	}
	r.addRedeployBacks(&rp, backs)
	return rp, nil
}

// restoreKey names a resource across runs: a recreated resource gets a new
// ARN, so rules and target groups are keyed by what stays.
type restoreKey struct {
	t  ResourceType
	id string
}

func keyOf(d Definition) (restoreKey, bool) {
	k := kindOfDef(d)
	if k == nil {
		return restoreKey{}, false
	}
	return restoreKey{k.Type, k.normID(k.restoreKey(d))}, true
}

// newestDefinitions keeps, per resource, the newest journaled definition of
// a delete (ReadJournal already left out deletes marked failed; a stray
// failed mark itself is skipped here).
func newestDefinitions(entries []JournalEntry, env string) map[restoreKey]JournalEntry {
	out := map[restoreKey]JournalEntry{}
	for _, e := range entries {
		if e.Step.Action != StepDelete || e.State != "" || (env != "" && e.Step.Env != env) {
			continue
		}
		k, ok := keyOf(e.Def)
		if !ok {
			continue
		}
		if cur, seen := out[k]; !seen || !e.Time.Before(cur.Time) {
			out[k] = e
		}
	}
	return out
}

// sortedKeys are the set's resources of type t by id; rules by their
// journaled priority first: a more specific rule had a lower one than its
// environment's wider rules, and apply keeps each restored rule in order
// with the rules restored before it (docs/ARCHITECTURE.md § Services).
func (r *restorer) sortedKeys(t ResourceType) []restoreKey {
	var ks []restoreKey
	for k := range r.set {
		if k.t == t {
			ks = append(ks, k)
		}
	}
	prio := func(k restoreKey) int {
		if d := r.set[k].Def; d.Rule != nil {
			return d.Rule.Priority
		}
		return 0
	}
	sort.Slice(ks, func(i, j int) bool {
		if pi, pj := prio(ks[i]), prio(ks[j]); pi != pj {
			return pi < pj
		}
		return ks[i].id < ks[j].id
	})
	return ks
}
