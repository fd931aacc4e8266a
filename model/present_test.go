package model

import (
	"testing"
	"time"
)

func TestFormatSpanAgeExpiry(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	for _, tc := range []struct{ got, want string }{
		{FormatSpan(45 * time.Second), "45s"},
		{FormatSpan(12 * time.Minute), "12m"},
		{FormatSpan(47 * time.Hour), "47h"},
		{FormatSpan(4*24*time.Hour + 6*time.Hour), "4d6h"},
		{FormatSpan(12 * 24 * time.Hour), "12d"},
		{FormatSpan(-3 * time.Hour), "3h"},
		{FormatAge(nil, now), "-"},
		{FormatAge(at(-26*time.Hour), now), "26h"},
		{FormatExpiry(nil, false, now), "never"},
		{FormatExpiry(at(time.Hour), true, now), "never"},
		{FormatExpiry(at(50*time.Hour), false, now), "in 2d2h"},
		{FormatExpiry(at(-4*time.Hour), false, now), "4h ago"},
		{FormatTime(nil), "-"},
		{FormatTime(at(0)), "2026-12-03 12:00 UTC"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestQuotaLevel(t *testing.T) {
	for _, tc := range []struct {
		pct  float64
		want string
	}{{0, LevelOK}, {79.9, LevelOK}, {80, LevelWarning}, {94.9, LevelWarning}, {95, LevelCritical}, {100, LevelCritical}} {
		if got := QuotaLevel(tc.pct, QuotaWarnPercent, QuotaCritPercent); got != tc.want {
			t.Errorf("QuotaLevel(%v) = %s, want %s", tc.pct, got, tc.want)
		}
	}
}

func TestPlanAndApplySummaries(t *testing.T) {
	p := Plan{Kind: PlanKindDestroy, Steps: []Step{{Action: StepDelete, Env: "feat-a"}, {Action: StepDelete, Env: "feat-a"}, {Action: StepCreate}, {Action: StepUpdate}}}
	if got, want := p.Summary(), "Plan: 1 to add, 1 to change, 2 to destroy."; got != want {
		t.Errorf("plan summary %q, want %q", got, want)
	}
	r := ApplyResult{Events: []StepEvent{{State: EventDone}, {State: EventDone}, {State: EventDrift}, {State: EventFailed}, {State: EventSkipped}}}
	if got, want := r.Summary(), "Applied: 2 done, 1 already so, 1 drifted (not forced), 1 failed."; got != want {
		t.Errorf("apply summary %q, want %q", got, want)
	}
}

func TestConfirmationFor(t *testing.T) {
	for _, tc := range []struct {
		plan Plan
		want string
	}{
		{Plan{Kind: PlanKindDestroy, Steps: []Step{{Env: "feat-a"}}}, "feat-a"},
		{Plan{Kind: PlanKindGC, Steps: make([]Step, 12)}, "12"},
		{Plan{Kind: "create", Steps: []Step{{Env: "feat-a"}}}, "yes"},
		{Plan{Kind: PlanKindDestroy}, "yes"},
	} {
		if got := ConfirmationFor(tc.plan).Answer; got != tc.want {
			t.Errorf("%s plan: answer %q, want %q", tc.plan.Kind, got, tc.want)
		}
	}
}
