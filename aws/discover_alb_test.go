package aws

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// Small in-memory fakes of the read side of each client interface. The
// mutating methods come from the embedded nil interface: calling one panics,
// which is what a read path must never do.

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }

type fakeELB struct {
	ELBV2API
	mu        sync.Mutex
	listeners []elbtypes.Listener
	rules     map[string][]elbtypes.Rule // by listener ARN, in creation order
	tgs       []elbtypes.TargetGroup
	tags      map[string][]elbtypes.Tag
	health    map[string][]elbtypes.TargetHealthDescription
	limits    []elbtypes.Limit
	// serverPage caps every page whatever PageSize asks (moto: 50 rules by default).
	serverPage int
	// strictTags: more than 20 ARNs or an unknown ARN fail the call, as on AWS.
	strictTags bool
	tagBatches [][]string
	errs       map[string]error // by action
}

func (f *fakeELB) fail(action string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.errs[action]
}

func page[T any](items []T, marker *string, pageSize *int32, serverCap int) ([]T, *string) {
	start := 0
	if m := awssdk.ToString(marker); m != "" {
		start, _ = strconv.Atoi(m)
	}
	n := len(items) - start
	if pageSize != nil && int(*pageSize) < n {
		n = int(*pageSize)
	}
	if serverCap > 0 && serverCap < n {
		n = serverCap
	}
	if n < 0 {
		n = 0
	}
	end := start + n
	var next *string
	if end < len(items) {
		next = awssdk.String(strconv.Itoa(end))
	}
	return items[start:end], next
}

func (f *fakeELB) DescribeListeners(_ context.Context, in *elbv2.DescribeListenersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	if err := f.fail("DescribeListeners"); err != nil {
		return nil, err
	}
	var ls []elbtypes.Listener
	for _, l := range f.listeners {
		if len(in.ListenerArns) > 0 && !hasString(in.ListenerArns, *l.ListenerArn) {
			continue
		}
		if in.LoadBalancerArn != nil && *in.LoadBalancerArn != *l.LoadBalancerArn {
			continue
		}
		ls = append(ls, l)
	}
	if len(in.ListenerArns) > 0 && len(ls) == 0 {
		return nil, apiErr("ListenerNotFound", "One or more listeners not found")
	}
	p, next := page(ls, in.Marker, in.PageSize, f.serverPage)
	return &elbv2.DescribeListenersOutput{Listeners: p, NextMarker: next}, nil
}

func (f *fakeELB) DescribeRules(_ context.Context, in *elbv2.DescribeRulesInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	if err := f.fail("DescribeRules"); err != nil {
		return nil, err
	}
	p, next := page(f.rules[awssdk.ToString(in.ListenerArn)], in.Marker, in.PageSize, f.serverPage)
	return &elbv2.DescribeRulesOutput{Rules: p, NextMarker: next}, nil
}

func (f *fakeELB) DescribeTargetGroups(_ context.Context, in *elbv2.DescribeTargetGroupsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	if err := f.fail("DescribeTargetGroups"); err != nil {
		return nil, err
	}
	p, next := page(f.tgs, in.Marker, in.PageSize, f.serverPage)
	return &elbv2.DescribeTargetGroupsOutput{TargetGroups: p, NextMarker: next}, nil
}

func (f *fakeELB) DescribeTags(_ context.Context, in *elbv2.DescribeTagsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error) {
	f.mu.Lock()
	f.tagBatches = append(f.tagBatches, append([]string(nil), in.ResourceArns...))
	f.mu.Unlock()
	if err := f.fail("DescribeTags"); err != nil {
		return nil, err
	}
	if f.strictTags && len(in.ResourceArns) > 20 {
		return nil, apiErr("ValidationError", "at most 20 resource ARNs")
	}
	out := &elbv2.DescribeTagsOutput{}
	for _, a := range in.ResourceArns {
		t, ok := f.tags[a]
		lbOrListener := strings.Contains(a, ":listener/") || strings.Contains(a, ":loadbalancer/")
		if !ok && f.strictTags && !lbOrListener {
			return nil, apiErr("RuleNotFound", "One or more rules not found")
		}
		out.TagDescriptions = append(out.TagDescriptions, elbtypes.TagDescription{ResourceArn: awssdk.String(a), Tags: t})
	}
	return out, nil
}

