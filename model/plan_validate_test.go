package model

import (
	"strings"
	"testing"
	"time"
)

// The plans envdeck makes validate; each way a plan file can be broken is
// refused naming the step, before anything runs.
func TestPlanValidate(t *testing.T) {
	cfg := planConfig()
	create, err := PlanCreate(planInventory(), cfg, CreateRequest{Name: "feat-v", Owner: "alice"}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	extend, err := PlanExtend(extendInventory(cfg), cfg, "feat-a", 48*time.Hour, nil, planNow)
	if err != nil {
		t.Fatal(err)
	}
	snap, gcCfg := h1Synthetic(200, 2)
	gc := PlanGC(BuildInventory(snap, gcCfg, h1Now), gcCfg, h1Now)
	for _, p := range []Plan{create, extend, gc} {
		if len(p.Steps) == 0 {
			t.Fatalf("%s plan has no step: the test proves nothing", p.Kind)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s plan refused: %v", p.Kind, err)
		}
	}

	var rule *Step
	for i := range create.Steps {
		if create.Steps[i].Type == TypeRule {
			rule = &create.Steps[i]
		}
	}
	if rule == nil || create.Steps[0].Type != TypeTargetGroup || len(create.Steps) < 2 {
		t.Fatalf("create plan %+v: want a target group first and a rule", create.Steps)
	}
	for _, tc := range []struct {
		name string
		edit func(p *Plan)
		want string
	}{
		{"unknown kind", func(p *Plan) { p.Kind = "nuke" }, `unknown plan kind "nuke"`},
		{"unknown action", func(p *Plan) { p.Steps[1].Action = "explode" }, `step 2 (explode`},
		{"unknown type", func(p *Plan) { p.Steps[1].Type = "lambda-function" }, `unknown resource type "lambda-function"`},
		{"no id", func(p *Plan) { p.Steps[1].ID = "" }, "no resource id"},
		{"create without definition", func(p *Plan) { p.Steps[0].Def = nil }, "a create holds no definition"},
		{"definition of another kind", func(p *Plan) { p.Steps[0].Def = rule.Def }, "its definition is not a target-group"},
		{"update without definition", func(p *Plan) { p.Steps[0].Action, p.Steps[0].Def = StepUpdate, nil }, "an update holds no definition"},
		{"update of an untagged kind", func(p *Plan) {
			p.Steps[0] = Step{Action: StepUpdate, Type: TypeRecord, ID: "Z1/x.example.com./A", Def: &Definition{Record: &Record{Name: "x.example.com.", Type: "A"}}}
		}, "a route53-record has no tags to update"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := create
			p.Steps = append([]Step(nil), create.Steps...)
			tc.edit(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
