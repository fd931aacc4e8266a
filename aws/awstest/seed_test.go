package awstest

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

var seedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// platformCounts reads back what a fixture made, through the SDK.
type platformCounts struct {
	rules        map[string]int // listener ARN → non-default rules
	ruleTags     map[string]map[string]string
	targetGroups int
	targets      map[string]int // TG ARN → registered targets
	stages       map[string]map[string]string
}

func readPlatform(t *testing.T, sdk *SDK, listeners []string, api string) platformCounts {
	t.Helper()
	ctx := context.Background()
	pc := platformCounts{rules: map[string]int{}, ruleTags: map[string]map[string]string{}, targets: map[string]int{}, stages: map[string]map[string]string{}}
	var ruleARNs []string
	for _, l := range listeners {
		p := elbv2.NewDescribeRulesPaginator(sdk.ELB, &elbv2.DescribeRulesInput{ListenerArn: sdkaws.String(l)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("DescribeRules: %v", err)
			}
			for _, r := range out.Rules {
				if !sdkaws.ToBool(r.IsDefault) {
					pc.rules[l]++
					ruleARNs = append(ruleARNs, *r.RuleArn)
				}
			}
		}
	}
	for i := 0; i < len(ruleARNs); i += 20 {
		out, err := sdk.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: ruleARNs[i:min(i+20, len(ruleARNs))]})
		if err != nil {
			t.Fatalf("DescribeTags: %v", err)
		}
		for _, d := range out.TagDescriptions {
			m := map[string]string{}
			for _, tg := range d.Tags {
				m[*tg.Key] = *tg.Value
			}
			pc.ruleTags[*d.ResourceArn] = m
		}
	}
	tgp := elbv2.NewDescribeTargetGroupsPaginator(sdk.ELB, &elbv2.DescribeTargetGroupsInput{})
	for tgp.HasMorePages() {
		out, err := tgp.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeTargetGroups: %v", err)
		}
		for _, tg := range out.TargetGroups {
			pc.targetGroups++
			h, err := sdk.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
			if err != nil {
				t.Fatalf("DescribeTargetHealth: %v", err)
			}
			pc.targets[*tg.TargetGroupArn] = len(h.TargetHealthDescriptions)
		}
	}
	st, err := sdk.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: sdkaws.String(api)})
	if err != nil {
		t.Fatalf("GetStages: %v", err)
	}
	for _, s := range st.Item {
		pc.stages[*s.StageName] = s.Tags
	}
	return pc
}

