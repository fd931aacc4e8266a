package aws_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

func slotState(inv *model.Inventory, host string) model.Slot {
	for _, s := range inv.Slots {
		if s.Host == host {
			return s
		}
	}
	return model.Slot{}
}

// Host mode with a slot pool: create claims a free slot without touching
// the distribution; destroy releases it (alias and record stay); with no
// free slot, create is refused.
func TestApplySlotClaimAndRelease(t *testing.T) {
	p := seedApplyPlatform(t, 1)
	const slot = "pv-1.preview.example.com"
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "demo-a", Owner: "sales"}, applyNow)
	must(t, err)
	before := p.c.Calls.Snapshot()
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	for k, n := range p.c.Calls.Snapshot() {
		if (strings.HasPrefix(k, "cloudfront:") || strings.HasPrefix(k, "route53:Change")) && n != before[k] {
			t.Fatalf("slot claim called %s", k)
		}
	}
	inv := p.inventory(t, applyNow)
	checkOwnedAndTagged(t, p, inv, "demo-a", "sales")
	if s := slotState(inv, slot); s.State != model.SlotClaimed || s.Environment != "demo-a" {
		t.Fatalf("slot after create: %+v", s)
	}

	_, err = model.PlanCreate(inv, p.cfg, model.CreateRequest{Name: "demo-b"}, applyNow)
	var none *model.NoFreeSlotError
	if !errors.As(err, &none) {
		t.Fatalf("want NoFreeSlotError, got %v", err)
	}

	destroy, err := model.PlanDestroy(inv, p.cfg, "demo-a", applyNow)
	must(t, err)
	for _, s := range destroy.Steps {
		if s.Type == model.TypeAlias || s.Type == model.TypeRecord {
			t.Fatalf("destroy deletes slot infrastructure: %+v", s)
		}
	}
	if _, _, err := runApply(t, p.c, p.cfg, destroy, t.TempDir()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	inv = p.inventory(t, applyNow)
	if s := slotState(inv, slot); s.State != model.SlotFree {
		t.Fatalf("slot after destroy: %+v", s)
	}
}

// Two creates racing for the last slot: exactly one wins; the other fails
// with SlotClaimedError and leaves nothing behind.
func TestApplySlotRace(t *testing.T) {
	p := seedApplyPlatform(t, 1)
	inv := p.inventory(t, applyNow)
	names := []string{"race-a", "race-b"}
	plans := make([]model.Plan, 2)
	for i, n := range names {
		pl, err := model.PlanCreate(inv, p.cfg, model.CreateRequest{Name: n, Owner: "ci"}, applyNow)
		must(t, err)
		plans[i] = pl
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = aws.Apply(context.Background(), p.c, p.cfg, plans[i], aws.LocalJournals(t.TempDir()), nil)
		}()
	}
	wg.Wait()
	winner, loser := -1, -1
	for i, err := range errs {
		var sc *aws.SlotClaimedError
		switch {
		case err == nil:
			winner = i
		case errors.As(err, &sc):
			loser = i
			if sc.Slot != "pv-1.preview.example.com" {
				t.Errorf("slot %q", sc.Slot)
			}
		default:
			t.Fatalf("%s: unexpected error %v", names[i], err)
		}
	}
	if winner < 0 || loser < 0 {
		t.Fatalf("want one winner and one loser: %v", errs)
	}
	after := p.inventory(t, applyNow)
	checkOwnedAndTagged(t, p, after, names[winner], "ci")
	want, _ := model.SlotPriority(p.cfg, "pv-1.preview.example.com")
	for _, r := range after.Snapshot.Rules {
		if !r.IsDefault && r.Priority != want {
			t.Errorf("the slot claim holds priority %d, want the slot's %d", r.Priority, want)
		}
	}
	if r, tg, s := countEnvResources(after.Snapshot, names[loser]); r+tg+s != 0 {
		t.Fatalf("loser left %d rules, %d target groups, %d stages", r, tg, s)
	}
}

// Host mode without slots: the alias is added with the ETag and the record
// created; the distribution's InProgress state is reported, not waited
// for; destroy deletes the record, then the alias. Runs on the sandbox,
// whose CloudFront changes ETags and stays InProgress like AWS (moto does
// neither).
func TestApplyHostAliasSandbox(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	acct := sandbox.Demo(now)
	acct.SetOptions(sandbox.Options{DeployTime: time.Minute})
	cfg := sandbox.DemoConfig()
	cfg.CloudFront.Slots = nil
	cfg.ALB.Routing = model.RoutingHost
	conflicts := &etagConflicts{n: 2}
	c := acct.Clients()
	conflicts.CloudFrontAPI = c.CF
	c.CF = conflicts

	inv := model.BuildInventory(aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{}), cfg, now)
	plan, err := model.PlanCreate(inv, cfg, model.CreateRequest{Name: "feat-host", Owner: "erin", NoStage: true}, now)
	must(t, err)
	res, _, err := runApply(t, c, cfg, plan, t.TempDir())
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	alias := res.Events[2]
	if alias.Step.Type != model.TypeAlias || alias.State != model.EventDone || !strings.Contains(alias.Message, "InProgress") {
		t.Fatalf("alias event %+v", alias)
	}
	if conflicts.stale != 2 {
		t.Fatalf("%d stale-ETag answers, want 2 (retried)", conflicts.stale)
	}
	inv = model.BuildInventory(aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{}), cfg, now)
	e, ok := inv.Env("feat-host")
	if !ok {
		t.Fatal("feat-host not found")
	}
	kinds := map[model.ResourceType]bool{}
	for _, r := range e.Resources {
		kinds[r.Type] = r.Owned
	}
	if !kinds[model.TypeAlias] || !kinds[model.TypeRecord] || !kinds[model.TypeRule] || !kinds[model.TypeTargetGroup] {
		t.Fatalf("resources %+v", e.Resources)
	}

	destroy, err := model.PlanDestroy(inv, cfg, "feat-host", now)
	must(t, err)
	if destroy.Steps[0].Type != model.TypeRecord || destroy.Steps[1].Type != model.TypeAlias {
		t.Fatalf("destroy order %+v", destroy.Steps)
	}
	conflicts.n = 1
	res, _, err = runApply(t, c, cfg, destroy, t.TempDir())
	if err != nil || !allStates(res, model.EventDone, 4) {
		t.Fatalf("destroy: %v %+v", err, res.Events)
	}
	inv = model.BuildInventory(aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{}), cfg, now)
	if _, ok := inv.Env("feat-host"); ok {
		t.Fatal("feat-host still there")
	}
	for _, a := range inv.Snapshot.Distribution.Aliases {
		if a == "feat-host.preview.example.com" {
			t.Fatal("alias kept")
		}
	}

	// A distribution that keeps changing: give up after 5 tries with the typed error.
	conflicts.n = 100
	plan, err = model.PlanCreate(inv, cfg, model.CreateRequest{Name: "feat-busy", NoStage: true}, now)
	must(t, err)
	_, _, err = runApply(t, c, cfg, plan, t.TempDir())
	var pf *cftypes.PreconditionFailed
	if !errors.As(err, &pf) {
		t.Fatalf("want PreconditionFailed, got %v", err)
	}
}

