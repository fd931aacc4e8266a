package model

import (
	"fmt"
	"strings"
	"time"
)

// Completing a half-made environment (docs/CONTRACT.md § Ownership and safety: "a
// run killed half-way is finished by running it again"). A create killed
// part-way leaves an environment of the name behind, e.g. only its target
// group. Running `envdeck create NAME` again plans the create of what is
// missing only, adopting what is there, when every resource of it is
// envdeck's and this environment's; anything else keeps the name taken.

// completesNote ends the reason of every step of a plan that completes a
// half-made environment.
const completesNote = " (completes the half-made environment)"

// halfMade is what an existing, owned environment already has.
type halfMade struct {
	env      *Environment
	hasRule  bool
	ruleSvcs map[string]bool // the services it has a rule of
	tgs      map[string]bool // target group names
	stages   map[string]bool // stage ids (REST and HTTP)
	aliases  map[string]bool // lowercased alias names
	records  map[string]bool // lowercased record names
	owner    string
	created  time.Time
	expires  time.Time
	slot     string // envdeck:slot on its resources (the slot it meant to claim)
	hasTimes bool
}

// takenError is the refusal of a name whose environment cannot be
// completed: it says what to do instead.
func takenError(name, why string) error {
	return &NameTakenError{Name: name, Reason: fmt.Sprintf("an environment of that name already exists%s; see it with envdeck show %s, or remove it with envdeck destroy %s", why, name, name)}
}

// existingEnv examines the environment of the name: a *halfMade when every
// resource of it is envdeck's (managed-by tag, env tag = name; aliases and
// records owned by pattern) and it is neither protected nor expired; else a
// one-line *NameTakenError. Whether it is incomplete is decided by the caller,
// which knows what the request needs.
func existingEnv(inv *Inventory, cfg *Config, e *Environment, now time.Time) (*halfMade, error) {
	name := e.Name
	if e.Protected || e.Keep {
		return nil, takenError(name, " and is protected")
	}
	keys := cfg.Keys()
	h := &halfMade{env: e, ruleSvcs: map[string]bool{}, tgs: map[string]bool{}, stages: map[string]bool{}, aliases: map[string]bool{}, records: map[string]bool{}}
	tagged := 0
	for _, r := range e.Resources {
		if !r.Owned {
			return nil, takenError(name, fmt.Sprintf(" with %s %s that envdeck does not own", r.Type, r.ID))
		}
		def, ok := inv.Snapshot.Lookup(r.Type, r.ID)
		if !ok {
			return nil, takenError(name, fmt.Sprintf(" with %s %s that was not read", r.Type, r.ID))
		}
		var tags map[string]string
		switch {
		case def.Rule != nil:
			h.hasRule, tags = true, def.Rule.Tags
			h.ruleSvcs[refServiceName(cfg, r)] = true
		case def.TargetGroup != nil:
			h.tgs[def.TargetGroup.Name], tags = true, def.TargetGroup.Tags
		case def.Stage != nil:
			h.stages[StageID(def.Stage.RestAPIID, def.Stage.Name)], tags = true, def.Stage.Tags
		case def.HTTPStage != nil:
			h.stages[def.HTTPStage.ID()], tags = true, def.HTTPStage.Tags
		case def.Alias != nil:
			h.aliases[dnsName(def.Alias.Name)] = true
			continue
		case def.Record != nil:
			h.records[dnsName(def.Record.Name)] = true
			continue
		default:
			continue
		}
		if !keys.Owned(tags) {
			return nil, takenError(name, fmt.Sprintf(" with %s %s that envdeck does not own", r.Type, r.ID))
		}
		if tags[keys.Env] != name {
			return nil, takenError(name, fmt.Sprintf(" with %s %s not tagged %s=%s", r.Type, r.ID, keys.Env, name))
		}
		tagged++
		if h.owner == "" {
			h.owner = tags[keys.Owner]
		}
		if h.slot == "" {
			h.slot = tags[keys.Slot]
		}
	}
	if tagged == 0 {
		// Nothing carries envdeck's tags for this name: not a create of envdeck's.
		return nil, takenError(name, "")
	}
	if e.CreatedAt != nil && e.ExpiresAt != nil {
		h.created, h.expires, h.hasTimes = *e.CreatedAt, *e.ExpiresAt, true
		if now.After(h.expires) {
			return nil, takenError(name, " and expired at "+h.expires.UTC().Format(time.RFC3339))
		}
	}
	return h, nil
}

// note is the reason suffix of the steps of a completion ("" for a new
// environment).
func (h *halfMade) note() string {
	if h == nil {
		return ""
	}
	return completesNote
}

// What the half-made environment already has (nothing when h is nil).
func (h *halfMade) hasTG(name string) bool     { return h != nil && h.tgs[name] }
func (h *halfMade) hasStage(id string) bool    { return h != nil && h.stages[id] }
func (h *halfMade) hasAlias(name string) bool  { return h != nil && h.aliases[dnsName(name)] }
func (h *halfMade) hasRecord(name string) bool { return h != nil && h.records[dnsName(name)] }

// slotIsFree reports whether host is a free slot of the pool.
func slotIsFree(slots []Slot, host string) bool {
	for _, s := range slots {
		if strings.EqualFold(s.Host, host) {
			return s.State == SlotFree
		}
	}
	return false
}
