package sandbox_test

import (
	"context"
	"testing"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// demoNow is a fixed "now" for the demo; the account's clock is set to it.
var demoNow = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func demoInventory(t *testing.T, a *sandbox.Account) *model.Inventory {
	t.Helper()
	cfg := sandbox.DemoConfig()
	snap := envaws.Discover(context.Background(), a.Clients(), cfg, envaws.DiscoverOptions{})
	if len(snap.Errors) > 0 {
		t.Fatalf("discovery errors on the demo: %v", snap.Errors)
	}
	return model.BuildInventory(snap, cfg, demoNow)
}

func newDemo() *sandbox.Account {
	a := sandbox.Demo(demoNow)
	a.SetOptions(sandbox.Options{Clock: func() time.Time { return demoNow }})
	return a
}

func TestDemoConfigValidates(t *testing.T) {
	if err := sandbox.DemoConfig().Validate(); err != nil {
		t.Fatalf("DemoConfig: %v", err)
	}
}

// gc lists ≥ 7 kinds of findings, quota shows one
// quota above 80 % and a forecast date, slots shows all three states.
func TestDemoAcceptance(t *testing.T) {
	inv := demoInventory(t, newDemo())

	kinds := map[string]int{}
	for _, f := range inv.Findings {
		kinds[f.Kind]++
	}
	for _, k := range []string{
		model.FindingExpired, model.FindingOrphanRule, model.FindingOrphanTargetGroup, model.FindingOrphanStage,
		model.FindingDanglingRecord, model.FindingBrokenSlot, model.FindingAliasWithoutRecord,
		model.FindingShadowedRule, model.FindingTagConflict, model.FindingUnmanaged, model.FindingQuotaPressure,
	} {
		if kinds[k] == 0 {
			t.Errorf("no %s finding (kinds: %v)", k, kinds)
		}
	}
	if len(kinds) < 7 {
		t.Errorf("%d finding kinds, want ≥ 7", len(kinds))
	}

	above := 0
	for _, q := range inv.Quotas {
		if q.Percent > 80 {
			above++
			if q.Source != model.LimitSourceServiceQuotas {
				t.Errorf("quota %s: source %s, want service-quotas", q.Name, q.Source)
			}
		}
		// the pool: shared-alb about 70 % full of rules, shared-alb-2 nearly full
		if want, ok := map[string]float64{sandbox.DemoALBName: 73, sandbox.DemoALB2Name: 89}[q.Scope]; ok && q.Code == model.QuotaRulesPerALB && q.Percent != want {
			t.Errorf("rules of %s at %.0f%%, want %.0f%%", q.Scope, q.Percent, want)
		}
	}
	if above == 0 {
		t.Errorf("no quota above 80%%: %+v", inv.Quotas)
	}
	if f := inv.Forecast.FullOn; f == nil || f.Before(demoNow.Truncate(24*time.Hour)) || f.After(demoNow.Add(28*24*time.Hour)) {
		t.Errorf("forecast full_on %v, want a date within four weeks (%+v)", f, inv.Forecast)
	}

	states := map[string]int{}
	for _, s := range inv.Slots {
		states[s.State]++
	}
	if states[model.SlotFree] == 0 || states[model.SlotClaimed] == 0 || states[model.SlotBroken] == 0 {
		t.Errorf("slot states %v, want free, claimed and broken", states)
	}

	status := map[string]int{}
	for _, e := range inv.Environments {
		status[e.Status]++
	}
	if status[model.StatusHealthy] < 40 || status[model.StatusDegraded] == 0 || status[model.StatusExpired] == 0 || status[model.StatusProtected] < 2 {
		t.Errorf("environment statuses %v", status)
	}
	for _, name := range []string{"main", "staging"} {
		if e, ok := inv.Env(name); !ok || !e.Protected {
			t.Errorf("environment %s missing or not protected", name)
		}
	}
}

// The demo never lets a wrong delete through: gc's plan holds no unowned,
// protected or slot resource.
func TestDemoGCPlanIsSafe(t *testing.T) {
	inv := demoInventory(t, newDemo())
	cfg := sandbox.DemoConfig()
	plan := model.PlanGC(inv, cfg, demoNow)
	if len(plan.Steps) == 0 {
		t.Fatal("gc plan is empty")
	}
	for _, s := range plan.Steps {
		if s.Env == "main" || s.Env == "staging" || s.Env == "release-2-3" {
			t.Errorf("gc plan touches protected %s: %+v", s.Env, s)
		}
		if s.Type == model.TypeAlias {
			t.Errorf("gc plan deletes an alias: %s", s.ID)
		}
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	var a, b bytesBuffer
	if err := sandbox.Demo(demoNow).Save(&a); err != nil {
		t.Fatal(err)
	}
	if err := sandbox.Demo(demoNow).Save(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("two demos built at the same time differ")
	}
}
