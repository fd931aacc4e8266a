package aws_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Discovery against moto_server through the real SDK clients: the standard
// path platform (2 listeners, weighted forwards, several conditions, stages with
// tags) plus extra rules so a listener holds more than moto's 50-rule page.

var discoverNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// instrumented wraps MotoClients for discovery; it keeps the raw clients'
// counter out (awstest counts too) so only Instrument counts.
func instrumented(c aws.Clients, o aws.InstrumentOptions) aws.Clients {
	c.Calls = nil
	return aws.Instrument(c, o)
}

// addPlainRules adds n fixed-response rules (no target group) to listener.
func addPlainRules(t *testing.T, sdk *awstest.SDK, listener string, from, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		_, err := sdk.ELB.CreateRule(context.Background(), &elbv2.CreateRuleInput{
			ListenerArn: awssdk.String(listener), Priority: awssdk.Int32(int32(from + i)),
			Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"), Values: []string{fmt.Sprintf("/plain-%d/*", i)}}},
			Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
				StatusCode: awssdk.String("200"), ContentType: awssdk.String("text/plain"), MessageBody: awssdk.String("ok")}}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// One seeded moto serves three phases, in order: the plain read, the read
// with API Gateway denied, then (after growing the platform to 100 target
// groups) the paced read under AWS's throttling.
func TestDiscoverMoto(t *testing.T) {
	endpoint := awstest.StartMoto(t)
	raw := awstest.MotoClients(t, endpoint)
	fx := awstest.SeedPathPlatform(t, raw, discoverNow)
	addPlainRules(t, awstest.SDKOf(t, raw), fx.ListenerARN, 2500, 15) // "main": 38 + 15 = 53 rules

	ok := t.Run("path platform", func(t *testing.T) { discoverPathPlatform(t, raw, fx) })
	ok = t.Run("api gateway denied", func(t *testing.T) { discoverAPIGatewayDenied(t, endpoint, fx) }) && ok
	ok = t.Run("throttling retried in every protocol", func(t *testing.T) { throttlingRetried(t, endpoint, fx) }) && ok
	if !ok {
		return
	}
	t.Run("paced under AWS throttling", func(t *testing.T) { discoverPacedUnderThrottling(t, endpoint, raw, fx) })
}

func discoverPathPlatform(t *testing.T, raw aws.Clients, fx *awstest.PathFixture) {
	c := instrumented(raw, aws.InstrumentOptions{ReadOnly: true})
	snap := aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{})

	if len(snap.Errors) != 0 {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	if snap.Account != awstest.MotoAccount || snap.LoadBalancerARN != fx.LoadBalancerARN || snap.Region != awstest.TestRegion {
		t.Fatalf("account %q lb %q region %q", snap.Account, snap.LoadBalancerARN, snap.Region)
	}
	if len(snap.Listeners) != 2 {
		t.Fatalf("listeners: %d", len(snap.Listeners))
	}
	perListener := map[string]int{}
	byARN := map[string]model.Rule{}
	for _, r := range snap.Rules {
		perListener[r.ListenerARN]++
		byARN[r.ARN] = r
	}
	if perListener[fx.ListenerARN] != 53+1 || perListener[fx.SecondListenerARN] != 9+1 {
		t.Fatalf("rules per listener: %v", perListener)
	}
	for role, arn := range fx.Rules {
		if _, ok := byARN[arn]; !ok {
			t.Errorf("rule %s missing", role)
		}
	}
	// priority order within each listener, default last
	for i := 1; i < len(snap.Rules); i++ {
		a, b := snap.Rules[i-1], snap.Rules[i]
		if a.ListenerARN == b.ListenerARN && !b.IsDefault && (a.IsDefault || a.Priority >= b.Priority) {
			t.Fatalf("order: %d then %d", a.Priority, b.Priority)
		}
	}
	pay := byARN[fx.Rules["feat-pay"]]
	if len(pay.Actions) != 1 || len(pay.Actions[0].TargetGroups) != 2 || pay.Actions[0].TargetGroups[0].Weight+pay.Actions[0].TargetGroups[1].Weight != 100 {
		t.Errorf("weighted forward: %+v", pay.Actions)
	}
	if hdr := byARN[fx.Rules["feat-hdr"]]; len(hdr.Conditions) != 2 {
		t.Errorf("feat-hdr conditions: %+v", hdr.Conditions)
	}
	if login := byARN[fx.Rules["feat-login"]]; login.Tags["envdeck:env"] != "feat-login" || login.Tags["envdeck:managed-by"] != "envdeck" {
		t.Errorf("feat-login tags: %v", login.Tags)
	}

	tgs := map[string]model.TargetGroup{}
	for _, tg := range snap.TargetGroups {
		tgs[tg.Name] = tg
	}
	if len(snap.TargetGroups) != len(fx.TargetGroups) {
		t.Errorf("target groups: %d, fixture %d", len(snap.TargetGroups), len(fx.TargetGroups))
	}
	for name := range fx.TargetGroups {
		tg, ok := tgs[name]
		if !ok {
			t.Errorf("target group %s missing", name)
			continue
		}
		if !tg.HealthRead {
			t.Errorf("%s health not read", name)
		}
	}
	if lost := tgs["env-feat-lost"]; lost.Tags["envdeck:managed-by"] != "envdeck" || len(lost.Targets) != 1 {
		t.Errorf("orphan group env-feat-lost: %+v", lost)
	}
	if ghost := tgs["env-feat-ghost"]; len(ghost.Targets) != 0 {
		t.Errorf("env-feat-ghost targets: %+v", ghost.Targets)
	}

	stages := map[string]model.Stage{}
	for _, s := range snap.Stages {
		stages[s.Name] = s
	}
	if len(stages) != len(fx.Stages) {
		t.Errorf("stages: %d, fixture %d", len(stages), len(fx.Stages))
	}
	if st := stages["feat-login"]; st.Tags["envdeck:managed-by"] != "envdeck" || st.Variables["env"] != "feat-login" || st.DeploymentID != fx.DeploymentID {
		t.Errorf("stage feat-login: %+v", st)
	}
	if len(snap.Deployments) != 1 || snap.Deployments[0].ID != fx.DeploymentID {
		t.Errorf("deployments: %+v", snap.Deployments)
	}

	// moto has no Service Quotas data: every limit falls back and says where from
	sources := map[string]string{}
	for _, l := range snap.Limits {
		sources[l.Code] = l.Source
	}
	want := map[string]string{
		model.QuotaRulesPerALB:        model.LimitSourceELB,
		model.QuotaTargetGroupsPerALB: model.LimitSourceBuiltIn,
		model.QuotaStagesPerAPI:       model.LimitSourceBuiltIn,
	}
	if !reflect.DeepEqual(sources, want) {
		t.Errorf("limit sources %v, want %v", sources, want)
	}

	min := aws.MinimumCalls(snap, fx.Config)
	got := aws.WithoutQuotaCalls(snap.Calls)
	if !reflect.DeepEqual(got, min) {
		t.Errorf("calls\n got %v\nmin %v", got, min)
	}
	t.Logf("refresh: %d calls (%d without quota reads; minimum %d): %v", total(snap.Calls), total(got), total(min), snap.Calls)
}

func total(c model.CallCount) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// AccessDenied on every API Gateway call (a proxy in front of moto): the
// snapshot keeps the ALB, lists one apigateway error, and nothing else fails.
func discoverAPIGatewayDenied(t *testing.T, endpoint string, fx *awstest.PathFixture) {
	proxy := awstest.NewProxy(t, endpoint, awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))

	c := instrumented(proxy.Clients(t), aws.InstrumentOptions{})
	snap := aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{})
	if len(snap.Errors) != 1 || snap.Errors[0].Source != model.SourceAPIGateway {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	t.Logf("error entry: %+v", snap.Errors[0])
	if len(snap.Stages) != 0 {
		t.Errorf("stages: %d", len(snap.Stages))
	}
	if len(snap.Rules) != 47+15+2 || len(snap.TargetGroups) != len(fx.TargetGroups) || snap.Account != awstest.MotoAccount {
		t.Errorf("ALB data: %d rules, %d target groups, account %q", len(snap.Rules), len(snap.TargetGroups), snap.Account)
	}
	if n := proxy.Count(awstest.ServiceAPIGateway, ""); n == 0 {
		t.Errorf("proxy saw no API Gateway call")
	}
}

// seedLargePlatform adds envs (rule + lambda target group + target, owned)
// to the path platform until it has n target groups.
func seedLargePlatform(t *testing.T, raw aws.Clients, fx *awstest.PathFixture, n int) {
	t.Helper()
	sdk := awstest.SDKOf(t, raw)
	ctx := context.Background()
	for i := len(fx.TargetGroups); i < n; i++ {
		name := fmt.Sprintf("load-%03d", i)
		tags := []elbtypes.Tag{
			{Key: awssdk.String("envdeck:env"), Value: awssdk.String(name)},
			{Key: awssdk.String("envdeck:managed-by"), Value: awssdk.String("envdeck")},
		}
		tg, err := sdk.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: awssdk.String("env-" + name), TargetType: elbtypes.TargetTypeEnumLambda, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		arn := tg.TargetGroups[0].TargetGroupArn
		if _, err := sdk.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: arn,
			Targets: []elbtypes.TargetDescription{{Id: awssdk.String("arn:aws:lambda:us-east-1:123456789012:function:" + name)}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := sdk.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: awssdk.String(fx.ListenerARN), Priority: awssdk.Int32(int32(3000 + i)),
			Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"), Values: []string{"/" + name + "/*"}}},
			Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: arn}}, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
}

// Behind a proxy that throttles as AWS does (ELBv2 Describe*: 40 tokens,
// 10/s; API Gateway 40, 10/s), a paced discovery of a 100-target-group
// platform gets no throttling error. The time against the bucket's floor
// is logged, not asserted.
func discoverPacedUnderThrottling(t *testing.T, endpoint string, raw aws.Clients, fx *awstest.PathFixture) {
	seedLargePlatform(t, raw, fx, 100)

	proxy := awstest.NewProxy(t, endpoint)
	c := instrumented(proxy.Clients(t), aws.InstrumentOptions{Pace: true, Budget: 1, ReadOnly: true})
	proxy.EmulateThrottling(nil)
	start := time.Now()
	snap := aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{})
	took := time.Since(start)

	if len(snap.Errors) != 0 {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	if len(snap.TargetGroups) != 100 {
		t.Fatalf("target groups: %d", len(snap.TargetGroups))
	}
	throttled := 0
	for _, b := range proxy.Buckets() {
		throttled += b.Throttled
	}
	if throttled != 0 {
		t.Errorf("%d calls throttled by the emulated account buckets", throttled)
	}
	elbDescribe := 0
	for k, v := range snap.Calls {
		if len(k) > len("elbv2:Describe") && k[:len("elbv2:Describe")] == "elbv2:Describe" {
			elbDescribe += v
		}
	}
	floor := awstest.AWSBuckets()[0].FloorSeconds(elbDescribe)
	t.Logf("paced refresh of %d target groups: %d ELB Describe* calls, %.2fs (floor %.2fs, ratio %.2f), %d calls in all, throttled %d",
		len(snap.TargetGroups), elbDescribe, took.Seconds(), floor, took.Seconds()/floor, total(snap.Calls), throttled)
}

// Each service's first call is throttled in its protocol's own form (query
// Throttling, REST-JSON TooManyRequestsException 429, REST-XML Throttling,
// Route 53 PriorRequestNotComplete); envdeck's retryer retries every one.
func throttlingRetried(t *testing.T, endpoint string, fx *awstest.PathFixture) {
	proxy := awstest.NewProxy(t, endpoint,
		awstest.On(awstest.ServiceELBv2, "", awstest.Throttle()).Times(1),
		awstest.On(awstest.ServiceAPIGateway, "", awstest.Throttle()).Times(1),
		awstest.On(awstest.ServiceCloudFront, "", awstest.Throttle()).Times(1),
		awstest.On(awstest.ServiceRoute53, "", awstest.PriorRequestNotComplete()).Times(1),
		awstest.On(awstest.ServiceServiceQuotas, "", awstest.Throttle()).Times(1),
		awstest.On(awstest.ServiceSTS, "", awstest.Throttle()).Times(1),
	)
	c := instrumented(proxy.Clients(t, func(cfg *awssdk.Config) { cfg.Retryer = aws.NewRetryer }), aws.InstrumentOptions{})
	ctx := context.Background()
	calls := map[string]func() error{
		awstest.ServiceELBv2: func() error {
			_, err := c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: awssdk.String(fx.ListenerARN)})
			return err
		},
		awstest.ServiceAPIGateway: func() error {
			_, err := c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: awssdk.String(fx.RestAPIID)})
			return err
		},
		awstest.ServiceCloudFront: func() error {
			_, err := c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: awssdk.String("EMISSING")})
			return err
		},
		awstest.ServiceRoute53: func() error {
			_, err := c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: awssdk.String("ZMISSING")})
			return err
		},
		awstest.ServiceServiceQuotas: func() error {
			_, err := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: awssdk.String("vpc"), QuotaCode: awssdk.String("L-F678F1CE")})
			return err
		},
		awstest.ServiceSTS: func() error {
			_, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		},
	}
	errs := make(map[string]error, len(calls))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for svc, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := call()
			mu.Lock()
			errs[svc] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	for svc := range calls {
		if n := proxy.Count(svc, ""); n != 2 {
			t.Errorf("%s: %d requests, want 2 (throttled, retried)", svc, n)
		}
		if aws.IsThrottle(errs[svc]) {
			t.Errorf("%s: still throttled: %v", svc, errs[svc])
		}
	}
	if got := proxy.CountInjected(""); got != len(calls) {
		t.Errorf("%d errors injected, want %d", got, len(calls))
	}
	// calls are counted once, whatever their attempts
	if got := c.Calls.Total(); got != len(calls) {
		t.Errorf("%d calls counted, want %d", got, len(calls))
	}
}
