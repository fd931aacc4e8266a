package awstest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/aws"
)

// TestIdentifyEveryAction seeds the host platform, discovers it and makes
// every mutating call envdeck's interfaces have, all through the proxy:
// each request must be named by its real service and action.
func TestIdentifyEveryAction(t *testing.T) {
	ctx := context.Background()
	p := NewProxy(t, SharedMoto(t))
	c := p.Clients(t)
	f := SeedHostPlatform(t, c, seedNow)
	aws.Discover(ctx, c, f.Config, aws.DiscoverOptions{})

	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := c.APIGW.GetStage(ctx, &apigateway.GetStageInput{RestApiId: sdkaws.String(f.RestAPIID), StageName: sdkaws.String("feat-login")})
	must(err, "GetStage")
	stageARN := "arn:aws:apigateway:" + TestRegion + "::/restapis/" + f.RestAPIID + "/stages/feat-login"
	_, err = c.APIGW.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: sdkaws.String(stageARN), Tags: map[string]string{"k": "v"}})
	must(err, "TagResource")
	_, err = c.APIGW.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: sdkaws.String(stageARN), TagKeys: []string{"k"}})
	must(err, "UntagResource")
	_, err = c.APIGW.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: sdkaws.String(f.RestAPIID), DeploymentId: sdkaws.String(f.DeploymentID), StageName: sdkaws.String("feat-x")})
	must(err, "CreateStage")
	_, err = c.APIGW.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: sdkaws.String(f.RestAPIID), StageName: sdkaws.String("feat-x")})
	must(err, "DeleteStage")
	rule := f.Rules["feat-old"]
	_, err = c.ELB.AddTags(ctx, &elbv2.AddTagsInput{ResourceArns: []string{rule}, Tags: []elbtypes.Tag{{Key: sdkaws.String("k"), Value: sdkaws.String("v")}}})
	must(err, "AddTags")
	_, err = c.ELB.RemoveTags(ctx, &elbv2.RemoveTagsInput{ResourceArns: []string{rule}, TagKeys: []string{"k"}})
	must(err, "RemoveTags")
	_, err = c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: sdkaws.String(rule)})
	must(err, "DeleteRule")
	_, err = c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: sdkaws.String(f.TargetGroups["env-feat-old"])})
	must(err, "DeleteTargetGroup")
	cfg, err := c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: sdkaws.String(f.DistributionID)})
	must(err, "GetDistributionConfig")
	_, err = c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: sdkaws.String(f.DistributionID), IfMatch: cfg.ETag, DistributionConfig: cfg.DistributionConfig})
	must(err, "UpdateDistribution")
	_, err = c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: sdkaws.String(f.HostedZoneID),
		ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionDelete, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: sdkaws.String("old-site.cdn." + PreviewZone), Type: r53types.RRTypeCname, TTL: sdkaws.Int64(300),
			ResourceRecords: []r53types.ResourceRecord{{Value: sdkaws.String(LegacyCloudFront)}}}}}}})
	must(err, "ChangeResourceRecordSets")

	want := []string{
		"ec2:DescribeSubnets",
		"elbv2:CreateLoadBalancer", "elbv2:CreateListener", "elbv2:CreateTargetGroup", "elbv2:RegisterTargets", "elbv2:CreateRule",
		"elbv2:DescribeLoadBalancers", "elbv2:DescribeListeners", "elbv2:DescribeRules", "elbv2:DescribeTargetGroups",
		"elbv2:DescribeTargetHealth", "elbv2:DescribeTags", "elbv2:AddTags", "elbv2:RemoveTags", "elbv2:DeleteRule", "elbv2:DeleteTargetGroup",
		"apigateway:CreateRestApi", "apigateway:GetResources", "apigateway:PutMethod", "apigateway:PutIntegration", "apigateway:CreateDeployment",
		"apigateway:CreateStage", "apigateway:GetStages", "apigateway:GetStage", "apigateway:GetDeployments", "apigateway:TagResource",
		"apigateway:UntagResource", "apigateway:DeleteStage",
		"cloudfront:CreateDistribution", "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution",
		"route53:CreateHostedZone", "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
		"sts:GetCallerIdentity",
	}
	got := p.Actions()
	for _, k := range want {
		if got[k] == 0 {
			t.Errorf("no call identified as %s", k)
		}
	}
	for k := range got {
		if strings.ContainsAny(k, " /") || strings.HasPrefix(k, "unknown:") || strings.HasSuffix(k, ":") {
			t.Errorf("unidentified request %q", k)
		}
	}
}

func TestIdentifyRESTRoutes(t *testing.T) {
	auth := func(svc string) string {
		return "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/" + svc + "/aws4_request, SignedHeaders=host, Signature=0"
	}
	cases := map[string]struct{ svc, method, url, service, action string }{
		"stages":          {"apigateway", "GET", "/restapis/a1/stages", ServiceAPIGateway, "GetStages"},
		"stage":           {"apigateway", "DELETE", "/restapis/a1/stages/feat-x", ServiceAPIGateway, "DeleteStage"},
		"update stage":    {"apigateway", "PATCH", "/restapis/a1/stages/feat-x", ServiceAPIGateway, "UpdateStage"},
		"tags":            {"apigateway", "PUT", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1%2Fstages%2Fx", ServiceAPIGateway, "TagResource"},
		"untag":           {"apigateway", "DELETE", "/tags/arn%3Aaws%3Aapigateway?tagKeys=k", ServiceAPIGateway, "UntagResource"},
		"dist config put": {"cloudfront", "PUT", "/2020-05-31/distribution/E1/config", ServiceCloudFront, "UpdateDistribution"},
		"dist":            {"cloudfront", "GET", "/2020-05-31/distribution/E1", ServiceCloudFront, "GetDistribution"},
		"tag dist":        {"cloudfront", "POST", "/2020-05-31/tagging?Operation=Tag&Resource=x", ServiceCloudFront, "TagResource"},
		"rrset":           {"route53", "GET", "/2013-04-01/hostedzone/Z1/rrset?maxitems=300", ServiceRoute53, "ListResourceRecordSets"},
		"zone limit":      {"route53", "GET", "/2013-04-01/hostedzonelimit/Z1/MAX_RRSETS_BY_ZONE", ServiceRoute53, "GetHostedZoneLimit"},
		"unknown route":   {"route53", "GET", "/2013-04-01/healthcheck/123", ServiceRoute53, "GET /2013-04-01/healthcheck/*"},
		"elbv2 form":      {"elasticloadbalancing", "POST", "/", ServiceELBv2, "DescribeRules"},
		"unsigned cf":     {"", "GET", "/2020-05-31/distribution/E1/config", ServiceCloudFront, "GetDistributionConfig"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			body := ""
			if tc.service == ServiceELBv2 {
				body = "Action=DescribeRules&Version=2015-12-01"
			}
			r := httptest.NewRequest(tc.method, tc.url, strings.NewReader(body))
			if tc.svc != "" {
				r.Header.Set("Authorization", auth(tc.svc))
			}
			svc, action := Identify(r, []byte(body))
			if svc != tc.service || action != tc.action {
				t.Errorf("Identify = %s %q, want %s %q", svc, action, tc.service, tc.action)
			}
		})
	}
}
