package aws_test

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// richEnv is the environment of the restore acceptance tests: every field
// restore must bring back is set to something other than its default.
const (
	richEnv    = "feat-r"
	richHost   = "feat-r.preview.example.com"
	richSecret = "oidc-s3cret"
)

// seedRich builds feat-r on a host-mode platform, as envdeck's: a rule with
// host-header and http-header conditions, an authenticate-oidc action and a
// weighted (90/10), sticky forward; two ip target groups with custom health
// checks, matcher, attributes and two targets each; a stage with tracing, a
// cache cluster and method settings; the alias; a weighted pair of records
// (blue 90 / green 10). moto 5.2.1 stores every one of these fields.
func seedRich(t *testing.T, p *applyPlatform, created, expires time.Time) {
	t.Helper()
	ctx := context.Background()
	tags := p.cfg.Keys().For(richEnv, "alice", created, expires, "")
	vpc := p.vpc
	var tgARNs []string
	for i, name := range []string{"env-feat-r", "feat-r-green"} {
		out, err := p.raw.elb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{
			Name: awssdk.String(name), TargetType: elbtypes.TargetTypeEnumIp, Protocol: elbtypes.ProtocolEnumHttp,
			Port: awssdk.Int32(8080), VpcId: awssdk.String(vpc), HealthCheckEnabled: awssdk.Bool(true),
			HealthCheckPath: awssdk.String("/healthz"), HealthCheckIntervalSeconds: awssdk.Int32(10), HealthCheckTimeoutSeconds: awssdk.Int32(4),
			HealthyThresholdCount: awssdk.Int32(2), UnhealthyThresholdCount: awssdk.Int32(5), Matcher: &elbtypes.Matcher{HttpCode: awssdk.String("200-299")},
			Tags: elbTagList(tags),
		})
		must(t, err)
		arn := awssdk.ToString(out.TargetGroups[0].TargetGroupArn)
		tgARNs = append(tgARNs, arn)
		_, err = p.raw.elb.ModifyTargetGroupAttributes(ctx, &elbv2.ModifyTargetGroupAttributesInput{TargetGroupArn: awssdk.String(arn), Attributes: []elbtypes.TargetGroupAttribute{
			{Key: awssdk.String("deregistration_delay.timeout_seconds"), Value: awssdk.String("15")},
			{Key: awssdk.String("stickiness.enabled"), Value: awssdk.String("true")},
			{Key: awssdk.String("slow_start.duration_seconds"), Value: awssdk.String("60")},
		}})
		must(t, err)
		_, err = p.raw.elb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: awssdk.String(arn), Targets: []elbtypes.TargetDescription{
			{Id: awssdk.String("10.0.1." + string(rune('5'+i))), Port: awssdk.Int32(8080)},
			{Id: awssdk.String("10.0.2." + string(rune('5'+i))), Port: awssdk.Int32(8081)},
		}})
		must(t, err)
	}
	_, err := p.raw.elb.CreateRule(ctx, &elbv2.CreateRuleInput{
		ListenerArn: awssdk.String(p.listener), Priority: awssdk.Int32(1200), Tags: elbTagList(tags),
		Conditions: []elbtypes.RuleCondition{
			{Field: awssdk.String("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{richHost}}},
			{Field: awssdk.String("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: awssdk.String("X-Env"), Values: []string{richEnv}}},
		},
		Actions: []elbtypes.Action{
			{Type: elbtypes.ActionTypeEnumAuthenticateOidc, Order: awssdk.Int32(1), AuthenticateOidcConfig: &elbtypes.AuthenticateOidcActionConfig{
				Issuer: awssdk.String("https://idp.example.com"), AuthorizationEndpoint: awssdk.String("https://idp.example.com/auth"),
				TokenEndpoint: awssdk.String("https://idp.example.com/token"), UserInfoEndpoint: awssdk.String("https://idp.example.com/userinfo"),
				ClientId: awssdk.String("envdeck-preview"), ClientSecret: awssdk.String(richSecret), SessionCookieName: awssdk.String("preview-session"),
				Scope: awssdk.String("openid email"), SessionTimeout: awssdk.Int64(3600), OnUnauthenticatedRequest: elbtypes.AuthenticateOidcActionConditionalBehaviorEnumAuthenticate,
				AuthenticationRequestExtraParams: map[string]string{"prompt": "login"},
			}},
			{Type: elbtypes.ActionTypeEnumForward, Order: awssdk.Int32(2), ForwardConfig: &elbtypes.ForwardActionConfig{
				TargetGroups:                []elbtypes.TargetGroupTuple{{TargetGroupArn: awssdk.String(tgARNs[0]), Weight: awssdk.Int32(90)}, {TargetGroupArn: awssdk.String(tgARNs[1]), Weight: awssdk.Int32(10)}},
				TargetGroupStickinessConfig: &elbtypes.TargetGroupStickinessConfig{Enabled: awssdk.Bool(true), DurationSeconds: awssdk.Int32(300)},
			}},
		},
	})
	must(t, err)
	deps, err := p.raw.apigw.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: awssdk.String(p.apiID)})
	must(t, err)
	_, err = p.raw.apigw.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: awssdk.String(p.apiID), StageName: awssdk.String(richEnv),
		DeploymentId: deps.Items[0].Id, Description: awssdk.String("preview of feat-r"), Variables: map[string]string{"env": richEnv},
		TracingEnabled: true, CacheClusterEnabled: true, CacheClusterSize: apigwtypes.CacheClusterSizeSize0Point5Gb, Tags: tags})
	must(t, err)
	_, err = p.raw.apigw.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: awssdk.String(p.apiID), StageName: awssdk.String(richEnv),
		PatchOperations: []apigwtypes.PatchOperation{
			{Op: apigwtypes.OpReplace, Path: awssdk.String("/*/*/logging/loglevel"), Value: awssdk.String("INFO")},
			{Op: apigwtypes.OpReplace, Path: awssdk.String("/*/*/throttling/rateLimit"), Value: awssdk.String("100")},
		}})
	must(t, err)
	cur, err := p.raw.cf.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: awssdk.String(p.distID)})
	must(t, err)
	dc := *cur.DistributionConfig
	items := append(append([]string(nil), dc.Aliases.Items...), richHost)
	dc.Aliases = &cftypes.Aliases{Items: items, Quantity: awssdk.Int32(int32(len(items)))}
	_, err = p.raw.cf.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: awssdk.String(p.distID), IfMatch: cur.ETag, DistributionConfig: &dc})
	must(t, err)
	// UPSERT, not CREATE: moto 5.2.1 refuses a CREATE identical to one it
	// saw before whenever a record sorts at or after its name ("already
	// exists", even when it is gone), which would fail restore's CREATE of
	// the second weighted record; AWS has no such memory.
	var changes []r53types.Change
	for set, w := range map[string]int64{"blue": 90, "green": 10} {
		changes = append(changes, r53types.Change{Action: r53types.ChangeActionUpsert, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: awssdk.String(richHost), Type: r53types.RRTypeCname, TTL: awssdk.Int64(60), SetIdentifier: awssdk.String(set), Weight: awssdk.Int64(w),
			ResourceRecords: []r53types.ResourceRecord{{Value: awssdk.String(p.domain)}},
		}})
	}
	_, err = p.raw.r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: awssdk.String(p.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
	must(t, err)
}

