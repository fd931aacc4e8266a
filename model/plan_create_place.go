package model

import "fmt"

// placeRules picks the priority of each rule the create makes. A new
// environment in a slot claims it with its widest rule (placeRule); a
// single rule keeps placeRule's placement. Several go, most specific first,
// at consecutive free priorities from the name's own start
// (PriorityStart); when the range has no such run, or the environment has
// rules already (a half-made one, or the slot's claim), each goes at a free
// priority between the rules it must follow and those it must precede.
func (c *createPlan) placeRules() error {
	order := c.specificFirst()
	if len(order) == 0 {
		return nil
	}
	own := c.ownRules()
	if c.slotHost != "" && len(own) == 0 {
		claim := &c.svcs[order[len(order)-1]]
		p, err := c.placeRule()
		if err != nil {
			return err
		}
		claim.priority, claim.claim = p, true
		return c.placeEach(order[:len(order)-1], append(own, Rule{Priority: p, Conditions: claim.conds}))
	}
	if len(order) == 1 && len(own) == 0 {
		p, err := c.placeRule()
		c.svcs[order[0]].priority = p
		return err
	}
	lo, hi := c.cfg.ALB.PriorityRange[0], c.cfg.ALB.PriorityRange[1]
	if len(own) == 0 {
		if p := FreeBlock(lo, hi, PriorityStart(lo, hi, c.name), len(order), AvoidSlotPriorities(c.cfg, c.taken, "")); p != 0 {
			for k, i := range order {
				c.svcs[i].priority = p + k
			}
			return nil
		}
	}
	return c.placeEach(order, own)
}

// placeEach places the rules of services order one by one, each at a free
// priority between the rules placed it must follow and those it must
// precede.
func (c *createPlan) placeEach(order []int, placed []Rule) error {
	lo, hi := c.cfg.ALB.PriorityRange[0], c.cfg.ALB.PriorityRange[1]
	alloc := AvoidSlotPriorities(c.cfg, c.taken, "")
	for _, r := range placed {
		alloc[r.Priority] = true
	}
	for _, i := range order {
		m := &c.svcs[i]
		from, to := ruleWindow(m.conds, placed, lo, hi)
		p := 0
		if from <= to {
			p = FreePriority(from, to, max(from, PriorityStart(lo, hi, c.name)), alloc)
		}
		if p == 0 {
			return fmt.Errorf("cannot create %q: no free rule priority in [%d, %d] for service %s that keeps the more specific paths of the environment first", c.name, from, to, m.svc.Name)
		}
		m.priority = p
		alloc[p] = true
		placed = append(placed, Rule{Priority: p, Conditions: m.conds})
	}
	return nil
}

// specificFirst orders the services whose rule the plan makes so that a
// rule comes before every rule matching all it matches (a wider path):
// the first of the rest that no other of the rest is narrower than.
func (c *createPlan) specificFirst() []int {
	var rest []int
	for i, m := range c.svcs {
		if m.makeRule {
			rest = append(rest, i)
		}
	}
	var out []int
	for len(rest) > 0 {
		pick := 0
		for k, i := range rest {
			narrower := false
			for _, j := range rest {
				narrower = narrower || (j != i && wider(c.svcs[i].conds, c.svcs[j].conds) && !wider(c.svcs[j].conds, c.svcs[i].conds))
			}
			if !narrower {
				pick = k
				break
			}
		}
		out = append(out, rest[pick])
		rest = append(rest[:pick:pick], rest[pick+1:]...)
	}
	return out
}

// wider reports whether rules of conditions a match every request rules of
// conditions b match (the shadowed-rule finding's test).
func wider(a, b []Condition) bool {
	return prepShadowRule(&mres{rule: &Rule{Conditions: a}}).covers(prepShadowRule(&mres{rule: &Rule{Conditions: b}}))
}

// RuleWindow is where a rule of conditions conds may go in [lo, hi] among
// its environment's rules: after every rule it is wider than, before every
// rule wider than it (from > to: nowhere). The plan places each rule in it;
// apply moves a rule whose planned priority was taken only inside it, so a
// move never lets an environment's wider rule shadow a more specific one.
func RuleWindow(conds []Condition, rules []Rule, lo, hi int) (from, to int) {
	return ruleWindow(conds, rules, lo, hi)
}

// RulesOrdered reports whether rules of conditions a and b must keep an
// order: one of them matches every request the other matches.
func RulesOrdered(a, b []Condition) bool { return wider(a, b) || wider(b, a) }

// ruleWindow is where a rule of conditions conds may go among rules:
// after every rule it is wider than, before every rule wider than it.
func ruleWindow(conds []Condition, rules []Rule, lo, hi int) (from, to int) {
	from, to = lo, hi
	for _, r := range rules {
		if wider(conds, r.Conditions) {
			from = max(from, r.Priority+1)
		}
		if wider(r.Conditions, conds) {
			to = min(to, r.Priority-1)
		}
	}
	return from, to
}

// ownRules are the rules the half-made environment has already.
func (c *createPlan) ownRules() []Rule {
	if c.half == nil {
		return nil
	}
	var out []Rule
	for _, r := range c.half.env.Resources {
		if r.Type != TypeRule {
			continue
		}
		if d, ok := c.snap.Lookup(r.Type, r.ID); ok && d.Rule != nil {
			out = append(out, *d.Rule)
		}
	}
	return out
}
