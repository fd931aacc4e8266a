package aws_test

import (
	"context"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// A destroy plan of a host environment without a slot (rule, target group,
// its own alias and record) is saved; the environment is destroyed, then
// created again under the same name, so its alias and record are back,
// identical, with a new rule and target group. Applying the old plan must
// not delete the new environment's alias and record: their definitions
// match the plan's (they carry no tags), but the environment holds
// resources the plan never saw. Runs on the sandbox, like the other host
// apply tests (moto's CloudFront keeps one ETag and is never InProgress).
func TestOldDestroyPlanSparesRecreatedEnvironment(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	acct := sandbox.Demo(now)
	cfg := sandbox.DemoConfig()
	cfg.CloudFront.Slots = nil
	cfg.ALB.Routing = model.RoutingHost
	c := acct.Clients()
	read := func() *model.Inventory {
		return model.BuildInventory(aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{}), cfg, now)
	}
	create := func() {
		plan, err := model.PlanCreate(read(), cfg, model.CreateRequest{Name: "feat-host", Owner: "erin", NoStage: true}, now)
		must(t, err)
		if _, _, err := runApply(t, c, cfg, plan, t.TempDir()); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
	create()
	old, err := model.PlanDestroy(read(), cfg, "feat-host", now)
	must(t, err)
	if _, _, err := runApply(t, c, cfg, old, t.TempDir()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	create()
	before, _ := read().Env("feat-host")

	res, _, _ := runApply(t, c, cfg, old, t.TempDir())
	for _, ev := range res.Events {
		if ev.State == model.EventDone {
			t.Errorf("old plan: %s %s %s: %s", ev.Step.Type, ev.Step.ID, ev.State, ev.Message)
		}
	}
	after, ok := read().Env("feat-host")
	if !ok || len(after.Resources) != len(before.Resources) {
		t.Errorf("feat-host after the old plan: %+v, before %+v", after.Resources, before.Resources)
	}
}
