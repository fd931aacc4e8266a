package model

import (
	"testing"
	"time"
)

func TestReadinessReady(t *testing.T) {
	lambda := func(ts ...Target) TargetGroup {
		return TargetGroup{ARN: "arn:tg/a", Name: "env-a", TargetType: "lambda", HealthRead: true, Targets: ts}
	}
	ip := func(ts ...Target) TargetGroup {
		return TargetGroup{ARN: "arn:tg/b", Name: "env-b", TargetType: "ip", HealthCheckEnabled: true, HealthRead: true, Targets: ts}
	}
	healthy, initial := Target{ID: "t1", State: "healthy"}, Target{ID: "t2", State: "initial", Reason: "Elb.RegistrationInProgress"}
	lambdaOff := Target{ID: "fn", State: "unavailable", Reason: "Target.HealthCheckDisabled"}
	cases := []struct {
		name    string
		r       Readiness
		ready   bool
		summary string
	}{
		{"healthy", Readiness{Groups: []TargetGroup{ip(healthy)}}, true, "env-b: 1 serving"},
		{"lambda with health checks off", Readiness{Groups: []TargetGroup{lambda(lambdaOff)}}, true, "env-a: 1 serving"},
		{"initial", Readiness{Groups: []TargetGroup{ip(initial)}}, false, "env-b: 1 initial (Elb.RegistrationInProgress)"},
		{"one of two groups serves", Readiness{Groups: []TargetGroup{ip(healthy, initial), lambda()}}, false,
			"env-b: 1 initial (Elb.RegistrationInProgress), 1 serving; env-a: no targets registered"},
		{"health not read", Readiness{Groups: []TargetGroup{{Name: "env-c"}}}, false, "env-c: health not read"},
		{"no group", Readiness{}, false, "no target group"},
		{"distribution in progress", Readiness{Groups: []TargetGroup{ip(healthy)}, DistributionID: "E1", DistributionStatus: "InProgress"}, false,
			"env-b: 1 serving; distribution E1 InProgress"},
		{"distribution not read", Readiness{Groups: []TargetGroup{ip(healthy)}, DistributionID: "E1"}, false,
			"env-b: 1 serving; distribution E1 not read"},
		{"distribution deployed", Readiness{Groups: []TargetGroup{ip(healthy)}, DistributionID: "E1", DistributionStatus: DistributionDeployed}, true,
			"env-b: 1 serving; distribution E1 Deployed"},
	}
	for _, tc := range cases {
		if got := tc.r.Ready(); got != tc.ready {
			t.Errorf("%s: ready %v", tc.name, got)
		}
		if got := tc.r.Summary(); got != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.name, got, tc.summary)
		}
	}
}

func TestWaitTargets(t *testing.T) {
	newTG := TargetGroup{Name: "env-feat-a", TargetType: "lambda"}
	created := ApplyResult{Events: []StepEvent{
		{Step: Step{Action: StepCreate, Type: TypeTargetGroup, ID: "env-feat-a", Def: &Definition{TargetGroup: &newTG}}, State: EventDone, Result: "arn:tg/new"},
		{Step: Step{Action: StepCreate, Type: TypeRule, ID: "r"}, State: EventDone, Result: "arn:rule/new"},
	}}
	aliasPlan := Plan{Steps: []Step{{Action: StepCreate, Type: TypeAlias, Def: &Definition{Alias: &Alias{DistributionID: "E1", Name: "feat-a.example.com"}}}}}
	failed := ApplyResult{Events: []StepEvent{{Step: created.Events[0].Step, State: EventFailed}}}

	half := planInventory()
	half.Snapshot.TargetGroups = append(half.Snapshot.TargetGroups, TargetGroup{ARN: "arn:tg/half", Name: "env-feat-a", HealthRead: true,
		Targets: []Target{{ID: "x", State: "healthy"}}})
	half.Environments = append(half.Environments, Environment{Name: "feat-a", Resources: []ResourceRef{{Type: TypeTargetGroup, ID: "arn:tg/half", Owned: true}}})

	cases := []struct {
		name   string
		inv    *Inventory
		plan   Plan
		res    ApplyResult
		groups []string
		dist   string
	}{
		{"new path environment", planInventory(), Plan{}, created, []string{"arn:tg/new"}, ""},
		{"new per-environment hostname", planInventory(), aliasPlan, created, []string{"arn:tg/new"}, "E1"},
		{"a failed create waits for nothing", planInventory(), Plan{}, failed, nil, ""},
		{"a half-made environment's group", half, Plan{}, ApplyResult{}, []string{"arn:tg/half"}, ""},
	}
	for _, tc := range cases {
		r := WaitTargets(tc.inv, tc.plan, tc.res, "feat-a")
		var got []string
		for _, g := range r.Groups {
			got = append(got, g.ARN)
			if g.HealthRead || g.Targets != nil {
				t.Errorf("%s: %s carries health from before the wait", tc.name, g.ARN)
			}
		}
		if len(got) != len(tc.groups) || (len(got) > 0 && got[0] != tc.groups[0]) || r.DistributionID != tc.dist {
			t.Errorf("%s: groups %v dist %q, want %v %q", tc.name, got, r.DistributionID, tc.groups, tc.dist)
		}
	}
}

func TestWaitPoll(t *testing.T) {
	want := []time.Duration{2 * time.Second, 3 * time.Second, 4500 * time.Millisecond, 6750 * time.Millisecond,
		10125 * time.Millisecond, 15 * time.Second, 15 * time.Second}
	for i, w := range want {
		if got := WaitPoll(i + 1); got != w {
			t.Errorf("WaitPoll(%d) = %s, want %s", i+1, got, w)
		}
	}
}
