package model

import (
	"fmt"
	"sort"
	"strings"
)

// A pool of shared load balancers (alb.listener_arns): mapping, findings
// and statuses work across it; an environment lives on one load balancer.

// FindingSplitEnvironment: an environment with resources on two load
// balancers of the pool (docs/CONTRACT.md § Findings).
const FindingSplitEnvironment = "split-environment"

// PoolScope is the scope of the pool's total quotas.
const PoolScope = "pool"

// PoolLoadBalancers are the load balancers of the pool as read, in pool
// order (snap.LoadBalancers), else the one of snap.LoadBalancerARN.
func (s *Snapshot) PoolLoadBalancers() []string {
	var out []string
	for _, lb := range s.LoadBalancers {
		out = append(out, lb.ARN)
	}
	if len(out) == 0 && s.LoadBalancerARN != "" {
		out = []string{s.LoadBalancerARN}
	}
	return out
}

// inPool reports whether lbARN is a load balancer of the pool
// (PoolLoadBalancers, without building the list: it is asked per resource).
func (s *Snapshot) inPool(lbARN string) bool {
	if len(s.LoadBalancers) == 0 {
		return s.LoadBalancerARN != "" && s.LoadBalancerARN == lbARN
	}
	for _, lb := range s.LoadBalancers {
		if lb.ARN == lbARN {
			return true
		}
	}
	return false
}

// onlyLoadBalancer is the pool's load balancer when it has exactly one,
// else "" (PoolLoadBalancers, without building the list).
func (s *Snapshot) onlyLoadBalancer() string {
	switch {
	case len(s.LoadBalancers) == 1:
		return s.LoadBalancers[0].ARN
	case len(s.LoadBalancers) == 0:
		return s.LoadBalancerARN
	}
	return ""
}

// LoadBalancerOf is the load balancer a listener belongs to: from its ARN,
// else, with a pool of one, that one.
func (s *Snapshot) LoadBalancerOf(listenerARN string) string {
	if lb := LoadBalancerOfListener(listenerARN); lb != "" {
		return lb
	}
	return s.onlyLoadBalancer()
}

// listenerLB is snap.LoadBalancerOf, memoised: a mapping asks it for every
// rule, of a handful of listeners, and each answer parses the ARN.
func (m *envMapper) listenerLB(listenerARN string) string {
	lb, ok := m.lbOfListener[listenerARN]
	if !ok {
		lb = m.snap.LoadBalancerOf(listenerARN)
		m.lbOfListener[listenerARN] = lb
	}
	return lb
}

// eachLB calls f with each load balancer r lives on, maybe more than once:
// a rule's listener's; a target group's, those of the rules forwarding to
// it, else the pool's it is attached to. Nothing else lives on a load
// balancer.
func (m *envMapper) eachLB(r *mres, f func(lb string)) {
	switch {
	case r.rule != nil:
		if lb := m.listenerLB(r.rule.ListenerARN); lb != "" {
			f(lb)
		}
	case r.tg != nil:
		forwarded := false
		for _, rule := range m.forwardedBy[r.ref.ID] {
			if lb := m.listenerLB(rule.rule.ListenerARN); lb != "" {
				f(lb)
				forwarded = true
			}
		}
		if forwarded {
			return
		}
		for _, lb := range r.tg.LoadBalancerARNs {
			if m.snap.inPool(lb) {
				f(lb)
			}
		}
	}
}

// envLB is the one load balancer env lives on ("" when none), and whether
// it is split across several.
func (m *envMapper) envLB(env string) (one string, split bool) {
	for _, r := range m.envs[env] {
		m.eachLB(r, func(lb string) {
			if one == "" {
				one = lb
			} else if lb != one {
				split = true
			}
		})
	}
	if split {
		return "", true
	}
	return one, false
}

// envLBs returns, by load balancer, the resources of env living on it.
func (m *envMapper) envLBs(env string) map[string][]*mres {
	out := map[string][]*mres{}
	for _, r := range m.envs[env] {
		m.eachLB(r, func(lb string) {
			if on := out[lb]; len(on) == 0 || on[len(on)-1] != r {
				out[lb] = append(on, r)
			}
		})
	}
	return out
}

// EnvLoadBalancer is the load balancer env lives on ("" when none, or when
// it is split across several).
func (inv *Inventory) EnvLoadBalancer(name string) string {
	return inv.envLB[name]
}

// envLoadBalancers records each environment's one load balancer.
func (m *envMapper) envLoadBalancers() map[string]string {
	out := make(map[string]string, len(m.envs))
	for env := range m.envs {
		if lb, _ := m.envLB(env); lb != "" {
			out[env] = lb
		}
	}
	return out
}

// poolListener is the configured listener on load balancer lb ("" if none).
func (s *Snapshot) poolListener(lb string) string {
	for _, l := range s.LoadBalancers {
		if l.ARN == lb && lb != "" {
			return l.ListenerARN
		}
	}
	return ""
}

// PoolLabel names the pool's load balancers: "shared-alb-1:443 HTTPS,
// shared-alb-2:443 HTTPS".
func PoolLabel(pool []string, snap *Snapshot) string {
	var parts []string
	for _, l := range pool {
		parts = append(parts, ListenerLabel(l, snap))
	}
	return strings.Join(parts, ", ")
}

// EnvLoadBalancerLabel names the load balancer e lives on: its name, or
// why there is none.
func EnvLoadBalancerLabel(e *Environment) string {
	if e.Listener == "" {
		return "none or several (see its findings)"
	}
	return albName("", e.Listener)
}

// splitWhy is why an environment on several load balancers is kept from
// orphan collection ("" when it is on one).
func (m *envMapper) splitWhy(env string) string {
	if env == "" {
		return ""
	}
	if _, split := m.envLB(env); !split {
		return ""
	}
	return "; kept: environment " + env + " is split across load balancers (" + FindingSplitEnvironment + ")"
}

// splitEnvironments: one finding per environment whose resources live on
// more than one load balancer of the pool; it names each and what is on it.
func (c *findingCtx) splitEnvironments() []Finding {
	var names []string
	for env := range c.m.envs {
		if _, split := c.m.envLB(env); split {
			names = append(names, env)
		}
	}
	sort.Strings(names)
	var out []Finding
	for _, env := range names {
		lbs := c.m.envLBs(env)
		var parts []string
		for _, lb := range sortedKeys(lbs) {
			var what []string
			for _, r := range lbs[lb] {
				what = append(what, r.name())
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", albName(lb, ""), strings.Join(what, ", ")))
		}
		first := c.m.envs[env][0]
		out = append(out, newFinding(FindingSplitEnvironment, SeverityWarning, first,
			"environment "+env+" is split across load balancers "+strings.Join(parts, " and ")+
				"; an environment lives on one load balancer, so none of it is collected as orphan", false))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
