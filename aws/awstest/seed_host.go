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

// CloudFrontZoneID is the hosted zone of every CloudFront alias target.
const CloudFrontZoneID = "Z2FDTNDATAQYW2"

// HostFixture is the standard host-mode platform: the whole PathFixture
// (same ALB, same REST API; its maps and expectations extended) plus host
// routing on the main listener, a CloudFront distribution and a Route 53
// zone preview.example.com.
//
// Slots (cloudfront.slots pattern 'pv-{n}.preview.example.com', count 6):
// every pv-N is an alias of the distribution.
//
//	pv-1  claimed by feat-ui: rule (priority 3000) host-header pv-1…,
//	      tagged envdeck:slot=pv-1.preview.example.com, TG env-feat-ui + target;
//	      record A-alias → the distribution
//	pv-2  claimed by feat-docs through the host condition only (no slot tag),
//	      priority 3001; record → the distribution
//	pv-3  claimed by feat-gone, expired 24h ago (priority 3002): the plan
//	      deletes its rule and TG, never the alias nor the record
//	pv-4  free: alias + record → the distribution, no rule
//	pv-5  broken: alias without record
//	pv-6  broken: record pointing at another CloudFront domain (d999otherdist.cloudfront.net)
//
// Outside the pool:
//
//	feat-web      host env without a slot: alias feat-web.preview.example.com,
//	              its record → the distribution, rule (3003) + TG + target: healthy
//	feat-lonely   alias feat-lonely.preview.example.com with no record and
//	              nothing else: alias-without-record (reported, not deleted); partial
//	feat-dead     record feat-dead.preview.example.com A-alias → the distribution
//	              but no such alias: dangling-record matching record_pattern:
//	              collectable; partial
//	old-site.cdn  record old-site.cdn.preview.example.com CNAME → d123legacy.cloudfront.net:
//	              dangling but not matching the pattern: reported, unassigned
//	ops           unmanaged host rule (3500) 'ops.internal.example.com' →
//	              untagged TG legacy-ops: unassigned
type HostFixture struct {
	*PathFixture

	DistributionID     string
	DistributionDomain string // dxxxx.cloudfront.net
	HostedZoneID       string // without the /hostedzone/ prefix
	// Aliases of the distribution, as configured.
	Aliases []string
	// Records by name (no trailing dot) → resource id "ZONEID/NAME/TYPE".
	Records map[string]string
	// Slots: host → expected state (free|claimed|broken); SlotEnv: host →
	// the claiming environment.
	Slots   map[string]string
	SlotEnv map[string]string
}

// Host fixture names.
const (
	PreviewZone      = "preview.example.com"
	OtherCloudFront  = "d999otherdist.cloudfront.net"
	LegacyCloudFront = "d123legacy.cloudfront.net"
)

func slotHost(n int) string { return fmt.Sprintf("pv-%d.%s", n, PreviewZone) }

// SeedHostPlatform seeds the PathFixture platform and adds the host-mode
// platform above on the same ALB. Its Config has cloudfront (with slots),
// route53 and alb.host_pattern set; Status, Collectable and Unassigned
// cover both modes.
func SeedHostPlatform(t testing.TB, c aws.Clients, now time.Time) *HostFixture {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	f := &HostFixture{PathFixture: s.seedPath(), Records: map[string]string{}, Slots: map[string]string{}, SlotEnv: map[string]string{}}
	s.seedHost(f)
	return f
}

func (s *seeder) seedHost(f *HostFixture) {
	s.t.Helper()
	s.hostEdge(f)
	legacy := s.hostRecords(f)
	ops := s.hostRules(f)
	hostExpectations(f, legacy, ops)
	f.ConfigYAML = pathConfigYAML(f.ListenerARN, f.RestAPIID) + "\n" + strings.Join([]string{
		"cloudfront:",
		"  distribution_id: " + f.DistributionID,
		"  alias_pattern: '{env}." + PreviewZone + "'",
		"  slots:",
		"    pattern: 'pv-{n}." + PreviewZone + "'",
		"    count: 6",
		"route53:",
		"  hosted_zone_id: " + f.HostedZoneID,
		"  record_pattern: '{env}." + PreviewZone + "'",
	}, "\n") + "\n"
	f.Config = loadConfig(s.t, f.ConfigYAML)
}

// hostEdge: the distribution with the six slots, feat-web and feat-lonely
// as aliases, and the hosted zone.
func (s *seeder) hostEdge(f *HostFixture) {
	for n := 1; n <= 6; n++ {
		f.Aliases = append(f.Aliases, slotHost(n))
	}
	f.Aliases = append(f.Aliases, "feat-web."+PreviewZone, "feat-lonely."+PreviewZone)
	lb, err := s.sdk.ELB.DescribeLoadBalancers(s.ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{f.LoadBalancerARN}})
	s.must(err, "load balancer DNS name")
	origin := sdkaws.ToString(lb.LoadBalancers[0].DNSName)
	dist, err := s.sdk.CF.CreateDistribution(s.ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: DistributionConfig("envdeck-preview", origin, f.Aliases)})
	s.must(err, "distribution")
	f.DistributionID = sdkaws.ToString(dist.Distribution.Id)
	f.DistributionDomain = strings.TrimSuffix(sdkaws.ToString(dist.Distribution.DomainName), ".")

	zone, err := s.sdk.R53.CreateHostedZone(s.ctx, &route53.CreateHostedZoneInput{
		Name: sdkaws.String(PreviewZone), CallerReference: sdkaws.String("envdeck-preview-" + s.now.Format("20060102150405"))})
	s.must(err, "hosted zone")
	f.HostedZoneID = strings.TrimPrefix(sdkaws.ToString(zone.HostedZone.Id), "/hostedzone/")
}

