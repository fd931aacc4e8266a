package sandbox

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

const day = 24 * time.Hour

// Target health of a demo environment's target group.
const (
	hcOff       = ""          // lambda, health checks disabled: unavailable, serving
	hcHealthy   = "healthy"   // lambda with health checks: healthy
	hcUnhealthy = "unhealthy" // failing health checks
	hcDraining  = "draining"
	hcInitial   = "initial" // registered seconds ago
	hcNone      = "none"    // no target registered
)

// demoEnv is one environment of the demo story.
type demoEnv struct {
	name, owner string
	age, ttl    time.Duration // created now-age; ttl 0: no expires-at
	keep        bool
	slot        int    // host-routed on slot pv-{slot}; 0: path-routed
	stage       bool   // has a stage on the REST API
	health      string // hc* of its target group
	noRule      bool   // only a target group (and a stage): the rule is gone
	// canary: a second target group {canary}-{name} gets 10 % of the
	// traffic (named outside the env-{env} pattern, so only its tag maps it).
	canary       string
	canaryHealth string
	// header: an extra http-header condition (X-Client: header).
	header string
	// as: the path/target-group name when it differs from the env tag.
	as string
	// noBFFRule: on a platform of services, the bff target group without
	// its rule (the environment is partial).
	noBFFRule bool
}

// Demo returns the seeded demo account: a shared-edge platform as an
// operator would find it on a Monday morning (see DemoStory). Resources are
// dated relative to now; calls take 2-5 ms; CloudFront updates stay
// InProgress for 45 s.
func Demo(now time.Time) *Account {
	now = now.UTC().Truncate(time.Second)
	a := New(Options{})
	in := seedInfra(a, now)
	d := &demoSeeder{a: a, c: a.Clients(), in: in, now: now, cfg: DemoConfig(), taken: map[int]bool{}}
	d.legacy()
	d.otherOwners()
	for _, e := range demoEnvs() {
		d.env(e)
	}
	d.secondALB()
	d.dns()
	a.SetOptions(Options{
		Latency:    2 * time.Millisecond,
		Jitter:     3 * time.Millisecond,
		DeployTime: 45 * time.Second,
	})
	return a
}

// DemoStory is one paragraph on what the demo account holds, for the README.
const DemoStory = `The demo account (eu-west-1, 123456789012) runs a pool of two shared ALBs; the first one's HTTPS ` +
	`listener routes about sixty feature environments owned by alice, bob, carol, dave, erin and ci-bot, ` +
	`created over the last three weeks: most are healthy and path-routed (/feat-checkout/*), a few are ` +
	`degraded (failing or draining targets, a weighted canary), main and staging are protected. Six ` +
	`semi-static environments claim hostnames from a 12-slot pool (pv-N.preview.example.com); four slots are free, ` +
	`one alias has no DNS record, one record points at another CloudFront distribution, and ` +
	`old-promo.preview.example.com still points at the CloudFront edge with no alias behind it (a subdomain ` +
	`takeover risk). The REST API holds 9 of its 10 stages (six of them on older deployments than the API's ` +
	`newest: stale-stage, fixed by "envdeck --sandbox redeploy"), the backend-for-frontend's HTTP API four ` +
	`auto-deploy stages, the listeners 73 of 100 rules, three of them ` +
	`(/shop/*, /reports/*, /maintenance/*) the AWS Load Balancer Controller's and CloudFormation's, named as theirs ` +
	`and never touched. The second ALB, shared-alb-2, holds a CloudFormation map of 89 old campaign URLs: ` +
	`89 of its 100 rules, so create puts new environments on the first. ` +
	`Garbage waits to be found: expired environments, rules whose Lambda is gone, target groups and a stage ` +
	`nothing routes to, legacy rules without tags (/legacy/*, /admin/*), a rule tagged for one environment ` +
	`but routing another, and /api/v2/* shadowed by /api/*. Try "envdeck --sandbox gc", then "quota" and "slots".`

