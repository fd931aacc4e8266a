package sandbox_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/aws/sandbox"
)

func TestMain(m *testing.M) { os.Exit(awstest.RunTests(m)) }

// backend is one implementation of the AWS behaviour contract with a small
// platform on it: an ALB with two listeners, a REST API with a deployment,
// a CloudFront distribution and a hosted zone.
type backend struct {
	name      string
	c         envaws.Clients
	endpoint  string           // moto only
	sandbox   *sandbox.Account // nil on moto
	clock     *fakeClock       // sandbox only
	lbARN     string
	listeners [2]string
	vpcID     string
	apiID     string
	deployID  string
	distID    string
	zoneID    string // without /hostedzone/
	zoneName  string // without trailing dot
	distDNS   string
}

func (b *backend) isSandbox() bool { return b.sandbox != nil }

// fakeClock is the sandbox's injectable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// eachBackend runs fn against a fresh sandbox and a fresh moto_server
// account (the shared moto, reset). Subtests run one after the other.
func eachBackend(t *testing.T, fn func(t *testing.T, b *backend)) {
	t.Run("sandbox", func(t *testing.T) { fn(t, newSandboxBackend(t)) })
	t.Run("moto", func(t *testing.T) { fn(t, newMotoBackend(t)) })
}

const zoneName = "preview.example.com"

func newSandboxBackend(t *testing.T) *backend {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	a := sandbox.New(sandbox.Options{Clock: clock.Now, DeployTime: 5 * time.Minute, HealthSettle: 30 * time.Second})
	// Both backends are reached through aws.Instrument, as the product does.
	b := &backend{name: "sandbox", sandbox: a, clock: clock, c: envaws.Instrument(a.Clients(), envaws.InstrumentOptions{}), zoneName: zoneName, vpcID: "vpc-0a1b2c3d4e5f60718"}
	b.lbARN = a.AddLoadBalancer("shared-alb")
	var err error
	for i, port := range []int32{443, 8080} {
		if b.listeners[i], err = a.AddListener(b.lbARN, port, "HTTP", nil); err != nil {
			t.Fatal(err)
		}
	}
	b.apiID = a.AddRestAPI("preview-api")
	if b.deployID, err = a.AddDeployment(b.apiID, "v1"); err != nil {
		t.Fatal(err)
	}
	if b.distID, err = a.AddDistribution("preview", "shared-alb.example.com", "pv-1."+zoneName); err != nil {
		t.Fatal(err)
	}
	b.zoneID = a.AddHostedZone(zoneName)
	b.distDNS = distDomain(t, b)
	return b
}

func newMotoBackend(t *testing.T) *backend {
	t.Helper()
	endpoint := awstest.SharedMoto(t)
	c := awstest.MotoClients(t, endpoint, awstest.WithMaxAttempts(1))
	// Seeding needs calls outside envdeck's interfaces: plain SDK clients.
	raw := awstest.SDKConfig(endpoint, awstest.WithMaxAttempts(1))
	b := &backend{name: "moto", c: c, zoneName: zoneName, endpoint: endpoint}
	ctx := context.Background()
	subnets, vpc := motoSubnets(t, endpoint)
	b.vpcID = vpc
	elb := elbv2.NewFromConfig(raw)
	lb, err := elb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: ptr("shared-alb"), Subnets: subnets[:2]})
	if err != nil {
		t.Fatalf("moto CreateLoadBalancer: %v", err)
	}
	b.lbARN = *lb.LoadBalancers[0].LoadBalancerArn
	for i, port := range []int32{443, 8080} {
		l, err := elb.CreateListener(ctx, &elbv2.CreateListenerInput{
			LoadBalancerArn: ptr(b.lbARN), Port: ptr(port), Protocol: elbtypes.ProtocolEnumHttp,
			DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: ptr("404")}}},
		})
		if err != nil {
			t.Fatalf("moto CreateListener: %v", err)
		}
		b.listeners[i] = *l.Listeners[0].ListenerArn
	}
	ag := apigateway.NewFromConfig(raw)
	api, err := ag.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: ptr("preview-api")})
	if err != nil {
		t.Fatalf("moto CreateRestApi: %v", err)
	}
	b.apiID = *api.Id
	res, err := ag.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id})
	if err != nil {
		t.Fatal(err)
	}
	root := res.Items[0].Id
	if _, err := ag.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: root, HttpMethod: ptr("GET"), AuthorizationType: ptr("NONE")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ag.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: root, HttpMethod: ptr("GET"), Type: agtypes.IntegrationTypeMock}); err != nil {
		t.Fatal(err)
	}
	dep, err := ag.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, Description: ptr("v1")})
	if err != nil {
		t.Fatalf("moto CreateDeployment: %v", err)
	}
	b.deployID = *dep.Id
	b.distID, _ = b.addDistribution(t, "contract-test", "pv-1."+zoneName)
	r53 := route53.NewFromConfig(raw)
	z, err := r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: ptr(zoneName), CallerReference: ptr("contract-test")})
	if err != nil {
		t.Fatalf("moto CreateHostedZone: %v", err)
	}
	b.zoneID = strings.TrimPrefix(*z.HostedZone.Id, "/hostedzone/")
	b.distDNS = distDomain(t, b)
	return b
}

