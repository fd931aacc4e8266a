package model

import (
	"errors"
	"strings"
	"testing"
)

func h2Cfg() *Config {
	c := DefaultConfig()
	c.ALB.ListenerARN = h2ListenerARN
	return c
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Config)
		want   string // "" = valid; else the key and message that must appear
	}{
		{"defaults plus listener", func(c *Config) {}, ""},
		{"full host platform", func(c *Config) {
			*c = *h2HostCfg()
			c.ALB.Routing = RoutingHost
			c.CloudFront.Slots = &SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: 20}
		}, ""},
		{"host with slots and no host pattern", func(c *Config) {
			c.ALB.Routing = RoutingHost
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", Slots: &SlotsConfig{Pattern: "pv-{n}.example.com", Count: 3}}
			c.Route53 = &Route53Config{HostedZoneID: "Z0123456789"}
		}, ""},
		{"missing listener", func(c *Config) { c.ALB.ListenerARN = "" }, "alb.listener_arn: required"},
		{"listener of an NLB", func(c *Config) {
			c.ALB.ListenerARN = strings.Replace(h2ListenerARN, "listener/app/", "listener/net/", 1)
		}, "alb.listener_arn: \"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/"},
		{"listener is a load balancer", func(c *Config) {
			c.ALB.ListenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared-alb/50dc6c495c0c9188"
		}, "alb.listener_arn: \"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer"},
		{"listener in other region", func(c *Config) { c.Region = "eu-west-1" }, "alb.listener_arn: is in region us-east-1 but region is eu-west-1"},
		{"listener in other account", func(c *Config) { c.AccountID = "210987654321" }, "alb.listener_arn: is in account 123456789012 but account_id is 210987654321"},
		{"routing", func(c *Config) { c.ALB.Routing = "weighted" }, `alb.routing: "weighted" must be path or host`},
		{"path pattern without env", func(c *Config) { c.ALB.PathPattern = "/preview/*" }, `alb.path_pattern: pattern "/preview/*" has no {env}`},
		{"path pattern without slash", func(c *Config) { c.ALB.PathPattern = "{env}/*" }, `alb.path_pattern: "{env}/*" must start with '/'`},
		{"path routing without path pattern", func(c *Config) { c.ALB.PathPattern = "" }, "alb.path_pattern: required for routing path"},
		{"host pattern env twice", func(c *Config) { c.ALB.HostPattern = "{env}.{env}.example.com" }, "alb.host_pattern: pattern \"{env}.{env}.example.com\" has {env} more than once"},
		{"host pattern wildcard", func(c *Config) { c.ALB.HostPattern = "{env}.*.example.com" }, "alb.host_pattern: \"{env}.*.example.com\" has '*'"},
		{"host routing without host pattern", func(c *Config) { c.ALB.Routing = RoutingHost }, "alb.host_pattern: required for routing host"},
		{"range reversed", func(c *Config) { c.ALB.PriorityRange = [2]int{5000, 1000} }, "alb.priority_range: 5000 > 1000 (reversed)"},
		{"range zero", func(c *Config) { c.ALB.PriorityRange = [2]int{0, 10} }, "alb.priority_range: [0, 10] must lie within 1..50000"},
		{"range too high", func(c *Config) { c.ALB.PriorityRange = [2]int{1, 50001} }, "alb.priority_range: [1, 50001] must lie within 1..50000"},
		{"tg name without env", func(c *Config) { c.ALB.TargetGroup.Name = "env" }, "alb.target_group.name: pattern \"env\" has no {env}"},
		{"tg name bad char", func(c *Config) { c.ALB.TargetGroup.Name = "env_{env}" }, "alb.target_group.name: \"env_{env}\" renders a name with '_'"},
		{"tg name too long", func(c *Config) { c.ALB.TargetGroup.Name = strings.Repeat("t", 32) + "{env}" }, "alb.target_group.name: \"" + strings.Repeat("t", 32) + "{env}\" renders a name of 33 characters, the limit is 32"},
		{"tg type", func(c *Config) { c.ALB.TargetGroup.Type = "alb" }, `alb.target_group.type: "alb" must be lambda, ip or instance`},
		{"ip needs port", func(c *Config) {
			c.ALB.TargetGroup = TargetGroupConfig{Name: "env-{env}", Type: "ip", Protocol: "HTTP", VPCID: "vpc-0abc"}
		}, "alb.target_group.port: required for type ip"},
		{"instance needs vpc", func(c *Config) {
			c.ALB.TargetGroup = TargetGroupConfig{Name: "env-{env}", Type: "instance", Port: 80, Protocol: "HTTP"}
		}, "alb.target_group.vpc_id: required for type instance"},
		{"ip needs protocol", func(c *Config) {
			c.ALB.TargetGroup = TargetGroupConfig{Name: "env-{env}", Type: "ip", Port: 80, VPCID: "vpc-0abc"}
		}, "alb.target_group.protocol: required for type ip"},
		{"lambda with port", func(c *Config) { c.ALB.TargetGroup.Port = 80 }, "alb.target_group.port: not used by type lambda"},
		{"env pattern", func(c *Config) { c.Naming.EnvPattern = "[a-" }, "naming.env_pattern: does not compile"},
		{"env pattern empty", func(c *Config) { c.Naming.EnvPattern = "" }, "naming.env_pattern: empty"},
		{"bad glob", func(c *Config) { c.Naming.Protected = []string{"main", "staging", "release-["} }, `naming.protected[2]: "release-[" is not a valid glob`},
		{"bad glob late in pattern", func(c *Config) { c.Naming.Protected = []string{"x*[z-"} }, "naming.protected[0]"},
		{"empty glob", func(c *Config) { c.Naming.Protected = []string{""} }, "naming.protected[0]: empty glob"},
		{"ttl zero", func(c *Config) { c.Naming.DefaultTTL = Duration{} }, "naming.default_ttl: 0s must be positive"},
		{"grace negative", func(c *Config) { c.GC.Grace = Duration{-1} }, "gc.grace: -1ns is negative"},
		{"api budget zero", func(c *Config) { c.APIBudget = 0 }, "api_budget: 0 is outside (0, 1]"},
		{"api budget above one", func(c *Config) { c.APIBudget = 1.5 }, "api_budget: 1.5 is outside (0, 1]"},
		{"account id", func(c *Config) { c.AccountID = "12345" }, `account_id: "12345" is not a 12-digit AWS account ID`},
		{"region", func(c *Config) { c.Region = "Europe" }, `region: "Europe" is not an AWS region`},
		{"tags prefix empty", func(c *Config) { c.Tags.Prefix = "" }, "tags.prefix"},
		{"tags prefix aws", func(c *Config) { c.Tags.Prefix = "aws:x" }, "tags.prefix: \"aws:x\": tag keys starting with aws are reserved"},
		{"stage without env", func(c *Config) { c.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "prod"} }, "apigateway.stage: pattern \"prod\" has no {env}"},
		{"stage bad char", func(c *Config) { c.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}.x"} }, "apigateway.stage: \"{env}.x\" renders a name with '.'"},
		{"rest api id", func(c *Config) { c.APIGateway = &APIGatewayConfig{Stage: "{env}"} }, "apigateway.rest_api_id: required"},
		{"stage variable name", func(c *Config) {
			c.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}", Variables: map[string]string{"bad-name": "x"}}
		}, "apigateway.variables.bad-name"},
		{"alias without env", func(c *Config) {
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "preview.example.com"}
		}, "cloudfront.alias_pattern: pattern \"preview.example.com\" has no {env}"},
		{"distribution id", func(c *Config) { c.CloudFront = &CloudFrontConfig{AliasPattern: "{env}.example.com"} }, "cloudfront.distribution_id: required"},
		{"slots without n", func(c *Config) {
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", Slots: &SlotsConfig{Pattern: "pv.example.com", Count: 3}}
			c.Route53 = &Route53Config{HostedZoneID: "Z0123456789"}
		}, "cloudfront.slots.pattern: pattern \"pv.example.com\" has no {n}"},
		{"slots with env", func(c *Config) {
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", Slots: &SlotsConfig{Pattern: "{env}-{n}.example.com", Count: 3}}
			c.Route53 = &Route53Config{HostedZoneID: "Z0123456789"}
		}, "cloudfront.slots.pattern: \"{env}-{n}.example.com\" holds {env}"},
		{"slots count", func(c *Config) {
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", Slots: &SlotsConfig{Pattern: "pv-{n}.example.com", Count: 1001}}
			c.Route53 = &Route53Config{HostedZoneID: "Z0123456789"}
		}, "cloudfront.slots.count: 1001 must be 1..1000"},
		{"slots need route53", func(c *Config) {
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", Slots: &SlotsConfig{Pattern: "pv-{n}.example.com", Count: 3}}
		}, "cloudfront.slots: needs route53"},
		{"host routing without alias pattern", func(c *Config) {
			c.ALB.Routing = RoutingHost
			c.ALB.HostPattern = "{env}.example.com"
			c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ"}
		}, "cloudfront.alias_pattern: required for routing host without cloudfront.slots"},
		{"record pattern without env", func(c *Config) {
			c.Route53 = &Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "x.example.com"}
		}, "route53.record_pattern: pattern \"x.example.com\" has no {env}"},
		{"zone id", func(c *Config) { c.Route53 = &Route53Config{HostedZoneID: "zone one"} }, "route53.hosted_zone_id: required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := h2Cfg()
			tc.mutate(c)
			err := c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			h2AssertOneLine(t, err, tc.want)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("%T is no *ConfigError", err)
			}
			key, _, _ := strings.Cut(tc.want, ":")
			if !ce.Has(key) {
				t.Errorf("problems %v lack key %q", ce.Problems, key)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := h2Cfg()
	c.ALB.ListenerARN = ""
	c.ALB.PriorityRange = [2]int{5000, 1000}
	c.Naming.Protected = []string{"["}
	err := c.Validate()
	want := "naming.protected[0]: \"[\" is not a valid glob (e.g. release-*); alb.listener_arn: required (the ARN of the shared ALB's listener); alb.priority_range: 5000 > 1000 (reversed)"
	if err == nil || err.Error() != want {
		t.Fatalf("Validate() = %v\nwant %s", err, want)
	}
}
