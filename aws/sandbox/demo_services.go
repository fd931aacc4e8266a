package sandbox

import (
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// withDemoServices makes c a platform of two services: web ('/{env}/*',
// the env-{env} target group; in a slot the host alone) and its
// backend-for-frontend bff ('/{env}/bff/*', env-{env}-bff; in a slot the
// host plus '/bff/*').
func withDemoServices(c *model.Config) {
	c.ALB.PathPattern, c.ALB.TargetGroup = "", model.TargetGroupConfig{}
	c.Services = []model.ServiceConfig{
		{Name: "web", PathPattern: "/{env}/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}", Type: "lambda"}},
		{Name: "bff", PathPattern: "/{env}/bff/*", HostPath: "/bff/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}-bff", Type: "lambda"}},
	}
}

// bff adds, on a platform of services, an environment's bff: its target
// group (same tags and health as web's) and, unless e.noBFFRule, its rule
// at the free priority just before the web rule's, as envdeck places them
// (the more specific path first), without the slot tag (the web rule holds
// the claim).
func (d *demoSeeder) bff(e demoEnv, name, slot string, tags map[string]string, webPriority int32) {
	if !d.cfg.HasServices() {
		return
	}
	tg := d.targetGroup("env-"+name+"-bff", tags, e.health)
	if e.noBFFRule {
		return
	}
	cond := elbtypes.RuleCondition{Field: ptr("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + name + "/bff/*"}}}
	conds := []elbtypes.RuleCondition{cond}
	if slot != "" {
		cond.PathPatternConfig.Values = []string{"/bff/*"}
		conds = []elbtypes.RuleCondition{
			{Field: ptr("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{slot}}}, cond}
	}
	p := int(webPriority) - 1
	for d.taken[p] {
		p--
	}
	d.taken[p] = true
	ruleTags := map[string]string{}
	for k, v := range tags {
		ruleTags[k] = v
	}
	delete(ruleTags, d.cfg.Keys().Slot)
	_, err := d.c.ELB.CreateRule(bg, &elbv2.CreateRuleInput{
		ListenerArn: ptr(d.in.httpsARN),
		Priority:    ptr(int32(p)),
		Conditions:  conds,
		Actions:     []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(tg)}},
		Tags:        elbTags(ruleTags),
	})
	must(err)
}
