package aws_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

var applyNow = time.Now().UTC().Truncate(time.Second)

// runApply applies plan with a journal in dir and returns the result, every
// event sent, and the error.
func runApply(t *testing.T, c aws.Clients, cfg *model.Config, plan model.Plan, dir string) (model.ApplyResult, []model.StepEvent, error) {
	t.Helper()
	ch := make(chan model.StepEvent, 2*len(plan.Steps)+2)
	res, err := aws.Apply(context.Background(), c, cfg, plan, aws.LocalJournals(dir), ch)
	close(ch)
	var evs []model.StepEvent
	for ev := range ch {
		evs = append(evs, ev)
	}
	return res, evs, err
}

// finalStates returns the final state of each step, in order.
func finalStates(res model.ApplyResult) []string {
	var out []string
	for _, ev := range res.Events {
		out = append(out, ev.State)
	}
	return out
}

func allStates(res model.ApplyResult, want string, n int) bool {
	if len(res.Events) != n {
		return false
	}
	for _, ev := range res.Events {
		if ev.State != want {
			return false
		}
	}
	return true
}

func envOf(t *testing.T, inv *model.Inventory, name string) *model.Environment {
	t.Helper()
	e, ok := inv.Env(name)
	if !ok {
		t.Fatalf("environment %s not found; have %+v", name, inv.Environments)
	}
	return e
}

// checkOwnedAndTagged asserts the env has a rule, a target group and a
// stage, all owned, all tagged for env/owner.
func checkOwnedAndTagged(t *testing.T, p *applyPlatform, inv *model.Inventory, name, owner string) {
	t.Helper()
	e := envOf(t, inv, name)
	keys := p.cfg.Keys()
	kinds := map[model.ResourceType]int{}
	for _, r := range e.Resources {
		if !r.Owned {
			t.Errorf("%s %s not owned", r.Type, r.ID)
		}
		kinds[r.Type]++
		def, ok := inv.Snapshot.Lookup(r.Type, r.ID)
		if !ok {
			t.Fatalf("%s %s not in snapshot", r.Type, r.ID)
		}
		var tags map[string]string
		switch {
		case def.Rule != nil:
			tags = def.Rule.Tags
		case def.TargetGroup != nil:
			tags = def.TargetGroup.Tags
		case def.Stage != nil:
			tags = def.Stage.Tags
		default:
			continue
		}
		if tags[keys.Env] != name || tags[keys.ManagedBy] != "envdeck" || tags[keys.Owner] != owner {
			t.Errorf("%s %s tags %v", r.Type, r.ID, tags)
		}
		for _, k := range []string{keys.CreatedAt, keys.ExpiresAt} {
			if _, ok := model.TagTime(tags, k); !ok {
				t.Errorf("%s %s: %s missing or not RFC 3339: %q", r.Type, r.ID, k, tags[k])
			}
		}
	}
	if kinds[model.TypeRule] != 1 || kinds[model.TypeTargetGroup] != 1 || kinds[model.TypeStage] != 1 {
		t.Fatalf("resources of %s: %v", name, kinds)
	}
}

func TestApplyCreateDestroyPath(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	dir := filepath.Join(t.TempDir(), "journal")
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)

	res, evs, err := runApply(t, p.c, p.cfg, plan, dir)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	// A create deletes nothing: it leaves no journal.
	if !allStates(res, model.EventDone, 3) || res.JournalID != "" {
		t.Fatalf("create result %+v", res)
	}
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Fatalf("create left journal files %v", des)
	}
	if len(evs) != 6 || evs[0].State != model.EventRunning || evs[1].State != model.EventDone || evs[1].Result == "" {
		t.Fatalf("events %+v", evs)
	}
	inv := p.inventory(t, applyNow)
	checkOwnedAndTagged(t, p, inv, "feat-a", "alice")

	// The same plan again: everything already exists, nothing new.
	again, _, err := runApply(t, p.c, p.cfg, plan, dir)
	if err != nil || !allStates(again, model.EventSkipped, 3) {
		t.Fatalf("rerun of create: %v %v", err, finalStates(again))
	}
	if again.Events[1].Result != res.Events[1].Result {
		t.Fatalf("rerun adopted rule %s, created %s", again.Events[1].Result, res.Events[1].Result)
	}
	inv = p.inventory(t, applyNow)
	if n := len(inv.Snapshot.Rules); n != 2 {
		t.Fatalf("%d rules after rerun, want default + 1", n)
	}

	destroy, err := model.PlanDestroy(inv, p.cfg, "feat-a", applyNow)
	must(t, err)
	res, _, err = runApply(t, p.c, p.cfg, destroy, dir)
	if err != nil || !allStates(res, model.EventDone, 3) {
		t.Fatalf("destroy: %v %+v", err, res.Events)
	}
	inv = p.inventory(t, applyNow)
	if _, ok := inv.Env("feat-a"); ok || len(inv.Snapshot.Rules) != 1 || len(inv.Snapshot.TargetGroups) != 0 || len(inv.Snapshot.Stages) != 0 {
		t.Fatalf("left after destroy: envs %+v rules %d tgs %d stages %d", inv.Environments, len(inv.Snapshot.Rules), len(inv.Snapshot.TargetGroups), len(inv.Snapshot.Stages))
	}
	entries, meta, err := journal.ReadFile(dir, res.JournalID)
	must(t, err)
	if meta.Kind != "destroy" || meta.Account != "123456789012" || len(entries) != 3 {
		t.Fatalf("journal %+v with %d entries", meta, len(entries))
	}
	for i, e := range entries {
		// The journal holds more than the plan: a target group's attributes,
		// read just before its delete. Compare what the plan knew.
		def := e.Def
		if tg := def.TargetGroup; tg != nil {
			if !tg.AttributesRead || len(tg.Attributes) == 0 {
				t.Errorf("journal entry %d: target group without its attributes", i)
			}
			c := *tg
			c.Attributes, c.AttributesRead = nil, false
			def = model.Definition{TargetGroup: &c}
		}
		if e.Step.ID != destroy.Steps[i].ID || def.Fingerprint() != destroy.Steps[i].Expect {
			t.Errorf("journal entry %d: %s, definition differs from the planned one", i, e.Step.ID)
		}
	}
	st, err := os.Stat(filepath.Join(dir, res.JournalID+".jsonl"))
	must(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %o", st.Mode().Perm())
	}

	// Destroy again: already gone.
	res, _, err = runApply(t, p.c, p.cfg, destroy, dir)
	if err != nil || !allStates(res, model.EventSkipped, 3) {
		t.Fatalf("destroy rerun: %v %+v", err, res.Events)
	}
}