func (f *fakeELB) DescribeTargetHealth(_ context.Context, in *elbv2.DescribeTargetHealthInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	if err := f.fail("DescribeTargetHealth"); err != nil {
		return nil, err
	}
	a := awssdk.ToString(in.TargetGroupArn)
	for _, t := range f.tgs {
		if *t.TargetGroupArn == a {
			return &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: f.health[a]}, nil
		}
	}
	return nil, apiErr("TargetGroupNotFound", "One or more target groups not found")
}

func (f *fakeELB) DescribeAccountLimits(_ context.Context, in *elbv2.DescribeAccountLimitsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeAccountLimitsOutput, error) {
	if err := f.fail("DescribeAccountLimits"); err != nil {
		return nil, err
	}
	return &elbv2.DescribeAccountLimitsOutput{Limits: f.limits}, nil
}

type fakeAPIGW struct {
	APIGatewayAPI
	stages      []apigwtypes.Stage
	deployments []apigwtypes.Deployment
	depPage     int
	err         error
}

func (f *fakeAPIGW) GetStages(_ context.Context, in *apigateway.GetStagesInput, _ ...func(*apigateway.Options)) (*apigateway.GetStagesOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &apigateway.GetStagesOutput{Item: f.stages}, nil
}

func (f *fakeAPIGW) GetDeployments(_ context.Context, in *apigateway.GetDeploymentsInput, _ ...func(*apigateway.Options)) (*apigateway.GetDeploymentsOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	p, next := page(f.deployments, in.Position, in.Limit, f.depPage)
	return &apigateway.GetDeploymentsOutput{Items: p, Position: next}, nil
}

type fakeCF struct {
	CloudFrontAPI
	dist *cloudfront.GetDistributionOutput
	err  error
	// list: the account's distributions as ListDistributions summarises
	// them; listErr fails that call.
	list    []cftypes.DistributionSummary
	listErr error
}

func (f *fakeCF) ListDistributions(_ context.Context, in *cloudfront.ListDistributionsInput, _ ...func(*cloudfront.Options)) (*cloudfront.ListDistributionsOutput, error) {
	if f.listErr != nil {
		return nil, f.listErr
	}
	return &cloudfront.ListDistributionsOutput{DistributionList: &cftypes.DistributionList{
		Items: f.list, IsTruncated: awssdk.Bool(false), Quantity: awssdk.Int32(int32(len(f.list))), MaxItems: in.MaxItems}}, nil
}

func (f *fakeCF) GetDistribution(_ context.Context, in *cloudfront.GetDistributionInput, _ ...func(*cloudfront.Options)) (*cloudfront.GetDistributionOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.dist, nil
}

type fakeR53 struct {
	Route53API
	sets     []r53types.ResourceRecordSet
	pageSize int
	limit    *int64
	err      error
}

func (f *fakeR53) GetHostedZone(_ context.Context, in *route53.GetHostedZoneInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &route53.GetHostedZoneOutput{HostedZone: &r53types.HostedZone{Id: in.Id, ResourceRecordSetCount: awssdk.Int64(int64(len(f.sets)))}}, nil
}

func (f *fakeR53) GetHostedZoneLimit(_ context.Context, in *route53.GetHostedZoneLimitInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneLimitOutput, error) {
	if f.limit == nil {
		return nil, apiErr("InvalidInput", "not implemented")
	}
	return &route53.GetHostedZoneLimitOutput{Limit: &r53types.HostedZoneLimit{Type: in.Type, Value: f.limit}}, nil
}

// ListResourceRecordSets pages by (name, type) like Route 53.
func (f *fakeR53) ListResourceRecordSets(_ context.Context, in *route53.ListResourceRecordSetsInput, _ ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	sets := append([]r53types.ResourceRecordSet(nil), f.sets...)
	sort.SliceStable(sets, func(i, j int) bool {
		if *sets[i].Name != *sets[j].Name {
			return *sets[i].Name < *sets[j].Name
		}
		return sets[i].Type < sets[j].Type
	})
	start := 0
	if in.StartRecordName != nil {
		for start < len(sets) && (*sets[start].Name < *in.StartRecordName ||
			(*sets[start].Name == *in.StartRecordName && sets[start].Type < in.StartRecordType)) {
			start++
		}
	}
	n := f.pageSize
	if n == 0 {
		n = 300
	}
	end := min(start+n, len(sets))
	out := &route53.ListResourceRecordSetsOutput{ResourceRecordSets: sets[start:end]}
	if end < len(sets) {
		out.IsTruncated = true
		out.NextRecordName = sets[end].Name
		out.NextRecordType = sets[end].Type
	}
	return out, nil
}

