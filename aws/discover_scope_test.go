package aws_test

import (
	"context"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// A configured listener, REST API, distribution or hosted zone that does
// not exist, or a listener in another region than the one read, is a
// source error naming it — never an empty list (moto: each service answers
// its not-found error as AWS does; the region check needs no call).
func TestDiscoverMissingConfiguredResources(t *testing.T) {
	moto := awstest.SharedMoto(t)
	raw := awstest.MotoClients(t, moto)
	fx := awstest.SeedHostPlatform(t, raw, discoverNow)
	otherRegion := awstest.MotoClients(t, moto, func(c *awssdk.Config) { c.Region = "eu-west-1" })
	lbID := fx.ListenerARN[:strings.LastIndex(fx.ListenerARN, "/")]

	for _, tc := range []struct {
		name    string
		clients aws.Clients
		edit    func(*model.Config)
		source  string
		says    string // in the message
	}{
		{"listener of the load balancer that does not exist", raw,
			func(c *model.Config) { c.ALB.ListenerARN = lbID + "/0123456789abcdef" }, model.SourceALB, "not found"},
		{"listener of a load balancer that does not exist", raw,
			func(c *model.Config) {
				c.ALB.ListenerARN = strings.Replace(fx.ListenerARN, "/app/", "/app/gone-", 1)
			}, model.SourceALB, "LoadBalancerNotFound"},
		{"listener in another region", otherRegion,
			func(*model.Config) {}, model.SourceALB, "in region us-east-1 but envdeck reads region eu-west-1"},
		{"REST API that does not exist", raw,
			func(c *model.Config) { c.APIGateway.RestAPIID = "nosuchapi1" }, model.SourceAPIGateway, "NotFound"},
		{"distribution that does not exist", raw,
			func(c *model.Config) { c.CloudFront.DistributionID = "ENOSUCHDIST1" }, model.SourceCloudFront, "NoSuchDistribution"},
		{"hosted zone that does not exist", raw,
			func(c *model.Config) { c.Route53.HostedZoneID = "ZNOSUCHZONE1" }, model.SourceRoute53, "NoSuchHostedZone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := copyConfig(fx.Config)
			tc.edit(cfg)
			snap := aws.Discover(context.Background(), tc.clients, cfg, aws.DiscoverOptions{SkipHealth: true})
			var found []string
			for _, e := range snap.Errors {
				found = append(found, e.Source+": "+e.Message)
				if e.Source == tc.source && strings.Contains(e.Message, tc.says) {
					return
				}
			}
			t.Fatalf("errors %q, want a %s error saying %q", found, tc.source, tc.says)
		})
	}
}

// copyConfig copies the parts of cfg the cases edit.
func copyConfig(cfg *model.Config) *model.Config {
	c := *cfg
	api, cf, r53 := *cfg.APIGateway, *cfg.CloudFront, *cfg.Route53
	c.APIGateway, c.CloudFront, c.Route53 = &api, &cf, &r53
	return &c
}
