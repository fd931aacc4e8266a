package model

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Environment status (docs/CONTRACT.md § CLI contract): protected if protected;
// else expired if past expiry; else healthy when every expected resource
// exists and each target group has ≥ 1 serving target; partial when a rule or
// its target group is missing, or (with services configured) a service
// misses its rule or target group; else degraded.
//
// Expected resources: at least one rule, every target group its rules
// forward to, and at least one target group; a stage is never required. In
// host mode the claimed slot must have no defect, and a per-environment
// hostname matching alias_pattern needs its alias (when the distribution was
// read) and its record (when the zone was read).
//
// Health not read yet (TargetGroup.HealthRead false: still streaming in, or
// the health source failed, which is listed under errors) counts as serving:
// status never claims "degraded" without evidence.

// sortEnvResources orders an environment's resources: rules by listener and
// priority, then target groups, stages, aliases, records by id.
func sortEnvResources(rs []*mres) {
	slices.SortStableFunc(rs, func(a, b *mres) int {
		if c := cmp.Compare(resRank(a.ref.Type), resRank(b.ref.Type)); c != 0 {
			return c
		}
		if a.rule != nil && b.rule != nil {
			if c := byListenerPriority(a.rule, b.rule); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.ref.ID, b.ref.ID)
	})
}

// byListenerPriority orders rules by listener, then priority.
func byListenerPriority(a, b *Rule) int {
	if c := cmp.Compare(a.ListenerARN, b.ListenerARN); c != 0 {
		return c
	}
	return cmp.Compare(a.Priority, b.Priority)
}

// servingTarget: state healthy, or registered with health checks disabled
// (Lambda targets: unavailable / Target.HealthCheckDisabled).
func servingTarget(tg *TargetGroup, t Target) bool {
	return t.State == "healthy" || t.Reason == "Target.HealthCheckDisabled" ||
		(t.State == "unavailable" && !tg.HealthCheckEnabled)
}

// tgServing reports ≥ 1 serving target; unread health counts as serving.
func tgServing(tg *TargetGroup) bool {
	if !tg.HealthRead {
		return true
	}
	for _, t := range tg.Targets {
		if servingTarget(tg, t) {
			return true
		}
	}
	return false
}

// environments builds every environment, sorted by name.
func (m *envMapper) environments(now time.Time, slots []slotInfo) []Environment {
	names := make([]string, 0, len(m.envs))
	for n := range m.envs {
		names = append(names, n)
	}
	sort.Strings(names)
	slotBy := map[string]*slotInfo{}
	for i := range slots {
		slotBy[slots[i].Host] = &slots[i]
	}
	out := make([]Environment, 0, len(names))
	for _, n := range names {
		out = append(out, m.environment(n, now, slotBy))
	}
	return out
}

func (m *envMapper) environment(name string, now time.Time, slotBy map[string]*slotInfo) Environment {
	rs := m.envs[name]
	e := Environment{Name: name, Routing: RoutingPath, Protected: m.envProtected(name), Resources: make([]ResourceRef, 0, len(rs))}
	for _, r := range rs {
		e.Resources = append(e.Resources, r.ref)
		e.Keep = e.Keep || r.keep
	}
	// Owner, created, expires: the first owned resource carrying them, rules first.
	for _, r := range rs {
		if !r.ref.Owned || r.tags == nil {
			continue
		}
		if e.Owner == "" {
			e.Owner = r.tags[m.keys.Owner]
		}
		if e.CreatedAt == nil {
			if t, ok := TagTime(r.tags, m.keys.CreatedAt); ok {
				e.CreatedAt = &t
			}
		}
		if e.ExpiresAt == nil {
			if t, ok := TagTime(r.tags, m.keys.ExpiresAt); ok {
				e.ExpiresAt = &t
			}
		}
	}
	// Routing: host when a rule has a host condition; an environment without
	// rules but with an alias or record is host-routed too.
	for _, r := range rs {
		if r.rule == nil {
			continue
		}
		if h := ruleHost(r.rule); h != "" || r.slot != "" {
			e.Routing = RoutingHost
			if r.slot != "" {
				e.Slot, e.Hostname = r.slot, r.slot
			} else {
				e.Hostname = h
			}
			break
		}
	}
	hasRule := false
	for _, r := range rs {
		hasRule = hasRule || r.rule != nil
	}
	if e.Hostname == "" && !hasRule {
		for _, r := range rs {
			if r.ref.Type == TypeAlias || r.ref.Type == TypeRecord {
				e.Routing = RoutingHost
				if r.alias != "" {
					e.Hostname = dnsName(r.alias)
				} else {
					e.Hostname = dnsName(r.record.Name)
				}
				break
			}
		}
	}
	m.envServices(&e, rs)
	e.Status = m.status(&e, rs, now, slotBy)
	return e
}

// ruleHost returns the first host-header value of a rule, lowercased.
func ruleHost(r *Rule) string {
	for _, c := range r.Conditions {
		if c.Field == "host-header" && len(c.Values) > 0 {
			return dnsName(c.Values[0])
		}
	}
	return ""
}

func (m *envMapper) status(e *Environment, rs []*mres, now time.Time, slotBy map[string]*slotInfo) string {
	if e.Protected {
		return StatusProtected
	}
	if e.ExpiresAt != nil && now.After(*e.ExpiresAt) {
		return StatusExpired
	}
	var tgs []*TargetGroup
	seen := map[string]bool{}
	addTG := func(tg *TargetGroup) {
		if !seen[tg.ARN] {
			seen[tg.ARN] = true
			tgs = append(tgs, tg)
		}
	}
	rules := 0
	for _, r := range rs {
		switch {
		case r.rule != nil:
			rules++
			for arn := range forwardARNs(r.rule) {
				tg, ok := m.tgByARN[arn]
				if !ok {
					return StatusPartial // the rule's target group is gone
				}
				addTG(tg.tg)
			}
		case r.tg != nil:
			addTG(r.tg)
		}
	}
	if rules == 0 || len(tgs) == 0 || len(e.MissingServices) > 0 {
		return StatusPartial
	}
	for _, tg := range tgs {
		if !tgServing(tg) {
			return StatusDegraded
		}
	}
	if e.Routing == RoutingHost && !m.hostComplete(e, slotBy) {
		return StatusDegraded
	}
	return StatusHealthy
}

// hostComplete checks a host-mode environment's edge: a claimed slot has no
// defect; a per-environment hostname matching alias_pattern has its alias
// and record (checked only where the source was read).
func (m *envMapper) hostComplete(e *Environment, slotBy map[string]*slotInfo) bool {
	if e.Slot != "" {
		si, ok := slotBy[e.Slot]
		return !ok || si.defect == "" || !si.verified
	}
	if e.Hostname == "" || m.pat.alias.IsZero() {
		return true
	}
	if _, ok := m.pat.alias.Match(e.Hostname); !ok {
		return true
	}
	if m.snap.Distribution != nil && !m.failed[SourceCloudFront] && !nameSetCovers(m.aliasNames, e.Hostname) {
		return false
	}
	if m.cfg.Route53 != nil && !m.failed[SourceRoute53] && !nameSetCovers(m.recordNames, e.Hostname) {
		return false
	}
	return true
}

// nameSetCovers reports whether a set of lowercase DNS names holds host or
// a "*." wildcard one label above it.
func nameSetCovers(set map[string]bool, host string) bool {
	h := dnsName(host)
	if set[h] {
		return true
	}
	if i := strings.IndexByte(h, '.'); i > 0 && set["*."+h[i+1:]] {
		return true
	}
	return false
}
