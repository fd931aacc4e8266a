package awstest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/envdeck/envdeck/aws"
)

// call is one SDK call per service, the action the proxy must name it.
type probe struct {
	service, action string
	call            func(context.Context, aws.Clients) error
}

var probes = []probe{
	{ServiceELBv2, "DescribeRules", func(ctx context.Context, c aws.Clients) error {
		_, err := c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: sdkaws.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2")})
		return err
	}},
	{ServiceSTS, "GetCallerIdentity", func(ctx context.Context, c aws.Clients) error {
		_, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	}},
	{ServiceServiceQuotas, "GetServiceQuota", func(ctx context.Context, c aws.Clients) error {
		_, err := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: sdkaws.String("elasticloadbalancing"), QuotaCode: sdkaws.String("L-7EED9B64")})
		return err
	}},
	{ServiceAPIGateway, "GetStages", func(ctx context.Context, c aws.Clients) error {
		_, err := c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: sdkaws.String("a1b2c3d4e5")})
		return err
	}},
	{ServiceCloudFront, "GetDistributionConfig", func(ctx context.Context, c aws.Clients) error {
		_, err := c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: sdkaws.String("E2ABCDEFGHIJ")})
		return err
	}},
	{ServiceRoute53, "ListResourceRecordSets", func(ctx context.Context, c aws.Clients) error {
		_, err := c.R53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: sdkaws.String("Z0123456789")})
		return err
	}},
}

// Write probes: typed errors are modeled per operation.
var (
	updateDistribution = probe{ServiceCloudFront, "UpdateDistribution", func(ctx context.Context, c aws.Clients) error {
		_, err := c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: sdkaws.String("E2ABCDEFGHIJ"), IfMatch: sdkaws.String("E1"),
			DistributionConfig: DistributionConfig("x", "alb.example.com", nil)})
		return err
	}}
	changeRecords = probe{ServiceRoute53, "ChangeResourceRecordSets", func(ctx context.Context, c aws.Clients) error {
		_, err := c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: sdkaws.String("Z0123456789"),
			ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionDelete,
				ResourceRecordSet: &r53types.ResourceRecordSet{Name: sdkaws.String("a.example.com"), Type: r53types.RRTypeCname, TTL: sdkaws.Int64(60),
					ResourceRecords: []r53types.ResourceRecord{{Value: sdkaws.String("d1.cloudfront.net")}}}}}}})
		return err
	}}
)

func probeFor(t *testing.T, service string) probe {
	t.Helper()
	for _, p := range probes {
		if p.service == service {
			return p
		}
	}
	t.Fatalf("no probe for %s", service)
	return probe{}
}

