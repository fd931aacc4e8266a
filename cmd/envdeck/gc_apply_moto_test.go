package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// gc --apply deletes exactly the dry-run plan on the
// host platform (which holds the path platform too), keeps everything else,
// journals each definition, and restore brings every resource back.
func TestGCApplyThenRestoreOnMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedHostPlatform(t, awstest.MotoClients(t, endpoint), now)
	c := newCLI(t)
	c.now = now
	flags := []string{"--config", writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML), "--endpoint-url", endpoint}

	clients := awstest.MotoClients(t, endpoint)
	definitions := func() map[string]string { return accountDefinitions(t, clients, fx.Config) }
	before := definitions()

	r := c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	var dry gcJSON
	mustJSON(t, r.stdout, &dry)
	if len(dry.Plan) == 0 {
		t.Fatal("empty dry-run plan")
	}

	r = c.run(append([]string{"gc", "--apply", "--yes", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("gc --apply: exit %d\n%s", r.code, r.stderr)
	}
	var applied gcJSON
	mustJSON(t, r.stdout, &applied)
	if !applied.Applied || applied.Journal == nil {
		t.Fatalf("applied=%v journal=%v", applied.Applied, applied.Journal)
	}
	if !equalJSON(dry.Plan, applied.Plan) {
		t.Fatalf("applied plan differs from the dry run:\n%v\n%v", applied.Plan, dry.Plan)
	}

	after := definitions()
	deleted := map[string]bool{}
	for _, s := range dry.Plan {
		deleted[s.ID] = true
		if _, still := after[s.ID]; still {
			t.Errorf("%s %s still exists after gc", s.Type, s.ID)
		}
	}
	for id, def := range before {
		if deleted[id] {
			continue
		}
		if after[id] != def {
			t.Errorf("kept resource %s changed or vanished:\n before %s\n after  %s", id, def, after[id])
		}
	}

	// A second gc plans nothing.
	r = c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	var again gcJSON
	mustJSON(t, r.stdout, &again)
	if len(again.Plan) != 0 {
		t.Fatalf("second gc plans %v", again.Plan)
	}

	// The journal holds every deleted definition, mode 0600.
	id := *applied.Journal
	matches, _ := filepath.Glob(filepath.Join(c.env["XDG_STATE_HOME"], "envdeck", id+"*"))
	if len(matches) != 1 {
		t.Fatalf("journal file for %s: %v", id, matches)
	}
	info, err := os.Stat(matches[0])
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %v (%v)", info.Mode(), err)
	}
	body, _ := os.ReadFile(matches[0])
	for _, s := range dry.Plan {
		if !strings.Contains(string(body), s.ID) {
			t.Errorf("journal lacks %s", s.ID)
		}
	}
	r = c.run(append([]string{"restore"}, flags...)...)
	if !strings.Contains(r.stdout, id) {
		t.Fatalf("restore lists no %s:\n%s", id, r.stdout)
	}

	// restore brings them back: compare definitions field by field (ids of
	// rules and target groups change; compare by environment and type).
	// --keep-expiry: field by field equal to the expired originals.
	r = c.run(append([]string{"restore", id, "--yes", "--keep-expiry"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	checkRestored(t, before, definitions())
}

// accountDefinitions: resource id → its definition as discovery reads it
// (one read of the account, not one show per environment).
func accountDefinitions(t *testing.T, clients aws.Clients, cfg *model.Config) map[string]string {
	t.Helper()
	snap := aws.Discover(context.Background(), clients, cfg, aws.DiscoverOptions{})
	if len(snap.Errors) > 0 {
		t.Fatalf("discover: %+v", snap.Errors)
	}
	defs := map[string]string{}
	add := func(id string, v any) {
		b, _ := json.Marshal(v)
		defs[id] = string(b)
	}
	for _, r := range snap.Rules {
		if !r.IsDefault {
			id := r.ARN
			r.ARN = ""
			// moto echoes an action's Order only when it was sent (AWS
			// always reports it); restore sends it, the seed did not.
			for i := range r.Actions {
				r.Actions[i].Order = 0
			}
			add(id, r)
		}
	}
	for _, tg := range snap.TargetGroups {
		id := tg.ARN
		tg.ARN = ""
		add(id, tg)
	}
	for _, st := range snap.Stages {
		add(model.StageID(st.RestAPIID, st.Name), st)
	}
	for _, rec := range snap.Records {
		add(model.RecordID(rec.ZoneID, rec.Name, rec.Type), rec)
	}
	if d := snap.Distribution; d != nil {
		for _, a := range d.Aliases {
			add(model.AliasID(d.ID, a), a)
		}
	}
	return defs
}

// checkRestored compares definitions field by field (ids of rules and
// target groups change; compare by content).
func checkRestored(t *testing.T, before, restored map[string]string) {
	t.Helper()
	byContent := func(defs map[string]string) map[string]int {
		n := map[string]int{}
		for _, d := range defs {
			n[stripARNs(d)]++
		}
		return n
	}
	want, got := byContent(before), byContent(restored)
	for d, n := range want {
		if got[d] != n {
			t.Errorf("after restore, %d of definition %s, want %d", got[d], d, n)
		}
	}
	if len(restored) != len(before) {
		t.Errorf("%d resources after restore, %d before", len(restored), len(before))
	}
}

// stripARNs drops the random parts of ELB ARNs, which a recreated resource
// cannot keep.
func stripARNs(s string) string {
	var out strings.Builder
	for _, part := range strings.Split(s, `"`) {
		if strings.HasPrefix(part, "arn:aws:elasticloadbalancing:") {
			if i := strings.LastIndex(part, "/"); i > 0 {
				part = part[:i]
			}
		}
		out.WriteString(part)
		out.WriteString(`"`)
	}
	return out.String()
}

// A destroy plan saved with --plan-out
// and applied after the environment changed reports the drift per step and
// deletes nothing that changed.
func TestSavedPlanReportsDrift(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	planFile := filepath.Join(t.TempDir(), "destroy.json")
	r := c.run(append([]string{"destroy", "feat-login", "--plan-out", planFile}, flags...)...)
	if r.code != 0 {
		t.Fatalf("plan-out: exit %d %s", r.code, r.stderr)
	}
	var plan model.Plan
	b, _ := os.ReadFile(planFile)
	mustJSON(t, string(b), &plan)
	if plan.Fingerprint == "" || len(plan.Steps) != 3 {
		t.Fatalf("saved plan: %+v", plan)
	}

	// Someone changes the rule's owner tag after the plan was made.
	sdk := awstest.MotoSDK(flags[3])
	sdk.TagELB(t, fx.Rules["feat-login"], fx.Config.Keys().Owner, "someone-else")

	r = c.run(append([]string{"apply", planFile, "--yes"}, flags...)...)
	if r.code == 0 {
		t.Fatalf("apply of a drifted plan exited 0:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "drift") || !strings.Contains(r.stdout, fx.Rules["feat-login"]) {
		t.Fatalf("apply output does not report the drifted rule:\n%s\n%s", r.stdout, r.stderr)
	}
	r = c.run(append([]string{"show", "feat-login", "-o", "json"}, flags...)...)
	var e envJSON
	mustJSON(t, r.stdout, &e)
	found := false
	for _, res := range e.Resources {
		found = found || res.ID == fx.Rules["feat-login"]
	}
	if !found {
		t.Fatalf("the drifted rule was deleted")
	}
}
