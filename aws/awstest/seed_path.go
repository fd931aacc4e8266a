package awstest

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// PathFixture is the standard path-mode platform as seeded in moto, with
// what each resource is, so tests can assert exact output.
//
// Everything is created relative to Now: "old" resources have
// envdeck:created-at = Now-26h (older than gc.grace 2h), the young one
// Now-30m; live environments expire at created-at+72h, expired ones expired
// 24h before Now.
//
// Listener "main" (HTTP 80, alb.listener_arn), priorities:
//
//	1, 2, 3        legacy-api ('/api/v1/*' → legacy-api TG), legacy-static
//	               ('/static/img/*' fixed 200), legacy-health ('/health' fixed
//	               200): no tags, paths do not fit '/{env}/*'
//	1000..1023     pr-101 … pr-124: healthy owned envs, lambda TG env-pr-NNN
//	               with one target, no stage
//	2000 feat-login   healthy, lambda TG + target, stage
//	2001 feat-cart    healthy, ip TG (port 8080, VPC) + target, stage
//	2002 feat-search  healthy, no stage
//	2003 feat-pay     weighted forward 90/10 to env-feat-pay and
//	                  canary-feat-pay (both tagged feat-pay, each one target), stage
//	2004 feat-hdr     several conditions: path '/feat-hdr/*' + header X-Env: feat-hdr
//	2005 feat-old     expired 24h ago (rule, TG + target, stage): collectable
//	2006 release-1    expired but protected by the 'release-*' glob, stage
//	2007 feat-ghost   owned rule whose TG env-feat-ghost has no targets, 26h old:
//	                  orphan-rule (rule + TG collectable)
//	2008 feat-new     the same but 30m old (younger than the grace): kept
//	2009 feat-manual  path matches the pattern but no managed-by tag (rule and
//	                  TG env-feat-manual carry env/owner only): never collected
//	2010 feat-a       tag/pattern conflict: tagged env=feat-a (owned), path
//	                  '/feat-b/*'; TG env-feat-a tagged feat-a with a target
//
// Listener "second" (HTTP 8080), priorities:
//
//	1 legacy-admin ('/admin/v1/*' → legacy-admin TG), 2 legacy-metrics
//	('/metrics' fixed 200), 3 legacy-internal ('/internal/ops/*' fixed 403),
//	5 legacy-docs ('/docs/v2/*' fixed 200), 6 legacy-docs-shadowed (the same
//	condition: shadowed by 5); none tagged
//	1000..1003 pr-201 … pr-204: healthy owned envs
//
// Not forwarded to by any rule: env-feat-lost (owned, tagged feat-lost,
// 26h old, one target): orphan-target-group.
//
// REST API "shared-api" (one deployment) stages: feat-login, feat-cart,
// feat-pay, feat-old, release-1 (owned, variables env=NAME) and feat-stale
// (owned, 26h old, its environment has no rule: orphan-stage).
//
// 47 rules (not counting the two default rules), 43 target groups (the
// untagged legacy-api and legacy-admin, both lambda with one target, plus
// 41 envs' groups), 6 stages. Status records docs/CONTRACT.md's status rules as
// this fixture's author reads them: feat-manual and feat-a count as healthy
// (both resources exist and serve; ownership does not change status).
type PathFixture struct {
	Config     *model.Config
	ConfigYAML string // the same config as envdeck.yaml text
	Now        time.Time

	LoadBalancerARN   string
	ListenerARN       string // "main": alb.listener_arn
	SecondListenerARN string
	VPCID             string
	RestAPIID         string
	DeploymentID      string

	// Rules by role: the environment name for environment rules (feat-a for
	// the conflicting one) and legacy-* for the unmanaged ones above.
	Rules map[string]string
	// TargetGroups by name.
	TargetGroups map[string]string
	// Stages by name → the resource id "RESTAPIID/NAME".
	Stages map[string]string

	// Status is each environment's status as docs/CONTRACT.md § CLI contract
	// defines it (healthy|degraded|partial|expired|protected).
	Status map[string]string
	// Collectable is exactly what `gc` must plan to delete, sorted by type then id.
	Collectable []model.ResourceRef
	// Unassigned is what maps to no environment, sorted by type then id.
	Unassigned []model.ResourceRef
}

