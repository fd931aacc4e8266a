package awstest

import (
	"context"
	"slices"
	"testing"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// TestFixtureExpectationsMatchModel checks the expectations each fixture
// declares (statuses, unassigned resources, the gc plan, slots) against
// discovery and the model, so tests asserting exact output can rely on them.
func TestFixtureExpectationsMatchModel(t *testing.T) {
	cases := map[string]func(*testing.T, aws.Clients) (*PathFixture, *HostFixture){
		"path": func(t *testing.T, c aws.Clients) (*PathFixture, *HostFixture) {
			return SeedPathPlatform(t, c, seedNow), nil
		},
		"host": func(t *testing.T, c aws.Clients) (*PathFixture, *HostFixture) {
			h := SeedHostPlatform(t, c, seedNow)
			return h.PathFixture, h
		},
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			c := MotoClients(t, SharedMoto(t))
			f, h := seed(t, c)
			snap := aws.Discover(context.Background(), c, f.Config, aws.DiscoverOptions{})
			if len(snap.Errors) > 0 {
				t.Fatalf("discovery errors: %v", snap.Errors)
			}
			inv := model.BuildInventory(snap, f.Config, seedNow)
			got := map[string]string{}
			for _, e := range inv.Environments {
				got[e.Name] = e.Status
			}
			for env, want := range f.Status {
				if got[env] != want {
					t.Errorf("environment %s: status %q, fixture says %q", env, got[env], want)
				}
			}
			for env := range got {
				if _, ok := f.Status[env]; !ok {
					t.Errorf("environment %s is not in the fixture", env)
				}
			}
			if un := sortRefs(refsWithoutOwned(inv.Unassigned)); !slices.Equal(un, refsWithoutOwned(f.Unassigned)) {
				t.Errorf("unassigned:\n model   %v\n fixture %v", un, f.Unassigned)
			}
			var planned []model.ResourceRef
			for _, s := range model.PlanGC(inv, f.Config, seedNow).Steps {
				planned = append(planned, model.ResourceRef{Type: s.Type, ID: s.ID})
			}
			if p := sortRefs(planned); !slices.Equal(p, refsWithoutOwned(f.Collectable)) {
				t.Errorf("gc plan:\n model   %v\n fixture %v", p, f.Collectable)
			}
			if h != nil {
				for _, s := range inv.Slots {
					if s.State != h.Slots[s.Host] || s.Environment != h.SlotEnv[s.Host] {
						t.Errorf("slot %s: %s %q, fixture %s %q", s.Host, s.State, s.Environment, h.Slots[s.Host], h.SlotEnv[s.Host])
					}
				}
				if len(inv.Slots) != len(h.Slots) {
					t.Errorf("%d slots, fixture %d", len(inv.Slots), len(h.Slots))
				}
			}
		})
	}
}

func refsWithoutOwned(in []model.ResourceRef) []model.ResourceRef {
	out := make([]model.ResourceRef, len(in))
	for i, r := range in {
		out[i] = model.ResourceRef{Type: r.Type, ID: r.ID}
	}
	return out
}
