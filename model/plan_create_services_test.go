package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// svcPlanConfig is planConfig with services web and bff.
func svcPlanConfig() *Config {
	c := planConfig()
	c.ALB.PathPattern, c.ALB.TargetGroup = "", TargetGroupConfig{}
	c.Services = svcH1Cfg().Services
	return c
}

// svcPlanInventory is planInventory built from its snapshot with cfg.
func svcPlanInventory(cfg *Config) *Inventory {
	inv := planInventory()
	built := BuildInventory(inv.Snapshot, cfg, planNow)
	built.Quotas, built.Slots = inv.Quotas, inv.Slots
	return built
}

// applyToSnapshot adds what the plan's target group and rule steps make to
// a copy of snap, as apply would (synthetic ARNs).
func applyToSnapshot(snap *Snapshot, p Plan) *Snapshot {
	out := *snap
	out.Rules = append([]Rule(nil), snap.Rules...)
	out.TargetGroups = append([]TargetGroup(nil), snap.TargetGroups...)
	arns := map[string]string{}
	for _, st := range p.Steps {
		if st.Def != nil && st.Def.TargetGroup != nil {
			tg := *st.Def.TargetGroup
			tg.ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + tg.Name + "/9"
			arns[tg.Name] = tg.ARN
			out.TargetGroups = append(out.TargetGroups, tg)
		}
	}
	for i, st := range p.Steps {
		if st.Def != nil && st.Def.Rule != nil {
			r := *st.Def.Rule
			r.ARN = fmt.Sprintf("%s/rule/made%d", tListener, i)
			r.Actions = []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{ARN: arns[r.Actions[0].TargetGroups[0].Name], Weight: 1}}}}
			out.Rules = append(out.Rules, r)
		}
	}
	return &out
}

// noShadowedRule runs the shadowed-rule finding over the snapshot the plan
// makes.
func noShadowedRule(t *testing.T, snap *Snapshot, cfg *Config, p Plan) *Inventory {
	t.Helper()
	inv := BuildInventory(applyToSnapshot(snap, p), cfg, planNow)
	for _, f := range inv.Findings {
		if f.Kind == FindingShadowedRule {
			t.Errorf("the plan makes a shadowed rule: %+v", f)
		}
	}
	return inv
}

func rulesOf(p Plan) []*Rule {
	var out []*Rule
	for _, s := range p.Steps {
		if s.Type == TypeRule {
			out = append(out, s.Def.Rule)
		}
	}
	return out
}

func TestPlanCreateServices(t *testing.T) {
	cfg := svcPlanConfig()
	inv := svcPlanInventory(cfg)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-a", Owner: "alice"}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []ResourceType{TypeTargetGroup, TypeTargetGroup, TypeRule, TypeRule, TypeStage}
	if got := stepTypes(p); !equalTypes(got, want) {
		t.Fatalf("steps %v, want %v", got, want)
	}
	if p.Steps[0].ID != "env-feat-a-web" || p.Steps[1].ID != "env-feat-a-bff" {
		t.Errorf("target groups %s %s", p.Steps[0].ID, p.Steps[1].ID)
	}
	rs := rulesOf(p)
	if rs[0].Conditions[0].Values[0] != "/feat-a/bff/*" || rs[1].Conditions[0].Values[0] != "/feat-a/*" {
		t.Fatalf("rule order %v %v: the more specific path must come first", rs[0].Conditions, rs[1].Conditions)
	}
	if rs[1].Priority != rs[0].Priority+1 {
		t.Errorf("priorities %d %d are not consecutive", rs[0].Priority, rs[1].Priority)
	}
	if !strings.HasPrefix(p.Steps[2].Reason, "bff: ") || !strings.HasPrefix(p.Steps[0].Reason, "web: ") {
		t.Errorf("reasons %q %q do not name the service", p.Steps[2].Reason, p.Steps[0].Reason)
	}
	// The check sees a shadowed rule: the same rules the other way round.
	swapped := p
	swapped.Steps = append([]Step(nil), p.Steps...)
	for i, r := range []*Rule{rs[1], rs[0]} {
		c := *r
		c.Priority = rs[i].Priority
		swapped.Steps[2+i].Def = &Definition{Rule: &c}
	}
	shadowed := 0
	for _, f := range BuildInventory(applyToSnapshot(inv.Snapshot, swapped), cfg, planNow).Findings {
		if f.Kind == FindingShadowedRule {
			shadowed++
		}
	}
	if shadowed != 1 {
		t.Errorf("wider path first: %d shadowed-rule findings, want 1", shadowed)
	}
	made := noShadowedRule(t, inv.Snapshot, cfg, p)
	if e, ok := made.Env("feat-a"); !ok || e.ServicesSummary() != "2/2" || e.Status != StatusHealthy {
		t.Errorf("the made environment: %+v", e)
	}
}