func elbTagList(m map[string]string) []elbtypes.Tag {
	var out []elbtypes.Tag
	for k, v := range m {
		out = append(out, elbtypes.Tag{Key: awssdk.String(k), Value: awssdk.String(v)})
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].Key < *out[j].Key })
	return out
}

// describeRich returns the full describe output of every resource of
// feat-r, as the SDK reads it: rule (DescribeRules, DescribeTags), target
// groups (DescribeTargetGroups, DescribeTargetGroupAttributes,
// DescribeTargetHealth, DescribeTags), stage (GetStage), alias
// (GetDistributionConfig) and records (ListResourceRecordSets). ELB ARNs
// become names (a recreated resource gets a new ARN), and timestamps that
// say when a resource was made and the expires-at tag (restore renews it)
// are masked.
func describeRich(t *testing.T, p *applyPlatform) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	tgs, err := p.raw.elb.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{})
	must(t, err)
	names := map[string]string{}
	for _, tg := range tgs.TargetGroups {
		names[*tg.TargetGroupArn] = "tg:" + *tg.TargetGroupName
	}
	put := func(key string, v ...any) {
		b, _ := json.Marshal(v)
		s := string(b)
		for arn, name := range names {
			s = strings.ReplaceAll(s, arn, name)
		}
		out[key] = maskVolatile(s)
	}
	for _, tg := range tgs.TargetGroups {
		if !strings.Contains(*tg.TargetGroupName, richEnv) {
			continue
		}
		tg.LoadBalancerArns = nil // moto keeps one per rule ever attached
		attrs, err := p.raw.elb.DescribeTargetGroupAttributes(ctx, &elbv2.DescribeTargetGroupAttributesInput{TargetGroupArn: tg.TargetGroupArn})
		must(t, err)
		health, err := p.raw.elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
		must(t, err)
		sort.Slice(health.TargetHealthDescriptions, func(i, j int) bool {
			return *health.TargetHealthDescriptions[i].Target.Id < *health.TargetHealthDescriptions[j].Target.Id
		})
		tags, err := p.raw.elb.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{*tg.TargetGroupArn}})
		must(t, err)
		put("target-group "+*tg.TargetGroupName, tg, attrs.Attributes, health.TargetHealthDescriptions, sortedTags(tags))
	}
	rules, err := p.raw.elb.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: awssdk.String(p.listener)})
	must(t, err)
	for _, r := range rules.Rules {
		tags, err := p.raw.elb.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{*r.RuleArn}})
		must(t, err)
		if st := sortedTags(tags); strings.Contains(st, `"envdeck:env","Value":"`+richEnv+`"`) {
			r.RuleArn = nil
			put("rule", r, st)
		}
	}
	st, err := p.raw.apigw.GetStage(ctx, &apigateway.GetStageInput{RestApiId: awssdk.String(p.apiID), StageName: awssdk.String(richEnv)})
	if err == nil {
		st.CreatedDate, st.LastUpdatedDate, st.ResultMetadata = nil, nil, apigateway.GetStageOutput{}.ResultMetadata
		put("stage", st)
	}
	dc, err := p.raw.cf.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: awssdk.String(p.distID)})
	must(t, err)
	for _, a := range dc.DistributionConfig.Aliases.Items {
		if a == richHost {
			put("alias", p.distID, a)
		}
	}
	recs, err := p.raw.r53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: awssdk.String(p.zoneID)})
	must(t, err)
	for _, rs := range recs.ResourceRecordSets {
		if strings.TrimSuffix(*rs.Name, ".") == richHost {
			put("record "+awssdk.ToString(rs.SetIdentifier), rs)
		}
	}
	return out
}

