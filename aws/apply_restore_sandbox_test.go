package aws_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// The fields moto 5.2.1 cannot store, destroyed and restored on the sandbox
// (which follows AWS): a stage's canary settings, documentation version and
// client certificate (moto has no client certificates or documentation
// versions and drops canary settings), a target's availability zone (moto
// never returns it), an authenticate-cognito action and a rule transform.
func TestRestoreSandboxOnlyFields(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	acct := sandbox.Demo(now)
	acct.SetOptions(sandbox.Options{DeployTime: -1, HealthSettle: -1})
	cfg := sandbox.DemoConfig()
	c := acct.Clients()
	ctx := context.Background()
	const env = "feat-s"
	tags := cfg.Keys().For(env, "erin", now, now.Add(72*time.Hour), "")

	tg, err := c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: awssdk.String("env-" + env), TargetType: elbtypes.TargetTypeEnumIp,
		Protocol: elbtypes.ProtocolEnumHttp, Port: awssdk.Int32(80), VpcId: awssdk.String("vpc-demo"), Tags: elbTagList(tags),
		HealthCheckIntervalSeconds: awssdk.Int32(15), Matcher: &elbtypes.Matcher{HttpCode: awssdk.String("200,302")}})
	must(t, err)
	tgARN := tg.TargetGroups[0].TargetGroupArn
	_, err = c.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: tgARN,
		Targets: []elbtypes.TargetDescription{{Id: awssdk.String("192.168.7.7"), Port: awssdk.Int32(80), AvailabilityZone: awssdk.String("all")}}})
	must(t, err)
	_, err = c.ELB.ModifyTargetGroupAttributes(ctx, &elbv2.ModifyTargetGroupAttributesInput{TargetGroupArn: tgARN,
		Attributes: []elbtypes.TargetGroupAttribute{{Key: awssdk.String("deregistration_delay.timeout_seconds"), Value: awssdk.String("20")}}})
	must(t, err)
	_, err = c.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: awssdk.String(cfg.ALB.Pool()[0]), Priority: awssdk.Int32(4321), Tags: elbTagList(tags),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + env + "/*"}}}},
		Actions: []elbtypes.Action{
			{Type: elbtypes.ActionTypeEnumAuthenticateCognito, Order: awssdk.Int32(1), AuthenticateCognitoConfig: &elbtypes.AuthenticateCognitoActionConfig{
				UserPoolArn: awssdk.String("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_demo"), UserPoolClientId: awssdk.String("client-7"),
				UserPoolDomain: awssdk.String("demo-auth"), Scope: awssdk.String("openid"), SessionTimeout: awssdk.Int64(900)}},
			{Type: elbtypes.ActionTypeEnumForward, Order: awssdk.Int32(2), TargetGroupArn: tgARN},
		},
		Transforms: []elbtypes.RuleTransform{{Type: elbtypes.TransformTypeEnumUrlRewrite, UrlRewriteConfig: &elbtypes.UrlRewriteConfig{
			Rewrites: []elbtypes.RewriteConfig{{Regex: awssdk.String("^/" + env + "/(.*)$"), Replace: awssdk.String("/$1")}}}}},
	})
	must(t, err)
	restAPI := cfg.APIsOfType(model.APITypeREST)[0].ID
	deps, err := c.APIGW.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: awssdk.String(restAPI)})
	must(t, err)
	_, err = c.APIGW.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: awssdk.String(restAPI), StageName: awssdk.String(env),
		DeploymentId: deps.Items[0].Id, Variables: map[string]string{"env": env}, Tags: tags, DocumentationVersion: awssdk.String("v3"),
		CanarySettings: &apigwtypes.CanarySettings{PercentTraffic: 12.5, DeploymentId: deps.Items[len(deps.Items)-1].Id, StageVariableOverrides: map[string]string{"env": "canary"}}})
	must(t, err)
	_, err = c.APIGW.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: awssdk.String(restAPI), StageName: awssdk.String(env),
		PatchOperations: []apigwtypes.PatchOperation{
			{Op: apigwtypes.OpReplace, Path: awssdk.String("/clientCertificateId"), Value: awssdk.String("cc-demo")},
			{Op: apigwtypes.OpReplace, Path: awssdk.String("/accessLogSettings/destinationArn"), Value: awssdk.String("arn:aws:logs:eu-west-1:123456789012:log-group:api")},
			{Op: apigwtypes.OpReplace, Path: awssdk.String("/*/*/metrics/enabled"), Value: awssdk.String("true")},
		}})
	must(t, err)

	describe := func() string {
		rules, err := c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: awssdk.String(cfg.ALB.Pool()[0])})
		must(t, err)
		var parts []any
		for _, r := range rules.Rules {
			if awssdk.ToString(r.Priority) == "4321" {
				r.RuleArn = nil
				for i := range r.Actions {
					r.Actions[i].TargetGroupArn, r.Actions[i].ForwardConfig = nil, nil // the group's new ARN
				}
				parts = append(parts, r)
			}
		}
		tgs, err := c.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{"env-" + env}})
		if err == nil {
			g := tgs.TargetGroups[0]
			h, err := c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: g.TargetGroupArn})
			must(t, err)
			attrs, err := c.ELB.DescribeTargetGroupAttributes(ctx, &elbv2.DescribeTargetGroupAttributesInput{TargetGroupArn: g.TargetGroupArn})
			must(t, err)
			g.TargetGroupArn = nil
			parts = append(parts, g, h.TargetHealthDescriptions, attrs.Attributes)
		}
		if st, err := c.APIGW.GetStage(ctx, &apigateway.GetStageInput{RestApiId: awssdk.String(restAPI), StageName: awssdk.String(env)}); err == nil {
			st.CreatedDate, st.LastUpdatedDate, st.ResultMetadata = nil, nil, apigateway.GetStageOutput{}.ResultMetadata
			parts = append(parts, st)
		}
		b, _ := json.Marshal(parts)
		return maskVolatile(string(b))
	}
	before := describe()
	for _, want := range []string{`"AvailabilityZone":"all"`, `"DocumentationVersion":"v3"`, `"ClientCertificateId":"cc-demo"`, `"PercentTraffic":12.5`, "url-rewrite", "client-7"} {
		if !strings.Contains(before, want) {
			t.Fatalf("the sandbox does not serve %s: %s", want, before)
		}
	}

	inv := model.BuildInventory(aws.Discover(ctx, c, cfg, aws.DiscoverOptions{}), cfg, now)
	destroy, err := model.PlanDestroy(inv, cfg, env, now)
	must(t, err)
	dir := t.TempDir()
	res, _, err := runApply(t, c, cfg, destroy, dir)
	must(t, err)
	if got := describe(); got != "[]" && got != "null" {
		t.Fatalf("left after destroy: %s", got)
	}
	entries, _, err := journal.ReadFile(dir, res.JournalID)
	must(t, err)
	snap := aws.Discover(ctx, c, cfg, aws.DiscoverOptions{})
	plan, err := model.PlanRestore(model.RestoreRequest{Entries: entries, Library: entries}, snap, cfg, now)
	must(t, err)
	if len(plan.Refused) != 0 || len(plan.Steps) != 3 {
		t.Fatalf("restore plan %+v refused %+v", plan.Steps, plan.Refused)
	}
	if _, _, err := runApply(t, c, cfg, plan.Plan, t.TempDir()); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if after := describe(); after != before {
		t.Fatalf("after restore:\n  %s\nwas\n  %s", after, before)
	}
}
