package sandbox_test

// AWS behaviours the sandbox keeps that moto cannot show (docs/TESTING.md), so they
// are tested on the sandbox alone.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/smithy-go"

	"github.com/envdeck/envdeck/aws/sandbox"
)

func TestRuleQuotaCountsEveryListener(t *testing.T) {
	b := newSandboxBackend(t)
	if err := b.sandbox.SetQuota(sandbox.ServiceELB, sandbox.QuotaRulesPerALB, 3); err != nil {
		t.Fatal(err)
	}
	tg := lambdaTG(t, b, "env-a", nil)
	for i, l := range []string{b.listeners[0], b.listeners[0], b.listeners[1]} {
		if _, err := b.c.ELB.CreateRule(ctx, pathRule(l, int32(10+i), fmt.Sprintf("/r%d/*", i), tg)); err != nil {
			t.Fatalf("rule %d of 3: %v", i+1, err)
		}
	}
	_, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[1], 99, "/r4/*", tg))
	wantErr[*elbtypes.TooManyRulesException](t, "4th rule with a quota of 3 (default rules not counted)", err)
	limits, err := b.c.ELB.DescribeAccountLimits(ctx, &elbv2.DescribeAccountLimitsInput{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range limits.Limits {
		if *l.Name == "rules-per-application-load-balancer" {
			found = *l.Max == "3"
		}
	}
	if !found {
		t.Fatal("DescribeAccountLimits does not report the applied rules quota")
	}
}

func TestUniqueTargetGroupsPerALB(t *testing.T) {
	b := newSandboxBackend(t)
	if err := b.sandbox.SetQuota(sandbox.ServiceELB, sandbox.QuotaTargetGroupsPerALB, 2); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		tg := lambdaTG(t, b, fmt.Sprintf("env-%d", i), nil)
		if _, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], int32(10+i), fmt.Sprintf("/e%d/*", i), tg)); err != nil {
			t.Fatal(err)
		}
	}
	tg := lambdaTG(t, b, "env-3", nil)
	_, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 20, "/e3/*", tg))
	wantErr[*elbtypes.TooManyUniqueTargetGroupsPerLoadBalancerException](t, "3rd target group on an ALB allowed 2", err)
}

func TestDefaultRuleCannotBeDeleted(t *testing.T) {
	b := newSandboxBackend(t)
	out, err := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: ptr(b.listeners[0])})
	if err != nil || len(out.Rules) != 1 || !*out.Rules[0].IsDefault || *out.Rules[0].Priority != "default" {
		t.Fatalf("default rule: %+v %v", out, err)
	}
	_, err = b.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: out.Rules[0].RuleArn})
	wantErr[*elbtypes.OperationNotPermittedException](t, "delete the default rule", err)
}

func TestDuplicateTargetGroupName(t *testing.T) {
	b := newSandboxBackend(t)
	first := lambdaTG(t, b, "env-dup", nil)
	cases := map[string]struct {
		in      *elbv2.CreateTargetGroupInput
		same    bool
		errCode string
	}{
		"same settings returns the existing group": {
			in: &elbv2.CreateTargetGroupInput{Name: ptr("env-dup"), TargetType: elbtypes.TargetTypeEnumLambda}, same: true,
		},
		"different settings": {
			in:      &elbv2.CreateTargetGroupInput{Name: ptr("env-dup"), TargetType: elbtypes.TargetTypeEnumIp, Protocol: elbtypes.ProtocolEnumHttp, Port: ptr[int32](80), VpcId: ptr("vpc-1")},
			errCode: "DuplicateTargetGroupName",
		},
		"name too long": {
			in:      &elbv2.CreateTargetGroupInput{Name: ptr(strings.Repeat("a", 33)), TargetType: elbtypes.TargetTypeEnumLambda},
			errCode: "ValidationError",
		},
		"lambda with a port": {
			in:      &elbv2.CreateTargetGroupInput{Name: ptr("env-port"), TargetType: elbtypes.TargetTypeEnumLambda, Port: ptr[int32](80)},
			errCode: "ValidationError",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := b.c.ELB.CreateTargetGroup(ctx, tc.in)
			if tc.errCode != "" {
				if errCode(err) != tc.errCode {
					t.Fatalf("want %s, got %v", tc.errCode, err)
				}
				return
			}
			if err != nil || (*out.TargetGroups[0].TargetGroupArn == first) != tc.same {
				t.Fatalf("got %v, %v", out, err)
			}
		})
	}
}