// Fixture timing.
const (
	seedOldAge   = 26 * time.Hour
	seedYoungAge = 30 * time.Minute
	seedTTL      = 72 * time.Hour
	seedShortTTL = 2 * time.Hour // created 26h ago with a 2h TTL: expired 24h ago
)

// SeedPathPlatform builds the standard path-mode platform in the moto
// behind c (clients from MotoClients) and returns what it made. It uses
// c's endpoint with full SDK clients; its calls are not counted in c.Calls.
func SeedPathPlatform(t testing.TB, c aws.Clients, now time.Time) *PathFixture {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	return s.seedPath()
}

func (s *seeder) seedPath() *PathFixture {
	s.t.Helper()
	p := &pathSeed{seeder: s, f: &PathFixture{Now: s.now, Rules: map[string]string{}, TargetGroups: map[string]string{},
		Stages: map[string]string{}, Status: map[string]string{}}}
	p.base()
	legacyAPI, legacyAdmin := p.legacyRules()
	p.bulkEnvs()
	p.specialEnvs()
	p.brokenEnvs()
	p.expectations(legacyAPI, legacyAdmin)
	p.f.ConfigYAML = pathConfigYAML(p.f.ListenerARN, p.f.RestAPIID) + "\n"
	p.f.Config = loadConfig(s.t, p.f.ConfigYAML)
	return p.f
}

// pathSeed is one PathFixture being seeded, in the order its doc lists it.
type pathSeed struct {
	*seeder
	f *PathFixture
}

// pathEnv is one path environment: TG env-NAME (+ target unless none), a
// rule at priority, a stage when stage.
type pathEnv struct {
	tags     envTags
	listener string
	priority int32
	targets  bool
	stage    bool
	status   string
}

// oldEnv: created seedOldAge ago, live for seedTTL.
func oldEnv(env, owner string) envTags {
	return envTags{env: env, owner: owner, age: seedOldAge, ttl: seedTTL, managed: true}
}

// expiredEnv: created seedOldAge ago with a seedShortTTL, so expired.
func expiredEnv(name, owner string) envTags {
	return envTags{env: name, owner: owner, age: seedOldAge, ttl: seedShortTTL, managed: true}
}

// base: the load balancer with its two listeners, and the REST API.
func (p *pathSeed) base() {
	vpc, subnets, err := defaultSubnets(p.ctx, p.sdk)
	p.must(err, "default subnets")
	p.f.VPCID = vpc
	lb, err := p.sdk.ELB.CreateLoadBalancer(p.ctx, &elbv2.CreateLoadBalancerInput{Name: sdkaws.String("shared-alb"), Subnets: subnets,
		Tags: []elbtypes.Tag{{Key: sdkaws.String("team"), Value: sdkaws.String("platform")}}})
	p.must(err, "load balancer")
	p.f.LoadBalancerARN = sdkaws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	p.f.ListenerARN = p.listener(p.f.LoadBalancerARN, 80)
	p.f.SecondListenerARN = p.listener(p.f.LoadBalancerARN, 8080)
	p.f.RestAPIID, p.f.DeploymentID = p.restAPI("shared-api")
}

func (p *pathSeed) tgFor(name string, tags map[string]string, targets ...string) string {
	arn := p.targetGroup(tgSpec{name: name, tags: tags, targets: targets})
	p.f.TargetGroups[name] = arn
	return arn
}