// demoEnvs is the cast. Ages and TTLs make the forecast meaningful: about
// five creations a day over the last week, lifetimes of two to four weeks.
func demoEnvs() []demoEnv {
	envs := []demoEnv{
		// Protected long-lived environments.
		{name: "main", owner: "platform", age: 95 * day, keep: true, stage: true, health: hcHealthy},
		{name: "staging", owner: "platform", age: 95 * day, keep: true, stage: true, health: hcHealthy},
		// Degraded: failing health checks, a draining canary, a target just registered.
		{name: "feat-recs", owner: "carol", age: 2 * day, ttl: 14 * day, stage: true, health: hcUnhealthy},
		{name: "fix-images", owner: "dave", age: 1 * day, ttl: 7 * day, health: hcUnhealthy},
		{name: "feat-video", owner: "erin", age: 4 * day, ttl: 21 * day, canary: "canary", canaryHealth: hcDraining},
		{name: "feat-onboarding-v3", owner: "alice", age: 90 * time.Second, ttl: 14 * day, health: hcInitial},
		// Weighted forward, healthy on both sides; a rule with two conditions.
		{name: "feat-search-v2", owner: "bob", age: 3 * day, ttl: 21 * day, stage: true, canary: "green", canaryHealth: hcHealthy},
		{name: "feat-mobile-api", owner: "erin", age: 10 * day, ttl: 30 * day, header: "ios"},
		// Orphans: the Lambda behind the rule is gone (older than the grace) ...
		{name: "feat-ghost", owner: "frank", age: 4 * day, ttl: 21 * day, health: hcNone},
		{name: "spike-websockets", owner: "bob", age: 6 * day, ttl: 30 * day, health: hcNone},
		// ... or still being created (younger than the grace: not an orphan).
		{name: "feat-just-now", owner: "ci-bot", age: 20 * time.Minute, ttl: 3 * day, health: hcNone},
		// Target groups (and a stage) nothing routes to any more.
		{name: "feat-abandoned", owner: "frank", age: 5 * day, ttl: 14 * day, stage: true, noRule: true},
		{name: "exp-cache", owner: "dave", age: 8 * day, ttl: 21 * day, noRule: true},
		// Expired; release-2-3 is protected by the release-* glob and stays.
		{name: "feat-old-search", owner: "bob", age: 9 * day, ttl: 7 * day, stage: true},
		{name: "fix-typo-footer", owner: "alice", age: 3*day + 5*time.Hour, ttl: 3 * day},
		{name: "release-2-3", owner: "platform", age: 20 * day, ttl: 14 * day, health: hcHealthy},
		// A copy-pasted rule: tagged feat-checkout, routing /feat-checkout-v2/*.
		{name: "feat-checkout", owner: "alice", age: 2 * day, ttl: 21 * day, as: "feat-checkout-v2"},
		// Semi-static environments on the slot pool (host-routed).
		{name: "demo-acme", owner: "sales", age: 18 * day, ttl: 30 * day, slot: 1, stage: true},
		{name: "qa-mobile", owner: "carol", age: 12 * day, ttl: 30 * day, slot: 2, health: hcHealthy},
		{name: "perf-lab", owner: "dave", age: 6 * day, ttl: 21 * day, slot: 3},
		{name: "ux-review", owner: "erin", age: 3 * day, ttl: 14 * day, slot: 4},
		{name: "partner-beta", owner: "alice", age: 1 * day, ttl: 30 * day, slot: 5, health: hcHealthy},
		{name: "trial-globex", owner: "sales", age: 15 * day, ttl: 14 * day, slot: 6},
	}
	// The healthy crowd: path-routed feature environments.
	crowd := []struct{ name, owner string }{
		{"feat-checkout", "alice"}, {"feat-payments", "bob"}, {"feat-login-sso", "carol"},
		{"feat-cart-redesign", "alice"}, {"feat-dark-mode", "erin"}, {"feat-wishlist", "dave"},
		{"feat-gift-cards", "bob"}, {"feat-loyalty", "carol"}, {"feat-reviews", "erin"},
		{"feat-referrals", "alice"}, {"feat-i18n-de", "dave"}, {"feat-i18n-fr", "dave"},
		{"feat-address-book", "bob"}, {"feat-order-tracking", "carol"}, {"feat-returns", "alice"},
		{"feat-subscriptions", "erin"}, {"feat-bundles", "bob"}, {"feat-coupons", "carol"},
		{"feat-live-chat", "dave"}, {"feat-push-notify", "erin"}, {"feat-price-alerts", "alice"},
		{"feat-store-locator", "bob"}, {"feat-size-guide", "carol"}, {"feat-quick-view", "erin"},
		{"fix-cart-totals", "dave"}, {"fix-tax-rounding", "bob"}, {"fix-login-loop", "alice"},
		{"fix-image-cdn", "carol"}, {"fix-safari-layout", "erin"}, {"fix-timezone", "dave"},
		{"fix-pagination", "bob"}, {"fix-email-links", "alice"}, {"chore-node-22", "ci-bot"},
		{"chore-deps-bump", "ci-bot"}, {"chore-logging", "carol"}, {"exp-new-search", "bob"},
		{"exp-ranking-ml", "carol"}, {"exp-checkout-ab", "alice"}, {"pr-4821", "ci-bot"},
		{"pr-4833", "ci-bot"}, {"pr-4840", "ci-bot"}, {"pr-4857", "ci-bot"},
	}
	ttls := []time.Duration{14 * day, 21 * day, 30 * day, 14 * day, 3 * day, 21 * day, 30 * day}
	for i, c := range crowd {
		// 30 of them in the last week, the rest over the two weeks before.
		var age time.Duration
		if i < 30 {
			age = 3*time.Hour + time.Duration(i)*(165*day/30)/24
		} else {
			age = 8*day + time.Duration(i-30)*(12*day/12)
		}
		ttl := ttls[i%len(ttls)]
		for ttl <= age+day {
			ttl += 7 * day
		}
		e := demoEnv{name: c.name, owner: c.owner, age: age, ttl: ttl}
		if i%3 == 0 {
			e.health = hcHealthy
		}
		if c.name == "feat-checkout" || c.name == "feat-payments" {
			e.stage = true
		}
		envs = append(envs, e)
	}
	return envs
}

