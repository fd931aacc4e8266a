package aws_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// applyPlatform is a shared edge platform seeded in moto for apply tests:
// one ALB with one listener, a REST API with a deployment, and in host mode
// a distribution, a zone and the slot pool (aliases + records).
type applyPlatform struct {
	endpoint string
	c        aws.Clients
	cfg      *model.Config
	raw      rawClients
	lb       string
	vpc      string
	listener string
	apiID    string
	distID   string
	domain   string
	zoneID   string
}

// rawClients are SDK clients for what envdeck's narrow interfaces lack
// (seeding, and changing things behind envdeck's back in drift tests).
type rawClients struct {
	elb   *elbv2.Client
	apigw *apigateway.Client
	cf    *cloudfront.Client
	r53   *route53.Client
}

// seedApplyPlatform starts moto and builds the platform; slots > 0 seeds a
// host-mode pool of that many slots, slots < 0 host mode without slots.
func seedApplyPlatform(t *testing.T, slots int) *applyPlatform {
	t.Helper()
	endpoint := awstest.SharedMoto(t)
	ctx := context.Background()
	sdk := awstest.SDKConfig(endpoint)
	p := &applyPlatform{endpoint: endpoint, c: awstest.MotoClients(t, endpoint)}
	p.raw = rawClients{elb: elbv2.NewFromConfig(sdk), apigw: apigateway.NewFromConfig(sdk), cf: cloudfront.NewFromConfig(sdk), r53: route53.NewFromConfig(sdk)}

	vpc := ec2Call(t, endpoint, "vpcId", "Action", "CreateVpc", "CidrBlock", "10.0.0.0/16")
	p.vpc = vpc
	sub1 := ec2Call(t, endpoint, "subnetId", "Action", "CreateSubnet", "VpcId", vpc, "CidrBlock", "10.0.1.0/24", "AvailabilityZone", "us-east-1a")
	sub2 := ec2Call(t, endpoint, "subnetId", "Action", "CreateSubnet", "VpcId", vpc, "CidrBlock", "10.0.2.0/24", "AvailabilityZone", "us-east-1b")
	lb, err := p.raw.elb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: awssdk.String("shared-alb"), Subnets: []string{sub1, sub2}})
	must(t, err)
	p.lb = awssdk.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	l, err := p.raw.elb.CreateListener(ctx, &elbv2.CreateListenerInput{
		LoadBalancerArn: awssdk.String(p.lb), Port: awssdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: awssdk.String("404")}}},
	})
	must(t, err)
	p.listener = awssdk.ToString(l.Listeners[0].ListenerArn)

	api, err := p.raw.apigw.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: awssdk.String("shared-api")})
	must(t, err)
	p.apiID = awssdk.ToString(api.Id)
	res, err := p.raw.apigw.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id})
	must(t, err)
	root := res.Items[0].Id
	_, err = p.raw.apigw.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: root, HttpMethod: awssdk.String("GET"), AuthorizationType: awssdk.String("NONE")})
	must(t, err)
	_, err = p.raw.apigw.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: root, HttpMethod: awssdk.String("GET"), Type: "MOCK"})
	must(t, err)
	_, err = p.raw.apigw.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, Description: awssdk.String("v1")})
	must(t, err)

	cfg := model.DefaultConfig()
	cfg.Naming.Protected = []string{"main", "release-*"}
	cfg.ALB.ListenerARN = p.listener
	cfg.ALB.PriorityRange = [2]int{1000, 4999}
	cfg.ALB.HostPattern = "{env}.preview.example.com"
	cfg.APIGateway = &model.APIGatewayConfig{RestAPIID: p.apiID, Stage: "{env}", Variables: map[string]string{"env": "{env}"}}
	if slots != 0 {
		p.seedEdge(t, slots)
		cfg.ALB.Routing = model.RoutingHost
		cfg.CloudFront = &model.CloudFrontConfig{DistributionID: p.distID, AliasPattern: "{env}.preview.example.com"}
		if slots > 0 {
			cfg.CloudFront.Slots = &model.SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: slots}
		}
		cfg.Route53 = &model.Route53Config{HostedZoneID: p.zoneID, RecordPattern: "{env}.preview.example.com"}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config: %v", err)
	}
	p.cfg = cfg
	return p
}

