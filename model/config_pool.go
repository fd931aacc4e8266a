package model

import "fmt"

// A pool of shared load balancers: alb.listener_arns names one listener on
// each; alb.listener_arn is the pool of one (docs/CONTRACT.md §
// Configuration).

// Pool returns the configured listeners, the pool's order: alb.listener_arns,
// else alb.listener_arn alone, else none.
func (a ALBConfig) Pool() []string {
	if len(a.ListenerARNs) > 0 {
		return a.ListenerARNs
	}
	if a.ListenerARN != "" {
		return []string{a.ListenerARN}
	}
	return nil
}

// InPool reports whether listener is one of the configured listeners.
func (a ALBConfig) InPool(listener string) bool {
	for _, l := range a.Pool() {
		if l == listener {
			return true
		}
	}
	return false
}

// validateListeners checks alb.listener_arn or alb.listener_arns (one of
// them, not both): each an ALB listener ARN in the configured region and
// account, each on its own load balancer.
func (c *Config) validateListeners(v *validator) {
	a := &c.ALB
	switch {
	case a.ListenerARN != "" && len(a.ListenerARNs) > 0:
		v.add("alb.listener_arns", "give alb.listener_arn (one load balancer) or alb.listener_arns (a pool), not both")
		return
	case len(a.ListenerARNs) == 0:
		c.validateListenerARN(v, "alb.listener_arn", a.ListenerARN)
		return
	}
	lbs := map[string]int{}
	for i, arn := range a.ListenerARNs {
		key := fmt.Sprintf("alb.listener_arns[%d]", i)
		c.validateListenerARN(v, key, arn)
		lb := LoadBalancerOfListener(arn)
		if j, dup := lbs[lb]; dup && lb != "" {
			v.add(key, "is on the same load balancer as alb.listener_arns[%d] (one listener per load balancer)", j)
		}
		lbs[lb] = i
	}
}

// LoadBalancerOfListener derives the load balancer ARN from a listener ARN
// (…:listener/app/NAME/LBID/ID → …:loadbalancer/app/NAME/LBID); "" when the
// ARN does not have that shape.
func LoadBalancerOfListener(listenerARN string) string {
	m := reListenerARN.FindStringSubmatch(listenerARN)
	if m == nil {
		return ""
	}
	i := len(listenerARN) - len(m[6]) - 1
	head := listenerARN[:i] // …:listener/app/NAME/LBID
	return replaceOnce(head, ":listener/app/", ":loadbalancer/app/")
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}