type fakeQuotas struct {
	ServiceQuotasAPI
	mu       sync.Mutex
	applied  map[string]float64 // by quota code
	defaults map[string]float64
	err      error // answer to codes without data (default NoSuchResourceException)
	defErr   error
	asked    []string
}

func (f *fakeQuotas) GetServiceQuota(_ context.Context, in *servicequotas.GetServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	f.mu.Lock()
	f.asked = append(f.asked, "applied:"+*in.QuotaCode)
	f.mu.Unlock()
	if v, ok := f.applied[*in.QuotaCode]; ok {
		return &servicequotas.GetServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{Value: awssdk.Float64(v)}}, nil
	}
	if f.err != nil {
		return nil, f.err
	}
	return nil, apiErr("NoSuchResourceException", "no such quota")
}

func (f *fakeQuotas) GetAWSDefaultServiceQuota(_ context.Context, in *servicequotas.GetAWSDefaultServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	f.mu.Lock()
	f.asked = append(f.asked, "default:"+*in.QuotaCode)
	f.mu.Unlock()
	if v, ok := f.defaults[*in.QuotaCode]; ok {
		return &servicequotas.GetAWSDefaultServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{Value: awssdk.Float64(v)}}, nil
	}
	if f.defErr != nil {
		return nil, f.defErr
	}
	return nil, apiErr("NoSuchResourceException", "no such quota")
}

type fakeSTS struct {
	STSAPI
	account string
	err     error
}

func (f *fakeSTS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &sts.GetCallerIdentityOutput{Account: awssdk.String(f.account)}, nil
}

// ---- a fake platform ----

const (
	fakeRegion  = "eu-west-1"
	fakeAccount = "123456789012"
	fakeLB      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared/abc"
	fakeL1      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/abc/l1"
	fakeL2      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/abc/l2"
	fakeOtherLB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/def"
)

func tgARN(name string) string {
	return "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/" + name + "/0123"
}

func ruleARN(listener string, i int) string {
	return fmt.Sprintf("%s/rule-%04d", listener, i)
}

func elbTags(kv ...string) []elbtypes.Tag {
	var ts []elbtypes.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		ts = append(ts, elbtypes.Tag{Key: awssdk.String(kv[i]), Value: awssdk.String(kv[i+1])})
	}
	return ts
}

