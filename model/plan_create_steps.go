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
	steps, err := c.serviceSteps(tags)
	if err != nil {
		return nil, err
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

func (c *createPlan) targetGroup(m svcMake, tags map[string]string) *TargetGroup {
	cf := m.svc.TargetGroup
	tgType := cf.Type
	if tgType == "" {
		tgType = "lambda"
	}
	tg := &TargetGroup{Name: m.tgName, TargetType: tgType, Tags: tags, HealthCheckEnabled: tgType != "lambda"}
	if tgType != "lambda" {
		tg.Protocol, tg.Port, tg.VPCID = cf.Protocol, cf.Port, cf.VPCID
	}
	return tg
}

func (c *createPlan) ruleStep(m svcMake, tags map[string]string) Step {
	listener := c.listener
	rule := &Rule{
		ListenerARN: listener,
		Priority:    m.priority,
		Conditions:  m.conds,
		Actions:     []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{Name: m.tgName, Weight: 1}}}},
		Tags:        tags,
	}
	st := Step{Action: StepCreate, Type: TypeRule, ID: RuleCreateIDOf(listener, m.conds), Env: c.name,
		Reason: c.servicePrefix(m) + fmt.Sprintf("%s %s → %s at priority %d", m.conds[0].Field, conditionsText(m.conds), m.tgName, m.priority) + c.poolNote, Def: &Definition{Rule: rule}}
	if m.claim {
		st.Reason += " (claims slot " + c.slotHost + ")"
	}
	return st
}
