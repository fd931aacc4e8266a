package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// svcH1Cfg is h1Cfg with services web ('/{env}/*', env-{env}-web) and bff
// ('/{env}/bff/*', env-{env}-bff) instead of the shorthand.
func svcH1Cfg() *Config {
	c := h1Cfg()
	c.ALB.PathPattern, c.ALB.TargetGroup = "", TargetGroupConfig{}
	c.Services = []ServiceConfig{
		{Name: "web", PathPattern: "/{env}/*", HostPath: "/*", TargetGroup: TargetGroupConfig{Name: "env-{env}-web", Type: "lambda"}},
		{Name: "bff", PathPattern: "/{env}/bff/*", HostPath: "/bff/*", TargetGroup: TargetGroupConfig{Name: "env-{env}-bff", Type: "lambda"}},
	}
	return c
}

// svcEnv adds environment env with the given services (rule + target group
// each), path-routed, owned and serving.
func svcEnv(s *Snapshot, env string, prio int, services ...string) {
	tags := h1OwnedTags(env, time.Hour, 72*time.Hour)
	for i, svc := range services {
		path := "/" + env + "/*"
		if svc == "bff" {
			path = "/" + env + "/bff/*"
		}
		tg := "env-" + env + "-" + svc
		s.Rules = append(s.Rules, h1PathRule(env+"-"+svc, prio+i, path, tags, tg))
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG(tg, tags, 1))
	}
}

