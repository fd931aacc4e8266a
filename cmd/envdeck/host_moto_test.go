package main

import (
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Host-routed environments on the slot pool and
// path-routed ones on the same ALB, read through the command layer.
func TestHostModeCommandsOnMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedHostPlatform(t, awstest.MotoClients(t, endpoint), now)
	c := newCLI(t)
	c.now = now
	flags := []string{"--config", writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML), "--endpoint-url", endpoint}

	// slots: each prepared hostname in its state, the claimer named.
	r := c.run(append([]string{"slots", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("slots: exit %d: %s", r.code, r.stderr)
	}
	var slots slotsJSON
	mustJSON(t, r.stdout, &slots)
	if len(slots.Slots) != len(fx.Slots) {
		t.Fatalf("%d slots, want %d: %+v", len(slots.Slots), len(fx.Slots), slots.Slots)
	}
	for _, s := range slots.Slots {
		if want := fx.Slots[s.Host]; s.State != want {
			t.Errorf("slot %s: %s, want %s (%s)", s.Host, s.State, want, s.Reason)
		}
		wantEnv := fx.SlotEnv[s.Host]
		if s.State == model.SlotClaimed {
			if s.Environment == nil || *s.Environment != wantEnv {
				t.Errorf("slot %s claimed by %v, want %s", s.Host, s.Environment, wantEnv)
			}
		} else if s.Environment != nil {
			t.Errorf("slot %s is %s but names environment %s", s.Host, s.State, *s.Environment)
		}
		if s.State == model.SlotBroken && s.Reason == "" {
			t.Errorf("broken slot %s without a reason", s.Host)
		}
	}

	// ls: both routing modes on one ALB, statuses as the fixture defines.
	r = c.run(append([]string{"ls", "-o", "json"}, flags...)...)
	var ls lsJSON
	mustJSON(t, r.stdout, &ls)
	byName := map[string]envJSON{}
	for _, e := range ls.Environments {
		byName[e.Name] = e
	}
	for name, want := range fx.Status {
		if byName[name].Status != want {
			t.Errorf("status of %s = %q, want %q", name, byName[name].Status, want)
		}
	}
	for name, routing := range map[string]string{"feat-ui": "host", "feat-docs": "host", "feat-web": "host", "feat-login": "path", "pr-201": "path"} {
		if byName[name].Routing != routing {
			t.Errorf("%s routing %q, want %q", name, byName[name].Routing, routing)
		}
	}
	if e := byName["feat-ui"]; e.Slot != "pv-1.preview.example.com" {
		t.Errorf("feat-ui slot %q", e.Slot)
	}
	if want, have := fixtureRefs(fx.Unassigned), sortedRefs(plainRefs(ls.Unassigned)); !equalJSON(want, have) {
		t.Errorf("unassigned:\n got %v\nwant %v", have, want)
	}

	// show: a host environment's alias and record with their state.
	r = c.run(append([]string{"show", "feat-web", "-o", "json"}, flags...)...)
	var show envJSON
	mustJSON(t, r.stdout, &show)
	seen := map[model.ResourceType]bool{}
	for _, res := range show.Resources {
		seen[res.Type] = true
		switch res.Type {
		case model.TypeAlias:
			if res.Details["has_record"] != true {
				t.Errorf("feat-web alias details: %v", res.Details)
			}
		case model.TypeRecord:
			if res.Details["points_at_distribution"] != true {
				t.Errorf("feat-web record details: %v", res.Details)
			}
		}
	}
	if !seen[model.TypeAlias] || !seen[model.TypeRecord] || !seen[model.TypeRule] {
		t.Errorf("feat-web resources: %+v", show.Resources)
	}

	// gc: the expired slot environment's rule and target group and the
	// matching dangling record; never an alias or a slot record.
	r = c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	var gc gcJSON
	mustJSON(t, r.stdout, &gc)
	var planned []refJSON
	for _, s := range gc.Plan {
		planned = append(planned, refJSON{Type: s.Type, ID: s.ID})
		if s.Type == model.TypeAlias {
			t.Errorf("alias in the plan: %+v", s)
		}
		if s.Type == model.TypeRecord && strings.Contains(s.ID, "/pv-") {
			t.Errorf("slot record in the plan: %+v", s)
		}
	}
	if want := fixtureRefs(fx.Collectable); !equalJSON(want, sortedRefs(planned)) {
		t.Errorf("gc plan:\n got %v\nwant %v", sortedRefs(planned), want)
	}
	for _, want := range []string{fx.Rules["feat-gone"], fx.TargetGroups["env-feat-gone"], fx.Records["feat-dead.preview.example.com"]} {
		found := false
		for _, p := range planned {
			found = found || p.ID == want
		}
		if !found {
			t.Errorf("plan lacks %s", want)
		}
	}
	kinds := map[string]int{}
	for _, f := range gc.Findings {
		kinds[f.Kind]++
		if f.Kind == model.FindingDanglingRecord && strings.Contains(f.Resource.ID, "old-site") && f.Action != model.ActionNone {
			t.Errorf("dangling record outside the pattern would be deleted: %+v", f)
		}
	}
	for _, k := range []string{model.FindingDanglingRecord, model.FindingBrokenSlot, model.FindingAliasWithoutRecord} {
		if kinds[k] == 0 {
			t.Errorf("no %s finding: %v", k, kinds)
		}
	}
	if kinds[model.FindingDanglingRecord] != 2 || kinds[model.FindingBrokenSlot] != 2 {
		t.Errorf("finding counts: %v", kinds)
	}
}
