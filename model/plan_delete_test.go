package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func h1StepKeys(p Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, string(s.Type)+" "+h1Short(s.ID))
	}
	return out
}

func h1Short(id string) string {
	if i := strings.LastIndex(id, "/rule/"); i >= 0 {
		return "rule:" + id[i+6:]
	}
	if strings.Contains(id, ":targetgroup/") {
		return "tg:" + strings.Split(id, "/")[1]
	}
	return id
}

// h1CheckSteps: every step is a delete with its current definition, the
// definition's fingerprint, and a resource that is owned, not protected,
// not conflicting, not a slot's.
func h1CheckSteps(t *testing.T, inv *Inventory, p Plan) {
	t.Helper()
	cfg := h1Cfg()
	m := newEnvMapper(inv.Snapshot, cfg, envNameValidator(cfg))
	for _, s := range p.Steps {
		if s.Action != StepDelete || s.Def == nil || s.Expect == "" || s.Expect != s.Def.Fingerprint() {
			t.Errorf("step %s %s: action %s def %v expect %q", s.Type, s.ID, s.Action, s.Def != nil, s.Expect)
		}
		def, ok := inv.Snapshot.Lookup(s.Type, s.ID)
		if !ok || def.Fingerprint() != s.Expect {
			t.Errorf("step %s %s: Lookup %v, fingerprint differs", s.Type, s.ID, ok)
		}
		for _, r := range m.all {
			if r.ref.Type == s.Type && r.ref.ID == s.ID {
				if ok, why := m.deletable(r); !ok {
					t.Errorf("step %s %s is not deletable: %s", s.Type, s.ID, why)
				}
			}
		}
	}
	if p.Account != "123456789012" || p.Region != "eu-west-1" || p.Profile != "test" || p.Fingerprint != inv.Snapshot.Fingerprint() || !p.CreatedAt.Equal(h1Now) {
		t.Errorf("plan header = %s %s %s %s %v", p.Account, p.Region, p.Profile, p.Fingerprint, p.CreatedAt)
	}
}

func TestPlanGC(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	p := PlanGC(inv, h1Cfg(), h1Now)
	if p.Kind != PlanKindGC {
		t.Errorf("kind %q", p.Kind)
	}
	want := []string{
		"route53-record Z1/old-thing.preview.example.com/A",
		"route53-record Z1/pv-4.preview.example.com/CNAME",
		"apigw-stage api1/feat-exp",
		"apigw-stage api1/feat-stage",
		"alb-rule rule:ghost",
		"alb-rule rule:slot",
		"alb-rule rule:x",
		"target-group tg:env-feat-exp",
		"target-group tg:env-feat-ghost",
		"target-group tg:env-feat-lonely",
		"target-group tg:env-feat-slot",
	}
	if got := h1StepKeys(p); !slices.Equal(got, want) {
		t.Errorf("gc plan:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	h1CheckSteps(t, inv, p)
	// never in it: unowned, protected, conflicting, young, slot resources
	for _, s := range p.Steps {
		for _, bad := range []string{"legacy", "static", "main", "keep", "conf", "young", "fresh", "unread", "noage", "pv-1", "pv-2", "pv-3", "www.example.org"} {
			if strings.Contains(s.ID, bad) {
				t.Errorf("plan holds %s", s.ID)
			}
		}
	}
}

func TestPlanGCDeduplicatesAndRechecks(t *testing.T) {
	s := h1BaseSnap()
	// expired AND orphan: two findings name the rule and its target group
	x := h1OwnedTags("feat-x", 100*time.Hour, 72*time.Hour)
	s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", x, "env-feat-x"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", x, 0))
	inv := BuildInventory(s, h1Cfg(), h1Now)
	n := 0
	for _, f := range inv.Findings {
		if f.Action == ActionDelete {
			n++
		}
	}
	if n != 4 {
		t.Fatalf("%d delete findings, want 4 (expired + orphan-rule for rule and group): %+v", n, inv.Findings)
	}
	p := PlanGC(inv, h1Cfg(), h1Now)
	if got := h1StepKeys(p); !slices.Equal(got, []string{"alb-rule rule:x", "target-group tg:env-feat-x"}) {
		t.Errorf("plan = %v", got)
	}
	// A forged finding on an unowned resource never reaches the plan.
	s.Rules = append(s.Rules, h1PathRule("legacy", 1002, "/legacy/*", nil))
	inv = BuildInventory(s, h1Cfg(), h1Now)
	inv.Findings = append(inv.Findings, Finding{Kind: FindingOrphanRule, Resource: ResourceRef{Type: TypeRule, ID: h1RuleARN("legacy"), Owned: true}, Action: ActionDelete})
	for _, step := range PlanGC(inv, h1Cfg(), h1Now).Steps {
		if strings.Contains(step.ID, "legacy") {
			t.Errorf("forged finding planned %s", step.ID)
		}
	}
}