// TestProxyErrorFormsDecodeInTheSDK injects every error form and checks the
// real SDK decodes it to the right code, HTTP status and typed error.
// The injected errors never reach the upstream, so none is needed.
func TestProxyErrorFormsDecodeInTheSDK(t *testing.T) {
	type tc struct {
		service string
		effect  Effect
		code    string
		status  int
		typed   func(error) bool // nil: the operation does not model the code
		probe   *probe           // nil: the service's read probe
	}
	as := func(target any) func(error) bool {
		return func(err error) bool { return errors.As(err, target) }
	}
	cases := map[string]tc{
		"elbv2 access denied":        {ServiceELBv2, AccessDenied(), "AccessDenied", 403, nil, nil},
		"elbv2 throttling":           {ServiceELBv2, Throttle(), "Throttling", 400, nil, nil},
		"elbv2 500":                  {ServiceELBv2, ServerError(500), "InternalFailure", 500, nil, nil},
		"elbv2 503":                  {ServiceELBv2, ServerError(503), "ServiceUnavailable", 503, nil, nil},
		"elbv2 literal":              {ServiceELBv2, APIError(400, "ListenerNotFound", "no listener"), "ListenerNotFound", 400, as(new(*elbv2types.ListenerNotFoundException)), nil},
		"sts access denied":          {ServiceSTS, AccessDenied(), "AccessDenied", 403, nil, nil},
		"sts throttling":             {ServiceSTS, Throttle(), "Throttling", 400, nil, nil},
		"servicequotas denied":       {ServiceServiceQuotas, AccessDenied(), "AccessDeniedException", 400, as(new(*sqtypes.AccessDeniedException)), nil},
		"servicequotas throttling":   {ServiceServiceQuotas, Throttle(), "TooManyRequestsException", 400, as(new(*sqtypes.TooManyRequestsException)), nil},
		"servicequotas no such":      {ServiceServiceQuotas, APIError(400, "NoSuchResourceException", "none"), "NoSuchResourceException", 400, as(new(*sqtypes.NoSuchResourceException)), nil},
		"apigateway access denied":   {ServiceAPIGateway, AccessDenied(), "AccessDeniedException", 403, nil, nil},
		"apigateway throttling":      {ServiceAPIGateway, Throttle(), "TooManyRequestsException", 429, as(new(*apigwtypes.TooManyRequestsException)), nil},
		"apigateway 503":             {ServiceAPIGateway, ServerError(503), "ServiceUnavailableException", 503, nil, nil},
		"apigateway 500":             {ServiceAPIGateway, ServerError(500), "InternalFailure", 500, nil, nil},
		"cloudfront access denied":   {ServiceCloudFront, AccessDenied(), "AccessDenied", 403, as(new(*cftypes.AccessDenied)), nil},
		"cloudfront throttling":      {ServiceCloudFront, Throttle(), "Throttling", 400, nil, nil},
		"cloudfront stale etag":      {ServiceCloudFront, APIError(412, "PreconditionFailed", "stale"), "PreconditionFailed", 412, as(new(*cftypes.PreconditionFailed)), &updateDistribution},
		"cloudfront 503":             {ServiceCloudFront, ServerError(503), "ServiceUnavailable", 503, nil, nil},
		"route53 access denied":      {ServiceRoute53, AccessDenied(), "AccessDenied", 403, nil, nil},
		"route53 throttling":         {ServiceRoute53, Throttle(), "Throttling", 400, nil, nil},
		"route53 prior request":      {ServiceRoute53, PriorRequestNotComplete(), "PriorRequestNotComplete", 400, as(new(*r53types.PriorRequestNotComplete)), &changeRecords},
		"route53 invalid change":     {ServiceRoute53, APIError(400, "InvalidChangeBatch", "no"), "InvalidChangeBatch", 400, as(new(*r53types.InvalidChangeBatch)), &changeRecords},
		"route53 500":                {ServiceRoute53, ServerError(500), "InternalFailure", 500, nil, nil},
		"apigateway not found typed": {ServiceAPIGateway, APIError(404, "NotFoundException", "Invalid stage identifier specified"), "NotFoundException", 404, as(new(*apigwtypes.NotFoundException)), nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := NewProxy(t, "http://127.0.0.1:1", On(c.service, "", c.effect))
			pr := probeFor(t, c.service)
			if c.probe != nil {
				pr = *c.probe
			}
			err := pr.call(context.Background(), p.Clients(t, WithMaxAttempts(1)))
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is no smithy.APIError", err, err)
			}
			if apiErr.ErrorCode() != c.code {
				t.Errorf("code = %q, want %q (%v)", apiErr.ErrorCode(), c.code, err)
			}
			var respErr *smithyhttp.ResponseError
			if !errors.As(err, &respErr) || respErr.HTTPStatusCode() != c.status {
				t.Errorf("status of %v, want %d", err, c.status)
			}
			if c.typed != nil && !c.typed(err) {
				t.Errorf("error %v is not the SDK's typed error", err)
			}
			log := p.Log()
			if len(log) != 1 || log[0].Service != c.service || log[0].Action != pr.action || log[0].Status != c.status || log[0].Injected == "" {
				t.Errorf("log = %+v, want one injected %s:%s with status %d", log, c.service, pr.action, c.status)
			}
		})
	}
}

// TestProxyForwardsAndCounts: untouched calls reach moto, are named and
// counted; rules fire only on their service/action.
func TestProxyForwardsAndCounts(t *testing.T) {
	ctx := context.Background()
	p := NewProxy(t, SharedMoto(t), On(ServiceAPIGateway, "GetStages", AccessDenied()))
	c := p.Clients(t, WithMaxAttempts(1))
	if _, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("GetCallerIdentity through the proxy: %v", err)
	}
	for range 3 {
		if _, err := c.ELB.DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{}); err != nil {
			t.Fatalf("DescribeLoadBalancers through the proxy: %v", err)
		}
	}
	api, err := c.APIGW.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: sdkaws.String("abc")})
	if err == nil || api != nil || !errors.As(err, new(*apigwtypes.NotFoundException)) {
		t.Fatalf("GetDeployments of a missing API (not denied): %v, want moto's NotFoundException", err)
	}
	_, err = c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: sdkaws.String("abc")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDeniedException" {
		t.Fatalf("GetStages: %v, want AccessDeniedException", err)
	}
	counts := map[[2]string]int{
		{ServiceSTS, "GetCallerIdentity"}:         1,
		{ServiceELBv2, "DescribeLoadBalancers"}:   3,
		{ServiceELBv2, "Describe*"}:               3,
		{ServiceAPIGateway, "GetDeployments"}:     1,
		{ServiceAPIGateway, "GetStages"}:          1,
		{ServiceAPIGateway, ""}:                   2,
		{"", ""}:                                  6,
		{ServiceCloudFront, "GetDistribution"}:    0,
		{ServiceELBv2, "DescribeTargetGroups"}:    0,
		{ServiceServiceQuotas, "GetServiceQuota"}: 0,
	}
	for k, want := range counts {
		if got := p.Count(k[0], k[1]); got != want {
			t.Errorf("Count(%q, %q) = %d, want %d", k[0], k[1], got, want)
		}
	}
	if got := p.CountInjected("access-denied"); got != 1 {
		t.Errorf("CountInjected(access-denied) = %d, want 1", got)
	}
	for _, call := range p.Log() {
		if call.Action != "GetStages" && call.Action != "GetDeployments" && (call.Status != 200 || call.Injected != "") {
			t.Errorf("forwarded call %+v: want status 200, nothing injected", call)
		}
	}
	// The client-side counter agrees with the proxy.
	if got := c.Calls.Total(); got != 6 {
		t.Errorf("client counted %d calls, want 6 (%v)", got, c.Calls.Snapshot())
	}
}

