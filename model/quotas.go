package model

import (
	"math"
	"strings"
)

// Quota names as shown in `quota` (docs/CONTRACT.md § Quotas and forecast).
const (
	QuotaNameRules        = "Rules per Application Load Balancer"
	QuotaNameTargetGroups = "Target groups per Application Load Balancer"
	QuotaNameStages       = "Stages per REST API"
	QuotaNameAliases      = "Alternate domain names per distribution"
	QuotaNameRecords      = "Records per hosted zone"
	QuotaNameFreeSlots    = "Free slots"
)

// BuiltInLimits is the last step of the limit fallback chain (docs/TESTING.md §
// Service Quotas codes): used when the snapshot holds no limit for a code.
var BuiltInLimits = map[string]int{
	QuotaRulesPerALB:        100,
	QuotaTargetGroupsPerALB: 100,
	QuotaStagesPerAPI:       10,
	QuotaStagesPerHTTPAPI:   10,
	QuotaAliasesPerDist:     100,
	QuotaRecordsPerZone:     10000,
}

// ComputeQuotas measures every quota an environment draws on, in a fixed
// order: rules and target groups per ALB, stages per REST API (apigateway
// configured), aliases per distribution (cloudfront), records per hosted
// zone (route53), free slots (cloudfront.slots).
//
//   - Rules count every non-default rule of every listener in snap.Rules.
//   - Target groups count the distinct groups the ALB forwards to, from the
//     rules (default rules included) and the listeners' default actions, not
//     from DescribeTargetGroups' LoadBalancerArns (wrong on moto, docs/TESTING.md).
//   - Free slots: used = claimed + broken slots, limit = cloudfront.slots.count.
//
// Limits come from snap.Limits (first entry with a positive value for the
// code, with its source), else BuiltInLimits ("built-in"); the slot pool's
// limit is the configured count ("built-in"). When the source a quota is
// counted from failed (snap.Errors), its use is unknown: the quota is listed
// with Limit 0 (QuotaStatus: unknown) and no environments remaining.
//
// Each quota's EnvsRemaining is headroom ÷ what one environment needs of it
// (one of each; a rule and a target group per service). Capacity is the minimum over the quotas the default routing
// mode (alb.routing) draws on: rules, target groups, stages; in host mode
// also aliases and records without slots, or free slots with them. The
// bottleneck is that quota's name (the first in list order on a tie).
func ComputeQuotas(snap *Snapshot, cfg *Config, envs []Environment, slots []Slot) ([]QuotaUsage, Capacity) {
	if snap == nil {
		snap = &Snapshot{}
	}
	if cfg == nil {
		cfg = DefaultConfig()
	}
	type measured struct {
		q       QuotaUsage
		known   bool
		applies bool
	}
	var ms []measured
	add := func(name, code, scope string, used int, known, applies bool, limit int, source string) {
		if limit == 0 {
			limit, source = limitFor(snap, code)
		}
		ms = append(ms, measured{QuotaUsage{Name: name, Code: code, Scope: scope, Used: used, Limit: limit, Source: source}, known, applies})
	}
	host := cfg.ALB.Routing == RoutingHost
	withSlots := cfg.CloudFront != nil && cfg.CloudFront.Slots != nil
	albOK := !sourceFailed(snap, SourceALB)
	for _, q := range albQuotas(snap, cfg) {
		add(q.name, q.code, q.scope, q.used, albOK, q.applies, q.limit, q.source)
	}
	for _, q := range stageQuotas(snap, cfg) {
		add(q.name, q.code, q.api, q.used, q.known, true, 0, "")
	}
	if f := cfg.CloudFront; f != nil {
		id, n := f.DistributionID, 0
		if snap.Distribution != nil {
			id, n = firstNonEmpty(snap.Distribution.ID, id), len(snap.Distribution.Aliases)
		}
		known := snap.Distribution != nil && !sourceFailed(snap, SourceCloudFront)
		add(QuotaNameAliases, QuotaAliasesPerDist, id, n, known, host && !withSlots, 0, "")
	}
	if r := cfg.Route53; r != nil {
		add(QuotaNameRecords, QuotaRecordsPerZone, firstNonEmpty(snap.HostedZoneID, r.HostedZoneID), snap.ZoneRecordCount,
			!sourceFailed(snap, SourceRoute53), host && !withSlots, 0, "")
	}
	if withSlots {
		used := 0
		for _, s := range slots {
			if s.State == SlotClaimed || s.State == SlotBroken {
				used++
			}
		}
		known := !sourceFailed(snap, SourceCloudFront) && !sourceFailed(snap, SourceRoute53)
		add(QuotaNameFreeSlots, QuotaFreeSlots, cfg.CloudFront.Slots.Pattern, used, known, host, cfg.CloudFront.Slots.Count, LimitSourceBuiltIn)
	}

	quotas := make([]QuotaUsage, len(ms))
	capacity := Capacity{EnvsRemaining: -1}
	for i, m := range ms {
		q := m.q
		if !m.known || q.Limit <= 0 {
			q.Used, q.Limit, q.Percent, q.EnvsRemaining = 0, 0, 0, 0
		} else {
			q.Percent = math.Min(100, math.Round(float64(q.Used)*1000/float64(q.Limit))/10)
			q.EnvsRemaining = max(0, q.Limit-q.Used) / perEnvNeedOf(cfg, q.Code)
		}
		quotas[i] = q
		if m.applies && (capacity.EnvsRemaining < 0 || q.EnvsRemaining < capacity.EnvsRemaining) {
			capacity = Capacity{EnvsRemaining: q.EnvsRemaining, Bottleneck: q.Name}
		}
	}
	if capacity.EnvsRemaining < 0 {
		capacity.EnvsRemaining = 0
	}
	return quotas, fitPool(quotas, capacity)
}