func TestSeedPathPlatform(t *testing.T) {
	c := MotoClients(t, SharedMoto(t))
	f := SeedPathPlatform(t, c, seedNow)
	if n := c.Calls.Total(); n != 0 {
		t.Errorf("seeding counted %d calls in the clients' counter, want 0", n)
	}
	if f.Config.ALB.ListenerARN != f.ListenerARN || f.Config.APIGateway == nil || f.Config.APIGateway.RestAPIID != f.RestAPIID {
		t.Fatalf("config does not point at the fixture: %+v", f.Config)
	}
	if err := f.Config.Validate(); err != nil {
		t.Fatalf("fixture config: %v", err)
	}
	pc := readPlatform(t, SDKOf(t, c), []string{f.ListenerARN, f.SecondListenerARN}, f.RestAPIID)
	keys := f.Config.Keys()

	if got := pc.rules[f.ListenerARN] + pc.rules[f.SecondListenerARN]; got != 47 || pc.rules[f.SecondListenerARN] != 9 {
		t.Errorf("rules: %v, want 38 + 9 = 47", pc.rules)
	}
	if got := len(f.Rules); got != 47 {
		t.Errorf("fixture names %d rules, want 47", got)
	}
	if pc.targetGroups != 43 || len(f.TargetGroups) != 43 {
		t.Errorf("target groups: %d in moto, %d in the fixture, want 43", pc.targetGroups, len(f.TargetGroups))
	}
	if len(pc.stages) != 6 || len(f.Stages) != 6 {
		t.Errorf("stages: %v, want 6", pc.stages)
	}

	cases := map[string]struct {
		role      string
		wantOwned bool
		wantEnv   string
		wantTags  bool
	}{
		"healthy owned":      {"feat-login", true, "feat-login", true},
		"bulk second":        {"pr-203", true, "pr-203", true},
		"pattern, unmanaged": {"feat-manual", false, "feat-manual", true},
		"conflict":           {"feat-a", true, "feat-a", true},
		"legacy":             {"legacy-docs-shadowed", false, "", false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tags := pc.ruleTags[f.Rules[tc.role]]
			if keys.Owned(tags) != tc.wantOwned || tags[keys.Env] != tc.wantEnv || (len(tags) > 0) != tc.wantTags {
				t.Errorf("rule %s tags %v", tc.role, tags)
			}
			if len(tags) > 10 {
				t.Errorf("rule %s has %d tags (moto refuses > 10)", tc.role, len(tags))
			}
		})
	}

	// Ages and expiry against Now.
	ageOf := func(role string) time.Duration {
		ts, ok := model.TagTime(pc.ruleTags[f.Rules[role]], keys.CreatedAt)
		if !ok {
			t.Fatalf("rule %s has no created-at", role)
		}
		return seedNow.Sub(ts)
	}
	if a := ageOf("feat-ghost"); a <= f.Config.GC.Grace.Duration {
		t.Errorf("feat-ghost is %s old, want older than the grace", a)
	}
	if a := ageOf("feat-new"); a >= f.Config.GC.Grace.Duration {
		t.Errorf("feat-new is %s old, want younger than the grace", a)
	}
	for _, env := range []string{"feat-old", "release-1"} {
		exp, _ := model.TagTime(pc.ruleTags[f.Rules[env]], keys.ExpiresAt)
		if !exp.Before(seedNow) {
			t.Errorf("%s expires %s, want before %s", env, exp, seedNow)
		}
	}
	if !f.Config.IsProtectedName("release-1") || f.Config.IsProtectedName("feat-old") {
		t.Error("protected globs do not match the fixture")
	}

	// Targets: the ghost and the young one have none, everything else one.
	for name, arn := range f.TargetGroups {
		want := 1
		if name == "env-feat-ghost" || name == "env-feat-new" {
			want = 0
		}
		if pc.targets[arn] != want {
			t.Errorf("target group %s has %d targets, want %d", name, pc.targets[arn], want)
		}
	}
	if tags := pc.stages["feat-stale"]; !keys.Owned(tags) || tags[keys.Env] != "feat-stale" {
		t.Errorf("stage feat-stale tags %v", tags)
	}
	if len(f.Collectable) != 7 || len(f.Unassigned) != 10 {
		t.Errorf("collectable %d (want 7), unassigned %d (want 10)", len(f.Collectable), len(f.Unassigned))
	}
	for _, r := range f.Collectable {
		if r.ID == "" {
			t.Errorf("collectable %v has no id", r)
		}
	}
}

