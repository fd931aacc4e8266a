package aws_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

var errKilled = errors.New("injected: process killed")

// fault fails the k-th mutating call: before it reaches the service
// (killed before the call) or after it succeeded (killed before the answer
// was used). Like a kill, every later call fails too.
type fault struct {
	mu    sync.Mutex
	k, n  int
	after bool
}

func (f *fault) call(do func() error) error {
	f.mu.Lock()
	f.n++
	n := f.n
	f.mu.Unlock()
	switch {
	case n < f.k:
		return do()
	case n == f.k && f.after:
		if err := do(); err != nil {
			return err
		}
		return errKilled
	}
	return errKilled
}

func withFault(c aws.Clients, f *fault) aws.Clients {
	c.ELB = &faultELB{c.ELB, f}
	c.APIGW = &faultAPIGW{c.APIGW, f}
	c.CF = &faultCF{c.CF, f}
	c.R53 = &faultR53{c.R53, f}
	return c
}

type faultELB struct {
	aws.ELBV2API
	f *fault
}

func (e *faultELB) CreateTargetGroup(ctx context.Context, in *elbv2.CreateTargetGroupInput, o ...func(*elbv2.Options)) (out *elbv2.CreateTargetGroupOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.CreateTargetGroup(ctx, in, o...); return err })
}
func (e *faultELB) DeleteTargetGroup(ctx context.Context, in *elbv2.DeleteTargetGroupInput, o ...func(*elbv2.Options)) (out *elbv2.DeleteTargetGroupOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.DeleteTargetGroup(ctx, in, o...); return err })
}
func (e *faultELB) RegisterTargets(ctx context.Context, in *elbv2.RegisterTargetsInput, o ...func(*elbv2.Options)) (out *elbv2.RegisterTargetsOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.RegisterTargets(ctx, in, o...); return err })
}
func (e *faultELB) CreateRule(ctx context.Context, in *elbv2.CreateRuleInput, o ...func(*elbv2.Options)) (out *elbv2.CreateRuleOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.CreateRule(ctx, in, o...); return err })
}
func (e *faultELB) DeleteRule(ctx context.Context, in *elbv2.DeleteRuleInput, o ...func(*elbv2.Options)) (out *elbv2.DeleteRuleOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.DeleteRule(ctx, in, o...); return err })
}
func (e *faultELB) AddTags(ctx context.Context, in *elbv2.AddTagsInput, o ...func(*elbv2.Options)) (out *elbv2.AddTagsOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.AddTags(ctx, in, o...); return err })
}
func (e *faultELB) RemoveTags(ctx context.Context, in *elbv2.RemoveTagsInput, o ...func(*elbv2.Options)) (out *elbv2.RemoveTagsOutput, err error) {
	return out, e.f.call(func() error { out, err = e.ELBV2API.RemoveTags(ctx, in, o...); return err })
}

type faultAPIGW struct {
	aws.APIGatewayAPI
	f *fault
}

func (a *faultAPIGW) CreateStage(ctx context.Context, in *apigateway.CreateStageInput, o ...func(*apigateway.Options)) (out *apigateway.CreateStageOutput, err error) {
	return out, a.f.call(func() error { out, err = a.APIGatewayAPI.CreateStage(ctx, in, o...); return err })
}
func (a *faultAPIGW) DeleteStage(ctx context.Context, in *apigateway.DeleteStageInput, o ...func(*apigateway.Options)) (out *apigateway.DeleteStageOutput, err error) {
	return out, a.f.call(func() error { out, err = a.APIGatewayAPI.DeleteStage(ctx, in, o...); return err })
}

type faultCF struct {
	aws.CloudFrontAPI
	f *fault
}

func (c *faultCF) UpdateDistribution(ctx context.Context, in *cloudfront.UpdateDistributionInput, o ...func(*cloudfront.Options)) (out *cloudfront.UpdateDistributionOutput, err error) {
	return out, c.f.call(func() error { out, err = c.CloudFrontAPI.UpdateDistribution(ctx, in, o...); return err })
}

type faultR53 struct {
	aws.Route53API
	f *fault
}

func (r *faultR53) ChangeResourceRecordSets(ctx context.Context, in *route53.ChangeResourceRecordSetsInput, o ...func(*route53.Options)) (out *route53.ChangeResourceRecordSetsOutput, err error) {
	return out, r.f.call(func() error { out, err = r.Route53API.ChangeResourceRecordSets(ctx, in, o...); return err })
}

// checkKilled asserts a run failed at a step with the injected error.
func checkKilled(t *testing.T, err error) {
	t.Helper()
	var se *aws.StepError
	if !errors.Is(err, errKilled) || !errors.As(err, &se) {
		t.Fatalf("want a StepError from the injected kill, got %v", err)
	}
}