func TestTagLimits(t *testing.T) {
	b := newSandboxBackend(t)
	many := map[string]string{}
	for i := range 51 {
		many[fmt.Sprintf("k%02d", i)] = "v"
	}
	_, err := b.c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: ptr("env-tags"), TargetType: elbtypes.TargetTypeEnumLambda, Tags: tagsOf(many)})
	wantErr[*elbtypes.TooManyTagsException](t, "51 tags on create", err)
	delete(many, "k50")
	tg := lambdaTG(t, b, "env-tags", many)
	_, err = b.c.ELB.AddTags(ctx, &elbv2.AddTagsInput{ResourceArns: []string{tg}, Tags: tagsOf(map[string]string{"one-more": "x"})})
	wantErr[*elbtypes.TooManyTagsException](t, "51st tag through AddTags", err)
	if _, err := b.c.ELB.AddTags(ctx, &elbv2.AddTagsInput{ResourceArns: []string{tg}, Tags: tagsOf(map[string]string{"k00": "changed"})}); err != nil {
		t.Fatalf("overwrite a tag: %v", err)
	}
	if _, err := b.c.ELB.RemoveTags(ctx, &elbv2.RemoveTagsInput{ResourceArns: []string{tg}, TagKeys: []string{"k01"}}); err != nil {
		t.Fatal(err)
	}
	out, err := b.c.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{tg}})
	if err != nil || len(out.TagDescriptions[0].Tags) != 49 || *out.TagDescriptions[0].Tags[0].Value != "changed" {
		t.Fatalf("tags after add/remove: %+v %v", out, err)
	}
}

func tagsOf(m map[string]string) []elbtypes.Tag {
	var out []elbtypes.Tag
	for k, v := range m {
		out = append(out, elbtypes.Tag{Key: ptr(k), Value: ptr(v)})
	}
	return out
}

func TestTargetHealthStates(t *testing.T) {
	b := newSandboxBackend(t)
	health := func(tg string) (string, string) {
		t.Helper()
		out, err := b.c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: ptr(tg)})
		if err != nil || len(out.TargetHealthDescriptions) != 1 {
			t.Fatalf("DescribeTargetHealth: %+v %v", out, err)
		}
		h := out.TargetHealthDescriptions[0].TargetHealth
		return string(h.State), string(h.Reason)
	}
	register := func(tg, fn string) {
		t.Helper()
		if _, err := b.c.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: ptr(tg), Targets: []elbtypes.TargetDescription{{Id: ptr(fn)}}}); err != nil {
			t.Fatal(err)
		}
	}
	const fn = "arn:aws:lambda:eu-west-1:123456789012:function:preview-a"
	off := lambdaTG(t, b, "env-off", nil)
	register(off, fn)
	if s, r := health(off); s != "unused" || r != "Target.NotInUse" {
		t.Fatalf("target of a group no rule uses: %s %s", s, r)
	}
	if _, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 10, "/off/*", off)); err != nil {
		t.Fatal(err)
	}
	if s, r := health(off); s != "unavailable" || r != "Target.HealthCheckDisabled" {
		t.Fatalf("lambda without health checks: %s %s", s, r)
	}
	_, err := b.c.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: ptr(off), Targets: []elbtypes.TargetDescription{{Id: ptr(fn + "-2")}}})
	wantErr[*elbtypes.TooManyTargetsException](t, "second lambda target", err)

	out, err := b.c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: ptr("env-on"), TargetType: elbtypes.TargetTypeEnumLambda, HealthCheckEnabled: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	on := *out.TargetGroups[0].TargetGroupArn
	if _, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 11, "/on/*", on)); err != nil {
		t.Fatal(err)
	}
	register(on, fn)
	if s, _ := health(on); s != "initial" {
		t.Fatalf("new target: %s, want initial", s)
	}
	b.clock.Advance(30 * time.Second)
	if s, _ := health(on); s != "healthy" {
		t.Fatalf("settled target: %s, want healthy", s)
	}
	for _, tc := range []struct{ state, reason string }{
		{sandbox.StateUnhealthy, "Target.FailedHealthChecks"},
		{sandbox.StateDraining, "Target.DeregistrationInProgress"},
	} {
		if err := b.sandbox.SetTargetHealth(on, fn, tc.state, tc.reason); err != nil {
			t.Fatal(err)
		}
		if s, r := health(on); s != tc.state || r != tc.reason {
			t.Fatalf("after SetTargetHealth(%s): %s %s", tc.state, s, r)
		}
	}
}

