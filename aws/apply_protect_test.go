package aws_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// A destroy plan applied while the environment's tags cannot be read (the
// fault proxy denies DescribeTags): its protection cannot be told, so every
// step is drift and nothing is deleted.
func TestApplyCannotTellProtectionIsDrift(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-unread", Owner: "ci"}, applyNow)
	must(t, err)
	_, _, err = runApply(t, p.c, p.cfg, create, t.TempDir())
	must(t, err)
	plan, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-unread", applyNow)
	must(t, err)

	proxy := awstest.NewProxy(t, p.endpoint, awstest.On(awstest.ServiceELBv2, "DescribeTags", awstest.AccessDenied()))
	res, _, err := runApply(t, proxy.Clients(t), p.cfg, plan, t.TempDir())
	var de *aws.DriftError
	if !errors.As(err, &de) || len(de.Steps) != len(plan.Steps) {
		t.Fatalf("want every step drifted, got %v %+v", err, res.Events)
	}
	for _, ev := range res.Events {
		if !strings.Contains(ev.Message, "is protected now: cannot tell") {
			t.Errorf("step %d %s: %s", ev.Index, ev.Step.Type, ev.Message)
		}
	}
	for _, c := range proxy.Log() {
		if aws.IsMutating(c.Action) {
			t.Errorf("sent %s", c.Action)
		}
	}
	if r, tg, s := countEnvResources(p.inventory(t, applyNow).Snapshot, "feat-unread"); r != 1 || tg != 1 || s != 1 {
		t.Fatalf("%d rules, %d target groups, %d stages left; want all", r, tg, s)
	}
}