// fakePlatform: listener l1 (port 443) with nRules path rules forwarding to
// env-N target groups plus its default rule, listener l2 (port 80) with one
// rule, and target groups the filter must keep or drop.
func fakePlatform(nRules int) *fakeELB {
	f := &fakeELB{
		rules:  map[string][]elbtypes.Rule{},
		tags:   map[string][]elbtypes.Tag{},
		health: map[string][]elbtypes.TargetHealthDescription{},
		errs:   map[string]error{},
	}
	fwd := func(arn string) []elbtypes.Action {
		return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: awssdk.String(arn)}}
	}
	fixed := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: awssdk.String("404")}}}
	f.listeners = []elbtypes.Listener{
		{ListenerArn: awssdk.String(fakeL2), LoadBalancerArn: awssdk.String(fakeLB), Port: awssdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, DefaultActions: fixed},
		{ListenerArn: awssdk.String(fakeL1), LoadBalancerArn: awssdk.String(fakeLB), Port: awssdk.Int32(443), Protocol: elbtypes.ProtocolEnumHttps, DefaultActions: fwd(tgARN("default-backend"))},
	}
	f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tgARN("default-backend")), TargetGroupName: awssdk.String("default-backend"), TargetType: elbtypes.TargetTypeEnumLambda, LoadBalancerArns: []string{fakeLB}})
	f.tags[tgARN("default-backend")] = elbTags("team", "platform")
	// rules created in reverse priority order: the reader must sort
	for i := nRules; i >= 1; i-- {
		name := fmt.Sprintf("e%03d", i)
		tg := tgARN("env-" + name)
		r := elbtypes.Rule{
			RuleArn:  awssdk.String(ruleARN(fakeL1, i)),
			Priority: awssdk.String(strconv.Itoa(1000 + i)),
			Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"),
				PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + name + "/*"}}}},
			Actions: fwd(tg),
		}
		f.rules[fakeL1] = append(f.rules[fakeL1], r)
		f.tags[*r.RuleArn] = elbTags("envdeck:env", name, "envdeck:managed-by", "envdeck")
		f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tg), TargetGroupName: awssdk.String("env-" + name),
			TargetType: elbtypes.TargetTypeEnumLambda, LoadBalancerArns: []string{fakeLB}})
		f.tags[tg] = elbTags("envdeck:env", name, "envdeck:managed-by", "envdeck")
		f.health[tg] = []elbtypes.TargetHealthDescription{{
			Target:       &elbtypes.TargetDescription{Id: awssdk.String("arn:aws:lambda:fn-" + name)},
			TargetHealth: &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumUnavailable, Reason: elbtypes.TargetHealthReasonEnumHealthCheckDisabled},
		}}
	}
	f.rules[fakeL1] = append(f.rules[fakeL1], elbtypes.Rule{RuleArn: awssdk.String(ruleARN(fakeL1, 0)), Priority: awssdk.String("default"), IsDefault: awssdk.Bool(true), Actions: fwd(tgARN("default-backend"))})
	legacy := elbtypes.Rule{RuleArn: awssdk.String(ruleARN(fakeL2, 1)), Priority: awssdk.String("5"),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("host-header"), Values: []string{"legacy.example.com"}}},
		Actions:    fixed}
	f.rules[fakeL2] = []elbtypes.Rule{legacy,
		{RuleArn: awssdk.String(ruleARN(fakeL2, 0)), Priority: awssdk.String("default"), IsDefault: awssdk.Bool(true), Actions: fixed}}
	f.tags[*legacy.RuleArn] = nil
	// owned, attached to nothing, name not from the template: kept by its tags
	f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tgARN("old-ghost")), TargetGroupName: awssdk.String("old-ghost"), TargetType: elbtypes.TargetTypeEnumLambda})
	f.tags[tgARN("old-ghost")] = elbTags("envdeck:env", "ghost", "envdeck:managed-by", "envdeck")
	// template name, attached to nothing, no tags: kept (pattern)
	f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tgARN("env-stray")), TargetGroupName: awssdk.String("env-stray"), TargetType: elbtypes.TargetTypeEnumLambda})
	f.tags[tgARN("env-stray")] = nil
	// unowned, attached to nothing: dropped after its tags are read
	f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tgARN("someone-else")), TargetGroupName: awssdk.String("someone-else"), TargetType: elbtypes.TargetTypeEnumIp})
	f.tags[tgARN("someone-else")] = elbTags("team", "data")
	// attached to another load balancer only: never read further
	f.tgs = append(f.tgs, elbtypes.TargetGroup{TargetGroupArn: awssdk.String(tgARN("other-lb")), TargetGroupName: awssdk.String("other-lb"), TargetType: elbtypes.TargetTypeEnumIp, LoadBalancerArns: []string{fakeOtherLB}})
	return f
}

func TestReadHealth(t *testing.T) {
	elb := fakePlatform(3)
	c := Instrument(Clients{ELB: elb}, InstrumentOptions{})
	arns := []string{tgARN("env-e001"), tgARN("env-gone"), tgARN("env-e003")}
	health, errs := ReadHealth(context.Background(), c, arns)
	if len(errs) != 0 {
		t.Fatalf("a group deleted meanwhile is no error: %+v", errs)
	}
	if len(health) != 2 || len(health[tgARN("env-e001")]) != 1 || health[tgARN("env-e001")][0].State != "unavailable" {
		t.Fatalf("health: %+v", health)
	}
	if _, ok := health[tgARN("env-gone")]; ok {
		t.Error("gone group has health")
	}
	if got := c.Calls.Snapshot()["elbv2:DescribeTargetHealth"]; got != 3 {
		t.Errorf("%d calls, want one per group", got)
	}

	elb.errs["DescribeTargetHealth"] = apiErr("Throttling", "Rate exceeded")
	health, errs = ReadHealth(context.Background(), c, arns)
	if len(health) != 0 || len(errs) != 1 || errs[0].Source != "elbv2:target-health" ||
		!strings.HasPrefix(errs[0].Message, "target health of 3 of 3 target groups: ") || !strings.Contains(errs[0].Message, "Throttling") {
		t.Fatalf("health %v errs %+v", health, errs)
	}
	if h, e := ReadHealth(context.Background(), c, nil); len(h) != 0 || e != nil {
		t.Errorf("no groups: %v %v", h, e)
	}
}