// countEnvResources counts the rules, target groups and stages of the
// snapshot tagged for env (owned or not: leaks count).
func countEnvResources(snap *model.Snapshot, env string) (rules, tgs, stages int) {
	for _, r := range snap.Rules {
		if r.Tags["envdeck:env"] == env {
			rules++
		}
	}
	for _, tg := range snap.TargetGroups {
		if tg.Tags["envdeck:env"] == env || tg.Name == "env-"+env {
			tgs++
		}
	}
	for _, s := range snap.Stages {
		if s.Tags["envdeck:env"] == env || s.Name == env {
			stages++
		}
	}
	return
}

// A create, a destroy and a gc killed at every mutating call (before or
// after it reached the service) converge when run again: nothing leaked,
// nothing lost, the journal holds every deleted definition.
func TestApplyKilledRunsConverge(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	for _, after := range []bool{false, true} {
		for k := 1; k <= 3; k++ {
			name := fmt.Sprintf("kill-%v-%d", after, k)
			t.Run("create/"+name, func(t *testing.T) {
				plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: name, Owner: "ci"}, applyNow)
				must(t, err)
				_, _, err = runApply(t, withFault(p.c, &fault{k: k, after: after}), p.cfg, plan, t.TempDir())
				checkKilled(t, err)
				res, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
				if err != nil {
					t.Fatalf("rerun: %v", err)
				}
				for i, ev := range res.Events {
					wantSkip := i < k-1 || (i == k-1 && after)
					if (ev.State == model.EventSkipped) != wantSkip || (ev.State != model.EventSkipped && ev.State != model.EventDone) {
						t.Errorf("rerun step %d: %s %s", i, ev.State, ev.Message)
					}
				}
				inv := p.inventory(t, applyNow)
				checkOwnedAndTagged(t, p, inv, name, "ci")
				if r, tg, s := countEnvResources(inv.Snapshot, name); r != 1 || tg != 1 || s != 1 {
					t.Fatalf("after rerun: %d rules, %d target groups, %d stages", r, tg, s)
				}
			})
			t.Run("destroy/"+name, func(t *testing.T) {
				plan, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, name, applyNow)
				must(t, err)
				dir := t.TempDir()
				_, _, err = runApply(t, withFault(p.c, &fault{k: k, after: after}), p.cfg, plan, dir)
				checkKilled(t, err)
				if _, _, err := runApply(t, p.c, p.cfg, plan, dir); err != nil {
					t.Fatalf("rerun: %v", err)
				}
				inv := p.inventory(t, applyNow)
				if r, tg, s := countEnvResources(inv.Snapshot, name); r+tg+s != 0 {
					t.Fatalf("after rerun: %d rules, %d target groups, %d stages left", r, tg, s)
				}
				// Every deleted definition is in one of the two journals.
				journaled := map[string]bool{}
				list, err := journal.ListDir(dir)
				must(t, err)
				for _, j := range list {
					entries, _, err := journal.ReadFile(dir, j.ID)
					must(t, err)
					for _, e := range entries {
						journaled[e.Step.ID] = true
					}
				}
				for _, s := range plan.Steps {
					if !journaled[s.ID] {
						t.Errorf("%s %s deleted without a journal entry", s.Type, s.ID)
					}
				}
			})
		}
	}

	// gc of two expired environments, killed after each of its 6 deletes.
	past := applyNow.Add(-10 * 24 * time.Hour)
	for k := 1; k <= 6; k++ {
		t.Run(fmt.Sprintf("gc/after-%d", k), func(t *testing.T) {
			for _, n := range []string{"gc-a", "gc-b"} {
				plan, err := model.PlanCreate(p.inventory(t, past), p.cfg, model.CreateRequest{Name: n, Owner: "ci", TTL: time.Hour}, past)
				must(t, err)
				_, _, err = runApply(t, p.c, p.cfg, plan, t.TempDir())
				must(t, err)
			}
			gc := model.PlanGC(p.inventory(t, applyNow), p.cfg, applyNow)
			if len(gc.Steps) != 6 {
				t.Fatalf("gc plan has %d steps", len(gc.Steps))
			}
			_, _, err := runApply(t, withFault(p.c, &fault{k: k, after: true}), p.cfg, gc, t.TempDir())
			checkKilled(t, err)
			if _, _, err := runApply(t, p.c, p.cfg, gc, t.TempDir()); err != nil {
				t.Fatalf("rerun: %v", err)
			}
			inv := p.inventory(t, applyNow)
			for _, n := range []string{"gc-a", "gc-b"} {
				if r, tg, s := countEnvResources(inv.Snapshot, n); r+tg+s != 0 {
					t.Fatalf("%s after rerun: %d rules, %d target groups, %d stages left", n, r, tg, s)
				}
			}
			if again := model.PlanGC(inv, p.cfg, applyNow); len(again.Steps) != 0 {
				t.Fatalf("gc after rerun still plans %+v", again.Steps)
			}
		})
	}
}