func TestSeedHostPlatform(t *testing.T) {
	ctx := context.Background()
	c := MotoClients(t, SharedMoto(t))
	f := SeedHostPlatform(t, c, seedNow)
	if err := f.Config.Validate(); err != nil {
		t.Fatalf("fixture config: %v", err)
	}
	if f.Config.CloudFront == nil || f.Config.CloudFront.DistributionID != f.DistributionID || f.Config.Route53 == nil ||
		f.Config.Route53.HostedZoneID != f.HostedZoneID || f.Config.CloudFront.Slots == nil || f.Config.CloudFront.Slots.Count != 6 {
		t.Fatalf("config does not point at the fixture: %+v", f.Config)
	}

	// Through the narrow interfaces envdeck uses.
	d, err := c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: sdkaws.String(f.DistributionID)})
	if err != nil {
		t.Fatalf("GetDistributionConfig: %v", err)
	}
	if got := d.DistributionConfig.Aliases.Items; len(got) != 8 {
		t.Errorf("aliases %v, want 8", got)
	}
	recs := map[string]r53types.ResourceRecordSet{}
	out, err := c.R53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: sdkaws.String(f.HostedZoneID)})
	if err != nil {
		t.Fatalf("ListResourceRecordSets: %v", err)
	}
	for _, r := range out.ResourceRecordSets {
		recs[strings.TrimSuffix(*r.Name, ".")+"/"+string(r.Type)] = r
	}
	aliasTarget := func(name string) string {
		r, ok := recs[name+"/A"]
		if !ok || r.AliasTarget == nil {
			return ""
		}
		return strings.TrimSuffix(*r.AliasTarget.DNSName, ".")
	}
	cases := map[string]struct{ name, want string }{
		"claimed slot": {"pv-1.preview.example.com", f.DistributionDomain},
		"free slot":    {"pv-4.preview.example.com", f.DistributionDomain},
		"no record":    {"pv-5.preview.example.com", ""},
		"elsewhere":    {"pv-6.preview.example.com", OtherCloudFront},
		"env alias":    {"feat-web.preview.example.com", f.DistributionDomain},
		"dangling":     {"feat-dead.preview.example.com", f.DistributionDomain},
		"lonely alias": {"feat-lonely.preview.example.com", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := aliasTarget(tc.name); got != tc.want {
				t.Errorf("%s → %q, want %q", tc.name, got, tc.want)
			}
		})
	}
	if r, ok := recs["old-site.cdn.preview.example.com/CNAME"]; !ok || *r.ResourceRecords[0].Value != LegacyCloudFront {
		t.Errorf("legacy CNAME: %+v", r)
	}
	if f.DistributionDomain == "" || !strings.HasSuffix(f.DistributionDomain, ".cloudfront.net") {
		t.Errorf("distribution domain %q", f.DistributionDomain)
	}

	pc := readPlatform(t, SDKOf(t, c), []string{f.ListenerARN, f.SecondListenerARN}, f.RestAPIID)
	keys := f.Config.Keys()
	if got := pc.rules[f.ListenerARN] + pc.rules[f.SecondListenerARN]; got != 52 || len(f.Rules) != 52 {
		t.Errorf("rules: %v (fixture %d), want 47 path + 5 host", pc.rules, len(f.Rules))
	}
	if tags := pc.ruleTags[f.Rules["feat-ui"]]; tags[keys.Slot] != "pv-1.preview.example.com" || !keys.Owned(tags) {
		t.Errorf("feat-ui tags %v", tags)
	}
	if tags := pc.ruleTags[f.Rules["feat-docs"]]; tags[keys.Slot] != "" {
		t.Errorf("feat-docs must claim by host condition only: %v", tags)
	}
	if exp, _ := model.TagTime(pc.ruleTags[f.Rules["feat-gone"]], keys.ExpiresAt); !exp.Before(seedNow) {
		t.Errorf("feat-gone expires %s", exp)
	}
	if len(f.Collectable) != 10 || len(f.Unassigned) != 13 {
		t.Errorf("collectable %d (want 10), unassigned %d (want 13)", len(f.Collectable), len(f.Unassigned))
	}
	for _, r := range f.Collectable {
		if r.Type == model.TypeAlias || (r.Type == model.TypeRecord && strings.Contains(r.ID, "/pv-")) {
			t.Errorf("a slot resource is collectable: %v", r)
		}
	}
}

func TestSeedScalePlatform(t *testing.T) {
	c := MotoClients(t, SharedMoto(t))
	f := SeedScalePlatform(t, c, seedNow, ScaleOptions{Envs: 30, Stages: 10, Slots: 5})
	if err := f.Config.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	pc := readPlatform(t, SDKOf(t, c), []string{f.ListenerARN}, f.RestAPIID)
	if pc.rules[f.ListenerARN] != 30 || pc.targetGroups != 30 || len(pc.stages) != 10 || len(f.Envs) != 30 {
		t.Errorf("rules %v, target groups %d, stages %d, envs %d: want 30, 30, 10, 30", pc.rules, pc.targetGroups, len(pc.stages), len(f.Envs))
	}
	if f.Config.CloudFront == nil || f.Config.CloudFront.Slots.Count != 5 || f.HostedZoneID == "" {
		t.Errorf("slot pool not configured: %+v", f.Config.CloudFront)
	}
}