// perEnvNeed is what one environment uses of each quota it draws on: one
// rule, one target group (per service: perEnvNeedOf), one stage, one alias + one record (host mode
// without slots) or one free slot (host mode with slots).
const perEnvNeed = 1

// limitFor returns the limit of code from the snapshot, else the built-in
// one; 0 (unknown) when the discovery did not read limits at all.
func limitFor(snap *Snapshot, code string) (int, string) {
	if snap.LeftUnread(PartLimits) {
		return 0, ""
	}
	for _, l := range snap.Limits {
		if l.Code == code && l.Value >= 1 && l.Value < math.MaxInt32 {
			src := l.Source
			if src == "" {
				src = LimitSourceBuiltIn
			}
			return int(l.Value), src
		}
	}
	return BuiltInLimits[code], LimitSourceBuiltIn
}

func sourceFailed(snap *Snapshot, source string) bool {
	for _, e := range snap.Errors {
		if e.Source == source {
			return true
		}
	}
	return false
}

// countRules counts the non-default rules of every listener.
func countRules(snap *Snapshot) int {
	n := 0
	for _, r := range snap.Rules {
		if !r.IsDefault {
			n++
		}
	}
	return n
}

// countAttachedTargetGroups counts the distinct target groups a rule
// (default rules included) or a listener's default action forwards to.
func countAttachedTargetGroups(snap *Snapshot) int {
	seen := map[string]bool{}
	note := func(actions []Action) {
		for _, a := range actions {
			for _, tg := range a.TargetGroups {
				if k := firstNonEmpty(tg.ARN, tg.Name); k != "" {
					seen[k] = true
				}
			}
		}
	}
	for _, l := range snap.Listeners {
		note(l.DefaultActions)
	}
	for _, r := range snap.Rules {
		note(r.Actions)
	}
	return len(seen)
}

// albName is the load balancer's name from its ARN
// (…:loadbalancer/app/NAME/ID), else from the listener ARN
// (…:listener/app/NAME/ID/ID), else "".
func albName(lbARN, listenerARN string) string {
	for _, arn := range []string{lbARN, listenerARN} {
		for _, marker := range []string{":loadbalancer/app/", ":listener/app/"} {
			if _, rest, ok := strings.Cut(arn, marker); ok {
				name, _, _ := strings.Cut(rest, "/")
				if name != "" {
					return name
				}
			}
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// perEnvNeedOf is what one environment uses of quota code: a rule and a
// target group per service, perEnvNeed of the rest.
func perEnvNeedOf(cfg *Config, code string) int {
	if code == QuotaRulesPerALB || code == QuotaTargetGroupsPerALB {
		return len(cfg.ServiceList()) * perEnvNeed
	}
	return perEnvNeed
}
