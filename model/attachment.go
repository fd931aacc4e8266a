package model

import "strings"

// otherLoadBalancer returns a load balancer outside the pool that the
// target group tg is attached to, "" when there is none. envdeck reads only
// the pool's rules, so a group attached elsewhere is in use: a rule or
// default action there may forward to it. Attachment to a load balancer of
// the pool is judged from its rules and default actions instead (exact,
// where the attachment list may be stale).
func (m *envMapper) otherLoadBalancer(tg *mres) string {
	if tg.tg == nil {
		return ""
	}
	for _, lb := range tg.tg.LoadBalancerARNs {
		if lb != "" && lb != m.snap.LoadBalancerARN && !m.snap.inPool(lb) {
			return lb
		}
	}
	return ""
}

// keptAttachedElsewhere is the reason suffix of a target group kept because
// another load balancer uses it.
func keptAttachedElsewhere(lbARN string) string {
	return "; kept: it is attached to load balancer " + loadBalancerName(lbARN) + " too (in use there)"
}

// loadBalancerName shortens a load balancer ARN to app/NAME/ID.
func loadBalancerName(arn string) string {
	if _, name, ok := strings.Cut(arn, ":loadbalancer/"); ok {
		return name
	}
	return arn
}
