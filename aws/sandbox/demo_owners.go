package sandbox

import (
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// otherOwners adds what other tools made on the HTTPS listener, their
// paths and names fitting envdeck's patterns so that only their tags keep
// them out of environments: the AWS Load Balancer Controller's ingress for
// /shop/* and CloudFormation's /reports/* (its target group named like an
// environment's) and /maintenance/*.
func (d *demoSeeder) otherOwners() {
	d.at(40 * day)
	controller := map[string]string{"elbv2.k8s.aws/cluster": "dev-eks", "ingress.k8s.aws/stack": "shop/storefront",
		"ingress.k8s.aws/resource": "443"}
	reports := map[string]string{"aws:cloudformation:stack-name": "reports-prod", "aws:cloudformation:logical-id": "ReportsRule",
		"aws:cloudformation:stack-id": "arn:aws:cloudformation:eu-west-1:123456789012:stack/reports-prod/7c1e2a40-5f7b-11ef-9a1b-0a1b2c3d4e5f"}
	maintenance := map[string]string{"aws:cloudformation:stack-name": "edge-maintenance", "aws:cloudformation:logical-id": "MaintenanceRule"}
	shopTG := d.targetGroup("k8s-shop-storefront-6d1f2a", nil, hcHealthy)
	reportsTG := d.targetGroup("env-reports", nil, hcHealthy)
	d.ownedRule(40, "/shop/*", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(shopTG)}}, controller)
	d.ownedRule(50, "/reports/*", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(reportsTG)}}, reports)
	d.ownedRule(60, "/maintenance/*", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
		FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: ptr("503"), ContentType: ptr("text/plain"), MessageBody: ptr("down for maintenance")}}}, maintenance)
	// CloudFormation tags (aws:*) are the service's own: no API call may set them.
	d.a.st.setTags(shopTG, tagMap(controller))
	d.a.st.setTags(reportsTG, tagMap(reports))
}

// ownedRule creates a rule on the HTTPS listener and gives it tags as the
// tool that made it would (straight in the state: aws:* keys are reserved).
func (d *demoSeeder) ownedRule(prio int32, path string, actions []elbtypes.Action, tags map[string]string) {
	out, err := d.c.ELB.CreateRule(bg, &elbv2.CreateRuleInput{
		ListenerArn: ptr(d.in.httpsARN), Priority: ptr(prio), Actions: actions,
		Conditions: []elbtypes.RuleCondition{{Field: ptr("path-pattern"), Values: []string{path}}},
	})
	must(err)
	d.taken[int(prio)] = true
	d.a.st.setTags(*out.Rules[0].RuleArn, tagMap(tags))
}