func TestCloudFrontAliasRules(t *testing.T) {
	b := newSandboxBackend(t)
	other, err := b.sandbox.AddDistribution("other", "origin.example.com", "taken."+zoneName)
	if err != nil {
		t.Fatal(err)
	}
	_ = other
	update := func(mut func(*cftypes.DistributionConfig)) error {
		get, err := b.c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: ptr(b.distID)})
		if err != nil {
			t.Fatal(err)
		}
		mut(get.DistributionConfig)
		_, err = b.c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: ptr(b.distID), IfMatch: get.ETag, DistributionConfig: get.DistributionConfig})
		return err
	}
	setAliases := func(items []string) func(*cftypes.DistributionConfig) {
		return func(c *cftypes.DistributionConfig) {
			c.Aliases = &cftypes.Aliases{Quantity: ptr(int32(len(items))), Items: items}
		}
	}
	var hundredOne []string
	for i := range 101 {
		hundredOne = append(hundredOne, fmt.Sprintf("e%d.%s", i, zoneName))
	}
	cases := map[string]struct {
		mut  func(*cftypes.DistributionConfig)
		want error
	}{
		"alias of another distribution": {setAliases([]string{"taken." + zoneName}), &cftypes.CNAMEAlreadyExists{}},
		"101 aliases":                   {setAliases(hundredOne), &cftypes.TooManyDistributionCNAMEs{}},
		"quantity mismatch": {func(c *cftypes.DistributionConfig) {
			c.Aliases = &cftypes.Aliases{Quantity: ptr[int32](5), Items: []string{"a." + zoneName}}
		}, &cftypes.InconsistentQuantities{}},
		"caller reference changed": {func(c *cftypes.DistributionConfig) { c.CallerReference = ptr("other") }, &cftypes.IllegalUpdate{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := update(tc.mut)
			var ae smithy.APIError
			want := tc.want.(smithy.APIError).ErrorCode()
			if !errors.As(err, &ae) || ae.ErrorCode() != want {
				t.Fatalf("want %s, got %v", want, err)
			}
		})
	}
}

func TestRoute53BatchIsAtomic(t *testing.T) {
	b := newSandboxBackend(t)
	rec := func(action r53types.ChangeAction, name string, typ r53types.RRType) r53types.Change {
		return r53types.Change{Action: action, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: ptr(name), Type: typ, TTL: ptr[int64](60), ResourceRecords: []r53types.ResourceRecord{{Value: ptr("x.example.net")}},
		}}
	}
	cases := map[string][]r53types.Change{
		"name outside the zone": {rec(r53types.ChangeActionCreate, "a."+zoneName, r53types.RRTypeCname), rec(r53types.ChangeActionCreate, "b.other.com", r53types.RRTypeCname)},
		"CNAME beside an A":     {rec(r53types.ChangeActionCreate, "c."+zoneName, r53types.RRTypeA), rec(r53types.ChangeActionCreate, "c."+zoneName, r53types.RRTypeCname)},
		"delete the SOA":        {{Action: r53types.ChangeActionDelete, ResourceRecordSet: &r53types.ResourceRecordSet{Name: ptr(zoneName), Type: r53types.RRTypeSoa}}},
	}
	for name, changes := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := b.c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
			wantErr[*r53types.InvalidChangeBatch](t, name, err)
			z, _ := b.c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: ptr(b.zoneID)})
			if *z.HostedZone.ResourceRecordSetCount != 2 {
				t.Fatalf("a failed batch changed the zone: %d records", *z.HostedZone.ResourceRecordSetCount)
			}
		})
	}
}

