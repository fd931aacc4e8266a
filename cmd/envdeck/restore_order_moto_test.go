package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// On moto, through the CLI: feat-o (bff at P before web at P+1) is
// destroyed, alb.priority_range narrowed to [P-1, P+1], and a stranger's
// rule takes P+1. restore brings back both target groups and bff at P, and
// refuses web, whose only place after bff is taken, in one line with exit
// 1 (its search would wrap to P-1, before bff, which it would shadow).
// Once the stranger's rule is gone, restore --env finishes feat-o, web at
// P+1; nothing of feat-o is shadowed at any time.
func TestRestoreCommandKeepsRuleOrder(t *testing.T) {
	r, cfg, clients := servicesRig(t)
	if res := r.run("create", "feat-o", "--yes"); res.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	p := envRules(t, clients, cfg, "feat-o")["/feat-o/bff/*"].Priority
	y := servicesYAML(t, r.fx.ConfigYAML)
	if !strings.Contains(y, "priority_range: [1000, 4999]") {
		t.Fatalf("the fixture's priority range changed:\n%s", y)
	}
	y = strings.Replace(y, "priority_range: [1000, 4999]", fmt.Sprintf("priority_range: [%d, %d]", p-1, p+1), 1)
	r.flags[1] = writeFile(t, r.dir, "envdeck.yaml", y)
	if res := r.run("destroy", "feat-o", "--yes"); res.code != 0 {
		t.Fatalf("destroy: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	ctx := context.Background()
	out, err := clients.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{
		ListenerArn: awssdk.String(r.fx.ListenerARN), Priority: awssdk.Int32(int32(p + 1)),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"), Values: []string{"/other-o/*"}}},
		Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: awssdk.String("503")}}},
	})
	must(t, err)
	res := r.run("restore", "--env", "feat-o", "--yes")
	t.Logf("restore: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	rules := envRules(t, clients, cfg, "feat-o")
	if res.code != 1 || !strings.Contains(res.stdout+res.stderr, "no free priority keeps this rule after the more specific rules of feat-o") ||
		len(rules) != 1 || rules["/feat-o/bff/*"].Priority != p {
		t.Fatalf("restore beside the stranger: exit %d, rules %v\n%s%s", res.code, rules, res.stdout, res.stderr)
	}
	noShadowFinding(t, r, clients, cfg, "feat-o")
	_, err = clients.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: out.Rules[0].RuleArn})
	must(t, err)
	if res := r.run("restore", "--env", "feat-o", "--yes"); res.code != 0 {
		t.Fatalf("second restore: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	rules = envRules(t, clients, cfg, "feat-o")
	if len(rules) != 2 || rules["/feat-o/bff/*"].Priority != p || rules["/feat-o/*"].Priority != p+1 {
		t.Fatalf("after the second restore: %v", rules)
	}
	noShadowFinding(t, r, clients, cfg, "feat-o")
}
