package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/envdeck/envdeck/model"
)

// fixtureNow is the pinned clock of every fixture test.
var fixtureNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const (
	fxListener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
	fxTGPrefix = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/"
)

func fixtureConfig() *model.Config {
	return &model.Config{
		Region: "eu-west-1", AccountID: "123456789012", APIBudget: 0.2,
		Naming: model.NamingConfig{EnvPattern: `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`, Protected: []string{"main", "staging", "release-*"},
			DefaultTTL: model.Duration{Duration: 72 * time.Hour}},
		Tags: model.TagsConfig{Prefix: "envdeck"},
		GC:   model.GCConfig{Grace: model.Duration{Duration: 2 * time.Hour}},
		ALB: model.ALBConfig{ListenerARN: fxListener, Routing: "path", PathPattern: "/{env}/*", HostPattern: "{env}.preview.example.com",
			PriorityRange: [2]int{1000, 4999}, TargetGroup: model.TargetGroupConfig{Name: "env-{env}", Type: "lambda"}},
		APIGateway: &model.APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
		CloudFront: &model.CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.preview.example.com",
			Slots: &model.SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: 4}},
		Route53: &model.Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "{env}.preview.example.com"},
	}
}

// fxEnv describes one fixture environment.
type fxEnv struct {
	name, owner, status string
	age, ttl            time.Duration
	keep, protected     bool
	slot                string
	stage, noRule       bool
	targets             []string // target states
}

func fixtureEnvs() []fxEnv {
	return []fxEnv{
		{name: "main", owner: "platform", status: "protected", age: 400 * 24 * time.Hour, keep: true, protected: true, stage: true, targets: []string{"healthy", "healthy"}},
		{name: "staging", owner: "platform", status: "protected", age: 200 * 24 * time.Hour, keep: true, protected: true, stage: true, targets: []string{"healthy"}},
		{name: "feat-login", owner: "alice", status: "healthy", age: 26 * time.Hour, ttl: 72 * time.Hour, stage: true, targets: []string{"healthy", "healthy"}},
		{name: "feat-search", owner: "bob", status: "degraded", age: 50 * time.Hour, ttl: 72 * time.Hour, stage: true, targets: []string{"unhealthy"}},
		{name: "feat-old", owner: "carol", status: "expired", age: 100 * time.Hour, ttl: 72 * time.Hour, stage: true, targets: []string{"healthy"}},
		{name: "pv-checkout", owner: "dave", status: "healthy", age: 5 * 24 * time.Hour, ttl: 14 * 24 * time.Hour, slot: "pv-1.preview.example.com", targets: []string{"healthy"}},
		{name: "feat-ghost", owner: "erin", status: "partial", age: 30 * time.Hour, ttl: 72 * time.Hour, noRule: true, targets: nil},
		{name: "fix-payments", owner: "alice", status: "healthy", age: 3 * time.Hour, ttl: 48 * time.Hour, targets: []string{"healthy"}},
	}
}

// fixture is a hand-made platform: snapshot + inventory as BuildInventory
// would produce them.
type fixture struct {
	cfg  *model.Config
	snap *model.Snapshot
	inv  *model.Inventory
}

