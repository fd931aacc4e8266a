package aws_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// A create killed part-way and planned again (what `envdeck create NAME`
// does when run again, rather than applying the saved plan): the new plan
// completes the half-made environment — only what is missing, adopting what
// exists — and applying it converges to one rule, one target group and one
// stage, all owned and tagged alike; a complete environment is refused.
func TestApplyReplannedCreateCompletesHalfMade(t *testing.T) {
	for _, slots := range []int{0, 1} {
		for k := 1; k <= 2; k++ {
			t.Run(fmt.Sprintf("slots-%d/killed-after-%d", slots, k), func(t *testing.T) {
				p := seedApplyPlatform(t, slots)
				const env = "half-made"
				first, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: env, Owner: "ci"}, applyNow)
				must(t, err)
				_, _, err = runApply(t, withFault(p.c, &fault{k: k, after: true}), p.cfg, first, t.TempDir())
				checkKilled(t, err)

				later := applyNow.Add(10 * time.Minute)
				again, err := model.PlanCreate(p.inventory(t, later), p.cfg, model.CreateRequest{Name: env, Owner: "someone-else"}, later)
				if err != nil {
					t.Fatalf("re-plan: %v", err)
				}
				if len(again.Steps) != len(first.Steps)-k {
					t.Fatalf("re-plan has %d steps, want the %d missing: %+v", len(again.Steps), len(first.Steps)-k, again.Steps)
				}
				for i, s := range again.Steps {
					if want := first.Steps[k+i]; s.Type != want.Type || s.ID != want.ID {
						t.Fatalf("re-plan step %d is %s %s, want %s %s", i, s.Type, s.ID, want.Type, want.ID)
					}
					if !strings.Contains(s.Reason, "completes the half-made environment") {
						t.Fatalf("step reason %q", s.Reason)
					}
				}
				res, _, err := runApply(t, p.c, p.cfg, again, t.TempDir())
				if err != nil {
					t.Fatalf("apply of the re-plan: %v", err)
				}
				for _, ev := range res.Events {
					if ev.State != model.EventDone {
						t.Errorf("step %d %s: %s %s", ev.Index, ev.Step.Type, ev.State, ev.Message)
					}
				}
				inv := p.inventory(t, later)
				// Same owner and times on everything: the first create's.
				checkOwnedAndTagged(t, p, inv, env, "ci")
				if r, tg, s := countEnvResources(inv.Snapshot, env); r != 1 || tg != 1 || s != 1 {
					t.Fatalf("%d rules, %d target groups, %d stages", r, tg, s)
				}
				created := first.Steps[0].Def.TargetGroup.Tags[p.cfg.Keys().CreatedAt]
				for _, s := range inv.Snapshot.Stages {
					if s.Name == env && s.Tags[p.cfg.Keys().CreatedAt] != created {
						t.Fatalf("stage created-at %s, want the first create's %s", s.Tags[p.cfg.Keys().CreatedAt], created)
					}
				}
				if slots > 0 {
					if s := slotState(inv, "pv-1.preview.example.com"); s.State != model.SlotClaimed || s.Environment != env {
						t.Fatalf("slot %+v", s)
					}
				}
				_, err = model.PlanCreate(inv, p.cfg, model.CreateRequest{Name: env}, later)
				if err == nil || !strings.Contains(err.Error(), "is complete") || !strings.Contains(err.Error(), "envdeck destroy "+env) {
					t.Fatalf("create of the complete environment: %v", err)
				}
			})
		}
	}
}
