package aws_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// Three creates planned from the same snapshot and forced onto the same
// priority run at once: all succeed, with distinct priorities (the losers
// probe on PriorityInUse).
func TestApplyConcurrentCreatesGetDistinctPriorities(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	inv := p.inventory(t, applyNow)
	names := []string{"feat-a", "feat-b", "feat-c"}
	plans := make([]model.Plan, len(names))
	for i, n := range names {
		pl, err := model.PlanCreate(inv, p.cfg, model.CreateRequest{Name: n, Owner: "ci", NoStage: true}, applyNow)
		must(t, err)
		pl.Steps[1].Def.Rule.Priority = 2000 // collide on purpose
		plans[i] = pl
	}
	var wg sync.WaitGroup
	results := make([]model.ApplyResult, len(plans))
	errs := make([]error, len(plans))
	for i := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = aws.Apply(context.Background(), p.c, p.cfg, plans[i], aws.LocalJournals(t.TempDir()), nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("create %s: %v", names[i], err)
		}
	}
	after := p.inventory(t, applyNow)
	seen := map[int]string{}
	for _, r := range after.Snapshot.Rules {
		if r.IsDefault {
			continue
		}
		if other, dup := seen[r.Priority]; dup {
			t.Fatalf("priority %d used by %s and %s", r.Priority, other, r.ARN)
		}
		seen[r.Priority] = r.ARN
	}
	if len(seen) != 3 || seen[2000] == "" {
		t.Fatalf("priorities %v: want 3 distinct, one of them the planned 2000", seen)
	}
	for _, n := range names {
		envOf(t, after, n)
	}
}

// TooManyRules from the API fails the step with the typed SDK error.
func TestApplyTooManyRules(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", NoStage: true}, applyNow)
	must(t, err)
	c := p.c
	c.ELB = &failELB{ELBV2API: p.c.ELB, createRule: &elbtypes.TooManyRulesException{Message: awssdk.String("too many")}}
	_, _, err = runApply(t, c, p.cfg, plan, t.TempDir())
	var tooMany *elbtypes.TooManyRulesException
	var se *aws.StepError
	if !errors.As(err, &tooMany) || !errors.As(err, &se) || se.Index != 1 {
		t.Fatalf("want TooManyRules at step 2, got %v", err)
	}
}

type failELB struct {
	aws.ELBV2API
	createRule error
}

func (f *failELB) CreateRule(ctx context.Context, in *elbv2.CreateRuleInput, o ...func(*elbv2.Options)) (*elbv2.CreateRuleOutput, error) {
	if f.createRule != nil {
		return nil, f.createRule
	}
	return f.ELBV2API.CreateRule(ctx, in, o...)
}

// Tags changed between plan and apply: the step is drift, the resource is
// kept, and the environment's later steps are not run.
func TestApplyDriftIsNeverForced(t *testing.T) {
	tests := map[string]func(t *testing.T, p *applyPlatform, rule string){
		"owner changed": func(t *testing.T, p *applyPlatform, rule string) {
			_, err := p.raw.elb.AddTags(context.Background(), &elbv2.AddTagsInput{ResourceArns: []string{rule},
				Tags: []elbtypes.Tag{{Key: awssdk.String(p.cfg.Keys().Owner), Value: awssdk.String("mallory")}}})
			must(t, err)
		},
		"no longer managed": func(t *testing.T, p *applyPlatform, rule string) {
			_, err := p.raw.elb.RemoveTags(context.Background(), &elbv2.RemoveTagsInput{ResourceArns: []string{rule}, TagKeys: []string{p.cfg.Keys().ManagedBy}})
			must(t, err)
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			p := seedApplyPlatform(t, 0)
			create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
			must(t, err)
			_, _, err = runApply(t, p.c, p.cfg, create, t.TempDir())
			must(t, err)
			destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-a", applyNow)
			must(t, err)
			var rule string
			for _, s := range destroy.Steps {
				if s.Type == model.TypeRule {
					rule = s.ID
				}
			}
			change(t, p, rule)

			dir := t.TempDir()
			res, _, err := runApply(t, p.c, p.cfg, destroy, dir)
			var de *aws.DriftError
			if !errors.As(err, &de) {
				t.Fatalf("want DriftError, got %v", err)
			}
			want := map[model.ResourceType]string{model.TypeStage: model.EventDone, model.TypeRule: model.EventDrift, model.TypeTargetGroup: model.EventDrift}
			for _, ev := range res.Events {
				if ev.State != want[ev.Step.Type] {
					t.Errorf("%s: %s (%s), want %s", ev.Step.Type, ev.State, ev.Message, want[ev.Step.Type])
				}
			}
			snap := p.inventory(t, applyNow).Snapshot
			if _, ok := snap.Lookup(model.TypeRule, rule); !ok {
				t.Fatal("drifted rule was deleted")
			}
			if len(snap.TargetGroups) != 1 {
				t.Fatal("target group of the drifted rule was deleted")
			}
			entries, _, err := journal.ReadFile(dir, res.JournalID)
			must(t, err)
			if len(entries) != 1 || entries[0].Step.Type != model.TypeStage {
				t.Fatalf("journal holds %d entries; only the stage was deleted", len(entries))
			}
		})
	}
}