func TestServicesMappingAndStatus(t *testing.T) {
	if err := svcH1Cfg().Validate(); err != nil {
		t.Fatal(err)
	}
	s := h1BaseSnap()
	svcEnv(s, "feat-a", 1000, "bff", "web")
	svcEnv(s, "feat-b", 1010, "web") // its bff rule and target group are gone
	// feat-c lost its bff rule only; its bff target group is still there.
	svcEnv(s, "feat-c", 1020, "web")
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-c-bff", h1OwnedTags("feat-c", time.Hour, 72*time.Hour), 1))
	// Untagged: the pattern alone names the environment and the service.
	s.Rules = append(s.Rules, h1PathRule("legacy-bff", 1030, "/legacy/bff/*", nil, "env-legacy-bff"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-legacy-bff", nil, 1))
	inv := BuildInventory(s, svcH1Cfg(), h1Now)

	tests := []struct {
		env, status, summary string
		missing              []string
	}{
		{"feat-a", StatusHealthy, "2/2", nil},
		{"feat-b", StatusPartial, "1/2", []string{"bff"}},
		{"feat-c", StatusPartial, "1/2", []string{"bff"}},
		{"legacy", StatusPartial, "1/2", []string{"web"}},
	}
	for _, tc := range tests {
		e, ok := inv.Env(tc.env)
		if !ok {
			t.Fatalf("%s: no environment", tc.env)
		}
		if e.Status != tc.status || e.ServicesSummary() != tc.summary || !reflect.DeepEqual(e.MissingServices, tc.missing) {
			t.Errorf("%s: status %s services %s missing %v, want %s %s %v", tc.env, e.Status, e.ServicesSummary(), e.MissingServices, tc.status, tc.summary, tc.missing)
		}
	}
	e, _ := inv.Env("feat-a")
	for _, r := range e.Resources {
		want := map[string]string{
			h1RuleARN("feat-a-web"): "web", h1RuleARN("feat-a-bff"): "bff",
			h1TgARN("env-feat-a-web"): "web", h1TgARN("env-feat-a-bff"): "bff",
		}[r.ID]
		if r.Service != want {
			t.Errorf("%s %s: service %q, want %q", r.Type, r.ID, r.Service, want)
		}
	}
}

// One service (the shorthand): no service on refs, no services on
// environments, and the statuses of before.
func TestServicesShorthandKeepsStatuses(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	for _, e := range inv.Environments {
		if len(e.Services) != 0 || e.ServicesSummary() != "" {
			t.Errorf("%s: services %v", e.Name, e.Services)
		}
		for _, r := range e.Resources {
			if r.Service != "" {
				t.Errorf("%s: %s %s has service %q", e.Name, r.Type, r.ID, r.Service)
			}
		}
	}
}

// Host mode: a host_path next to the host condition is the service, never
// an environment named after the path ("bff").
func TestServicesHostPathMapping(t *testing.T) {
	cfg := svcH1Cfg()
	cfg.ALB.Routing = RoutingHost
	s := h1BaseSnap()
	tags := h1OwnedTags("feat-h", time.Hour, 72*time.Hour)
	for i, svc := range []string{"bff", "web"} {
		hp := cfg.Services[0].HostPath
		if svc == "bff" {
			hp = cfg.Services[1].HostPath
		}
		r := h1HostRule("h-"+svc, 2000+i, "feat-h.preview.example.com", nil, "env-feat-h-"+svc)
		r.Conditions = append(r.Conditions, Condition{Field: "path-pattern", Values: []string{hp}})
		s.Rules = append(s.Rules, r)
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-h-"+svc, tags, 1))
	}
	inv := BuildInventory(s, cfg, h1Now)
	if _, ok := inv.Env("bff"); ok {
		t.Error("a host path made an environment bff")
	}
	e, ok := inv.Env("feat-h")
	if !ok {
		t.Fatal("no feat-h")
	}
	if e.ServicesSummary() != "2/2" {
		t.Errorf("feat-h services %+v", e.Services)
	}
}

// gc, destroy and extend plan over every service of an environment: an
// expired environment of web and bff is collected whole, rules first.
func TestServicesGCDestroyExtendCoverEveryService(t *testing.T) {
	cfg := svcH1Cfg()
	s := h1BaseSnap()
	svcEnv(s, "feat-a", 1000, "bff", "web")
	old := h1OwnedTags("feat-old", 100*time.Hour, 72*time.Hour) // expired a day ago
	for i, svc := range []string{"bff", "web"} {
		path := map[string]string{"bff": "/feat-old/bff/*", "web": "/feat-old/*"}[svc]
		s.Rules = append(s.Rules, h1PathRule("old-"+svc, 1100+i, path, old, "env-feat-old-"+svc))
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-old-"+svc, old, 1))
	}
	inv := BuildInventory(s, cfg, h1Now)
	wantOrder := func(p Plan, env string) {
		t.Helper()
		var got []string
		for _, st := range p.Steps {
			if st.Env == env {
				got = append(got, string(st.Action)+" "+string(st.Type)+" "+st.ID)
			}
		}
		want := []string{
			"delete alb-rule " + h1RuleARN(env+"-bff"), "delete alb-rule " + h1RuleARN(env+"-web"),
			"delete target-group " + h1TgARN("env-"+env+"-bff"), "delete target-group " + h1TgARN("env-"+env+"-web"),
		}
		if env == "feat-old" {
			want = []string{
				"delete alb-rule " + h1RuleARN("old-bff"), "delete alb-rule " + h1RuleARN("old-web"),
				"delete target-group " + h1TgARN("env-feat-old-bff"), "delete target-group " + h1TgARN("env-feat-old-web"),
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s steps:\n%s\nwant:\n%s", env, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	wantOrder(PlanGC(inv, cfg, h1Now), "feat-old")
	p, err := PlanDestroy(inv, cfg, "feat-a", h1Now)
	if err != nil {
		t.Fatal(err)
	}
	wantOrder(p, "feat-a")
	ext, err := PlanExtend(inv, cfg, "feat-a", 24*time.Hour, nil, h1Now)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range ext.Steps {
		if st.Type == TypeRule || st.Type == TypeTargetGroup {
			n++
		}
	}
	if n != 4 {
		t.Errorf("extend retags %d rules and target groups, want 4: %+v", n, ext.Steps)
	}
}

// "Environments that still fit" counts a rule and a target group per
// service: 10 rules left fit 5 environments of web and bff.
func TestServicesQuotaNeedsOnePerService(t *testing.T) {
	cfg := svcH1Cfg()
	cfg.APIGateway, cfg.CloudFront, cfg.Route53 = nil, nil, nil
	s := h1BaseSnap()
	svcEnv(s, "feat-a", 1000, "bff", "web")
	s.Limits = []Limit{{Code: QuotaRulesPerALB, Value: 12, Source: LimitSourceServiceQuotas}, {Code: QuotaTargetGroupsPerALB, Value: 100, Source: LimitSourceServiceQuotas}}
	qs, capacity := ComputeQuotas(s, cfg, nil, nil)
	for _, q := range qs {
		if q.Code == QuotaRulesPerALB && (q.Used != 2 || q.EnvsRemaining != 5) {
			t.Errorf("rules %+v, want 2 used and 5 environments", q)
		}
	}
	if capacity.EnvsRemaining != 5 || capacity.Bottleneck != QuotaNameRules {
		t.Errorf("capacity %+v", capacity)
	}
}