// A half-made environment with its web rule completes bff before it.
func TestPlanCreateServicesCompletesBeforeTheWiderRule(t *testing.T) {
	cfg := svcPlanConfig()
	inv := svcPlanInventory(cfg)
	first, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-a", Owner: "alice", Services: []string{"web"}, NoStage: true}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTypes(first); !equalTypes(got, []ResourceType{TypeTargetGroup, TypeRule}) {
		t.Fatalf("--services web steps %v", got)
	}
	snap := applyToSnapshot(inv.Snapshot, first)
	half := BuildInventory(snap, cfg, planNow)
	if e, _ := half.Env("feat-a"); e.Status != StatusPartial || strings.Join(e.MissingServices, ",") != "bff" {
		t.Fatalf("web only: %+v", e)
	}
	half.Quotas = inv.Quotas
	p, err := PlanCreate(half, cfg, CreateRequest{Name: "feat-a", Owner: "alice", NoStage: true}, planNow.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	rs := rulesOf(p)
	if len(rs) != 1 || rs[0].Conditions[0].Values[0] != "/feat-a/bff/*" || rs[0].Priority >= rulesOf(first)[0].Priority {
		t.Fatalf("completion rules %+v (web at %d)", rs, rulesOf(first)[0].Priority)
	}
	if !strings.HasSuffix(p.Steps[0].Reason, completesNote) {
		t.Errorf("reason %q", p.Steps[0].Reason)
	}
	noShadowedRule(t, snap, cfg, p)
}

func TestPlanCreateServicesRefusals(t *testing.T) {
	cfg := svcPlanConfig()
	tests := []struct {
		name string
		req  CreateRequest
		edit func(inv *Inventory)
		want string
	}{
		{"unknown service", CreateRequest{Name: "feat-a", Services: []string{"web", "api"}}, nil,
			`cannot create "feat-a": unknown service "api" (services: web, bff)`},
		{"targets need one service", CreateRequest{Name: "feat-a", Targets: []string{"arn:aws:lambda:us-east-1:123456789012:function:f"}}, nil,
			"--target registers targets in one target group"},
		{"room for one rule only", CreateRequest{Name: "feat-a"}, func(inv *Inventory) { inv.Quotas[0].Used = 99 },
			"Rules per Application Load Balancer is full (99 of 100)"},
		{"a target group of a service exists", CreateRequest{Name: "feat-a"}, func(inv *Inventory) {
			inv.Snapshot.TargetGroups = append(inv.Snapshot.TargetGroups, TargetGroup{ARN: "arn:tg/x", Name: "env-feat-a-bff"})
		}, "target group env-feat-a-bff already exists"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := svcPlanInventory(cfg)
			if tc.edit != nil {
				tc.edit(inv)
			}
			_, err := PlanCreate(inv, cfg, tc.req, planNow)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
	_, err := PlanCreate(svcPlanInventory(cfg), cfg, CreateRequest{Name: "feat-a", Services: []string{"x"}}, planNow)
	var unknown *UnknownServiceError
	if !errors.As(err, &unknown) {
		t.Errorf("err %T", err)
	}
}

// Host mode: each rule is the host plus the service's host_path; the step
// IDs differ by the path.
func TestPlanCreateServicesHost(t *testing.T) {
	cfg := svcPlanConfig()
	cfg.ALB.Routing = RoutingHost
	inv := svcPlanInventory(cfg)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-h", NoStage: true}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	rs := rulesOf(p)
	if len(rs) != 2 || len(rs[0].Conditions) != 2 || rs[0].Conditions[1].Values[0] != "/bff/*" || rs[1].Conditions[1].Values[0] != "/*" {
		t.Fatalf("rules %+v", rs)
	}
	ids := map[string]bool{}
	for _, s := range p.Steps {
		if ids[s.ID] {
			t.Errorf("step id %s twice", s.ID)
		}
		ids[s.ID] = true
	}
	noShadowedRule(t, inv.Snapshot, cfg, p)
}

// In a slot, the widest rule claims it (the slot's priority, the slot
// tag); the narrower one goes before it without the tag, so apply does not
// take it for a second claim.
func TestPlanCreateServicesSlot(t *testing.T) {
	cfg := hostConfig(2)
	cfg.ALB.PathPattern, cfg.ALB.TargetGroup = "", TargetGroupConfig{}
	cfg.Services = svcH1Cfg().Services
	inv := svcPlanInventory(cfg)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-s", NoStage: true}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	rs := rulesOf(p)
	slotKey := cfg.Keys().Slot
	claimP, _ := SlotPriority(cfg, "pv-2.preview.example.com")
	if len(rs) != 2 || rs[0].Priority != claimP || rs[0].Tags[slotKey] != "pv-2.preview.example.com" || rs[0].Conditions[1].Values[0] != "/*" {
		t.Fatalf("the claim %+v", rs[0])
	}
	if rs[1].Priority >= claimP || rs[1].Tags[slotKey] != "" || rs[1].Conditions[1].Values[0] != "/bff/*" {
		t.Fatalf("the bff rule %+v", rs[1])
	}
	made := noShadowedRule(t, inv.Snapshot, cfg, p)
	if e, _ := made.Env("feat-s"); e.Slot != "pv-2.preview.example.com" || e.ServicesSummary() != "2/2" {
		t.Errorf("made %+v", e)
	}
}