// extend moves expires-at and sets/clears keep; a rerun is a no-op, and a
// resource changed since planning is drift.
func TestApplyExtend(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	_, _, err = runApply(t, p.c, p.cfg, create, t.TempDir())
	must(t, err)
	keys := p.cfg.Keys()
	yes, no := true, false

	ext, err := model.PlanExtend(p.inventory(t, applyNow), p.cfg, "feat-a", 240*60*60*1e9, &yes, applyNow)
	must(t, err)
	res, _, err := runApply(t, p.c, p.cfg, ext, t.TempDir())
	if err != nil || !allStates(res, model.EventDone, 3) {
		t.Fatalf("extend: %v %+v", err, res.Events)
	}
	inv := p.inventory(t, applyNow)
	e := envOf(t, inv, "feat-a")
	if !e.Keep || e.ExpiresAt == nil || !e.ExpiresAt.Equal(applyNow.Add(240*60*60*1e9)) {
		t.Fatalf("after extend: keep %v expires %v", e.Keep, e.ExpiresAt)
	}
	res, _, err = runApply(t, p.c, p.cfg, ext, t.TempDir())
	if err != nil || !allStates(res, model.EventSkipped, 3) {
		t.Fatalf("extend rerun: %v %+v", err, res.Events)
	}

	clear, err := model.PlanExtend(inv, p.cfg, "feat-a", 0, &no, applyNow)
	must(t, err)
	// Someone retags the stage after planning: that step is drift.
	_, err = p.raw.apigw.TagResource(context.Background(), stageTagInput(p, "feat-a", keys.Owner, "mallory"))
	must(t, err)
	res, _, err = runApply(t, p.c, p.cfg, clear, t.TempDir())
	var de *aws.DriftError
	if !errors.As(err, &de) {
		t.Fatalf("want drift, got %v %+v", err, res.Events)
	}
	for _, ev := range res.Events {
		want := model.EventDone
		if ev.Step.Type == model.TypeStage {
			want = model.EventDrift
		}
		if ev.State != want {
			t.Errorf("%s: %s %s", ev.Step.Type, ev.State, ev.Message)
		}
	}
	snap := p.inventory(t, applyNow).Snapshot
	for _, r := range snap.Rules {
		if !r.IsDefault && keys.Kept(r.Tags) {
			t.Fatal("keep not cleared on the rule")
		}
	}
	if !keys.Kept(snap.Stages[0].Tags) {
		t.Fatal("drifted stage was changed")
	}
}

// The API already at 10 stages (moto accepts more; envdeck enforces the
// quota itself): create is refused before anything is created.
func TestPlanCreateRefusesFullStages(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	ctx := context.Background()
	deps, err := p.raw.apigw.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: awssdk.String(p.apiID)})
	must(t, err)
	for i := 0; i < 10; i++ {
		_, err := p.raw.apigw.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: awssdk.String(p.apiID),
			StageName: awssdk.String(fmt.Sprintf("s%d", i)), DeploymentId: deps.Items[0].Id})
		must(t, err)
	}
	_, err = model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a"}, applyNow)
	var full *model.QuotaFullError
	if !errors.As(err, &full) || full.Code != model.QuotaStagesPerAPI || full.Used != 10 || full.Limit != 10 {
		t.Fatalf("want the stage quota refused, got %v", err)
	}
	// Without a stage it fits.
	if _, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", NoStage: true}, applyNow); err != nil {
		t.Fatalf("no-stage create: %v", err)
	}
}
