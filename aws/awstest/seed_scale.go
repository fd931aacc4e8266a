package awstest

import (
	"fmt"
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

// ScaleOptions sizes SeedScalePlatform.
type ScaleOptions struct {
	Envs   int // healthy path environments: rule + lambda TG + one target each
	Stages int // the first Stages environments also get a stage (≤ 10 is realistic)
	Slots  int // 0: no CloudFront/Route 53; else a free slot pool pv-1..pv-N with records
}

// ScaleFixture is a uniform platform for load, throttling and call-count
// tests (the scale tests and the bench): one ALB with one HTTP
// listener, Envs healthy owned environments env-0001… on it, a REST API
// with Stages stages, and optionally a distribution with a slot pool of
// Slots aliases, each with its A-alias record in zone preview.example.com.
type ScaleFixture struct {
	Config          *model.Config
	ConfigYAML      string
	LoadBalancerARN string
	ListenerARN     string
	RestAPIID       string
	DeploymentID    string
	DistributionID  string
	HostedZoneID    string
	Envs            []string          // env-0001 …
	Rules           map[string]string // env → rule ARN
	TargetGroups    map[string]string // TG name → ARN
}

// SeedScalePlatform seeds a platform of o.Envs environments in the moto
// behind c (clients from MotoClients).
func SeedScalePlatform(t testing.TB, c aws.Clients, now time.Time, o ScaleOptions) *ScaleFixture {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	f := &ScaleFixture{Rules: map[string]string{}, TargetGroups: map[string]string{}}
	_, subnets, err := defaultSubnets(s.ctx, s.sdk)
	s.must(err, "default subnets")
	lb, err := s.sdk.ELB.CreateLoadBalancer(s.ctx, &elbv2.CreateLoadBalancerInput{Name: sdkaws.String("shared-alb"), Subnets: subnets})
	s.must(err, "load balancer")
	f.LoadBalancerARN = sdkaws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	f.ListenerARN = s.listener(f.LoadBalancerARN, 80)
	f.RestAPIID, f.DeploymentID = s.restAPI("shared-api")
	for i := 0; i < o.Envs; i++ {
		env := fmt.Sprintf("env-%04d", i+1)
		tags := s.tagMap(envTags{env: env, owner: "load", age: seedOldAge, ttl: seedTTL, managed: true})
		name := "env-" + env
		tg := s.targetGroup(tgSpec{name: name, tags: tags, targets: []string{lambdaARN(name)}})
		f.TargetGroups[name] = tg
		f.Rules[env] = s.rule(f.ListenerARN, int32(1000+i), []elbtypes.RuleCondition{pathCond("/" + env + "/*")}, forward(tg), tags)
		if i < o.Stages {
			s.stage(f.RestAPIID, f.DeploymentID, env, map[string]string{"env": env}, tags)
		}
		f.Envs = append(f.Envs, env)
	}
	f.ConfigYAML = pathConfigYAML(f.ListenerARN, f.RestAPIID) + "\n"
	if o.Slots > 0 {
		var aliases []string
		for n := 1; n <= o.Slots; n++ {
			aliases = append(aliases, slotHost(n))
		}
		dist, err := s.sdk.CF.CreateDistribution(s.ctx, &cloudfront.CreateDistributionInput{
			DistributionConfig: DistributionConfig("envdeck-scale", sdkaws.ToString(lb.LoadBalancers[0].DNSName), aliases)})
		s.must(err, "distribution")
		f.DistributionID = sdkaws.ToString(dist.Distribution.Id)
		domain := strings.TrimSuffix(sdkaws.ToString(dist.Distribution.DomainName), ".")
		zone, err := s.sdk.R53.CreateHostedZone(s.ctx, &route53.CreateHostedZoneInput{
			Name: sdkaws.String(PreviewZone), CallerReference: sdkaws.String("envdeck-scale")})
		s.must(err, "hosted zone")
		f.HostedZoneID = strings.TrimPrefix(sdkaws.ToString(zone.HostedZone.Id), "/hostedzone/")
		var changes []r53types.Change
		for _, a := range aliases {
			changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
				Name: sdkaws.String(a), Type: r53types.RRTypeA,
				AliasTarget: &r53types.AliasTarget{HostedZoneId: sdkaws.String(CloudFrontZoneID), DNSName: sdkaws.String(domain + "."), EvaluateTargetHealth: false},
			}})
		}
		_, err = s.sdk.R53.ChangeResourceRecordSets(s.ctx, &route53.ChangeResourceRecordSetsInput{
			HostedZoneId: sdkaws.String(f.HostedZoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
		s.must(err, "slot records")
		f.ConfigYAML += strings.Join([]string{
			"cloudfront:",
			"  distribution_id: " + f.DistributionID,
			"  alias_pattern: '{env}." + PreviewZone + "'",
			"  slots:",
			"    pattern: 'pv-{n}." + PreviewZone + "'",
			fmt.Sprintf("    count: %d", o.Slots),
			"route53:",
			"  hosted_zone_id: " + f.HostedZoneID,
			"  record_pattern: '{env}." + PreviewZone + "'",
		}, "\n") + "\n"
	}
	f.Config = loadConfig(t, f.ConfigYAML)
	return f
}
