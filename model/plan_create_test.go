package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var planNow = time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)

const (
	tListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/abc/def"
	tTG       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/env-old/1"
)

func planConfig() *Config {
	c := DefaultConfig()
	c.Naming.Protected = []string{"main", "release-*"}
	c.ALB.ListenerARN = tListener
	c.ALB.HostPattern = "{env}.preview.example.com"
	c.APIGateway = &APIGatewayConfig{RestAPIID: "api1", Stage: "{env}", Variables: map[string]string{"env": "{env}", "backend": "https://{env}.internal"}}
	return c
}

func hostConfig(slots int) *Config {
	c := planConfig()
	c.ALB.Routing = RoutingHost
	c.CloudFront = &CloudFrontConfig{DistributionID: "E1", AliasPattern: "{env}.preview.example.com"}
	if slots > 0 {
		c.CloudFront.Slots = &SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: slots}
	}
	c.Route53 = &Route53Config{HostedZoneID: "Z1", RecordPattern: "{env}.preview.example.com"}
	return c
}

func planInventory() *Inventory {
	snap := &Snapshot{
		Account: "123456789012", Region: "us-east-1", Profile: "dev",
		Rules: []Rule{
			{ARN: "arn:rule/default", ListenerARN: tListener, IsDefault: true},
			{ARN: "arn:rule/old", ListenerARN: tListener, Priority: 1500,
				Conditions: []Condition{{Field: "path-pattern", Values: []string{"/old/*"}}},
				Actions:    []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{ARN: tTG, Weight: 1}}}}},
		},
		TargetGroups: []TargetGroup{{ARN: tTG, Name: "env-old", TargetType: "lambda"}},
		RestAPIID:    "api1",
		Deployments:  []Deployment{{ID: "dep-old", CreatedAt: planNow.Add(-48 * time.Hour)}, {ID: "dep-new", CreatedAt: planNow.Add(-time.Hour)}},
		Stages:       []Stage{{RestAPIID: "api1", Name: "old", DeploymentID: "dep-old"}},
		Distribution: &Distribution{ID: "E1", DomainName: "d111.cloudfront.net", Aliases: []string{"pv-1.preview.example.com", "pv-2.preview.example.com"}},
		HostedZoneID: "Z1",
	}
	return &Inventory{
		Snapshot:     snap,
		Environments: []Environment{{Name: "old", Routing: RoutingPath}},
		Quotas: []QuotaUsage{
			{Name: "Rules per Application Load Balancer", Code: QuotaRulesPerALB, Used: 1, Limit: 100},
			{Name: "Target groups per Application Load Balancer", Code: QuotaTargetGroupsPerALB, Used: 1, Limit: 100},
			{Name: "Stages per REST API", Code: QuotaStagesPerAPI, Used: 1, Limit: 10},
			{Name: "Alternate domain names per distribution", Code: QuotaAliasesPerDist, Used: 2, Limit: 100},
			{Name: "Records per hosted zone", Code: QuotaRecordsPerZone, Used: 4, Limit: 10000},
		},
		Slots: []Slot{{Host: "pv-1.preview.example.com", State: SlotClaimed, Environment: "x"}, {Host: "pv-2.preview.example.com", State: SlotFree}},
	}
}

func TestPlanCreatePath(t *testing.T) {
	inv, cfg := planInventory(), planConfig()
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-a", Owner: "alice", TTL: 48 * time.Hour}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "create" || p.Account != "123456789012" || p.Region != "us-east-1" || p.Profile != "dev" || p.Fingerprint != inv.Snapshot.Fingerprint() {
		t.Fatalf("plan header = %+v", p)
	}
	var types []ResourceType
	for _, s := range p.Steps {
		types = append(types, s.Type)
		if s.Action != StepCreate || s.Env != "feat-a" || s.Def == nil {
			t.Fatalf("step %+v", s)
		}
	}
	if want := []ResourceType{TypeTargetGroup, TypeRule, TypeStage}; !equalTypes(types, want) {
		t.Fatalf("steps %v, want %v", types, want)
	}
	keys := cfg.Keys()
	wantTags := map[string]string{keys.Env: "feat-a", keys.ManagedBy: "envdeck", keys.Owner: "alice",
		keys.CreatedAt: "2026-11-25T07:00:00Z", keys.ExpiresAt: "2026-11-27T07:00:00Z"}
	tg := p.Steps[0].Def.TargetGroup
	if tg.Name != "env-feat-a" || tg.TargetType != "lambda" || tg.HealthCheckEnabled || !equalMap(tg.Tags, wantTags) {
		t.Fatalf("target group %+v", tg)
	}
	r := p.Steps[1].Def.Rule
	if r.ListenerARN != tListener || len(r.Conditions) != 1 || r.Conditions[0].Field != "path-pattern" || r.Conditions[0].Values[0] != "/feat-a/*" {
		t.Fatalf("rule conditions %+v", r)
	}
	if len(r.Actions) != 1 || r.Actions[0].Type != "forward" || r.Actions[0].TargetGroups[0].Name != "env-feat-a" || r.Actions[0].TargetGroups[0].ARN != "" {
		t.Fatalf("rule actions %+v", r.Actions)
	}
	wantPrio, _ := AllocatePriority(1000, 4999, map[int]bool{0: true, 1500: true}, "feat-a")
	if r.Priority != wantPrio || !equalMap(r.Tags, wantTags) {
		t.Fatalf("rule priority %d (want %d), tags %v", r.Priority, wantPrio, r.Tags)
	}
	st := p.Steps[2].Def.Stage
	if st.Name != "feat-a" || st.DeploymentID != "dep-new" || st.Variables["env"] != "feat-a" || st.Variables["backend"] != "https://feat-a.internal" || !equalMap(st.Tags, wantTags) {
		t.Fatalf("stage %+v", st)
	}
	if p.Steps[2].ID != "api1/feat-a" {
		t.Fatalf("stage id %q", p.Steps[2].ID)
	}
}