// TestProxyRuleSelection: After/First/Probability select which matching
// requests a rule fires on, and a seeded run is reproducible.
func TestProxyRuleSelection(t *testing.T) {
	fired := func(r Rule, n int, seed uint64) []bool {
		p := &Proxy{}
		p.rng = newRand(seed)
		rs := &ruleState{Rule: r}
		out := make([]bool, n)
		for i := range out {
			out[i] = rs.matches(&Request{Service: ServiceELBv2, Action: "DescribeRules"}) && rs.fires(p.rng.Float64)
		}
		return out
	}
	count := func(b []bool) int {
		n := 0
		for _, v := range b {
			if v {
				n++
			}
		}
		return n
	}
	cases := map[string]struct {
		rule Rule
		want []bool
	}{
		"always":        {On(ServiceELBv2, "", Throttle()), []bool{true, true, true, true}},
		"first two":     {On(ServiceELBv2, "Describe*", Throttle()).Times(2), []bool{true, true, false, false}},
		"after two":     {On(ServiceELBv2, "DescribeRules", Throttle()).Skip(2), []bool{false, false, true, true}},
		"window":        {On("", "", Throttle()).Skip(1).Times(2), []bool{false, true, true, false}},
		"other service": {On(ServiceAPIGateway, "", Throttle()), []bool{false, false, false, false}},
		"other action":  {On(ServiceELBv2, "DescribeTags", Throttle()), []bool{false, false, false, false}},
		"predicate": {Rule{Effect: Throttle(), Match: func(r *Request) bool { return r.Action == "DescribeRules" }},
			[]bool{true, true, true, true}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := fired(c.rule, len(c.want), 1)
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("fired %v, want %v", got, c.want)
				}
			}
		})
	}
	t.Run("probability", func(t *testing.T) {
		r := On(ServiceELBv2, "", Throttle()).WithProbability(0.3)
		a, b := fired(r, 1000, 7), fired(r, 1000, 7)
		for i := range a {
			if a[i] != b[i] {
				t.Fatal("same seed, different draws")
			}
		}
		if n := count(a); n < 230 || n > 370 {
			t.Errorf("fired %d of 1000 at p=0.3", n)
		}
	})
}

// TestProxyDropAndLatencyAndRewrite: a dropped connection is an SDK
// transport error; DropResponse still lets the upstream act; Rewrite and
// Respond change answers; Latency is logged (no timing is asserted).
func TestProxyDropAndLatencyAndRewrite(t *testing.T) {
	ctx := context.Background()
	p := NewProxy(t, SharedMoto(t))
	c := p.Clients(t, WithMaxAttempts(1))

	p.SetRules(On(ServiceSTS, "", Drop()))
	_, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	var apiErr smithy.APIError
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("dropped GetCallerIdentity: err %v, want a transport error", err)
	}

	p.SetRules(On(ServiceELBv2, "CreateTargetGroup", DropResponse()))
	_, err = c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: sdkaws.String("made-anyway"), TargetType: "lambda"})
	if err == nil {
		t.Fatal("CreateTargetGroup with a dropped response succeeded")
	}
	p.SetRules()
	tgs, err := c.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{"made-anyway"}})
	if err != nil || len(tgs.TargetGroups) != 1 {
		t.Fatalf("DropResponse: the upstream should have created the group: %v", err)
	}

	p.SetRules(On(ServiceSTS, "", Latency(time.Millisecond)), On(ServiceSTS, "", Rewrite(func(_ *Request, r *Reply) {
		r.Body = []byte(strings.ReplaceAll(string(r.Body), MotoAccount, "999999999999"))
	})))
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *out.Account != "999999999999" {
		t.Fatalf("rewritten GetCallerIdentity: %v, %v", out, err)
	}
	last := p.Log()[len(p.Log())-1]
	if last.Injected != "latency:1ms,rewrite" || last.Status != 200 {
		t.Errorf("log of latency+rewrite: %+v", last)
	}

	p.SetRules(On(ServiceServiceQuotas, "GetServiceQuota", Respond(func(r *Request) Reply {
		return Reply{Status: 200, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
			Body: []byte(`{"Quota":{"ServiceCode":"elasticloadbalancing","QuotaCode":"L-7EED9B64","QuotaName":"Rules per Application Load Balancer","Value":150.0,"Adjustable":true}}`)}
	})))
	q, err := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: sdkaws.String("elasticloadbalancing"), QuotaCode: sdkaws.String("L-7EED9B64")})
	if err != nil || *q.Quota.Value != 150 {
		t.Fatalf("Respond GetServiceQuota: %v %v", q, err)
	}
}

