package main

import (
	"context"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// A saved gc plan collects feat-ghost's orphan rule and its empty target
// group. The rule goes (here out of band, as if its step had just run),
// then a target is registered in the group before the group's step: the
// group no longer rests on what the plan saw. The group's re-check reads
// its targets (they are part of its fingerprint), so apply keeps it
// (drift, exit 1). On moto; the proxy only records.
func TestSavedGCPlanKeepsOrphanGroupThatGotATarget(t *testing.T) {
	r := newProtectRig(t)
	rule, tg := r.fx.Rules["feat-ghost"], r.fx.TargetGroups["env-feat-ghost"]
	file, _ := r.saveGCPlan(t, "feat-ghost", model.TypeRule, model.TypeTargetGroup)
	ctx := context.Background()
	if _, err := r.sdk.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(rule)}); err != nil {
		t.Fatal(err)
	}
	_, err := r.sdk.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{
		TargetGroupArn: awssdk.String(tg),
		Targets:        []elbtypes.TargetDescription{{Id: awssdk.String("arn:aws:lambda:us-east-1:123456789012:function:ghost-back")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	res := r.run("apply", file, "--yes")
	if line := lineWith(res.stdout, tg); res.code != 1 || !strings.Contains(line, "(drift)") {
		t.Errorf("apply: exit %d, want 1 with the group's step drifted on its target\n%s%s", res.code, res.stdout, res.stderr)
	}
	groups, err := r.sdk.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{tg}})
	if err != nil || len(groups.TargetGroups) != 1 {
		t.Errorf("env-feat-ghost, which has a target now, is gone: %v", err)
	}
}
