package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Plan kinds built here.
const (
	PlanKindGC      = "gc"
	PlanKindDestroy = "destroy"
	PlanKindCreate  = "create"
	PlanKindExtend  = "extend"
)

// DeletionOrder returns steps ordered record → alias → stage → rule →
// target group, by id inside one type (a new slice; the input is kept).
func DeletionOrder(steps []Step) []Step {
	out := append([]Step(nil), steps...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := deleteRank(a.Type), deleteRank(b.Type); ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
	return out
}

// PlanGC is the deletion plan of every finding with action delete: one step
// per resource however many findings name it, each with its current
// definition and fingerprint. Each step is re-checked against a fresh
// mapping of inv.Snapshot: owned, not a slot's, not conflicting, not
// protected, not younger than gc.grace; a target group only when every rule
// forwarding to it is in the plan, no default action forwards to it and no
// other load balancer has it attached.
func PlanGC(inv *Inventory, cfg *Config, now time.Time) Plan {
	p := Plan{Kind: PlanKindGC, CreatedAt: now, Steps: []Step{}}
	if inv == nil || inv.Snapshot == nil {
		return p
	}
	snap := inv.Snapshot
	planHeader(&p, snap)
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	byRef := map[ResourceRef]*mres{}
	for _, r := range m.all {
		byRef[ResourceRef{Type: r.ref.Type, ID: r.ref.ID}] = r
	}
	chosen := map[*mres]Finding{}
	var order []*mres
	for _, f := range inv.Findings {
		if f.Action != ActionDelete || !f.Resource.Owned {
			continue
		}
		r, ok := byRef[ResourceRef{Type: f.Resource.Type, ID: f.Resource.ID}]
		if !ok {
			continue
		}
		if _, dup := chosen[r]; dup {
			continue
		}
		if ok, _ := m.deletable(r); !ok || m.young(r, now) {
			continue
		}
		chosen[r] = f
		order = append(order, r)
	}
	// A target group goes only with every rule that forwards to it.
	var keep []*mres
	for _, r := range order {
		if r.tg != nil && !tgFreed(m, r, chosen) {
			delete(chosen, r)
			continue
		}
		keep = append(keep, r)
	}
	p.Steps = deleteSteps(snap, keep, func(r *mres) (string, string) {
		f := chosen[r]
		return f.Environment, f.Kind + ": " + f.Reason
	})
	for i := range p.Steps {
		s := &p.Steps[i]
		r := byRef[ResourceRef{Type: s.Type, ID: s.ID}]
		if r != nil && r.rule != nil && chosen[r].Kind == FindingOrphanRule {
			s.RequireEmpty = ruleTargetGroups(r.rule)
		}
		s.RequireExpired = r != nil && chosen[r].Kind == FindingExpired
		s.RequireDangling = r != nil && chosen[r].Kind == FindingDanglingRecord
		s.RequireNoRule = r != nil && chosen[r].Kind == FindingOrphanStage
	}
	return p
}

func tgFreed[V any](m *envMapper, tg *mres, going map[*mres]V) bool {
	if m.defaultForward[tg.ref.ID] || m.otherLoadBalancer(tg) != "" {
		return false
	}
	for _, rule := range m.forwardedBy[tg.ref.ID] {
		if _, ok := going[rule]; !ok {
			return false
		}
	}
	return true
}

// PlanDestroy deletes every owned resource of env, record → alias → stage →
// rule → target group. Slot aliases and records are never in it (the slot
// is released), nor anything unowned or tag-conflicting, nor a target group
// another rule or a default action still forwards to. It refuses an unknown
// or protected environment, a snapshot whose keep tags were not all read,
// and an environment with nothing owned.
func PlanDestroy(inv *Inventory, cfg *Config, env string, now time.Time) (Plan, error) {
	p := Plan{Kind: PlanKindDestroy, CreatedAt: now, Steps: []Step{}}
	if inv == nil || inv.Snapshot == nil {
		return p, fmt.Errorf("destroy %s: no snapshot to plan from", env)
	}
	snap := inv.Snapshot
	planHeader(&p, snap)
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	rs := m.envs[env]
	if len(rs) == 0 {
		return p, fmt.Errorf("destroy %s: no such environment", env)
	}
	if prot := m.envProtection(env); prot.why != "" {
		return p, fmt.Errorf("destroy %s: environment is protected (%s)", env, prot.why)
	}
	if m.readDoubt != "" {
		return p, fmt.Errorf("destroy %s: cannot tell whether the environment is protected: %s", env, m.readDoubt)
	}
	going := map[*mres]bool{}
	owned := 0
	for _, r := range rs {
		if r.ref.Owned {
			owned++
		}
		if ok, _ := m.deletable(r); ok {
			going[r] = true
		}
	}
	if owned == 0 {
		return p, fmt.Errorf("destroy %s: none of its %d resources is owned by envdeck (no %s=%s tag); nothing to destroy", env, len(rs), m.keys.ManagedBy, ManagedByValue)
	}
	var keep []*mres
	for _, r := range rs {
		if !going[r] {
			continue
		}
		if r.tg != nil && !tgFreed(m, r, going) {
			continue
		}
		keep = append(keep, r)
	}
	if len(keep) == 0 {
		return p, fmt.Errorf("destroy %s: no resource of it can be deleted (tag conflicts or target groups still in use)", env)
	}
	p.Steps = deleteSteps(snap, keep, func(*mres) (string, string) { return env, "destroy environment " + env })
	return p, nil
}

func planHeader(p *Plan, snap *Snapshot) {
	p.Account, p.Region, p.Profile, p.Fingerprint = snap.Account, snap.Region, snap.Profile, snap.Fingerprint()
}

// deleteSteps turns resources into delete steps with their current
// definition and fingerprint, in deletion order.
func deleteSteps(snap *Snapshot, rs []*mres, why func(*mres) (env, reason string)) []Step {
	ix := newSnapIndex(snap)
	steps := make([]Step, 0, len(rs))
	for _, r := range rs {
		def, ok := ix.get(r.ref.Type, r.ref.ID)
		if !ok {
			continue
		}
		env, reason := why(r)
		if lost := def.Unrecoverable(); len(lost) > 0 {
			reason += "; not in the journal, restore needs it again: " + strings.Join(lost, "; ")
		}
		steps = append(steps, Step{Action: StepDelete, Type: r.ref.Type, ID: r.ref.ID, Env: env, Reason: reason, Def: def, Expect: def.Fingerprint()})
	}
	return DeletionOrder(steps)
}