func (p *pathSeed) add(e pathEnv) {
	f := p.f
	tags := p.tagMap(e.tags)
	var targets []string
	if e.targets {
		targets = []string{lambdaARN("env-" + e.tags.env)}
	}
	tg := p.tgFor("env-"+e.tags.env, tags, targets...)
	f.Rules[e.tags.env] = p.rule(e.listener, e.priority, []elbtypes.RuleCondition{pathCond("/" + e.tags.env + "/*")}, forward(tg), tags)
	if e.stage {
		p.stage(f.RestAPIID, f.DeploymentID, e.tags.env, map[string]string{"env": e.tags.env}, tags)
		f.Stages[e.tags.env] = model.StageID(f.RestAPIID, e.tags.env)
	}
	f.Status[e.tags.env] = e.status
}

// legacyRules: the legacy, unmanaged rules on both listeners; it returns
// the two legacy target groups.
func (p *pathSeed) legacyRules() (legacyAPI, legacyAdmin string) {
	f := p.f
	legacyAPI = p.tgFor("legacy-api", nil, lambdaARN("legacy-api"))
	legacyAdmin = p.tgFor("legacy-admin", nil, lambdaARN("legacy-admin"))
	f.Rules["legacy-api"] = p.rule(f.ListenerARN, 1, []elbtypes.RuleCondition{pathCond("/api/v1/*")}, forward(legacyAPI), nil)
	f.Rules["legacy-static"] = p.rule(f.ListenerARN, 2, []elbtypes.RuleCondition{pathCond("/static/img/*")}, fixedResponse("200", "static"), nil)
	f.Rules["legacy-health"] = p.rule(f.ListenerARN, 3, []elbtypes.RuleCondition{pathCond("/health")}, fixedResponse("200", "ok"), nil)
	f.Rules["legacy-admin"] = p.rule(f.SecondListenerARN, 1, []elbtypes.RuleCondition{pathCond("/admin/v1/*")}, forward(legacyAdmin), nil)
	f.Rules["legacy-metrics"] = p.rule(f.SecondListenerARN, 2, []elbtypes.RuleCondition{pathCond("/metrics")}, fixedResponse("200", "metrics"), nil)
	f.Rules["legacy-internal"] = p.rule(f.SecondListenerARN, 3, []elbtypes.RuleCondition{pathCond("/internal/ops/*")}, fixedResponse("403", "forbidden"), nil)
	f.Rules["legacy-docs"] = p.rule(f.SecondListenerARN, 5, []elbtypes.RuleCondition{pathCond("/docs/v2/*")}, fixedResponse("200", "docs"), nil)
	f.Rules["legacy-docs-shadowed"] = p.rule(f.SecondListenerARN, 6, []elbtypes.RuleCondition{pathCond("/docs/v2/*")}, fixedResponse("200", "docs, never served"), nil)
	return legacyAPI, legacyAdmin
}

// bulkEnvs: the healthy pr-NNN environments on both listeners.
func (p *pathSeed) bulkEnvs() {
	owners := []string{"alice", "bob", "carol", "dave"}
	for i := 0; i < 24; i++ {
		name := fmt.Sprintf("pr-%d", 101+i)
		p.add(pathEnv{tags: oldEnv(name, owners[i%len(owners)]), listener: p.f.ListenerARN, priority: int32(1000 + i), targets: true, status: model.StatusHealthy})
	}
	for i := 0; i < 4; i++ {
		name := fmt.Sprintf("pr-%d", 201+i)
		p.add(pathEnv{tags: oldEnv(name, owners[i%len(owners)]), listener: p.f.SecondListenerARN, priority: int32(1000 + i), targets: true, status: model.StatusHealthy})
	}
}