func TestPlanGCYoungExpired(t *testing.T) {
	// created 1h ago with a 30-minute TTL: expired, but younger than the grace
	s := h1BaseSnap()
	x := h1OwnedTags("feat-x", time.Hour, 30*time.Minute)
	s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", x, "env-feat-x"))
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", x, 1))
	inv := BuildInventory(s, h1Cfg(), h1Now)
	f := h1FindOne(t, inv, FindingExpired, h1RuleARN("x"))
	if f.Action != ActionNone || !strings.Contains(f.Reason, "gc.grace") {
		t.Errorf("young expired rule finding = %+v", f)
	}
	if p := PlanGC(inv, h1Cfg(), h1Now); len(p.Steps) != 0 {
		t.Errorf("plan = %v, want empty", h1StepKeys(p))
	}
}

func TestPlanDestroy(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	tests := []struct {
		env   string
		steps []string
		err   string
	}{
		{"feat-a", []string{"apigw-stage api1/feat-a", "alb-rule rule:a"}, ""}, // its group is still forwarded to by the unowned shadow rule
		{"feat-exp", []string{"apigw-stage api1/feat-exp", "alb-rule rule:x", "target-group tg:env-feat-exp"}, ""},
		{"feat-young", []string{"alb-rule rule:young", "target-group tg:env-feat-young"}, ""}, // destroy is explicit: grace does not apply
		{"feat-slot", []string{"alb-rule rule:slot", "target-group tg:env-feat-slot"}, ""},    // the slot's alias and record stay
		{"feat-web", []string{"route53-record Z1/feat-web.preview.example.com/A", "cloudfront-alias E1/feat-web.preview.example.com", "alb-rule rule:web", "target-group tg:env-feat-web"}, ""},
		{"feat-conf", []string{}, "tag conflicts"},
		{"main", nil, "protected (it matches naming.protected)"},
		{"feat-keep", nil, "protected (a resource of it carries envdeck:keep=true)"},
		{"nope", nil, "no such environment"},
		{"legacy", nil, "none of its 2 resources is owned by envdeck"},
	}
	for _, tc := range tests {
		t.Run(tc.env, func(t *testing.T) {
			p, err := PlanDestroy(inv, h1Cfg(), tc.env, h1Now)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.env) {
					t.Fatalf("err = %v, want one naming %s and %q", err, tc.env, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := h1StepKeys(p); !slices.Equal(got, tc.steps) {
				t.Errorf("steps = %v, want %v", got, tc.steps)
			}
			if p.Kind != PlanKindDestroy {
				t.Errorf("kind %q", p.Kind)
			}
			for _, s := range p.Steps {
				if s.Env != tc.env {
					t.Errorf("step env %q", s.Env)
				}
			}
			h1CheckSteps(t, inv, p)
		})
	}
}

func TestDeletionOrder(t *testing.T) {
	in := []Step{
		{Type: TypeTargetGroup, ID: "tg-b"}, {Type: TypeRule, ID: "r"}, {Type: TypeTargetGroup, ID: "tg-a"},
		{Type: TypeAlias, ID: "a"}, {Type: TypeStage, ID: "s"}, {Type: TypeRecord, ID: "rec"},
	}
	got := DeletionOrder(in)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"rec", "a", "s", "r", "tg-a", "tg-b"}; !slices.Equal(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
	if in[0].ID != "tg-b" {
		t.Error("DeletionOrder modified its input")
	}
}
