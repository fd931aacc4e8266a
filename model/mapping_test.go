package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Test fixtures: a small platform built in Go so each test reads what it
// relies on. h1Now is the fixed "now" of every test.
var h1Now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const (
	h1Listener  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/1/l1"
	h1Listener2 = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/1/l2"
	h1Domain    = "d111.cloudfront.net"
)

func h1Cfg() *Config {
	c := DefaultConfig()
	c.ALB.ListenerARN = h1Listener
	c.ALB.HostPattern = "{env}.preview.example.com"
	c.Naming.Protected = []string{"main", "release-*"}
	c.APIGateway = &APIGatewayConfig{RestAPIID: "api1", Stage: "{env}"}
	c.CloudFront = &CloudFrontConfig{DistributionID: "E1", AliasPattern: "{env}.preview.example.com",
		Slots: &SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: 3}}
	c.Route53 = &Route53Config{HostedZoneID: "Z1", RecordPattern: "{env}.preview.example.com"}
	return c
}

// h1OwnedTags: managed-by envdeck, env, owner, created age ago, expires ttl after.
func h1OwnedTags(env string, age, ttl time.Duration) map[string]string {
	created := h1Now.Add(-age)
	return h1Cfg().Keys().For(env, "alice", created, created.Add(ttl), "")
}

