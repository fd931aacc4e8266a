package model

import (
	"errors"
	"fmt"
	"strings"
)

// PoolFullError: no load balancer of the pool has room for the new
// environment's rule and target group.
type PoolFullError struct {
	Name  string
	Rooms []string // each load balancer and why it has no room
}

func (e *PoolFullError) Error() string {
	return fmt.Sprintf("cannot create %q: no load balancer of the pool has room: %s", e.Name, strings.Join(e.Rooms, "; "))
}

// choosePoolListener decides which listener of the pool the environment's
// rule goes on: the one its half-made self already uses, else, in a pool
// of several, the load balancer with the most headroom in its tightest
// quota (rules or target groups; ties: the first in alb.listener_arns),
// leaving out those the AWS Load Balancer Controller manages (unless
// allowed). It refuses only when none has room.
func (c *createPlan) choosePoolListener() error {
	pool := c.cfg.ALB.Pool()
	if len(pool) == 0 {
		return errors.New("cannot create: alb.listener_arn is not configured")
	}
	if l := c.halfMadeListener(); l != "" {
		c.listener = l
		if len(pool) > 1 {
			c.poolScope = albName(LoadBalancerOfListener(l), l)
		}
		return nil
	}
	c.listener = pool[0]
	if len(pool) == 1 {
		return nil
	}
	rooms := LoadBalancerQuotas(c.inv.Quotas)
	best, bestHead := -1, -1
	var full []string
	var refusal error
	for i, l := range pool {
		name := albName(LoadBalancerOfListener(l), l)
		if err := c.listenerOwnerErr(l); err != nil {
			refusal = cmpOr(refusal, err)
			full = append(full, name+" (managed by the AWS Load Balancer Controller)")
			continue
		}
		head, why := c.headroomOn(rooms, name)
		if why != "" {
			full = append(full, name+" ("+why+")")
			continue
		}
		if head > bestHead {
			best, bestHead = i, head
		}
	}
	if best < 0 {
		if len(full) == 1 && refusal != nil {
			return refusal
		}
		return &PoolFullError{Name: c.name, Rooms: full}
	}
	c.listener, c.poolScope = pool[best], albName(LoadBalancerOfListener(pool[best]), pool[best])
	c.poolNote = fmt.Sprintf(" on load balancer %s (the most headroom in the pool: %d free in its tightest quota)", c.poolScope, bestHead)
	return nil
}

// headroomOn is the room of load balancer name in its tighter quota, or
// why the environment does not fit there.
func (c *createPlan) headroomOn(rooms []LoadBalancerRoom, name string) (int, string) {
	for _, r := range rooms {
		if r.Name != name {
			continue
		}
		if r.Rules.Limit <= 0 || r.TargetGroups.Limit <= 0 {
			return 0, "its quotas are unknown"
		}
		rh, th := r.Rules.Limit-r.Rules.Used, r.TargetGroups.Limit-r.TargetGroups.Used
		rules, tgs := c.serviceCounts()
		switch {
		case rh < rules:
			return 0, fmt.Sprintf("%d of %d rules", r.Rules.Used, r.Rules.Limit)
		case th < tgs:
			return 0, fmt.Sprintf("%d of %d target groups", r.TargetGroups.Used, r.TargetGroups.Limit)
		}
		return min(rh, th), ""
	}
	return 0, "not read"
}

// halfMadeListener is the pool listener a half-made environment's rule is
// on ("" when it has none there).
func (c *createPlan) halfMadeListener() string {
	if c.half == nil {
		return ""
	}
	for _, ref := range c.half.env.Resources {
		if ref.Type != TypeRule {
			continue
		}
		for _, r := range c.snap.Rules {
			if r.ARN == ref.ID && c.cfg.ALB.InPool(r.ListenerARN) {
				return r.ListenerARN
			}
		}
	}
	return ""
}

func cmpOr(err, next error) error {
	if err != nil {
		return err
	}
	return next
}