type demoSeeder struct {
	a     *Account
	c     envaws.Clients
	in    demoInfra
	now   time.Time
	cfg   *model.Config
	taken map[int]bool // priorities used on the HTTPS listener
}

var bg = context.Background()

// at sets the account's clock to now-age for the calls that follow.
func (d *demoSeeder) at(age time.Duration) time.Time {
	t := d.now.Add(-age)
	d.a.opts.Clock = func() time.Time { return t }
	return t
}

// priority picks a free priority in the configured range from the name's
// hash, probing upward, as envdeck allocates them.
func (d *demoSeeder) priority(name string) int32 {
	lo, hi := d.cfg.ALB.PriorityRange[0], d.cfg.ALB.PriorityRange[1]
	h := fnv.New32a()
	h.Write([]byte(name))
	p := lo + int(h.Sum32()%uint32(hi-lo+1))
	for d.taken[p] {
		p++
		if p > hi {
			p = lo
		}
	}
	d.taken[p] = true
	return int32(p)
}

func (d *demoSeeder) targetGroup(name string, tags map[string]string, health string) string {
	out, err := d.c.ELB.CreateTargetGroup(bg, &elbv2.CreateTargetGroupInput{
		Name:               ptr(name),
		TargetType:         elbtypes.TargetTypeEnumLambda,
		HealthCheckEnabled: ptr(health != hcOff),
		Tags:               elbTags(tags),
	})
	must(err)
	arn := *out.TargetGroups[0].TargetGroupArn
	if health == hcNone {
		return arn
	}
	fn := demoLambdaBase + name
	_, err = d.c.ELB.RegisterTargets(bg, &elbv2.RegisterTargetsInput{
		TargetGroupArn: ptr(arn),
		Targets:        []elbtypes.TargetDescription{{Id: ptr(fn)}},
	})
	must(err)
	switch health {
	case hcUnhealthy:
		must(d.a.SetTargetHealth(arn, fn, StateUnhealthy, "Target.FailedHealthChecks"))
	case hcDraining:
		must(d.a.SetTargetHealth(arn, fn, StateDraining, "Target.DeregistrationInProgress"))
	case hcInitial:
		// Settles to healthy a few minutes after the demo starts.
		d.a.st.targetGroup(arn).Targets[0].SettleAt = d.now.Add(3 * time.Minute)
	}
	return arn
}

func elbTags(t map[string]string) []elbtypes.Tag { return tagList(t) }