func (p *applyPlatform) seedEdge(t *testing.T, slots int) {
	ctx := context.Background()
	var aliases []string
	for n := 1; n <= slots; n++ {
		aliases = append(aliases, fmt.Sprintf("pv-%d.preview.example.com", n))
	}
	d, err := p.raw.cf.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{DistributionConfig: &cftypes.DistributionConfig{
		CallerReference: awssdk.String("envdeck-test"),
		Comment:         awssdk.String("shared"),
		Enabled:         awssdk.Bool(true),
		Aliases:         &cftypes.Aliases{Items: aliases, Quantity: awssdk.Int32(int32(len(aliases)))},
		Origins: &cftypes.Origins{Quantity: awssdk.Int32(1), Items: []cftypes.Origin{{
			Id: awssdk.String("alb"), DomainName: awssdk.String("shared-alb.example.com"),
			CustomOriginConfig: &cftypes.CustomOriginConfig{HTTPPort: awssdk.Int32(80), HTTPSPort: awssdk.Int32(443), OriginProtocolPolicy: cftypes.OriginProtocolPolicyHttpOnly},
		}}},
		DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: awssdk.String("alb"), ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyAllowAll,
			CachePolicyId: awssdk.String("658327ea-f89d-4fab-a63d-7e88639e58f6")},
	}})
	must(t, err)
	p.distID = awssdk.ToString(d.Distribution.Id)
	p.domain = strings.TrimSuffix(awssdk.ToString(d.Distribution.DomainName), ".")
	z, err := p.raw.r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: awssdk.String("preview.example.com"), CallerReference: awssdk.String("envdeck-test")})
	must(t, err)
	p.zoneID = strings.TrimPrefix(awssdk.ToString(z.HostedZone.Id), "/hostedzone/")
	var changes []r53types.Change
	for _, a := range aliases {
		changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: awssdk.String(a), Type: r53types.RRTypeA,
			AliasTarget: &r53types.AliasTarget{DNSName: awssdk.String(p.domain), HostedZoneId: awssdk.String(model.CloudFrontHostedZoneID)},
		}})
	}
	if len(changes) > 0 {
		_, err = p.raw.r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: awssdk.String(p.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
		must(t, err)
	}
}

// inventory discovers the platform and builds the inventory.
func (p *applyPlatform) inventory(t *testing.T, now time.Time) *model.Inventory {
	t.Helper()
	snap := aws.Discover(context.Background(), p.c, p.cfg, aws.DiscoverOptions{})
	for _, e := range snap.Errors {
		if e.Source != model.SourceQuotas {
			t.Fatalf("discover: %s: %s", e.Source, e.Message)
		}
	}
	return model.BuildInventory(snap, p.cfg, now)
}

var ec2Field = map[string]*regexp.Regexp{}

// ec2Call makes one EC2 query call against moto (envdeck has no EC2 client)
// and returns the first <field> of the answer.
func ec2Call(t *testing.T, endpoint, field string, kv ...string) string {
	t.Helper()
	form := url.Values{"Version": {"2016-11-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	req, err := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(form.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	re, ok := ec2Field[field]
	if !ok {
		re = regexp.MustCompile("<" + field + ">([^<]+)</" + field + ">")
		ec2Field[field] = re
	}
	m := re.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("ec2 %s: HTTP %d: %s", form.Get("Action"), resp.StatusCode, body)
	}
	return string(m[1])
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func stageTagInput(p *applyPlatform, stage, key, value string) *apigateway.TagResourceInput {
	return &apigateway.TagResourceInput{
		ResourceArn: awssdk.String("arn:aws:apigateway:" + p.c.Region + "::/restapis/" + p.apiID + "/stages/" + stage),
		Tags:        map[string]string{key: value},
	}
}
