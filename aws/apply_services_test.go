package aws_test

import (
	"encoding/json"
	"maps"
	"path/filepath"
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

// albDefs is every rule and target group of env as discovery reads it,
// keyed by the rule's first path or the group's name, with ARNs replaced
// by names and the renewed expiry left out: what a restore must bring back
// field by field.
func albDefs(t *testing.T, snap *model.Snapshot, env string) map[string]string {
	t.Helper()
	names := map[string]string{}
	for _, tg := range snap.TargetGroups {
		names[tg.ARN] = tg.Name
	}
	out := map[string]string{}
	add := func(key string, v any) {
		b, err := json.Marshal(v)
		must(t, err)
		out[key] = string(b)
	}
	for _, r := range snap.Rules {
		if r.Tags["envdeck:env"] != env {
			continue
		}
		r.ARN, r.Tags = "", maps.Clone(r.Tags)
		delete(r.Tags, "envdeck:expires-at")
		r.Actions = append([]model.Action(nil), r.Actions...) // the snapshot's stay as read
		for i := range r.Actions {
			r.Actions[i].TargetGroups = append([]model.WeightedTargetGroup(nil), r.Actions[i].TargetGroups...)
			for j := range r.Actions[i].TargetGroups {
				w := &r.Actions[i].TargetGroups[j]
				w.ARN, w.Name = "", names[w.ARN]
			}
		}
		add("rule "+r.Conditions[0].Values[0], r)
	}
	for _, tg := range snap.TargetGroups {
		if tg.Tags["envdeck:env"] != env {
			continue
		}
		tg.ARN, tg.Tags = "", maps.Clone(tg.Tags)
		delete(tg.Tags, "envdeck:expires-at")
		add("target group "+tg.Name, tg)
	}
	return out
}

// On moto, services web and bff with two REST APIs and one HTTP API (moto
// has no HTTP API deployments: the HTTP stage auto-deploys): create makes
// 2 target groups, 2 rules (/feat-a/bff/* before /feat-a/*) and 3 stages,
// all owned, no rule shadowed; destroy leaves nothing of feat-a; restore
// of its journal brings all seven back equal field by field.
func TestApplyServicesAndAPIs(t *testing.T) {
	p := seedAPIsPlatform(t)
	withServices(t, p.applyPlatform)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	inv := p.inventory(t, applyNow)
	owned := map[model.ResourceType]int{}
	for _, r := range envOf(t, inv, "feat-a").Resources {
		if r.Owned {
			owned[r.Type]++
		}
	}
	if owned[model.TypeRule] != 2 || owned[model.TypeTargetGroup] != 2 || owned[model.TypeStage] != 2 || owned[model.TypeHTTPStage] != 1 {
		t.Fatalf("owned resources of feat-a: %v", owned)
	}
	prio := map[string]int{}
	for _, r := range inv.Snapshot.Rules {
		if r.Tags["envdeck:env"] == "feat-a" {
			prio[r.Conditions[0].Values[0]] = r.Priority
		}
	}
	if b, w := prio["/feat-a/bff/*"], prio["/feat-a/*"]; b == 0 || w != b+1 {
		t.Fatalf("priorities %v: want /feat-a/bff/* just before /feat-a/*", prio)
	}
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule {
			t.Errorf("finding %+v", f)
		}
	}
	beforeALB, beforeStages := albDefs(t, inv.Snapshot, "feat-a"), p.describeStages(t, "feat-a")

	dir := filepath.Join(t.TempDir(), "journal")
	destroy, err := model.PlanDestroy(inv, p.cfg, "feat-a", applyNow)
	must(t, err)
	res, evs, err := runApply(t, p.c, p.cfg, destroy, dir)
	if err != nil {
		t.Fatalf("destroy: %v %+v", err, evs)
	}
	if left, stages := albDefs(t, p.inventory(t, applyNow).Snapshot, "feat-a"), p.describeStages(t, "feat-a"); len(left)+len(stages) != 0 {
		t.Fatalf("destroy left %v %v", left, stages)
	}
	restoreJournal(t, p.applyPlatform, dir, res.JournalID, applyNow)
	afterALB, afterStages := albDefs(t, p.inventory(t, applyNow).Snapshot, "feat-a"), p.describeStages(t, "feat-a")
	if len(beforeALB) != 4 || len(beforeStages) != 3 || len(afterALB) != 4 || len(afterStages) != 3 {
		t.Fatalf("before %d+%d, after restore %d+%d resources (want 4+3)", len(beforeALB), len(beforeStages), len(afterALB), len(afterStages))
	}
	for _, pair := range []struct{ was, now map[string]string }{{beforeALB, afterALB}, {beforeStages, afterStages}} {
		for k, v := range pair.was {
			if pair.now[k] != v {
				t.Errorf("%s after restore:\n  %s\nwas\n  %s", k, pair.now[k], v)
			}
		}
	}
}
