package model

import (
	"sort"
	"time"
)

// BuildInventory understands a snapshot: environments (sorted by name),
// unassigned resources (by type, id), slots, findings (by kind, environment,
// resource id), quotas, capacity and forecast, and the snapshot's errors.
// Pure and O(n log n) in the number of resources on realistic platforms:
// shadowed-rule detection only compares a rule with the earlier rules its
// path prefix or host index names (shadow.go).
func BuildInventory(snap *Snapshot, cfg *Config, now time.Time) *Inventory {
	if snap == nil {
		snap = &Snapshot{}
	}
	if cfg == nil {
		cfg = DefaultConfig()
	}
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	inv := &Inventory{Snapshot: snap, Unassigned: []ResourceRef{}, Slots: []Slot{}}
	infos := m.slotInfos()
	for _, s := range infos {
		inv.Slots = append(inv.Slots, s.Slot)
	}
	inv.Environments = m.environments(now, infos)
	for _, r := range m.all {
		if r.env == "" && !((r.ref.Type == TypeAlias || r.ref.Type == TypeRecord) && r.slot != "") {
			inv.Unassigned = append(inv.Unassigned, r.ref)
		}
	}
	sort.SliceStable(inv.Unassigned, func(i, j int) bool {
		a, b := inv.Unassigned[i], inv.Unassigned[j]
		if a.Type != b.Type {
			return resRank(a.Type) < resRank(b.Type)
		}
		return a.ID < b.ID
	})
	inv.Foreign, inv.envLB = m.foreignOwners(), m.envLoadBalancers()
	for i := range inv.Environments {
		inv.Environments[i].Listener = snap.poolListener(inv.envLB[inv.Environments[i].Name])
	}
	inv.Findings = m.findings(now, infos)
	inv.Quotas, inv.Capacity = ComputeQuotas(snap, cfg, inv.Environments, inv.Slots)
	inv.Forecast = ComputeForecast(snap, inv.Environments, inv.Capacity, inv.Quotas, now)
	inv.Findings = append(inv.Findings, QuotaFindings(inv.Quotas, inv.Forecast, now)...)
	if inv.Findings == nil {
		inv.Findings = []Finding{}
	}
	sortFindings(inv.Findings)
	inv.Errors = append([]SourceError{}, snap.Errors...)
	return inv
}