var expiresTag = regexp.MustCompile(`(envdeck:expires-at[^0-9]{0,24})[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z`)

func maskVolatile(s string) string { return expiresTag.ReplaceAllString(s, `${1}…`) }

func sortedTags(out *elbv2.DescribeTagsOutput) string {
	var tags []elbtypes.Tag
	for _, d := range out.TagDescriptions {
		tags = append(tags, d.Tags...)
	}
	sort.Slice(tags, func(i, j int) bool { return *tags[i].Key < *tags[j].Key })
	b, _ := json.Marshal(tags)
	return string(b)
}

// restoreJournal plans restoring one journal (against every journal in
// dir) and applies it with the OIDC client secret.
func restoreJournal(t *testing.T, p *applyPlatform, dir, id string, now time.Time) model.RestorePlan {
	t.Helper()
	entries, _, err := journal.ReadFile(dir, id)
	must(t, err)
	library, err := journal.AccountEntries(context.Background(), aws.LocalJournals(dir), "123456789012")
	must(t, err)
	snap := p.inventory(t, now).Snapshot
	plan, err := model.PlanRestore(model.RestoreRequest{Entries: entries, Library: library, OIDCSecret: true}, snap, p.cfg, now)
	must(t, err)
	if len(plan.Refused) > 0 {
		t.Fatalf("restore %s refuses %+v", id, plan.Refused)
	}
	ctx := aws.WithOIDCClientSecret(context.Background(), richSecret)
	if _, err := aws.Apply(ctx, p.c, p.cfg, plan.Plan, aws.LocalJournals(t.TempDir()), nil); err != nil {
		t.Fatalf("restore %s: %v", id, err)
	}
	return plan
}

func diffDescribe(t *testing.T, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s after restore:\n  %s\nwas\n  %s", k, after[k], v)
		}
	}
	if len(after) != len(before) || len(before) != 7 {
		t.Errorf("%d resources after restore, %d before (want 7)", len(after), len(before))
	}
}