// hostRecords: the alias records of the slots, feat-web and feat-dead and
// a legacy CNAME, whose name it returns.
func (s *seeder) hostRecords(f *HostFixture) string {
	var changes []r53types.Change
	aliasRecord := func(name, target string) {
		changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: sdkaws.String(name), Type: r53types.RRTypeA,
			AliasTarget: &r53types.AliasTarget{HostedZoneId: sdkaws.String(CloudFrontZoneID), DNSName: sdkaws.String(target + "."), EvaluateTargetHealth: false},
		}})
		f.Records[name] = model.RecordID(f.HostedZoneID, name, "A")
	}
	for _, n := range []int{1, 2, 3, 4} {
		aliasRecord(slotHost(n), f.DistributionDomain)
	}
	aliasRecord(slotHost(6), OtherCloudFront)
	aliasRecord("feat-web."+PreviewZone, f.DistributionDomain)
	aliasRecord("feat-dead."+PreviewZone, f.DistributionDomain)
	legacy := "old-site.cdn." + PreviewZone
	changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
		Name: sdkaws.String(legacy), Type: r53types.RRTypeCname, TTL: sdkaws.Int64(300),
		ResourceRecords: []r53types.ResourceRecord{{Value: sdkaws.String(LegacyCloudFront)}},
	}})
	f.Records[legacy] = model.RecordID(f.HostedZoneID, legacy, "CNAME")
	_, err := s.sdk.R53.ChangeResourceRecordSets(s.ctx, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: sdkaws.String(f.HostedZoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
	s.must(err, "records")
	return legacy
}

// hostRules: the host rules on the main listener; it returns the legacy
// ops target group.
func (s *seeder) hostRules(f *HostFixture) string {
	hostEnv := func(tags envTags, priority int32, host string) {
		m := s.tagMap(tags)
		tg := s.targetGroup(tgSpec{name: "env-" + tags.env, tags: m, targets: []string{lambdaARN("env-" + tags.env)}})
		f.TargetGroups["env-"+tags.env] = tg
		f.Rules[tags.env] = s.rule(f.ListenerARN, priority, []elbtypes.RuleCondition{hostCond(host)}, forward(tg), m)
	}
	hostEnv(envTags{env: "feat-ui", owner: "alice", age: seedOldAge, ttl: seedTTL, managed: true, slot: slotHost(1)}, 3000, slotHost(1))
	hostEnv(envTags{env: "feat-docs", owner: "bob", age: seedOldAge, ttl: seedTTL, managed: true}, 3001, slotHost(2))
	hostEnv(envTags{env: "feat-gone", owner: "carol", age: seedOldAge, ttl: seedShortTTL, managed: true, slot: slotHost(3)}, 3002, slotHost(3))
	hostEnv(envTags{env: "feat-web", owner: "dave", age: seedOldAge, ttl: seedTTL, managed: true}, 3003, "feat-web."+PreviewZone)
	ops := s.targetGroup(tgSpec{name: "legacy-ops", targets: []string{lambdaARN("legacy-ops")}})
	f.TargetGroups["legacy-ops"] = ops
	f.Rules["legacy-ops"] = s.rule(f.ListenerARN, 3500, []elbtypes.RuleCondition{hostCond("ops.internal.example.com")}, forward(ops), nil)
	return ops
}

// hostExpectations: slot states, statuses, what gc collects and what maps
// to no environment.
func hostExpectations(f *HostFixture, legacy, ops string) {
	f.Slots = map[string]string{
		slotHost(1): model.SlotClaimed, slotHost(2): model.SlotClaimed, slotHost(3): model.SlotClaimed,
		slotHost(4): model.SlotFree, slotHost(5): model.SlotBroken, slotHost(6): model.SlotBroken,
	}
	f.SlotEnv = map[string]string{slotHost(1): "feat-ui", slotHost(2): "feat-docs", slotHost(3): "feat-gone"}
	for env, st := range map[string]string{
		"feat-ui": model.StatusHealthy, "feat-docs": model.StatusHealthy, "feat-gone": model.StatusExpired,
		"feat-web": model.StatusHealthy, "feat-lonely": model.StatusPartial, "feat-dead": model.StatusPartial,
	} {
		f.Status[env] = st
	}
	f.Collectable = sortRefs(append(f.Collectable,
		model.ResourceRef{Type: model.TypeRule, ID: f.Rules["feat-gone"], Owned: true},
		model.ResourceRef{Type: model.TypeTargetGroup, ID: f.TargetGroups["env-feat-gone"], Owned: true},
		model.ResourceRef{Type: model.TypeRecord, ID: f.Records["feat-dead."+PreviewZone], Owned: true},
	))
	f.Unassigned = sortRefs(append(f.Unassigned,
		model.ResourceRef{Type: model.TypeRule, ID: f.Rules["legacy-ops"]},
		model.ResourceRef{Type: model.TypeTargetGroup, ID: ops},
		model.ResourceRef{Type: model.TypeRecord, ID: f.Records[legacy]},
	))
}
