package model

import (
	"fmt"
	"slices"
	"strings"
)

// The rule and target group phase of a create: one of each per service
// (Config.ServiceList), or of the services the request names. One
// environment's rules go at consecutive priorities, each more specific path
// first, so that none is shadowed by another of the same environment
// (the shadowed-rule finding).

// svcMake is one service of the environment being created.
type svcMake struct {
	svc              ServiceConfig
	tgName           string
	conds            []Condition
	makeRule, makeTG bool
	priority         int  // of the rule made
	claim            bool // the rule claims the slot (placeRules)
}

// UnknownServiceError: the request names a service the config lacks.
type UnknownServiceError struct {
	Name  string
	Known []string
}

func (e *UnknownServiceError) Error() string {
	return fmt.Sprintf("unknown service %q (services: %s)", e.Name, strings.Join(e.Known, ", "))
}

// SelectServices returns the services the request asks for (all when it
// names none), in config order.
func SelectServices(cfg *Config, names []string) ([]ServiceConfig, error) {
	all := cfg.ServiceList()
	if len(names) == 0 {
		return all, nil
	}
	var out []ServiceConfig
	for _, n := range names {
		i := slices.IndexFunc(all, func(s ServiceConfig) bool { return s.Name == n })
		if i < 0 {
			return nil, &UnknownServiceError{Name: n, Known: cfg.ServiceNames()}
		}
		if !slices.ContainsFunc(out, func(s ServiceConfig) bool { return s.Name == n }) {
			out = append(out, all[i])
		}
	}
	slices.SortStableFunc(out, func(a, b ServiceConfig) int {
		return slices.IndexFunc(all, func(s ServiceConfig) bool { return s.Name == a.Name }) -
			slices.IndexFunc(all, func(s ServiceConfig) bool { return s.Name == b.Name })
	})
	return out, nil
}

// resolveServices renders each service's target group name and rule
// conditions: its path pattern in path mode; the host, plus its host_path
// if any, in host mode.
func (c *createPlan) resolveServices() error {
	svcs, err := SelectServices(c.cfg, c.req.Services)
	if err != nil {
		return fmt.Errorf("cannot create %q: %w", c.name, err)
	}
	c.svcs = nil
	for _, s := range svcs {
		m := svcMake{svc: s, tgName: MustPattern(s.TargetGroup.Name, PlaceholderEnv).Render(c.name)}
		if c.routing == RoutingPath {
			if s.PathPattern == "" {
				return fmt.Errorf("cannot create %q in path mode: service %s has no path_pattern", c.name, s.Name)
			}
			m.conds = []Condition{{Field: "path-pattern", Values: []string{MustPattern(s.PathPattern, PlaceholderEnv).Render(c.name)}}}
		} else {
			m.conds = []Condition{{Field: "host-header", Values: []string{c.host}}}
			if s.HostPath != "" {
				m.conds = append(m.conds, Condition{Field: "path-pattern", Values: []string{s.HostPath}})
			}
		}
		c.svcs = append(c.svcs, m)
	}
	return nil
}

// decideServices: each service's rule and target group for a new
// environment; for a half-made one, the services it lacks (with a
// service's rule there, its target group is there too: a target group in
// use cannot be deleted).
func (c *createPlan) decideServices() {
	for i := range c.svcs {
		m := &c.svcs[i]
		m.makeRule = !c.half.hasServiceRule(m.svc.Name)
		m.makeTG = m.makeRule && !c.half.hasTG(m.tgName)
	}
}

// serviceCounts: how many rules and target groups the plan makes.
func (c *createPlan) serviceCounts() (rules, tgs int) {
	for _, m := range c.svcs {
		if m.makeRule {
			rules++
		}
		if m.makeTG {
			tgs++
		}
	}
	return rules, tgs
}

// checkServiceNamesFree refuses a target group name that exists already.
func (c *createPlan) checkServiceNamesFree() error {
	for _, m := range c.svcs {
		if !m.makeTG {
			continue
		}
		for _, tg := range c.snap.TargetGroups {
			if tg.Name == m.tgName {
				return &NameTakenError{Name: c.name, Reason: "target group " + m.tgName + " already exists"}
			}
		}
	}
	return nil
}

// routedBy returns the rule's service of the plan routing the same
// requests as r, if any: every condition of it is one of r's (and, with
// services configured, r has no other).
func (c *createPlan) routedBy(r Rule) (*svcMake, bool) {
	for i := range c.svcs {
		m := &c.svcs[i]
		if !m.makeRule || (c.cfg.HasServices() && len(r.Conditions) != len(m.conds)) {
			continue
		}
		same := true
		for _, cond := range m.conds {
			same = same && sameConditionValues(r.Conditions, cond)
		}
		if same {
			return m, true
		}
	}
	return nil, false
}

// serviceSteps writes the target group steps, then the rule steps: a slot
// claim first, then by priority (the most specific first: apply moves a
// rule whose priority was taken meanwhile only inside RuleWindow among the
// rules made before it, which keeps that order, or fails the create).
// Only the claim carries the slot tag: apply treats a rule with it as a
// claim. Targets (--target) go to the target group of the one service the
// plan makes.
func (c *createPlan) serviceSteps(tags func() map[string]string) ([]Step, error) {
	if len(c.req.Targets) > 0 && len(c.svcs) != 1 {
		return nil, fmt.Errorf("cannot create %q: --target registers targets in one target group: name its service with --services", c.name)
	}
	var tgSteps, ruleSteps []Step
	for _, m := range c.svcs {
		tg := c.targetGroup(m, tags())
		tgReason, err := withTargets(tg, c.req.Targets, m.makeTG)
		if err != nil {
			return nil, fmt.Errorf("cannot create %q: %w", c.name, err)
		}
		if m.makeTG {
			tgSteps = append(tgSteps, Step{Action: StepCreate, Type: TypeTargetGroup, ID: m.tgName, Env: c.name,
				Reason: c.servicePrefix(m) + "target group of " + c.name + tgReason, Def: &Definition{TargetGroup: tg}})
		}
		if m.makeRule {
			rt := tags()
			if !m.claim {
				delete(rt, c.cfg.Keys().Slot)
			}
			ruleSteps = append(ruleSteps, c.ruleStep(m, rt))
		}
	}
	slices.SortStableFunc(ruleSteps, func(a, b Step) int {
		if a.Def.Rule.Tags[c.cfg.Keys().Slot] != b.Def.Rule.Tags[c.cfg.Keys().Slot] {
			return strings.Compare(b.Def.Rule.Tags[c.cfg.Keys().Slot], a.Def.Rule.Tags[c.cfg.Keys().Slot])
		}
		return a.Def.Rule.Priority - b.Def.Rule.Priority
	})
	return append(tgSteps, ruleSteps...), nil
}

// servicePrefix starts a step's reason with its service ("web: "), when the
// config lists services.
func (c *createPlan) servicePrefix(m svcMake) string {
	if !c.cfg.HasServices() {
		return ""
	}
	return m.svc.Name + ": "
}

// refServiceName is the service of an environment's resource: its
// ResourceRef's, or the one service of a config without services.
func refServiceName(cfg *Config, r ResourceRef) string {
	if !cfg.HasServices() {
		return DefaultService
	}
	return r.Service
}

// hasServiceRule: the half-made environment has the service's rule.
func (h *halfMade) hasServiceRule(name string) bool { return h != nil && h.ruleSvcs[name] }
