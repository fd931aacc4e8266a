package aws_test

import (
	"testing"

	"github.com/envdeck/envdeck/model"
)

// withServices turns p's config into services web ('/*' beside the host)
// and bff ('/bff/*').
func withServices(t *testing.T, p *applyPlatform) {
	t.Helper()
	p.cfg.ALB.PathPattern, p.cfg.ALB.TargetGroup = "", model.TargetGroupConfig{}
	p.cfg.Services = []model.ServiceConfig{
		{Name: "web", PathPattern: "/{env}/*", HostPath: "/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}-web", Type: "lambda"}},
		{Name: "bff", PathPattern: "/{env}/bff/*", HostPath: "/bff/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}-bff", Type: "lambda"}},
	}
	if err := p.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

// On moto: in a slot, the web rule claims it and the bff rule (same host,
// /bff/*, no slot tag) goes before it; apply does not take the bff rule
// for a second claim of the slot. The slot is claimed by the environment,
// both services complete, no rule shadowed; destroy releases the slot.
func TestApplyServicesInASlot(t *testing.T) {
	p := seedApplyPlatform(t, 2)
	withServices(t, p)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "demo-s", Owner: "sales", NoStage: true}, applyNow)
	must(t, err)
	res, evs, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
	if err != nil || res.Count(model.EventDone) != len(plan.Steps) {
		t.Fatalf("create: %v %+v %+v", err, res, evs)
	}
	inv := p.inventory(t, applyNow)
	e := envOf(t, inv, "demo-s")
	if e.Slot != "pv-1.preview.example.com" || e.ServicesSummary() != "2/2" {
		t.Fatalf("demo-s: slot %q services %+v", e.Slot, e.Services)
	}
	if s := slotState(inv, "pv-1.preview.example.com"); s.State != model.SlotClaimed || s.Environment != "demo-s" {
		t.Fatalf("slot %+v", s)
	}
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule || f.Kind == model.FindingBrokenSlot {
			t.Errorf("finding %+v", f)
		}
	}
	destroy, err := model.PlanDestroy(inv, p.cfg, "demo-s", applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, destroy, t.TempDir()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if s := slotState(p.inventory(t, applyNow), "pv-1.preview.example.com"); s.State != model.SlotFree {
		t.Fatalf("slot after destroy: %+v", s)
	}
}
