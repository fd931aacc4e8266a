package model

// Quotas of a pool of load balancers: rules and target groups count per
// load balancer (each has its own limit), plus the pool's total, whose
// environments remaining sum what still fits on each load balancer.

// albQuota is one rules or target groups quota row before it is measured.
type albQuota struct {
	name, code, scope string
	used              int
	applies           bool // counts in Capacity
	limit             int  // 0: the code's limit
	source            string
}

// albQuotas: with one load balancer its two quotas (as ever); with a pool,
// both per load balancer (not counted in Capacity themselves) and the
// pool's totals (scope PoolScope), whose limits are the sums.
func albQuotas(snap *Snapshot, cfg *Config) []albQuota {
	lbs := snap.PoolLoadBalancers()
	if len(lbs) <= 1 {
		first := ""
		if pool := cfg.ALB.Pool(); len(pool) > 0 {
			first = pool[0]
		}
		scope := albName(snap.LoadBalancerARN, first)
		return []albQuota{
			{name: QuotaNameRules, code: QuotaRulesPerALB, scope: scope, used: countRules(snap), applies: true},
			{name: QuotaNameTargetGroups, code: QuotaTargetGroupsPerALB, scope: scope, used: countAttachedTargetGroups(snap), applies: true},
		}
	}
	var out []albQuota
	rules, tgs := 0, 0
	for _, lb := range lbs {
		on := snap.onLoadBalancer(lb)
		r, t := countRules(on), countAttachedTargetGroups(on)
		rules, tgs = rules+r, tgs+t
		out = append(out,
			albQuota{name: QuotaNameRules, code: QuotaRulesPerALB, scope: albName(lb, ""), used: r},
			albQuota{name: QuotaNameTargetGroups, code: QuotaTargetGroupsPerALB, scope: albName(lb, ""), used: t})
	}
	rl, rs := limitFor(snap, QuotaRulesPerALB)
	tl, ts := limitFor(snap, QuotaTargetGroupsPerALB)
	return append(out,
		albQuota{name: QuotaNameRules, code: QuotaRulesPerALB, scope: PoolScope, used: rules, applies: true, limit: rl * len(lbs), source: rs},
		albQuota{name: QuotaNameTargetGroups, code: QuotaTargetGroupsPerALB, scope: PoolScope, used: tgs, applies: true, limit: tl * len(lbs), source: ts})
}

// onLoadBalancer is the part of s on load balancer lb: its listeners and
// their rules.
func (s *Snapshot) onLoadBalancer(lb string) *Snapshot {
	on := &Snapshot{}
	for _, l := range s.Listeners {
		if s.LoadBalancerOf(l.ARN) == lb {
			on.Listeners = append(on.Listeners, l)
		}
	}
	for _, r := range s.Rules {
		if s.LoadBalancerOf(r.ListenerARN) == lb {
			on.Rules = append(on.Rules, r)
		}
	}
	return on
}

// fitPool makes the pool's totals and capacity say how many environments
// still fit: on each load balancer as many as its tighter quota allows,
// summed. Without a pool it changes nothing.
func fitPool(quotas []QuotaUsage, capacity Capacity) Capacity {
	fit := 0
	for _, lb := range LoadBalancerQuotas(quotas) {
		fit += lb.Fit
	}
	for i := range quotas {
		q := &quotas[i]
		if q.Scope != PoolScope || (q.Code != QuotaRulesPerALB && q.Code != QuotaTargetGroupsPerALB) {
			continue
		}
		if q.EnvsRemaining > fit {
			q.EnvsRemaining = fit
		}
		if fit < capacity.EnvsRemaining {
			capacity = Capacity{EnvsRemaining: fit, Bottleneck: q.Name}
		}
	}
	return capacity
}

// LoadBalancerRoom is what one load balancer of a pool has left.
type LoadBalancerRoom struct {
	Name string // the load balancer's name (its quotas' scope)
	// Rules, TargetGroups: the quota rows; Fit: environments that still fit
	// (its tighter quota's headroom).
	Rules, TargetGroups QuotaUsage
	Fit                 int
}

// LoadBalancerQuotas groups the per-load-balancer rows of a pool's quotas,
// in pool order; none without a pool.
func LoadBalancerQuotas(quotas []QuotaUsage) []LoadBalancerRoom {
	var out []LoadBalancerRoom
	idx := map[string]int{}
	pooled := false
	for _, q := range quotas {
		if q.Scope == PoolScope {
			pooled = true
		}
	}
	if !pooled {
		return nil
	}
	for _, q := range quotas {
		if q.Scope == PoolScope || (q.Code != QuotaRulesPerALB && q.Code != QuotaTargetGroupsPerALB) {
			continue
		}
		i, ok := idx[q.Scope]
		if !ok {
			i = len(out)
			idx[q.Scope] = i
			out = append(out, LoadBalancerRoom{Name: q.Scope})
		}
		if q.Code == QuotaRulesPerALB {
			out[i].Rules = q
		} else {
			out[i].TargetGroups = q
		}
	}
	for i := range out {
		out[i].Fit = min(out[i].Rules.EnvsRemaining, out[i].TargetGroups.EnvsRemaining)
	}
	return out
}