// addDistribution creates a distribution with one alias and returns its id
// and domain name.
func (b *backend) addDistribution(t *testing.T, ref, alias string) (id, domain string) {
	t.Helper()
	if b.isSandbox() {
		id, err := b.sandbox.AddDistribution(ref, "shared-alb.example.com", alias)
		if err != nil {
			t.Fatal(err)
		}
		return id, distDomainOf(t, b, id)
	}
	cf := cloudfront.NewFromConfig(awstest.SDKConfig(b.endpoint, awstest.WithMaxAttempts(1)))
	dist, err := cf.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{DistributionConfig: &cftypes.DistributionConfig{
		CallerReference: ptr(ref), Comment: ptr("preview"), Enabled: ptr(true),
		Aliases: &cftypes.Aliases{Quantity: ptr[int32](1), Items: []string{alias}},
		Origins: &cftypes.Origins{Quantity: ptr[int32](1), Items: []cftypes.Origin{{
			Id: ptr("alb"), DomainName: ptr("shared-alb.example.com"),
			CustomOriginConfig: &cftypes.CustomOriginConfig{HTTPPort: ptr[int32](80), HTTPSPort: ptr[int32](443), OriginProtocolPolicy: cftypes.OriginProtocolPolicyHttpsOnly},
		}}},
		DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: ptr("alb"), ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
			CachePolicyId: ptr("4135ea2d-6df8-44a3-9df3-4b5a84be39ad")},
	}})
	if err != nil {
		t.Fatalf("moto CreateDistribution: %v", err)
	}
	return *dist.Distribution.Id, *dist.Distribution.DomainName
}

func distDomain(t *testing.T, b *backend) string { return distDomainOf(t, b, b.distID) }

func distDomainOf(t *testing.T, b *backend, id string) string {
	t.Helper()
	out, err := b.c.CF.GetDistribution(context.Background(), &cloudfront.GetDistributionInput{Id: ptr(id)})
	if err != nil {
		t.Fatalf("%s GetDistribution: %v", b.name, err)
	}
	return *out.Distribution.DomainName
}

var subnetRE = regexp.MustCompile(`<subnetId>(subnet-[0-9a-f]+)</subnetId><state>available</state><vpcId>(vpc-[0-9a-f]+)</vpcId>`)

// motoSubnets lists moto's default subnets with a plain EC2 Query call (the
// module has no EC2 client; moto does not check signatures).
func motoSubnets(t *testing.T, endpoint string) ([]string, string) {
	t.Helper()
	body := url.Values{"Action": {"DescribeSubnets"}, "Version": {"2016-11-15"}}.Encode()
	req, err := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/"+awstest.TestRegion+"/ec2/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("moto DescribeSubnets: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var subnets []string
	vpc := ""
	for _, m := range subnetRE.FindAllStringSubmatch(string(raw), -1) {
		subnets = append(subnets, m[1])
		vpc = m[2]
	}
	if len(subnets) < 2 {
		t.Fatalf("moto DescribeSubnets: want 2 default subnets, got %d: %.300s", len(subnets), raw)
	}
	return subnets, vpc
}

func ptr[T any](v T) *T { return &v }

// errCode is the API error code of err ("" when it is no API error).
func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// wantErr fails unless err matches the typed SDK error T.
func wantErr[T error](t *testing.T, what string, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("%s: want %T, got %v", what, target, err)
	}
	return target
}

// lambdaTG creates a lambda target group.
func lambdaTG(t *testing.T, b *backend, name string, tags map[string]string) string {
	t.Helper()
	in := &elbv2.CreateTargetGroupInput{Name: ptr(name), TargetType: elbtypes.TargetTypeEnumLambda}
	for k, v := range tags {
		in.Tags = append(in.Tags, elbtypes.Tag{Key: ptr(k), Value: ptr(v)})
	}
	out, err := b.c.ELB.CreateTargetGroup(context.Background(), in)
	if err != nil {
		t.Fatalf("%s CreateTargetGroup %s: %v", b.name, name, err)
	}
	return *out.TargetGroups[0].TargetGroupArn
}

func pathRule(listener string, prio int32, path, tg string) *elbv2.CreateRuleInput {
	return &elbv2.CreateRuleInput{
		ListenerArn: ptr(listener), Priority: ptr(prio),
		Conditions: []elbtypes.RuleCondition{{Field: ptr("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{path}}}},
		Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(tg)}},
	}
}

// forwardsTo lists the target groups of a forward action, whichever shape
// the backend answers (moto: TargetGroupArn only; AWS: both forms).
func forwardsTo(a elbtypes.Action) []string {
	if a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
		var out []string
		for _, tg := range a.ForwardConfig.TargetGroups {
			out = append(out, *tg.TargetGroupArn)
		}
		return out
	}
	if a.TargetGroupArn != nil {
		return []string{*a.TargetGroupArn}
	}
	return nil
}

// differs says in the test output where moto departs from AWS; the sandbox
// follows AWS and only the sandbox is asserted on.
func differs(t *testing.T, b *backend, format string, args ...any) {
	t.Helper()
	if !b.isSandbox() {
		t.Logf("moto differs from AWS (docs/TESTING.md): "+format, args...)
	}
}

type bytesBuffer = strings.Builder