func newFixture() fixture {
	cfg := fixtureConfig()
	keys := cfg.Keys()
	now := fixtureNow
	snap := &model.Snapshot{
		Taken: now, Account: "123456789012", Region: "eu-west-1", Profile: "platform-dev",
		LoadBalancerARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared-alb/50dc6c495c0c9188",
		Listeners:       []model.Listener{{ARN: fxListener, Port: 443, Protocol: "HTTPS"}},
		RestAPIID:       "a1b2c3d4e5",
		Distribution:    &model.Distribution{ID: "E2ABCDEFGHIJ", DomainName: "d111111abcdef8.cloudfront.net", Status: "Deployed"},
		HostedZoneID:    "Z0123456789",
		Errors:          []model.SourceError{{Source: model.SourceQuotas, Message: "AccessDenied: servicequotas:GetServiceQuota (limits from the built-in table)"}},
	}
	inv := &model.Inventory{Snapshot: snap}
	prio := 1000
	for _, e := range fixtureEnvs() {
		created := now.Add(-e.age)
		env := model.Environment{Name: e.name, Status: e.status, Protected: e.protected, Owner: e.owner, CreatedAt: &created,
			Routing: "path", Keep: e.keep, Slot: e.slot}
		if e.ttl > 0 {
			exp := created.Add(e.ttl)
			env.ExpiresAt = &exp
		}
		tags := keys.For(e.name, e.owner, created, created.Add(e.ttl), e.slot)
		if e.keep {
			tags[keys.Keep] = "true"
		}
		tgARN := fxTGPrefix + "env-" + e.name + "/" + fmt.Sprintf("%016x", len(e.name)*7919)
		var ts []model.Target
		for i, st := range e.targets {
			ts = append(ts, model.Target{ID: fmt.Sprintf("arn:aws:lambda:eu-west-1:123456789012:function:%s-%d", e.name, i), State: st})
		}
		snap.TargetGroups = append(snap.TargetGroups, model.TargetGroup{ARN: tgARN, Name: "env-" + e.name, TargetType: "lambda",
			Tags: tags, HealthRead: true, Targets: ts})
		env.Resources = append(env.Resources, model.ResourceRef{Type: model.TypeTargetGroup, ID: tgARN, Owned: true})
		if !e.noRule {
			prio += 7
			ruleARN := strings.Replace(fxListener, ":listener/", ":listener-rule/", 1) + fmt.Sprintf("/%016x", prio)
			cond := model.Condition{Field: "path-pattern", Values: []string{"/" + e.name + "/*"}}
			if e.slot != "" {
				cond = model.Condition{Field: "host-header", Values: []string{e.slot}}
				env.Routing, env.Hostname = "host", e.slot
			}
			snap.Rules = append(snap.Rules, model.Rule{ARN: ruleARN, ListenerARN: fxListener, Priority: prio, Conditions: []model.Condition{cond},
				Actions: []model.Action{{Type: "forward", TargetGroups: []model.WeightedTargetGroup{{ARN: tgARN, Weight: 1}}}}, Tags: tags})
			env.Resources = slices.Insert(env.Resources, 0, model.ResourceRef{Type: model.TypeRule, ID: ruleARN, Owned: true})
		}
		if e.stage {
			snap.Stages = append(snap.Stages, model.Stage{RestAPIID: "a1b2c3d4e5", Name: e.name, DeploymentID: "dep0001",
				Variables: map[string]string{"env": e.name}, Tags: tags, CreatedAt: created})
			env.Resources = append(env.Resources, model.ResourceRef{Type: model.TypeStage, ID: model.StageID("a1b2c3d4e5", e.name), Owned: true})
		}
		inv.Environments = append(inv.Environments, env)
	}
	slices.SortFunc(inv.Environments, func(a, b model.Environment) int { return strings.Compare(a.Name, b.Name) })
	// an unmanaged rule and the default rule
	unmanaged := strings.Replace(fxListener, ":listener/", ":listener-rule/", 1) + "/00000000000000aa"
	snap.Rules = append(snap.Rules,
		model.Rule{ARN: unmanaged, ListenerARN: fxListener, Priority: 10, Conditions: []model.Condition{{Field: "path-pattern", Values: []string{"/legacy/*"}}},
			Actions: []model.Action{{Type: "fixed-response", FixedResponse: &model.FixedResponseConfig{StatusCode: "410"}}}},
		model.Rule{ARN: strings.Replace(fxListener, ":listener/", ":listener-rule/", 1) + "/default", ListenerARN: fxListener, IsDefault: true,
			Actions: []model.Action{{Type: "fixed-response", FixedResponse: &model.FixedResponseConfig{StatusCode: "404"}}}})
	orphanStage := model.StageID("a1b2c3d4e5", "feat-gone")
	snap.Stages = append(snap.Stages, model.Stage{RestAPIID: "a1b2c3d4e5", Name: "feat-gone", DeploymentID: "dep0001", Tags: keys.For("feat-gone", "zoe", now.Add(-90*time.Hour), now.Add(-18*time.Hour), "")})
	inv.Unassigned = []model.ResourceRef{{Type: model.TypeRule, ID: unmanaged}}
	ghostTG := fxTGPrefix + "env-feat-ghost/" + fmt.Sprintf("%016x", len("feat-ghost")*7919)
	oldEnv := inv.Environments[slices.IndexFunc(inv.Environments, func(e model.Environment) bool { return e.Name == "feat-old" })]
	inv.Findings = []model.Finding{
		{Kind: model.FindingExpired, Severity: model.SeverityWarning, Environment: "feat-old", Resource: model.ResourceRef{Type: model.TypeRule, ID: oldEnv.Resources[0].ID},
			Reason: "feat-old expired on 2026-11-24 (envdeck:expires-at)", Action: model.ActionDelete},
		{Kind: model.FindingOrphanTargetGroup, Severity: model.SeverityWarning, Environment: "feat-ghost", Resource: model.ResourceRef{Type: model.TypeTargetGroup, ID: ghostTG},
			Reason: "no rule forwards to target group env-feat-ghost", Action: model.ActionDelete},
		{Kind: model.FindingOrphanStage, Severity: model.SeverityInfo, Environment: "feat-gone", Resource: model.ResourceRef{Type: model.TypeStage, ID: orphanStage},
			Reason: "stage feat-gone has no ALB rule for its environment", Action: model.ActionDelete},
		{Kind: model.FindingUnmanaged, Severity: model.SeverityInfo, Resource: model.ResourceRef{Type: model.TypeRule, ID: unmanaged},
			Reason: "rule /legacy/* carries no envdeck:managed-by tag", Action: model.ActionNone},
		{Kind: model.FindingBrokenSlot, Severity: model.SeverityCritical, Resource: model.ResourceRef{Type: model.TypeAlias, ID: "E2ABCDEFGHIJ/pv-4.preview.example.com"},
			Reason: "alias pv-4.preview.example.com has no Route 53 record", Action: model.ActionNone},
		{Kind: model.FindingQuotaPressure, Severity: model.SeverityWarning, Resource: model.ResourceRef{},
			Reason: "Stages per REST API at 90% (9/10)", Action: model.ActionNone},
	}
	inv.Slots = []model.Slot{
		{Host: "pv-1.preview.example.com", State: model.SlotClaimed, Environment: "pv-checkout"},
		{Host: "pv-2.preview.example.com", State: model.SlotFree},
		{Host: "pv-3.preview.example.com", State: model.SlotFree},
		{Host: "pv-4.preview.example.com", State: model.SlotBroken, Reason: "alias without a Route 53 record"},
	}
	full := now.Add(14 * 24 * time.Hour)
	inv.Quotas = []model.QuotaUsage{
		{Name: "Rules per ALB", Code: model.QuotaRulesPerALB, Scope: "shared-alb", Used: 8, Limit: 100, Source: "built-in", Percent: 8, EnvsRemaining: 92},
		{Name: "Target groups per ALB", Code: model.QuotaTargetGroupsPerALB, Scope: "shared-alb", Used: 8, Limit: 100, Source: "built-in", Percent: 8, EnvsRemaining: 92},
		{Name: "Stages per REST API", Code: model.QuotaStagesPerAPI, Scope: "a1b2c3d4e5", Used: 9, Limit: 10, Source: "aws-default", Percent: 90, EnvsRemaining: 1},
		{Name: "Aliases per distribution", Code: model.QuotaAliasesPerDist, Scope: "E2ABCDEFGHIJ", Used: 4, Limit: 100, Source: "aws-default", Percent: 4, EnvsRemaining: 96},
		{Name: "Free slots", Code: model.QuotaFreeSlots, Scope: "pv-{n}", Used: 2, Limit: 4, Source: "built-in", Percent: 50, EnvsRemaining: 2},
	}
	inv.Capacity = model.Capacity{EnvsRemaining: 1, Bottleneck: "Stages per REST API"}
	inv.Forecast = model.Forecast{CreationsPerDay: 1.4, MeanLifetimeHours: 72, SteadyStateEnvs: 4.2, FullOn: &full}
	inv.Errors = snap.Errors
	return fixture{cfg: cfg, snap: snap, inv: inv}
}

