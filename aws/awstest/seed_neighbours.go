package awstest

import (
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// Neighbours of a seeded platform in the same account: what other teams
// (or envdeck's other uses) run beside it, which envdeck must never take
// for its own garbage.

// SeedOtherLoadBalancerUse creates a second load balancer (other-alb, one
// listener on :80) and on it a rule forwarding to a new target group
// env-ENV: owned by envdeck (tags of an environment created 26h ago, not
// expired) with one target, used by no rule of the platform's load
// balancer. It returns the target group's and the load balancer's ARNs.
func SeedOtherLoadBalancerUse(t testing.TB, c aws.Clients, now time.Time, env string) (tgARN, lbARN string) {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	_, subnets, err := defaultSubnets(s.ctx, s.sdk)
	s.must(err, "default subnets")
	lb, err := s.sdk.ELB.CreateLoadBalancer(s.ctx, &elbv2.CreateLoadBalancerInput{Name: sdkaws.String("other-alb"), Subnets: subnets})
	s.must(err, "second load balancer")
	lbARN = sdkaws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	listener := s.listener(lbARN, 80)
	tags := s.tagMap(envTags{env: env, owner: "erin", age: seedOldAge, ttl: seedTTL, managed: true})
	tgARN = s.targetGroup(tgSpec{name: "env-" + env, tags: tags, targets: []string{lambdaARN("env-" + env)}})
	s.rule(listener, 10, []elbtypes.RuleCondition{pathCond("/" + env + "/*")}, forward(tgARN), nil)
	return tgARN, lbARN
}

// SeedDistribution creates another distribution of the account holding
// aliases and returns its id and domain name (no trailing dot).
func SeedDistribution(t testing.TB, c aws.Clients, callerRef string, aliases ...string) (id, domain string) {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), time.Now())
	out, err := s.sdk.CF.CreateDistribution(s.ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: DistributionConfig(callerRef, "other-origin.example.com", aliases)})
	s.must(err, "distribution %s", callerRef)
	return sdkaws.ToString(out.Distribution.Id), strings.TrimSuffix(sdkaws.ToString(out.Distribution.DomainName), ".")
}

// SeedAliasRecord creates an A-alias record name → target (a CloudFront
// domain) in zone and returns its resource id ZONE/NAME/A.
func SeedAliasRecord(t testing.TB, c aws.Clients, zone, name, target string) string {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), time.Now())
	_, err := s.sdk.R53.ChangeResourceRecordSets(s.ctx, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: sdkaws.String(zone), ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{
			Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
				Name: sdkaws.String(name), Type: r53types.RRTypeA,
				AliasTarget: &r53types.AliasTarget{HostedZoneId: sdkaws.String(CloudFrontZoneID), DNSName: sdkaws.String(target + "."), EvaluateTargetHealth: false},
			}}}}})
	s.must(err, "record %s", name)
	return model.RecordID(zone, name, "A")
}