func TestPlanCreateDefaults(t *testing.T) {
	inv, cfg := planInventory(), planConfig()
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-b", NoStage: true}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 2 {
		t.Fatalf("NoStage: %d steps", len(p.Steps))
	}
	if got := p.Steps[0].Def.TargetGroup.Tags[cfg.Keys().ExpiresAt]; got != "2026-11-28T07:00:00Z" {
		t.Fatalf("default ttl: expires-at %s", got)
	}
}

func TestPlanCreateHostSlot(t *testing.T) {
	inv, cfg := planInventory(), hostConfig(2)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-h", Owner: "bob"}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTypes(p); !equalTypes(got, []ResourceType{TypeTargetGroup, TypeRule, TypeStage}) {
		t.Fatalf("slot claim touches more than rule/tg/stage: %v", got)
	}
	r := p.Steps[1].Def.Rule
	if r.Conditions[0].Field != "host-header" || r.Conditions[0].Values[0] != "pv-2.preview.example.com" {
		t.Fatalf("rule condition %+v", r.Conditions)
	}
	if want, ok := SlotPriority(cfg, "pv-2.preview.example.com"); !ok || want != 4998 || r.Priority != want {
		t.Fatalf("slot claim priority %d, want the slot's %d", r.Priority, want)
	}
	if r.Tags[cfg.Keys().Slot] != "pv-2.preview.example.com" || p.Steps[0].Def.TargetGroup.Tags[cfg.Keys().Slot] != "pv-2.preview.example.com" {
		t.Fatalf("slot tag missing: %v", r.Tags)
	}
}

func TestPlanCreateHostAlias(t *testing.T) {
	inv, cfg := planInventory(), hostConfig(0)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-h", Routing: RoutingHost}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTypes(p); !equalTypes(got, []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeAlias, TypeRecord}) {
		t.Fatalf("steps %v", got)
	}
	if c := p.Steps[1].Def.Rule.Conditions[0]; c.Field != "host-header" || c.Values[0] != "feat-h.preview.example.com" {
		t.Fatalf("condition %+v", c)
	}
	if a := p.Steps[3].Def.Alias; a.DistributionID != "E1" || a.Name != "feat-h.preview.example.com" || p.Steps[3].ID != "E1/feat-h.preview.example.com" {
		t.Fatalf("alias %+v", a)
	}
	rec := p.Steps[4].Def.Record
	if rec.ZoneID != "Z1" || rec.Name != "feat-h.preview.example.com" || rec.Type != "A" || rec.AliasTarget != "d111.cloudfront.net" || rec.AliasZoneID != "Z2FDTNDATAQYW2" {
		t.Fatalf("record %+v", rec)
	}
	if p.Steps[4].ID != "Z1/feat-h.preview.example.com/A" {
		t.Fatalf("record id %s", p.Steps[4].ID)
	}
}