// TestBucketEmptiesAndRefills drives the AWS throttling emulation with a
// fake clock: 40 Describe calls pass, the 41st is throttled, 0.1 s later
// one more passes, and non-Describe calls never draw on the bucket.
func TestBucketEmptiesAndRefills(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	p := NewProxy(t, SharedMoto(t))
	p.EmulateThrottling(clock)
	c := p.Clients(t, WithMaxAttempts(1))
	describe := func() error {
		_, err := c.ELB.DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{})
		return err
	}
	for i := range 40 {
		if err := describe(); err != nil {
			t.Fatalf("call %d of a full bucket: %v", i+1, err)
		}
	}
	err := describe()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "Throttling" {
		t.Fatalf("41st call: %v, want Throttling", err)
	}
	// Not a Describe*: no token needed.
	if _, err := c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: sdkaws.String("free"), TargetType: "lambda"}); err != nil {
		t.Fatalf("CreateTargetGroup with an empty Describe bucket: %v", err)
	}
	now = now.Add(100 * time.Millisecond) // one token back
	if err := describe(); err != nil {
		t.Fatalf("after 0.1 s: %v", err)
	}
	if err := describe(); err == nil {
		t.Fatal("second call after 0.1 s passed: want throttled")
	}
	now = now.Add(time.Hour) // refills to capacity, not beyond
	for i := range 40 {
		if err := describe(); err != nil {
			t.Fatalf("call %d after an hour: %v", i+1, err)
		}
	}
	if err := describe(); err == nil {
		t.Fatal("bucket refilled beyond its capacity")
	}
	st := p.Buckets()[0]
	if st.Admitted != 81 || st.Throttled != 3 {
		t.Errorf("bucket stats %+v, want 81 admitted, 3 throttled", st)
	}
	if got := p.CountInjected("bucket-throttle"); got != 3 {
		t.Errorf("CountInjected(bucket-throttle) = %d, want 3", got)
	}
	// API Gateway has its own bucket: still full.
	if _, err := SDKOf(t, c).APIGW.GetRestApis(ctx, &apigateway.GetRestApisInput{}); err != nil {
		t.Errorf("GetRestApis with an empty ELB bucket: %v", err)
	}
	if got := (Bucket{Capacity: 40, RefillPerSecond: 10}).FloorSeconds(120); got != 8 {
		t.Errorf("FloorSeconds(120) = %v, want 8", got)
	}
}

// TestSDKRetriesInjectedFaults: the SDK's retryer treats every injected
// fault as transient (throttling codes, 5xx, dropped connections), so a
// rule firing on the first attempts only is absorbed.
func TestSDKRetriesInjectedFaults(t *testing.T) {
	cases := map[string]Effect{
		"throttle":      Throttle(),
		"503":           ServerError(503),
		"500":           ServerError(500),
		"drop":          Drop(),
		"drop response": DropResponse(),
	}
	endpoint := SharedMoto(t)
	for name, e := range cases {
		t.Run(name, func(t *testing.T) {
			for _, pr := range probes {
				if pr.service == ServiceServiceQuotas {
					continue // moto has no data: NoSuchResourceException is not transient
				}
				p := NewProxy(t, endpoint, On(pr.service, pr.action, e).Times(2))
				err := pr.call(context.Background(), p.Clients(t, WithMaxAttempts(3)))
				var apiErr smithy.APIError
				if err != nil && (!errors.As(err, &apiErr) || apiErr.ErrorCode() == "" || strings.Contains(err.Error(), "injected")) {
					t.Errorf("%s: %v after two injected faults and 3 attempts", pr.action, err)
				}
				if n := p.Count(pr.service, pr.action); n != 3 {
					t.Errorf("%s: %d attempts reached the proxy, want 3", pr.action, n)
				}
			}
		})
	}
}
