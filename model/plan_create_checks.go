package model

import (
	"fmt"
	"strings"
)

// The checks of a create that read the account: room in every quota the
// environment needs, names nobody has taken, a free rule priority.

// checkHeadroom refuses a create when a quota it needs is full.
func (c *createPlan) checkHeadroom() error {
	rules, tgs := c.serviceCounts()
	need := []struct {
		code string
		made int
	}{
		{QuotaRulesPerALB, rules},
		{QuotaTargetGroupsPerALB, tgs},
		{QuotaAliasesPerDist, count(c.makeAlias)},
		{QuotaRecordsPerZone, count(c.makeRecord)},
	}
	for _, n := range need {
		if n.made == 0 {
			continue
		}
		perALB := n.code == QuotaRulesPerALB || n.code == QuotaTargetGroupsPerALB
		for _, q := range c.inv.Quotas {
			if perALB && c.poolScope != "" && q.Scope != c.poolScope {
				continue // the pool's other load balancers, and its totals
			}
			if q.Code == n.code && q.Limit > 0 && q.Used+n.made > q.Limit {
				return &QuotaFullError{Name: q.Name, Code: q.Code, Used: q.Used, Limit: q.Limit}
			}
		}
	}
	return c.stageHeadroom()
}

// checkNamesFree refuses a create when something it would make exists
// already: a target group or stage of the name, a rule routing the same
// requests, the alias or the record. It records the listener's priorities
// in use and the stage's deployment.
func (c *createPlan) checkNamesFree() error {
	if err := c.checkServiceNamesFree(); err != nil {
		return err
	}
	if err := c.checkStagesFree(); err != nil {
		return err
	}
	if err := c.checkRoutesFree(); err != nil {
		return err
	}
	return c.checkHostFree()
}

// checkRoutesFree refuses a rule of the listener that routes the requests
// the new rule would, and records the priorities in use on the listener.
func (c *createPlan) checkRoutesFree() error {
	c.taken = map[int]bool{}
	for _, r := range c.snap.Rules {
		if !c.cfg.ALB.InPool(r.ListenerARN) {
			continue
		}
		if r.ListenerARN == c.listener {
			c.taken[r.Priority] = true
		}
		if m, same := c.routedBy(r); same && !r.IsDefault {
			return &NameTakenError{Name: c.name, Reason: fmt.Sprintf("rule %s already routes %s", r.ARN, conditionsText(m.conds))}
		}
	}
	return nil
}

// checkHostFree refuses an alias or record of the name that exists already.
func (c *createPlan) checkHostFree() error {
	if c.makeAlias && c.snap.Distribution != nil {
		for _, a := range c.snap.Distribution.Aliases {
			if strings.EqualFold(a, c.aliasName) {
				return &NameTakenError{Name: c.name, Reason: "alias " + c.aliasName + " already exists"}
			}
		}
	}
	if c.makeRecord {
		for _, r := range c.snap.Records {
			if strings.EqualFold(r.Name, c.recordName) {
				return &NameTakenError{Name: c.name, Reason: "record " + RecordID(r.ZoneID, r.Name, r.Type) + " already exists"}
			}
		}
	}
	return nil
}

// placeRule picks the priority of the one new rule. A slot claim takes the
// slot's own priority: the listener's priority uniqueness then lets exactly
// one of two racing claims win. Any other rule gets a free one that is not
// reserved for a slot (AllocatePriority).
func (c *createPlan) placeRule() (int, error) {
	if p, ok := SlotPriority(c.cfg, c.slotHost); ok && !c.taken[p] {
		return p, nil
	}
	alloc := AvoidSlotPriorities(c.cfg, c.taken, c.slotHost)
	p, err := AllocatePriority(c.cfg.ALB.PriorityRange[0], c.cfg.ALB.PriorityRange[1], alloc, c.name)
	if err != nil {
		return 0, fmt.Errorf("cannot create %q: %w", c.name, err)
	}
	return p, nil
}

// count is 1 for true.
func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// conditionsText shows a rule's conditions' first values: "/feat-a/*",
// "feat-a.example.com /bff/*".
func conditionsText(conds []Condition) string {
	var vs []string
	for _, c := range conds {
		if len(c.Values) > 0 {
			vs = append(vs, c.Values[0])
		}
	}
	return strings.Join(vs, " ")
}