func TestPlanCreateRefusals(t *testing.T) {
	tests := map[string]struct {
		req    CreateRequest
		cfg    func() *Config
		inv    func(*Inventory)
		check  func(error) bool
		substr string
	}{
		"bad name":                  {req: CreateRequest{Name: "Bad_Name"}, substr: "env_pattern"},
		"too long for target group": {req: CreateRequest{Name: "a" + strings.Repeat("b", 28)}, substr: "target group"},
		"protected": {req: CreateRequest{Name: "release-1"},
			check: func(err error) bool { var e *ProtectedNameError; return errors.As(err, &e) }},
		"existing env": {req: CreateRequest{Name: "old"},
			check: func(err error) bool { var e *NameTakenError; return errors.As(err, &e) }},
		"target group taken": {req: CreateRequest{Name: "feat-z"},
			inv: func(inv *Inventory) {
				inv.Snapshot.TargetGroups = append(inv.Snapshot.TargetGroups, TargetGroup{ARN: "x", Name: "env-feat-z"})
			},
			check: func(err error) bool { var e *NameTakenError; return errors.As(err, &e) }},
		"stages full": {req: CreateRequest{Name: "feat-z"},
			inv: func(inv *Inventory) { inv.Quotas[2].Used = 10 },
			check: func(err error) bool {
				var e *QuotaFullError
				return errors.As(err, &e) && e.Code == QuotaStagesPerAPI && err.Error() == "Stages per REST API is full (10 of 10)"
			}},
		"stages full but no stage": {req: CreateRequest{Name: "feat-z", NoStage: true},
			inv: func(inv *Inventory) { inv.Quotas[2].Used = 10 }},
		"rules full": {req: CreateRequest{Name: "feat-z"},
			inv:   func(inv *Inventory) { inv.Quotas[0].Used = 100 },
			check: func(err error) bool { var e *QuotaFullError; return errors.As(err, &e) && e.Code == QuotaRulesPerALB }},
		"no free slot": {req: CreateRequest{Name: "feat-z"}, cfg: func() *Config { return hostConfig(2) },
			inv: func(inv *Inventory) { inv.Slots[1].State = SlotBroken },
			check: func(err error) bool {
				var e *NoFreeSlotError
				return errors.As(err, &e) && err.Error() == "no free slot in the pool pv-{n}.preview.example.com (2 of 2 claimed or broken)"
			}},
		"aliases full": {req: CreateRequest{Name: "feat-z"}, cfg: func() *Config { return hostConfig(0) },
			inv: func(inv *Inventory) { inv.Quotas[3].Used = 100 },
			check: func(err error) bool {
				var e *QuotaFullError
				return errors.As(err, &e) && e.Code == QuotaAliasesPerDist
			}},
		"aliases full in path mode": {req: CreateRequest{Name: "feat-z"},
			inv: func(inv *Inventory) { inv.Quotas[3].Used = 100 }},
		"route taken by a foreign rule": {req: CreateRequest{Name: "feat-z"},
			inv: func(inv *Inventory) {
				inv.Snapshot.Rules = append(inv.Snapshot.Rules, Rule{ARN: "arn:rule/foreign", ListenerARN: tListener, Priority: 7,
					Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-z/*"}}}})
			},
			check: func(err error) bool { var e *NameTakenError; return errors.As(err, &e) }},
		"no deployment": {req: CreateRequest{Name: "feat-z"},
			inv: func(inv *Inventory) { inv.Snapshot.Deployments = nil }, substr: "no deployment"},
		"bad routing": {req: CreateRequest{Name: "feat-z", Routing: "dns"}, substr: "routing"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			inv := planInventory()
			cfg := planConfig()
			if tc.cfg != nil {
				cfg = tc.cfg()
			}
			if tc.inv != nil {
				tc.inv(inv)
			}
			p, err := PlanCreate(inv, cfg, tc.req, planNow)
			if tc.check == nil && tc.substr == "" {
				if err != nil {
					t.Fatalf("unexpected refusal: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted: %+v", p)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			if tc.check != nil && !tc.check(err) {
				t.Fatalf("wrong error: %v (%T)", err, err)
			}
			if tc.substr != "" && !strings.Contains(err.Error(), tc.substr) {
				t.Fatalf("error %q does not name %q", err, tc.substr)
			}
			if len(p.Steps) != 0 {
				t.Fatalf("refused plan has steps")
			}
		})
	}
}

func stepTypes(p Plan) []ResourceType {
	var out []ResourceType
	for _, s := range p.Steps {
		out = append(out, s.Type)
	}
	return out
}

func equalTypes(a, b []ResourceType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestSlotPriorities(t *testing.T) {
	cfg := hostConfig(3)
	if got := SlotPriorities(cfg); len(got) != 3 || got[0] != 4999 || got[2] != 4997 {
		t.Fatalf("SlotPriorities = %v", got)
	}
	for _, host := range []string{"pv-0.preview.example.com", "pv-4.preview.example.com", "other.example.com", ""} {
		if p, ok := SlotPriority(cfg, host); ok {
			t.Errorf("%q has slot priority %d", host, p)
		}
	}
	if SlotPriorities(planConfig()) != nil {
		t.Fatal("no pool, no reserved priorities")
	}
	small := hostConfig(3)
	small.ALB.PriorityRange = [2]int{1, 5}
	if SlotPriorities(small) != nil {
		t.Fatal("a range too small reserves nothing")
	}
	// A path create in a pool's config never takes a slot's priority.
	inv := planInventory()
	cfg.ALB.PriorityRange = [2]int{4997, 5002}
	reserved := map[int]bool{}
	for _, p := range SlotPriorities(cfg) {
		reserved[p] = true
	}
	if len(reserved) != 3 || !reserved[5002] || !reserved[5000] {
		t.Fatalf("reserved %v", reserved)
	}
	for _, n := range []string{"aa1", "bb2", "cc3", "dd4", "ee5"} {
		p, err := PlanCreate(inv, cfg, CreateRequest{Name: n, Routing: RoutingPath}, planNow)
		if err != nil {
			t.Fatal(err)
		}
		if pr := p.Steps[1].Def.Rule.Priority; reserved[pr] {
			t.Fatalf("%s got slot priority %d", n, pr)
		}
	}
}