// engine returns planners over the fixture: the inventory is the fixture's
// (with the health the TUI merged in), plans follow the model contract.
func (fx fixture) engine() *engine {
	eng := engine{}
	eng.inventory = func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory {
		inv := *fx.inv
		inv.Snapshot = snap
		inv.Errors = snap.Errors
		return &inv
	}
	eng.validateName = func(cfg *model.Config, name string) error {
		if !regexp.MustCompile(cfg.Naming.EnvPattern).MatchString(name) {
			return errorf("name %q does not match naming.env_pattern %s", name, cfg.Naming.EnvPattern)
		}
		return nil
	}
	eng.planDestroy = func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error) {
		i := slices.IndexFunc(inv.Environments, func(e model.Environment) bool { return e.Name == env })
		if i < 0 {
			return model.Plan{}, errorf("unknown environment %s", env)
		}
		e := inv.Environments[i]
		if e.Protected {
			return model.Plan{}, errorf("%s is protected: never destroyed", env)
		}
		p := model.Plan{Kind: "destroy", Account: "123456789012", Region: "eu-west-1", CreatedAt: now}
		for _, r := range e.Resources {
			p.Steps = append(p.Steps, model.Step{Action: model.StepDelete, Type: r.Type, ID: r.ID, Env: env})
		}
		return p, nil
	}
	eng.planGC = func(inv *model.Inventory, cfg *model.Config, now time.Time) model.Plan {
		p := model.Plan{Kind: "gc", Account: "123456789012", Region: "eu-west-1", CreatedAt: now}
		for _, f := range inv.Findings {
			if f.Action != model.ActionDelete {
				continue
			}
			if f.Kind == model.FindingExpired {
				d, _ := eng.planDestroy(inv, cfg, f.Environment, now)
				p.Steps = append(p.Steps, d.Steps...)
				continue
			}
			p.Steps = append(p.Steps, model.Step{Action: model.StepDelete, Type: f.Resource.Type, ID: f.Resource.ID, Env: f.Environment, Reason: f.Kind})
		}
		return p
	}
	eng.planCreate = func(inv *model.Inventory, cfg *model.Config, in createInput, now time.Time) (model.Plan, error) {
		if err := eng.validateName(cfg, in.Name); err != nil {
			return model.Plan{}, err
		}
		if slices.ContainsFunc(inv.Environments, func(e model.Environment) bool { return e.Name == in.Name }) {
			return model.Plan{}, errorf("environment %s already exists", in.Name)
		}
		p := model.Plan{Kind: "create", Account: "123456789012", Region: "eu-west-1", CreatedAt: now}
		p.Steps = append(p.Steps,
			model.Step{Action: model.StepCreate, Type: model.TypeTargetGroup, ID: "env-" + in.Name, Env: in.Name},
			model.Step{Action: model.StepCreate, Type: model.TypeRule, ID: "rule:" + in.Name, Env: in.Name})
		if !in.NoStage {
			p.Steps = append(p.Steps, model.Step{Action: model.StepCreate, Type: model.TypeStage, ID: model.StageID("a1b2c3d4e5", in.Name), Env: in.Name})
		}
		return p, nil
	}
	eng.planExtend = func(inv *model.Inventory, cfg *model.Config, env string, ttl time.Duration, keep *bool, now time.Time) (model.Plan, error) {
		i := slices.IndexFunc(inv.Environments, func(e model.Environment) bool { return e.Name == env })
		if i < 0 {
			return model.Plan{}, errorf("unknown environment %s", env)
		}
		p := model.Plan{Kind: "extend", Account: "123456789012", Region: "eu-west-1", CreatedAt: now}
		for _, r := range inv.Environments[i].Resources {
			if r.Type != model.TypeAlias && r.Type != model.TypeRecord {
				p.Steps = append(p.Steps, model.Step{Action: model.StepUpdate, Type: r.Type, ID: r.ID, Env: env, Reason: "tags"})
			}
		}
		return p, nil
	}
	return &eng
}