// Acceptance: a rich environment destroyed, then restored from its journal:
// the full describe output of every resource equals the one before (the
// expires-at tag aside: renewed to now + the original TTL), the OIDC client
// secret is named as not journaled and taken from the caller, and gc right
// after the restore plans nothing of the environment.
func TestRestoreRichEnvironmentExactly(t *testing.T) {
	p := seedApplyPlatform(t, -1)
	created, expires := applyNow.Add(-48*time.Hour), applyNow.Add(-time.Hour) // expired
	seedRich(t, p, created, expires)
	before := describeRich(t, p)

	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, richEnv, applyNow)
	must(t, err)
	if len(destroy.Steps) != 7 {
		t.Fatalf("destroy plan %+v", destroy.Steps)
	}
	for _, s := range destroy.Steps {
		if s.Type == model.TypeRule && !strings.Contains(s.Reason, "client secret") {
			t.Errorf("the destroy plan does not say the OIDC client secret is lost: %s", s.Reason)
		}
	}
	dir := t.TempDir()
	res, _, err := runApply(t, p.c, p.cfg, destroy, dir)
	must(t, err)
	if got := describeRich(t, p); len(got) != 0 {
		t.Fatalf("left after destroy: %v", got)
	}
	entries, _, err := journal.ReadFile(dir, res.JournalID)
	must(t, err)
	for _, e := range entries {
		b, _ := json.Marshal(e)
		if strings.Contains(string(b), richSecret) {
			t.Fatalf("the journal holds the client secret: %s", b)
		}
		if e.Def.Rule != nil && (len(e.Unrecoverable) != 1 || !strings.Contains(e.Unrecoverable[0], "client secret")) {
			t.Errorf("rule entry names no unrecoverable secret: %v", e.Unrecoverable)
		}
		if tg := e.Def.TargetGroup; tg != nil && (tg.Attributes["slow_start.duration_seconds"] != "60" || tg.Matcher == nil || tg.HealthCheckInterval != 10) {
			t.Errorf("target group journaled without its settings: %+v", tg)
		}
	}

	// Without the secret the rule is refused, said before anything runs.
	snap := p.inventory(t, applyNow).Snapshot
	noSecret, err := model.PlanRestore(model.RestoreRequest{Entries: entries, Library: entries}, snap, p.cfg, applyNow)
	must(t, err)
	if len(noSecret.Refused) != 1 || noSecret.Refused[0].Type != model.TypeRule || !strings.Contains(noSecret.Refused[0].Reason, "--oidc-client-secret-from") {
		t.Fatalf("refused without the secret: %+v", noSecret.Refused)
	}

	restoreJournal(t, p, dir, res.JournalID, applyNow)
	diffDescribe(t, before, describeRich(t, p))

	inv := p.inventory(t, applyNow)
	env, ok := inv.Env(richEnv)
	if !ok {
		t.Fatal("feat-r not found after restore")
	}
	for _, r := range env.Resources {
		if r.Type == model.TypeRule || r.Type == model.TypeTargetGroup || r.Type == model.TypeStage {
			def, _ := inv.Snapshot.Lookup(r.Type, r.ID)
			if got := def.Tags()["envdeck:expires-at"]; got != applyNow.Add(47*time.Hour).Format(time.RFC3339) {
				t.Errorf("%s %s expires %s, want now + its 47h TTL", r.Type, r.ID, got)
			}
		}
	}
	for _, s := range model.PlanGC(inv, p.cfg, applyNow).Steps {
		if s.Env == richEnv {
			t.Errorf("gc right after the restore plans %s %s: %s", s.Type, s.ID, s.Reason)
		}
	}
}

// Acceptance: a destroy killed after a delete, rerun, then both journals
// restored in either order: the environment equals its state before. The
// kill after the rule's delete leaves the rule in one journal and its
// target groups in the other.
func TestRestoreSplitDestroyEitherOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		kill    int // the mutating call that fails (and every later one)
		reverse bool
	}{
		{"killed after the first delete", 2, false},
		{"killed after the first delete, reverse order", 2, true},
		{"killed between rule and target groups", 6, false},
		{"killed between rule and target groups, reverse order", 6, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := seedApplyPlatform(t, -1)
			seedRich(t, p, applyNow.Add(-time.Hour), applyNow.Add(24*time.Hour))
			before := describeRich(t, p)
			dir := t.TempDir()
			destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, richEnv, applyNow)
			must(t, err)
			first, _, err := runApply(t, withFault(p.c, &fault{k: tc.kill}), p.cfg, destroy, dir)
			checkKilled(t, err)
			rerun, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, richEnv, applyNow)
			must(t, err)
			second, _, err := runApply(t, p.c, p.cfg, rerun, dir)
			must(t, err)
			if got := describeRich(t, p); len(got) != 0 {
				t.Fatalf("left after the rerun: %v", got)
			}
			ids := []string{first.JournalID, second.JournalID}
			if tc.reverse {
				ids[0], ids[1] = ids[1], ids[0]
			}
			for _, id := range ids {
				restoreJournal(t, p, dir, id, applyNow)
			}
			diffDescribe(t, before, describeRich(t, p))
		})
	}
}