func (d *demoSeeder) env(e demoEnv) {
	keys := d.cfg.Keys()
	created := d.at(e.age)
	var tags map[string]string
	slot := ""
	if e.slot > 0 {
		slot = slotHost(e.slot)
	}
	tags = keys.For(e.name, e.owner, created, created.Add(e.ttl), slot)
	if e.ttl == 0 {
		delete(tags, keys.ExpiresAt)
	}
	if e.keep {
		tags[keys.Keep] = "true"
	}
	name := e.name
	if e.as != "" {
		name = e.as
	}
	tg := d.targetGroup("env-"+name, tags, e.health)
	forward := elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(tg)}
	if e.canary != "" {
		tg2 := d.targetGroup(e.canary+"-"+name, tags, e.canaryHealth)
		forward = elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
			TargetGroups: []elbtypes.TargetGroupTuple{
				{TargetGroupArn: ptr(tg), Weight: ptr[int32](90)},
				{TargetGroupArn: ptr(tg2), Weight: ptr[int32](10)},
			},
		}}
	}
	if !e.noRule {
		cond := elbtypes.RuleCondition{Field: ptr("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + name + "/*"}}}
		if slot != "" {
			cond = elbtypes.RuleCondition{Field: ptr("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{slot}}}
		}
		conds := []elbtypes.RuleCondition{cond}
		if e.header != "" {
			conds = append(conds, elbtypes.RuleCondition{Field: ptr("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{
				HttpHeaderName: ptr("X-Client"), Values: []string{e.header},
			}})
		}
		prio := d.priority(name)
		_, err := d.c.ELB.CreateRule(bg, &elbv2.CreateRuleInput{
			ListenerArn: ptr(d.in.httpsARN),
			Priority:    ptr(prio),
			Conditions:  conds,
			Actions:     []elbtypes.Action{forward},
			Tags:        elbTags(tags),
		})
		must(err)
		d.bff(e, name, slot, tags, prio)
	}
	if e.stage {
		_, err := d.c.APIGW.CreateStage(bg, &apigateway.CreateStageInput{
			RestApiId:    ptr(d.in.apiID),
			StageName:    ptr(e.name),
			DeploymentId: ptr(d.deploymentAt(created)),
			Description:  ptr("preview stage of " + e.name),
			Variables:    map[string]string{"env": e.name, "lambdaAlias": "live"},
			Tags:         tags,
		})
		must(err)
	}
	if demoHTTPStages[e.name] {
		_, err := d.c.APIGWv2.CreateStage(bg, &apigatewayv2.CreateStageInput{
			ApiId: ptr(d.in.httpAPIID), StageName: ptr(e.name), AutoDeploy: ptr(true),
			StageVariables: map[string]string{"env": e.name}, Tags: tags,
		})
		must(err)
	}
}

// demoHTTPStages are the environments with a stage on the HTTP API too
// (auto-deploy: never stale).
var demoHTTPStages = map[string]bool{"main": true, "staging": true, "feat-recs": true, "feat-search-v2": true}

// deploymentAt is the newest deployment made before t (else the oldest).
func (d *demoSeeder) deploymentAt(t time.Time) string {
	api := d.a.st.restAPI(d.in.apiID)
	best := api.Deployments[0]
	for _, dep := range api.Deployments {
		if !dep.CreatedAt.After(t) {
			best = dep
		}
	}
	return best.ID
}

// legacy adds what predates envdeck: untagged rules and target groups.
func (d *demoSeeder) legacy() {
	d.at(300 * day)
	ipTG := func(name string, port int32, ids ...string) string {
		out, err := d.c.ELB.CreateTargetGroup(bg, &elbv2.CreateTargetGroupInput{
			Name: ptr(name), TargetType: elbtypes.TargetTypeEnumIp, Protocol: elbtypes.ProtocolEnumHttp,
			Port: ptr(port), VpcId: ptr(sandboxVPC), HealthCheckPath: ptr("/healthz"),
		})
		must(err)
		arn := *out.TargetGroups[0].TargetGroupArn
		var ts []elbtypes.TargetDescription
		for _, id := range ids {
			ts = append(ts, elbtypes.TargetDescription{Id: ptr(id)})
		}
		_, err = d.c.ELB.RegisterTargets(bg, &elbv2.RegisterTargetsInput{TargetGroupArn: ptr(arn), Targets: ts})
		must(err)
		return arn
	}
	web := ipTG("legacy-web", 8080, "10.20.1.17", "10.20.2.41", "10.20.3.9")
	must(d.a.SetTargetHealth(web, "10.20.3.9", StateUnhealthy, "Target.ResponseCodeMismatch"))
	admin := ipTG("admin-panel", 8443, "10.20.1.88")
	d.in.legacyWebTG = web
	path := func(p string) elbtypes.RuleCondition {
		return elbtypes.RuleCondition{Field: ptr("path-pattern"), Values: []string{p}}
	}
	fwd := func(arn string) []elbtypes.Action {
		return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: ptr(arn)}}
	}
	fixed := func(code, body string) []elbtypes.Action {
		return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
			StatusCode: ptr(code), ContentType: ptr("text/plain"), MessageBody: ptr(body),
		}}}
	}
	rules := []struct {
		listener string
		prio     int32
		cond     elbtypes.RuleCondition
		actions  []elbtypes.Action
	}{
		{d.in.httpsARN, 5, path("/legacy/*"), fwd(web)},
		{d.in.httpsARN, 7, path("/admin/*"), fwd(admin)},
		{d.in.httpsARN, 10, path("/api/*"), fwd(web)},
		{d.in.httpsARN, 20, path("/api/v2/*"), fwd(web)}, // shadowed by /api/* at 10
		{d.in.httpsARN, 30, path("/healthz"), fixed("200", "ok")},
		{d.in.httpARN, 1, path("/.well-known/acme-challenge/*"), fwd(web)},
		{d.in.httpARN, 2, elbtypes.RuleCondition{Field: ptr("host-header"), Values: []string{"status.example.com"}}, fixed("200", "all systems operational")},
	}
	for _, r := range rules {
		_, err := d.c.ELB.CreateRule(bg, &elbv2.CreateRuleInput{
			ListenerArn: ptr(r.listener), Priority: ptr(r.prio),
			Conditions: []elbtypes.RuleCondition{r.cond}, Actions: r.actions,
		})
		must(err)
		if r.listener == d.in.httpsARN {
			d.taken[int(r.prio)] = true
		}
	}
}

// dns adds the zone's records: slot records (two of them broken), records
// that have nothing to do with envdeck, and two dangling CloudFront records.
func (d *demoSeeder) dns() {
	d.at(200 * day)
	cf := func(name, target string) r53types.Change {
		return r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: ptr(name), Type: r53types.RRTypeA,
			AliasTarget: &r53types.AliasTarget{DNSName: ptr(target), HostedZoneId: ptr(CloudFrontZoneID)},
		}}
	}
	cname := func(name, value string) r53types.Change {
		return r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: ptr(name), Type: r53types.RRTypeCname, TTL: ptr[int64](300),
			ResourceRecords: []r53types.ResourceRecord{{Value: ptr(value)}},
		}}
	}
	var changes []r53types.Change
	for n := 1; n <= DemoSlotCount; n++ {
		switch n {
		case 10: // alias without record: broken slot
		case 11: // record pointing at another distribution: broken slot
			changes = append(changes, cf(slotHost(n), "d3k2v9x7q1w8z4.cloudfront.net"))
		default:
			changes = append(changes, cf(slotHost(n), d.in.distDNS))
		}
	}
	changes = append(changes,
		// Dangling: points at the edge, but no distribution has the alias.
		cf("old-promo."+DemoZoneName, d.in.distDNS),
		cname("cdn.old."+DemoZoneName, "d1m8q2r5t7y9u3.cloudfront.net"),
		// Ordinary records.
		cname("docs."+DemoZoneName, "envdeck-docs.netlify.app"),
		r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: ptr("_acme-challenge." + DemoZoneName), Type: r53types.RRTypeTxt, TTL: ptr[int64](60),
			ResourceRecords: []r53types.ResourceRecord{{Value: ptr(`"k3Xq9-demo-token"`)}},
		}},
	)
	_, err := d.c.R53.ChangeResourceRecordSets(bg, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: ptr(d.in.zoneID),
		ChangeBatch:  &r53types.ChangeBatch{Changes: changes, Comment: ptr("preview slots")},
	})
	must(err)
}