// specialEnvs: the healthy environments of unusual shape (ip target group,
// weighted forward, several conditions).
func (p *pathSeed) specialEnvs() {
	f := p.f
	p.add(pathEnv{tags: oldEnv("feat-login", "alice"), listener: f.ListenerARN, priority: 2000, targets: true, stage: true, status: model.StatusHealthy})

	cartTags := p.tagMap(oldEnv("feat-cart", "bob"))
	cartTG := p.targetGroup(tgSpec{name: "env-feat-cart", ip: true, vpc: f.VPCID, tags: cartTags, targets: []string{"172.31.1.10"}})
	f.TargetGroups["env-feat-cart"] = cartTG
	f.Rules["feat-cart"] = p.rule(f.ListenerARN, 2001, []elbtypes.RuleCondition{pathCond("/feat-cart/*")}, forward(cartTG), cartTags)
	p.stage(f.RestAPIID, f.DeploymentID, "feat-cart", map[string]string{"env": "feat-cart"}, cartTags)
	f.Stages["feat-cart"] = model.StageID(f.RestAPIID, "feat-cart")
	f.Status["feat-cart"] = model.StatusHealthy

	p.add(pathEnv{tags: oldEnv("feat-search", "carol"), listener: f.ListenerARN, priority: 2002, targets: true, status: model.StatusHealthy})

	payTags := p.tagMap(oldEnv("feat-pay", "dave"))
	payTG := p.tgFor("env-feat-pay", payTags, lambdaARN("env-feat-pay"))
	canaryTG := p.tgFor("canary-feat-pay", payTags, lambdaARN("canary-feat-pay"))
	f.Rules["feat-pay"] = p.rule(f.ListenerARN, 2003, []elbtypes.RuleCondition{pathCond("/feat-pay/*")},
		weighted([]string{payTG, canaryTG}, []int32{90, 10}), payTags)
	p.stage(f.RestAPIID, f.DeploymentID, "feat-pay", map[string]string{"env": "feat-pay"}, payTags)
	f.Stages["feat-pay"] = model.StageID(f.RestAPIID, "feat-pay")
	f.Status["feat-pay"] = model.StatusHealthy

	hdrTags := p.tagMap(oldEnv("feat-hdr", "alice"))
	hdrTG := p.tgFor("env-feat-hdr", hdrTags, lambdaARN("env-feat-hdr"))
	f.Rules["feat-hdr"] = p.rule(f.ListenerARN, 2004, []elbtypes.RuleCondition{pathCond("/feat-hdr/*"), headerCond("X-Env", "feat-hdr")}, forward(hdrTG), hdrTags)
	f.Status["feat-hdr"] = model.StatusHealthy
}

// brokenEnvs: expired, protected, orphaned, unowned and conflicting ones.
func (p *pathSeed) brokenEnvs() {
	f := p.f
	p.add(pathEnv{tags: expiredEnv("feat-old", "bob"), listener: f.ListenerARN, priority: 2005, targets: true, stage: true, status: model.StatusExpired})
	p.add(pathEnv{tags: expiredEnv("release-1", "carol"), listener: f.ListenerARN, priority: 2006, targets: true, stage: true, status: model.StatusProtected})
	p.add(pathEnv{tags: oldEnv("feat-ghost", "dave"), listener: f.ListenerARN, priority: 2007, status: model.StatusDegraded})
	p.add(pathEnv{tags: envTags{env: "feat-new", owner: "alice", age: seedYoungAge, ttl: seedTTL, managed: true},
		listener: f.ListenerARN, priority: 2008, status: model.StatusDegraded})
	manual := oldEnv("feat-manual", "bob")
	manual.managed = false
	p.add(pathEnv{tags: manual, listener: f.ListenerARN, priority: 2009, targets: true, status: model.StatusHealthy})

	aTags := p.tagMap(oldEnv("feat-a", "carol"))
	aTG := p.tgFor("env-feat-a", aTags, lambdaARN("env-feat-a"))
	f.Rules["feat-a"] = p.rule(f.ListenerARN, 2010, []elbtypes.RuleCondition{pathCond("/feat-b/*")}, forward(aTG), aTags)
	f.Status["feat-a"] = model.StatusHealthy

	p.tgFor("env-feat-lost", p.tagMap(oldEnv("feat-lost", "dave")), lambdaARN("env-feat-lost"))
	f.Status["feat-lost"] = model.StatusPartial

	staleTags := p.tagMap(oldEnv("feat-stale", "alice"))
	p.stage(f.RestAPIID, f.DeploymentID, "feat-stale", map[string]string{"env": "feat-stale"}, staleTags)
	f.Stages["feat-stale"] = model.StageID(f.RestAPIID, "feat-stale")
	f.Status["feat-stale"] = model.StatusPartial
}