func h1With(tags map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range tags {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func h1RuleARN(n string) string { return h1Listener + "/rule/" + n }
func h1TgARN(name string) string {
	return "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/" + name + "/1"
}

func h1Fwd(tgNames ...string) []Action {
	a := Action{Type: "forward", Order: 1}
	for _, n := range tgNames {
		a.TargetGroups = append(a.TargetGroups, WeightedTargetGroup{ARN: h1TgARN(n), Weight: 1})
	}
	return []Action{a}
}

func h1PathRule(id string, prio int, path string, tags map[string]string, tgs ...string) Rule {
	return Rule{ARN: h1RuleARN(id), ListenerARN: h1Listener, Priority: prio, Tags: tags, Actions: h1Fwd(tgs...),
		Conditions: []Condition{{Field: "path-pattern", Values: []string{path}}}}
}

func h1HostRule(id string, prio int, host string, tags map[string]string, tgs ...string) Rule {
	return Rule{ARN: h1RuleARN(id), ListenerARN: h1Listener, Priority: prio, Tags: tags, Actions: h1Fwd(tgs...),
		Conditions: []Condition{{Field: "host-header", Values: []string{host}}}}
}

// h1LambdaTG: health read; n Lambda targets (unavailable, health checks disabled).
func h1LambdaTG(name string, tags map[string]string, n int) TargetGroup {
	tg := TargetGroup{ARN: h1TgARN(name), Name: name, TargetType: "lambda", Tags: tags, HealthRead: true, Targets: []Target{}}
	for i := 0; i < n; i++ {
		tg.Targets = append(tg.Targets, Target{ID: "arn:aws:lambda:eu-west-1:123456789012:function:" + name, State: "unavailable", Reason: "Target.HealthCheckDisabled"})
	}
	return tg
}

func h1Stage(name string, tags map[string]string) Stage {
	return Stage{RestAPIID: "api1", Name: name, DeploymentID: "dep1", Tags: tags}
}

func h1AliasRec(name, target string) Record {
	return Record{ZoneID: "Z1", Name: name, Type: "A", AliasTarget: target, AliasZoneID: "Z2FDTNDATAQYW2"}
}

func h1BaseSnap() *Snapshot {
	return &Snapshot{
		Taken: h1Now, Account: "123456789012", Region: "eu-west-1", Profile: "test",
		LoadBalancerARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared/1",
		Listeners: []Listener{{ARN: h1Listener, Port: 443, Protocol: "HTTPS",
			DefaultActions: []Action{{Type: "fixed-response", FixedResponse: &FixedResponseConfig{StatusCode: "404"}}}}},
		Rules:        []Rule{{ARN: h1Listener + "/rule/default", ListenerARN: h1Listener, IsDefault: true, Actions: []Action{{Type: "fixed-response"}}}},
		RestAPIID:    "api1",
		Distribution: &Distribution{ID: "E1", DomainName: h1Domain, Status: "Deployed"},
		HostedZoneID: "Z1",
	}
}

func h1RefsOf(e *Environment) []string {
	var out []string
	for _, r := range e.Resources {
		out = append(out, string(r.Type)+" "+r.ID)
	}
	return out
}

func TestMappingTagFirstThenPatternElseUnassigned(t *testing.T) {
	s := h1BaseSnap()
	s.Rules = append(s.Rules,
		h1PathRule("r-tag", 1001, "/legacy-a", map[string]string{"envdeck:env": "feat-a"}, "env-feat-a"),
		h1PathRule("r-pat", 1002, "/feat-b/*", nil, "env-feat-b"),
		h1PathRule("r-none", 1003, "/static*", nil, "legacy-static"),
		h1PathRule("r-star", 1004, "/*/x", nil),
	)
	s.TargetGroups = append(s.TargetGroups,
		h1LambdaTG("env-feat-a", nil, 1), h1LambdaTG("env-feat-b", nil, 1),
		h1LambdaTG("legacy-static", nil, 1), // forwarded to by an unassigned rule: unassigned
		h1LambdaTG("shared-canary", nil, 1), // no tag, no pattern, nothing forwards: unassigned
	)
	s.Stages = append(s.Stages, h1Stage("feat-b", nil), h1Stage("v1", nil), h1Stage("x", map[string]string{"envdeck:env": "feat-a"}))
	inv := BuildInventory(s, h1Cfg(), h1Now)

	tests := []struct {
		env  string
		want []string
	}{
		{"feat-a", []string{"alb-rule " + h1RuleARN("r-tag"), "target-group " + h1TgARN("env-feat-a"), "apigw-stage api1/x"}},
		{"feat-b", []string{"alb-rule " + h1RuleARN("r-pat"), "target-group " + h1TgARN("env-feat-b"), "apigw-stage api1/feat-b"}},
	}
	for _, tc := range tests {
		e, ok := inv.Env(tc.env)
		if !ok {
			t.Fatalf("env %s missing; envs %v", tc.env, inv.Environments)
		}
		if got := h1RefsOf(e); !slices.Equal(got, tc.want) {
			t.Errorf("%s resources = %v, want %v", tc.env, got, tc.want)
		}
	}
	var un []string
	for _, r := range inv.Unassigned {
		un = append(un, string(r.Type)+" "+r.ID)
	}
	wantUn := []string{
		"alb-rule " + h1RuleARN("r-none"), "alb-rule " + h1RuleARN("r-star"),
		"target-group " + h1TgARN("legacy-static"), "target-group " + h1TgARN("shared-canary"),
		"apigw-stage api1/v1", // "v1" is no valid environment name
	}
	if !slices.Equal(un, wantUn) {
		t.Errorf("unassigned = %v, want %v", un, wantUn)
	}
	if len(inv.Environments) != 2 {
		t.Errorf("environments = %d, want 2 (default rule is never a resource)", len(inv.Environments))
	}
}

func TestMappingTargetGroupFollowsItsRule(t *testing.T) {
	s := h1BaseSnap()
	s.Rules = append(s.Rules,
		h1PathRule("r1", 1001, "/feat-a/*", nil, "blue-1", "env-feat-z"),
		h1PathRule("r2", 1002, "/feat-b/*", nil, "shared"),
		h1PathRule("r3", 1003, "/feat-c/*", nil, "shared"),
	)
	s.TargetGroups = append(s.TargetGroups,
		h1LambdaTG("blue-1", nil, 1),     // follows r1's env
		h1LambdaTG("env-feat-z", nil, 1), // its name says otherwise
		h1LambdaTG("shared", nil, 1),     // two environments forward to it: unassigned
	)
	inv := BuildInventory(s, h1Cfg(), h1Now)
	tests := []struct{ tg, env string }{
		{"blue-1", "feat-a"}, {"env-feat-z", "feat-z"}, {"shared", ""},
	}
	for _, tc := range tests {
		got := h1EnvOf(inv, TypeTargetGroup, h1TgARN(tc.tg))
		if got != tc.env {
			t.Errorf("target group %s → %q, want %q", tc.tg, got, tc.env)
		}
	}
}

// h1EnvOf returns the environment a resource is listed under ("" unassigned, "?" nowhere).
func h1EnvOf(inv *Inventory, typ ResourceType, id string) string {
	for _, e := range inv.Environments {
		for _, r := range e.Resources {
			if r.Type == typ && r.ID == id {
				return e.Name
			}
		}
	}
	for _, r := range inv.Unassigned {
		if r.Type == typ && r.ID == id {
			return ""
		}
	}
	return "?"
}

func TestMappingBothRoutingModesOnOneALB(t *testing.T) {
	s := h1BaseSnap()
	slotTags := h1With(h1OwnedTags("feat-slot", time.Hour, 72*time.Hour), "envdeck:slot", "pv-1.preview.example.com")
	s.Rules = append(s.Rules,
		h1PathRule("p", 1001, "/feat-path/*", h1OwnedTags("feat-path", time.Hour, 72*time.Hour), "env-feat-path"),
		h1HostRule("h", 1002, "feat-host.preview.example.com", h1OwnedTags("feat-host", time.Hour, 72*time.Hour), "env-feat-host"),
		h1HostRule("s", 1003, "PV-1.preview.example.com", slotTags, "env-feat-slot"),
		h1HostRule("u", 1004, "pv-2.preview.example.com", nil, "legacy-pv2"), // untagged: unassigned, still claims pv-2
	)
	s.Rules[1].ListenerARN = h1Listener2 // path env on a second listener of the same ALB
	s.Listeners = append(s.Listeners, Listener{ARN: h1Listener2, Port: 80, Protocol: "HTTP"})
	s.TargetGroups = append(s.TargetGroups,
		h1LambdaTG("env-feat-path", h1OwnedTags("feat-path", time.Hour, 72*time.Hour), 1),
		h1LambdaTG("env-feat-host", h1OwnedTags("feat-host", time.Hour, 72*time.Hour), 1),
		h1LambdaTG("env-feat-slot", h1OwnedTags("feat-slot", time.Hour, 72*time.Hour), 1),
		h1LambdaTG("legacy-pv2", nil, 1),
	)
	s.Distribution.Aliases = []string{"pv-1.preview.example.com", "pv-2.preview.example.com", "pv-3.preview.example.com", "feat-host.preview.example.com"}
	s.Records = []Record{h1AliasRec("pv-1.preview.example.com", h1Domain), h1AliasRec("pv-2.preview.example.com", h1Domain),
		h1AliasRec("pv-3.preview.example.com", h1Domain+"."), h1AliasRec("feat-host.preview.example.com", h1Domain)}
	inv := BuildInventory(s, h1Cfg(), h1Now)

	envs := []struct {
		name, routing, host, slot, status string
	}{
		{"feat-host", RoutingHost, "feat-host.preview.example.com", "", StatusHealthy},
		{"feat-path", RoutingPath, "", "", StatusHealthy},
		{"feat-slot", RoutingHost, "pv-1.preview.example.com", "pv-1.preview.example.com", StatusHealthy},
	}
	if len(inv.Environments) != len(envs) {
		t.Fatalf("environments: %+v", inv.Environments)
	}
	for i, want := range envs {
		e := inv.Environments[i]
		if e.Name != want.name || e.Routing != want.routing || e.Hostname != want.host || e.Slot != want.slot || e.Status != want.status {
			t.Errorf("env %d = %s/%s/%s/%s/%s, want %+v", i, e.Name, e.Routing, e.Hostname, e.Slot, e.Status, want)
		}
	}
	wantSlots := []Slot{
		{Host: "pv-1.preview.example.com", State: SlotClaimed, Environment: "feat-slot"},
		{Host: "pv-2.preview.example.com", State: SlotClaimed},
		{Host: "pv-3.preview.example.com", State: SlotFree},
	}
	if !slices.Equal(inv.Slots, wantSlots) {
		t.Errorf("slots = %+v\nwant %+v", inv.Slots, wantSlots)
	}
	// feat-host's alias and record belong to it; slot aliases/records to no environment and not unassigned.
	if got := h1EnvOf(inv, TypeAlias, "E1/feat-host.preview.example.com"); got != "feat-host" {
		t.Errorf("alias feat-host → %q", got)
	}
	if got := h1EnvOf(inv, TypeRecord, "Z1/feat-host.preview.example.com/A"); got != "feat-host" {
		t.Errorf("record feat-host → %q", got)
	}
	for _, id := range []string{"E1/pv-1.preview.example.com", "Z1/pv-1.preview.example.com/A"} {
		typ := TypeAlias
		if strings.HasPrefix(id, "Z1") {
			typ = TypeRecord
		}
		if got := h1EnvOf(inv, typ, id); got != "?" {
			t.Errorf("slot resource %s listed under %q", id, got)
		}
	}
	if got := h1EnvOf(inv, TypeRule, h1RuleARN("u")); got != "" {
		t.Errorf("untagged slot rule → %q, want unassigned", got)
	}
}

func TestMappingTagConflict(t *testing.T) {
	s := h1BaseSnap()
	s.Rules = append(s.Rules, h1PathRule("c", 1001, "/feat-b/*", h1OwnedTags("feat-a", 10*time.Hour, time.Hour), "env-feat-a"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", h1OwnedTags("feat-a", 10*time.Hour, time.Hour), 1))
	inv := BuildInventory(s, h1Cfg(), h1Now)
	if got := h1EnvOf(inv, TypeRule, h1RuleARN("c")); got != "feat-a" {
		t.Fatalf("conflicting rule → %q, want its tag's environment feat-a", got)
	}
	f := h1FindOne(t, inv, FindingTagConflict, h1RuleARN("c"))
	if f.Action != ActionNone || f.Environment != "feat-a" || !strings.Contains(f.Reason, "feat-b") {
		t.Errorf("tag-conflict finding = %+v", f)
	}
	// feat-a expired: the conflicting rule is never deleted, and so its target group stays too.
	for _, step := range PlanGC(inv, h1Cfg(), h1Now).Steps {
		t.Errorf("plan holds %s %s; want nothing (conflicting rule, target group still in use)", step.Type, step.ID)
	}
}

func h1FindOne(t *testing.T, inv *Inventory, kind, id string) Finding {
	t.Helper()
	var got []Finding
	for _, f := range inv.Findings {
		if f.Kind == kind && f.Resource.ID == id {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d %s findings for %s, want 1; all: %+v", len(got), kind, id, inv.Findings)
	}
	return got[0]
}

func TestMappingAmbiguousRule(t *testing.T) {
	s := h1BaseSnap()
	r := h1PathRule("two", 1001, "/feat-a/*", nil)
	r.Conditions[0].Values = append(r.Conditions[0].Values, "/feat-b/*")
	same := h1PathRule("same", 1002, "/feat-c/*", nil)
	same.Conditions[0].Values = append(same.Conditions[0].Values, "/feat-c/x", "/feat-c/*")
	s.Rules = append(s.Rules, r, same)
	inv := BuildInventory(s, h1Cfg(), h1Now)
	if got := h1EnvOf(inv, TypeRule, h1RuleARN("two")); got != "" {
		t.Errorf("rule naming two environments → %q, want unassigned", got)
	}
	if got := h1EnvOf(inv, TypeRule, h1RuleARN("same")); got != "feat-c" {
		t.Errorf("rule naming one environment twice → %q, want feat-c", got)
	}
}