func TestApplyRefusesOtherAccount(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a"}, applyNow)
	must(t, err)
	for name, mod := range map[string]func(*model.Plan, *model.Config){
		"plan account":          func(pl *model.Plan, _ *model.Config) { pl.Account = "999999999999" },
		"configured account_id": func(_ *model.Plan, c *model.Config) { c.AccountID = "999999999999" },
	} {
		t.Run(name, func(t *testing.T) {
			pl, cfg := plan, *p.cfg
			mod(&pl, &cfg)
			_, _, err := runApply(t, p.c, &cfg, pl, t.TempDir())
			var wrong *aws.WrongAccountError
			if !errors.As(err, &wrong) || wrong.Caller != "123456789012" {
				t.Fatalf("want WrongAccountError, got %v", err)
			}
		})
	}
	if inv := p.inventory(t, applyNow); len(inv.Snapshot.TargetGroups) != 0 || len(inv.Snapshot.Rules) != 1 {
		t.Fatal("something was created")
	}
}

func TestApplyReadOnly(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a"}, applyNow)
	must(t, err)
	before := p.c.Calls.Snapshot()
	ro := aws.Instrument(p.c, aws.InstrumentOptions{ReadOnly: true})
	res, _, err := runApply(t, ro, p.cfg, plan, t.TempDir())
	if !errors.Is(err, aws.ErrReadOnly) {
		t.Fatalf("want ErrReadOnly, got %v", err)
	}
	var se *aws.StepError
	if !errors.As(err, &se) || se.Index != 0 || len(res.Events) != 1 || res.Events[0].State != model.EventFailed {
		t.Fatalf("failed step: %v %+v", err, res.Events)
	}
	// No mutating call reached the endpoint (the inner clients count what they send).
	after := p.c.Calls.Snapshot()
	for k, n := range after {
		if n != before[k] && isMutating(k) {
			t.Fatalf("%s reached moto %d time(s)", k, n-before[k])
		}
	}
	if inv := p.inventory(t, applyNow); len(inv.Snapshot.TargetGroups) != 0 {
		t.Fatal("something was created")
	}
}

func isMutating(key string) bool {
	_, action, _ := strings.Cut(key, ":")
	return aws.IsMutating(action)
}

// A listener's default rule is never deleted (moto answers HTTP 500, AWS
// OperationNotPermitted): apply refuses before any call.
func TestApplyNeverDeletesDefaultRule(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	inv := p.inventory(t, applyNow)
	var def model.Rule
	for _, r := range inv.Snapshot.Rules {
		if r.IsDefault {
			def = r
		}
	}
	if def.ARN == "" {
		t.Fatal("no default rule discovered")
	}
	for name, d := range map[string]*model.Definition{"planned as default": {Rule: &def}, "no definition": nil} {
		t.Run(name, func(t *testing.T) {
			plan := model.Plan{Kind: "gc", Account: inv.Snapshot.Account, Steps: []model.Step{{Action: model.StepDelete, Type: model.TypeRule, ID: def.ARN, Def: d}}}
			before := p.c.Calls.Snapshot()
			res, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
			var se *aws.StepError
			if !errors.As(err, &se) || len(res.Events) != 1 || res.Events[0].State != model.EventFailed {
				t.Fatalf("want a failed step, got %v %+v", err, res.Events)
			}
			if n := p.c.Calls.Snapshot()["elbv2:DeleteRule"] - before["elbv2:DeleteRule"]; n != 0 {
				t.Fatalf("DeleteRule called %d times", n)
			}
		})
	}
	if _, ok := p.inventory(t, applyNow).Snapshot.Lookup(model.TypeRule, def.ARN); !ok {
		t.Fatal("default rule gone")
	}
}