// expectations: what gc must collect and what maps to no environment.
func (p *pathSeed) expectations(legacyAPI, legacyAdmin string) {
	f := p.f
	f.Collectable = sortRefs([]model.ResourceRef{
		{Type: model.TypeRule, ID: f.Rules["feat-old"], Owned: true},
		{Type: model.TypeTargetGroup, ID: f.TargetGroups["env-feat-old"], Owned: true},
		{Type: model.TypeStage, ID: f.Stages["feat-old"], Owned: true},
		{Type: model.TypeRule, ID: f.Rules["feat-ghost"], Owned: true},
		{Type: model.TypeTargetGroup, ID: f.TargetGroups["env-feat-ghost"], Owned: true},
		{Type: model.TypeTargetGroup, ID: f.TargetGroups["env-feat-lost"], Owned: true},
		{Type: model.TypeStage, ID: f.Stages["feat-stale"], Owned: true},
	})
	var unassigned []model.ResourceRef
	for role, arn := range f.Rules {
		if strings.HasPrefix(role, "legacy-") {
			unassigned = append(unassigned, model.ResourceRef{Type: model.TypeRule, ID: arn})
		}
	}
	unassigned = append(unassigned,
		model.ResourceRef{Type: model.TypeTargetGroup, ID: legacyAPI},
		model.ResourceRef{Type: model.TypeTargetGroup, ID: legacyAdmin})
	f.Unassigned = sortRefs(unassigned)
}

func (s *seeder) listener(lb string, port int32) string {
	s.t.Helper()
	out, err := s.sdk.ELB.CreateListener(s.ctx, &elbv2.CreateListenerInput{
		LoadBalancerArn: sdkaws.String(lb), Port: sdkaws.Int32(port), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{fixedResponse("404", "no environment here")},
	})
	s.must(err, "listener :%d", port)
	return sdkaws.ToString(out.Listeners[0].ListenerArn)
}

// arnAccount is the account of an ARN: the moto the fixture was seeded in
// answers as it (MotoAccount unless StartMotoAccount chose another).
func arnAccount(arn string) string {
	if f := strings.SplitN(arn, ":", 6); len(f) == 6 && f[4] != "" {
		return f[4]
	}
	return MotoAccount
}

func pathConfigYAML(listener, restAPI string) string {
	return strings.Join([]string{
		"region: " + TestRegion,
		"account_id: '" + arnAccount(listener) + "'",
		"naming:",
		"  env_pattern: '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'",
		"  protected: [main, staging, 'release-*']",
		"  default_ttl: 72h",
		"tags:",
		"  prefix: envdeck",
		"gc:",
		"  grace: 2h",
		"alb:",
		"  listener_arn: " + listener,
		"  routing: path",
		"  path_pattern: '/{env}/*'",
		"  host_pattern: '{env}.preview.example.com'",
		"  priority_range: [1000, 4999]",
		"  target_group:",
		"    name: 'env-{env}'",
		"    type: lambda",
		"apigateway:",
		"  rest_api_id: " + restAPI,
		"  stage: '{env}'",
		"  variables: {env: '{env}'}",
	}, "\n")
}

func loadConfig(t testing.TB, text string) *model.Config {
	t.Helper()
	cfg, err := model.LoadConfig(strings.NewReader(text))
	if err != nil {
		t.Fatalf("awstest: fixture config does not load: %v\n%s", err, text)
	}
	return cfg
}

func sortRefs(refs []model.ResourceRef) []model.ResourceRef {
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Type != refs[j].Type {
			return refs[i].Type < refs[j].Type
		}
		return refs[i].ID < refs[j].ID
	})
	return refs
}

// Envs returns the fixture's environment names, sorted.
func (f *PathFixture) Envs() []string {
	out := make([]string, 0, len(f.Status))
	for n := range f.Status {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