func TestServiceQuotas(t *testing.T) {
	b := newSandboxBackend(t)
	q, err := b.c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: ptr("apigateway"), QuotaCode: ptr(sandbox.QuotaStagesPerAPI)})
	if err != nil || *q.Quota.Value != 10 {
		t.Fatalf("stages quota: %+v %v", q, err)
	}
	// CloudFront answers its defaults only (as in AWS).
	_, err = b.c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: ptr("cloudfront"), QuotaCode: ptr(sandbox.QuotaAliasesPerDist)})
	wantErr[*sqtypes.NoSuchResourceException](t, "applied CloudFront quota", err)
	d, err := b.c.Quotas.GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: ptr("cloudfront"), QuotaCode: ptr(sandbox.QuotaAliasesPerDist)})
	if err != nil || *d.Quota.Value != 100 {
		t.Fatalf("CloudFront default: %+v %v", d, err)
	}
}

// Errors are wrapped as the SDK wraps them: operation error → HTTP
// response error (status, request id) → typed error.
func TestErrorsLookLikeTheSDKs(t *testing.T) {
	b := newSandboxBackend(t)
	_, err := b.c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: ptr("ZNOPE")})
	var op *smithy.OperationError
	var resp *awshttp.ResponseError
	if !errors.As(err, &op) || op.Service() != "Route 53" || op.Operation() != "GetHostedZone" {
		t.Fatalf("no operation error: %v", err)
	}
	if !errors.As(err, &resp) || resp.HTTPStatusCode() != 404 || resp.ServiceRequestID() == "" {
		t.Fatalf("no response error: %v", err)
	}
	wantErr[*r53types.NoSuchHostedZone](t, "missing zone", err)
}

func TestLatencyRespectsContext(t *testing.T) {
	a := sandbox.New(sandbox.Options{Latency: time.Hour})
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.Clients().STS.GetCallerIdentity(cctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled context: %v", err)
	}
	dctx, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	_, err = a.Clients().STS.GetCallerIdentity(dctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline during the latency: %v", err)
	}
}

func TestConcurrentCalls(t *testing.T) {
	b := newSandboxBackend(t)
	tg := lambdaTG(t, b, "env-c", nil)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 50 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], int32(100+i), fmt.Sprintf("/c%d/*", i), tg))
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: ptr(b.listeners[0])})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	out, _ := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: ptr(b.listeners[0])})
	if len(out.Rules) != 51 {
		t.Fatalf("%d rules after 50 concurrent creates", len(out.Rules))
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	a := newDemo()
	var first strings.Builder
	if err := a.Save(&first); err != nil {
		t.Fatal(err)
	}
	b, err := sandbox.Load(strings.NewReader(first.String()))
	if err != nil {
		t.Fatal(err)
	}
	var second strings.Builder
	if err := b.Save(&second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatal("Save(Load(Save(demo))) differs from Save(demo)")
	}
	b.SetOptions(sandbox.Options{Clock: func() time.Time { return demoNow }})
	before := demoInventory(t, a)
	after := demoInventory(t, b)
	if len(before.Environments) != len(after.Environments) || len(before.Findings) != len(after.Findings) {
		t.Fatalf("loaded demo reads differently: %d/%d environments, %d/%d findings",
			len(before.Environments), len(after.Environments), len(before.Findings), len(after.Findings))
	}
	if _, err := sandbox.Load(strings.NewReader(`{"version": 9, "state": {}}`)); err == nil {
		t.Fatal("Load accepted an unknown version")
	}
}
