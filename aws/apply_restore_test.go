package aws_test

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// gc deletes exactly its dry-run plan (an expired environment), the journal
// holds every deleted definition, a second gc plans nothing, and restore
// brings back the rule (same conditions, actions, priority, tags), the
// target group (settings, tags, targets) and the stage, field by field.
func TestApplyGCThenRestore(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	past := applyNow.Add(-10 * 24 * time.Hour)
	dir := t.TempDir()
	for _, env := range []struct {
		name string
		ttl  time.Duration
	}{{"old-a", time.Hour}, {"live-b", 30 * 24 * time.Hour}} {
		plan, err := model.PlanCreate(p.inventory(t, past), p.cfg, model.CreateRequest{Name: env.name, Owner: "alice", TTL: env.ttl}, past)
		must(t, err)
		res, _, err := runApply(t, p.c, p.cfg, plan, dir)
		must(t, err)
		// A backend in each target group, so restore has targets to bring back.
		_, err = p.raw.elb.RegisterTargets(context.Background(), &elbv2.RegisterTargetsInput{
			TargetGroupArn: awssdk.String(res.Events[0].Result),
			Targets:        []elbtypes.TargetDescription{{Id: awssdk.String("arn:aws:lambda:us-east-1:123456789012:function:" + env.name)}},
		})
		must(t, err)
	}
	before := p.inventory(t, applyNow)
	gc := model.PlanGC(before, p.cfg, applyNow)
	if len(gc.Steps) != 3 {
		t.Fatalf("gc plan: %+v", gc.Steps)
	}
	for _, s := range gc.Steps {
		if s.Env != "old-a" {
			t.Fatalf("gc plans %s of %s", s.ID, s.Env)
		}
	}
	res, _, err := runApply(t, p.c, p.cfg, gc, dir)
	if err != nil || !allStates(res, model.EventDone, 3) {
		t.Fatalf("gc: %v %+v", err, res.Events)
	}
	after := p.inventory(t, applyNow)
	if _, ok := after.Env("old-a"); ok {
		t.Fatal("old-a still there")
	}
	checkOwnedAndTagged(t, p, after, "live-b", "alice")
	if again := model.PlanGC(after, p.cfg, applyNow); len(again.Steps) != 0 {
		t.Fatalf("second gc plans %+v", again.Steps)
	}

	list, err := journal.ListDir(dir)
	must(t, err)
	// Only the gc deleted something: the creates left no journal.
	if len(list) != 1 || list[0].ID != res.JournalID || list[0].Deleted != 3 || list[0].Meta.Kind != "gc" {
		t.Fatalf("journals %+v", list)
	}
	entries, _, err := journal.ReadFile(dir, res.JournalID)
	must(t, err)
	// --keep-expiry: compared field by field with the expired original.
	restore, err := model.PlanRestore(model.RestoreRequest{Entries: entries, KeepExpiry: true}, after.Snapshot, p.cfg, applyNow)
	must(t, err)
	if len(restore.Steps) != 3 {
		t.Fatalf("restore plan %+v", restore.Steps)
	}
	rres, _, err := runApply(t, p.c, p.cfg, restore.Plan, t.TempDir())
	if err != nil || !allStates(rres, model.EventDone, 3) {
		t.Fatalf("restore: %v %+v", err, rres.Events)
	}
	restored := p.inventory(t, applyNow)
	compareRestored(t, before.Snapshot, restored.Snapshot, "old-a")

	// Restoring again finds everything there.
	again, err := model.PlanRestore(model.RestoreRequest{Entries: entries}, restored.Snapshot, p.cfg, applyNow)
	if err != nil || len(again.Steps) != 0 {
		t.Fatalf("second restore: %v %+v", err, again.Steps)
	}
}

// compareRestored compares env's rule, target group and stage in two
// snapshots field by field (ARNs and stage creation time excepted).
func compareRestored(t *testing.T, was, now *model.Snapshot, env string) {
	t.Helper()
	pick := func(s *model.Snapshot) (model.Rule, model.TargetGroup, model.Stage) {
		var r model.Rule
		var tg model.TargetGroup
		var st model.Stage
		for _, x := range s.Rules {
			if x.Tags["envdeck:env"] == env {
				r = x
			}
		}
		for _, x := range s.TargetGroups {
			if x.Tags["envdeck:env"] == env {
				tg = x
			}
		}
		for _, x := range s.Stages {
			if x.Tags["envdeck:env"] == env {
				st = x
			}
		}
		if r.ARN == "" || tg.ARN == "" || st.Name == "" {
			t.Fatalf("%s incomplete: rule %q tg %q stage %q", env, r.ARN, tg.ARN, st.Name)
		}
		return r, tg, st
	}
	r0, tg0, st0 := pick(was)
	r1, tg1, st1 := pick(now)

	if r1.ListenerARN != r0.ListenerARN || r1.Priority != r0.Priority {
		t.Errorf("rule listener/priority: %s %d, was %s %d", r1.ListenerARN, r1.Priority, r0.ListenerARN, r0.Priority)
	}
	if !reflect.DeepEqual(r1.Conditions, r0.Conditions) {
		t.Errorf("rule conditions %+v, was %+v", r1.Conditions, r0.Conditions)
	}
	if !reflect.DeepEqual(r1.Tags, r0.Tags) {
		t.Errorf("rule tags %v, was %v", r1.Tags, r0.Tags)
	}
	if len(r1.Actions) != len(r0.Actions) {
		t.Fatalf("rule actions %+v, was %+v", r1.Actions, r0.Actions)
	}
	for i := range r0.Actions {
		a0, a1 := r0.Actions[i], r1.Actions[i]
		if a0.Type != a1.Type || a0.Order != a1.Order || len(a0.TargetGroups) != 1 || len(a1.TargetGroups) != 1 ||
			a0.TargetGroups[0].ARN != tg0.ARN || a1.TargetGroups[0].ARN != tg1.ARN || a0.TargetGroups[0].Weight != a1.TargetGroups[0].Weight {
			t.Errorf("rule action %+v, was %+v (target group %s, was %s)", a1, a0, tg1.ARN, tg0.ARN)
		}
	}
	if tg1.Name != tg0.Name || tg1.TargetType != tg0.TargetType || tg1.Protocol != tg0.Protocol || tg1.Port != tg0.Port ||
		tg1.VPCID != tg0.VPCID || tg1.HealthCheckEnabled != tg0.HealthCheckEnabled || tg1.HealthCheckPath != tg0.HealthCheckPath {
		t.Errorf("target group settings %+v, was %+v", tg1, tg0)
	}
	if !reflect.DeepEqual(tg1.Tags, tg0.Tags) {
		t.Errorf("target group tags %v, was %v", tg1.Tags, tg0.Tags)
	}
	ids := func(ts []model.Target) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.ID)
		}
		sort.Strings(out)
		return out
	}
	if !reflect.DeepEqual(ids(tg1.Targets), ids(tg0.Targets)) || len(tg0.Targets) != 1 {
		t.Errorf("targets %v, was %v", ids(tg1.Targets), ids(tg0.Targets))
	}
	if st1.Name != st0.Name || st1.DeploymentID != st0.DeploymentID || st1.Description != st0.Description ||
		!reflect.DeepEqual(st1.Variables, st0.Variables) || !reflect.DeepEqual(st1.Tags, st0.Tags) {
		t.Errorf("stage %+v, was %+v", st1, st0)
	}
}
