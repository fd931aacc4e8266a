package sandbox_test

import (
	"context"
	"slices"
	"testing"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// The demo's staging platform is made of services web and bff: its
// environments have both (uat-acme in a slot, the bff rule before the
// claim), int-payments lost its bff rule (partial, naming bff), and no
// rule is shadowed.
func TestDemoStagingServices(t *testing.T) {
	cfg := sandbox.DemoStagingConfig()
	if err := cfg.Validate(); err != nil || !cfg.HasServices() {
		t.Fatalf("staging config: %v, services %v", err, cfg.ServiceNames())
	}
	snap := envaws.Discover(context.Background(), sandbox.DemoStaging(demoNow).Clients(), cfg, envaws.DiscoverOptions{})
	if len(snap.Errors) > 0 {
		t.Fatalf("discovery errors: %v", snap.Errors)
	}
	inv := model.BuildInventory(snap, cfg, demoNow)
	for _, name := range []string{"main", "release-2-4", "int-sso", "uat-acme"} {
		if e, ok := inv.Env(name); !ok || e.ServicesSummary() != "2/2" {
			t.Errorf("%s: services %+v", name, e)
		}
	}
	if e, _ := inv.Env("int-payments"); e.Status != model.StatusPartial || !slices.Equal(e.MissingServices, []string{"bff"}) {
		t.Errorf("int-payments: %s missing %v", e.Status, e.MissingServices)
	}
	if e, _ := inv.Env("uat-acme"); e.Slot == "" || e.Status != model.StatusHealthy {
		t.Errorf("uat-acme: slot %q status %s", e.Slot, e.Status)
	}
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule || f.Kind == model.FindingBrokenSlot && f.Environment != "" {
			t.Errorf("finding %+v", f)
		}
	}
}
