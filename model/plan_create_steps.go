package model

import (
	"fmt"
	"strings"
	"time"
)

// steps writes the create steps of what the plan makes, in the order apply
// runs them: target group, rule, stage, alias, record. It refuses targets
// to register (--target) that do not fit the target group.
func (c *createPlan) steps(now time.Time) ([]Step, error) {
	tags := c.tagger(now)
	name := c.name
	tg := c.targetGroup(tags())
	tgReason, err := withTargets(tg, c.req.Targets, c.makeTG)
	if err != nil {
		return nil, fmt.Errorf("cannot create %q: %w", name, err)
	}
	var steps []Step
	if c.makeTG {
		steps = append(steps, Step{Action: StepCreate, Type: TypeTargetGroup, ID: c.tgName, Env: name, Reason: "target group of " + name + tgReason,
			Def: &Definition{TargetGroup: tg}})
	}
	if c.makeRule {
		steps = append(steps, c.ruleStep(tags()))
	}
	steps = append(steps, c.stageSteps(tags)...)
	if c.makeAlias {
		a := &Alias{DistributionID: c.cfg.CloudFront.DistributionID, Name: c.aliasName}
		steps = append(steps, Step{Action: StepCreate, Type: TypeAlias, ID: AliasID(a.DistributionID, a.Name), Env: name,
			Reason: "alternate domain name of the distribution", Def: &Definition{Alias: a}})
	}
	if c.makeRecord {
		rec := &Record{ZoneID: c.cfg.Route53.HostedZoneID, Name: c.recordName, Type: "A",
			AliasTarget: strings.TrimSuffix(c.snap.Distribution.DomainName, "."), AliasZoneID: CloudFrontHostedZoneID}
		steps = append(steps, Step{Action: StepCreate, Type: TypeRecord, ID: RecordID(rec.ZoneID, rec.Name, rec.Type), Env: name,
			Reason: "alias record → " + rec.AliasTarget, Def: &Definition{Record: rec}})
	}
	for i := range steps {
		steps[i].Reason += c.half.note()
	}
	return steps, nil
}

// tagger returns a function giving a fresh copy of the tags every resource
// of the environment carries: owner and times of the request (TTL, else
// naming.default_ttl, else fallbackTTL), or those of the half-made
// environment it completes.
func (c *createPlan) tagger(now time.Time) func() map[string]string {
	ttl := c.req.TTL
	if ttl <= 0 {
		ttl = c.cfg.Naming.DefaultTTL.Duration
	}
	if ttl <= 0 {
		ttl = fallbackTTL
	}
	owner := c.req.Owner
	if owner == "" {
		owner = unknownOwner
	}
	created, expires := now, now.Add(ttl)
	if half := c.half; half != nil {
		// What is made joins what is there: same owner, same times.
		if half.owner != "" {
			owner = half.owner
		}
		if half.hasTimes {
			created, expires = half.created, half.expires
		}
	}
	keys := c.cfg.Keys()
	return func() map[string]string { return keys.For(c.name, owner, created, expires, c.slotHost) }
}

func (c *createPlan) targetGroup(tags map[string]string) *TargetGroup {
	tgType := c.cfg.ALB.TargetGroup.Type
	if tgType == "" {
		tgType = "lambda"
	}
	tg := &TargetGroup{Name: c.tgName, TargetType: tgType, Tags: tags, HealthCheckEnabled: tgType != "lambda"}
	if tgType != "lambda" {
		tg.Protocol, tg.Port, tg.VPCID = c.cfg.ALB.TargetGroup.Protocol, c.cfg.ALB.TargetGroup.Port, c.cfg.ALB.TargetGroup.VPCID
	}
	return tg
}

func (c *createPlan) ruleStep(tags map[string]string) Step {
	listener, cond := c.cfg.ALB.ListenerARN, c.condition
	rule := &Rule{
		ListenerARN: listener,
		Priority:    c.priority,
		Conditions:  []Condition{cond},
		Actions:     []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{Name: c.tgName, Weight: 1}}}},
		Tags:        tags,
	}
	st := Step{Action: StepCreate, Type: TypeRule, ID: RuleCreateID(listener, cond), Env: c.name,
		Reason: fmt.Sprintf("%s %s → %s at priority %d", cond.Field, cond.Values[0], c.tgName, c.priority), Def: &Definition{Rule: rule}}
	if c.slotHost != "" {
		st.Reason += " (claims slot " + c.slotHost + ")"
	}
	return st
}