// etagConflicts makes another writer update the distribution just before
// each of the next n UpdateDistribution calls, so their ETag is stale.
type etagConflicts struct {
	aws.CloudFrontAPI
	mu    sync.Mutex
	n     int
	stale int
}

func (e *etagConflicts) UpdateDistribution(ctx context.Context, in *cloudfront.UpdateDistributionInput, o ...func(*cloudfront.Options)) (*cloudfront.UpdateDistributionOutput, error) {
	e.mu.Lock()
	interfere := e.n > 0
	if interfere {
		e.n--
	}
	e.mu.Unlock()
	if interfere {
		cur, err := e.CloudFrontAPI.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: in.Id})
		if err != nil {
			return nil, err
		}
		if _, err := e.CloudFrontAPI.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: in.Id, IfMatch: cur.ETag, DistributionConfig: cur.DistributionConfig}); err != nil {
			return nil, err
		}
	}
	out, err := e.CloudFrontAPI.UpdateDistribution(ctx, in, o...)
	var pf *cftypes.PreconditionFailed
	if errors.As(err, &pf) {
		e.mu.Lock()
		e.stale++
		e.mu.Unlock()
	}
	return out, err
}

// Host mode without slots on the sandbox: a create and a destroy killed
// after each mutating call (target group, rule, alias, record) converge
// when run again, and the destroy never leaves a record without its alias.
func TestApplyHostKilledRunsConverge(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	acct := sandbox.Demo(now)
	acct.SetOptions(sandbox.Options{DeployTime: time.Minute})
	cfg := sandbox.DemoConfig()
	cfg.CloudFront.Slots = nil
	cfg.ALB.Routing = model.RoutingHost
	c := acct.Clients()
	inventory := func() *model.Inventory {
		return model.BuildInventory(aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{}), cfg, now)
	}
	hasAlias := func(inv *model.Inventory, host string) bool {
		for _, a := range inv.Snapshot.Distribution.Aliases {
			if a == host {
				return true
			}
		}
		return false
	}
	hasRecord := func(inv *model.Inventory, host string) bool {
		for _, r := range inv.Snapshot.Records {
			if r.Name == host {
				return true
			}
		}
		return false
	}
	for k := 1; k <= 4; k++ {
		name := "host-kill-" + string(rune('0'+k))
		host := name + ".preview.example.com"
		plan, err := model.PlanCreate(inventory(), cfg, model.CreateRequest{Name: name, NoStage: true}, now)
		must(t, err)
		_, _, err = runApply(t, withFault(c, &fault{k: k, after: true}), cfg, plan, t.TempDir())
		checkKilled(t, err)
		if _, _, err := runApply(t, c, cfg, plan, t.TempDir()); err != nil {
			t.Fatalf("create rerun after kill %d: %v", k, err)
		}
		inv := inventory()
		if !hasAlias(inv, host) || !hasRecord(inv, host) {
			t.Fatalf("after create rerun %d: alias %v record %v", k, hasAlias(inv, host), hasRecord(inv, host))
		}
		if r, tg, _ := countEnvResources(inv.Snapshot, name); r != 1 || tg != 1 {
			t.Fatalf("after create rerun %d: %d rules, %d target groups", k, r, tg)
		}

		destroy, err := model.PlanDestroy(inv, cfg, name, now)
		must(t, err)
		_, _, err = runApply(t, withFault(c, &fault{k: k, after: true}), cfg, destroy, t.TempDir())
		checkKilled(t, err)
		inv = inventory()
		if hasRecord(inv, host) && !hasAlias(inv, host) {
			t.Fatalf("kill %d left a record without its alias", k)
		}
		if _, _, err := runApply(t, c, cfg, destroy, t.TempDir()); err != nil {
			t.Fatalf("destroy rerun after kill %d: %v", k, err)
		}
		inv = inventory()
		if r, tg, _ := countEnvResources(inv.Snapshot, name); r+tg != 0 || hasAlias(inv, host) || hasRecord(inv, host) {
			t.Fatalf("after destroy rerun %d: rules %d tgs %d alias %v record %v", k, r, tg, hasAlias(inv, host), hasRecord(inv, host))
		}
	}
}
