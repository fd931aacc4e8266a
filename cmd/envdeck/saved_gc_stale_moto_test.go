package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// saveGCPlan saves `gc --plan-out` keeping only env's steps; it fails the
// test unless every type in want is among them.
func (r *protectRig) saveGCPlan(t *testing.T, env string, want ...model.ResourceType) (string, model.Plan) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "gc.json")
	if res := r.run("gc", "--plan-out", file); res.code != 0 {
		t.Fatalf("gc --plan-out: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p model.Plan
	mustJSON(t, string(b), &p)
	var steps []model.Step
	have := map[model.ResourceType]bool{}
	for _, s := range p.Steps {
		if s.Env == env {
			steps = append(steps, s)
			have[s.Type] = true
		}
	}
	for _, typ := range want {
		if !have[typ] {
			t.Fatalf("the gc plan holds no %s of %s: %+v", typ, env, steps)
		}
	}
	p.Steps = steps
	b, _ = json.Marshal(p)
	writeFile(t, filepath.Dir(file), filepath.Base(file), string(b))
	return file, p
}

// A saved gc plan collects an expired environment with its own alias and
// record (host mode, feat-web, no slot); before it is applied, the
// environment's TTL is extended (`extend`, which retags its rule and target
// group, never the alias and record, which carry no tags). The expiry the
// plan rests on is stale: apply deletes nothing of feat-web (not the alias
// nor the record, whose own definitions did not change), reports every
// step as drift and exits 1. On moto; the proxy only records.
func TestSavedGCPlanAfterExtendKeepsEnvironment(t *testing.T) {
	r := newProtectRig(t)
	keys := r.fx.Config.Keys()
	past := r.c.now.Add(-time.Hour).Format(time.RFC3339)
	for _, arn := range []string{r.fx.Rules["feat-web"], r.fx.TargetGroups["env-feat-web"]} {
		r.sdk.TagELB(t, arn, keys.ExpiresAt, past)
	}
	file, plan := r.saveGCPlan(t, "feat-web", model.TypeRecord, model.TypeAlias, model.TypeRule, model.TypeTargetGroup)
	if res := r.run("extend", "feat-web", "--ttl", "48h", "--yes"); res.code != 0 {
		t.Fatalf("extend: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.applyDrifts(t, file, "feat-web", plan, "environment feat-web is no longer expired")
}

// A saved gc plan deletes a dangling record (feat-dead: it points at
// CloudFront, no distribution of the account holds its name); before it
// is applied, a distribution takes the name as an alias, so the record
// serves it now. The record's own definition did not change: apply must
// read the account's distributions again, report the step as drift and
// keep the record. On moto; the proxy only records.
func TestSavedGCPlanKeepsRecordNoLongerDangling(t *testing.T) {
	r := newProtectRig(t)
	file, plan := r.saveGCPlan(t, "feat-dead", model.TypeRecord)
	_, err := r.sdk.CF.CreateDistribution(context.Background(), &cloudfront.CreateDistributionInput{
		DistributionConfig: awstest.DistributionConfig("late-taker", "other-origin.example.com", []string{"feat-dead." + awstest.PreviewZone})})
	if err != nil {
		t.Fatal(err)
	}
	r.applyDrifts(t, file, "feat-dead", plan, "is no longer dangling")
}

// A saved gc plan deletes an orphan stage (feat-stale: owned, old, its
// environment has no rule); before it is applied, `create feat-stale`
// completes the environment with a rule and a target group around the
// stage it finds (its own, adopted). The stage is no orphan any more:
// apply reads the rules again, reports the step as drift and keeps the
// stage. On moto; the proxy only records.
func TestSavedGCPlanKeepsStageWhoseEnvironmentGotARule(t *testing.T) {
	r := newProtectRig(t)
	file, plan := r.saveGCPlan(t, "feat-stale", model.TypeStage)
	if res := r.run("create", "feat-stale", "--owner", "alice", "--yes"); res.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.applyDrifts(t, file, "feat-stale", plan, "has a rule now")
}

// A saved gc plan deletes an orphan target group (feat-lost: owned, old,
// nothing forwards to it); before it is applied, another tool's rule (no
// envdeck tags) starts forwarding to it. AWS refuses the delete of a group
// in use (ResourceInUse, which moto answers too): the step fails, the
// apply exits 1, the group and the other rule stay. On moto; the proxy
// only records.
func TestSavedGCPlanTargetGroupTakenByAnotherRule(t *testing.T) {
	r := newProtectRig(t)
	tg := r.fx.TargetGroups["env-feat-lost"]
	file, _ := r.saveGCPlan(t, "feat-lost", model.TypeTargetGroup)
	out, err := r.sdk.ELB.CreateRule(context.Background(), &elbv2.CreateRuleInput{
		ListenerArn: awssdk.String(r.fx.ListenerARN), Priority: awssdk.Int32(4000),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"),
			PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/other-tool/*"}}}},
		Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: awssdk.String(tg)}}})
	if err != nil {
		t.Fatal(err)
	}
	other := awssdk.ToString(out.Rules[0].RuleArn)
	res := r.run("apply", file, "--yes")
	if res.code != 1 || !strings.Contains(lineWith(res.stdout, tg), "(failed)") {
		t.Errorf("apply: exit %d, want 1 with the group's step failed\n%s%s", res.code, res.stdout, res.stderr)
	}
	left, err := r.sdk.ELB.DescribeRules(context.Background(), &elbv2.DescribeRulesInput{RuleArns: []string{other}})
	if err != nil || len(left.Rules) != 1 {
		t.Errorf("the other tool's rule: %v %v", left, err)
	}
	groups, err := r.sdk.ELB.DescribeTargetGroups(context.Background(), &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{tg}})
	if err != nil || len(groups.TargetGroups) != 1 {
		t.Errorf("env-feat-lost is gone: %v", err)
	}
}
