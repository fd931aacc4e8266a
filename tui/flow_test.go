package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/model"
)

func TestFlowFilterDrillBack(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("/")
	s.typeText("srch")
	f := s.waitText("Environments 1/8", "/srch") // narrowed while typing
	if !strings.Contains(f, "feat-search") || strings.Contains(f, "feat-login") {
		t.Fatalf("filter did not narrow to feat-search:\n%s", f)
	}
	s.press("enter") // leave the filter input, keep the query
	s.waitText("filter srch")
	s.press("enter") // drill in
	s.waitText("feat-search  degraded", "Resources (3)")
	s.press("esc")
	f = s.waitText("Environments 1/8", "filter srch")
	if !strings.Contains(f, "› feat-search") {
		t.Fatalf("back did not return to the filtered list:\n%s", f)
	}
	s.press("esc") // clears the filter
	s.waitText("Environments 8")
}

func TestFlowGC(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable 3", "selected 0")
	s.press("space") // feat-old (expired)
	s.waitText("selected 1", "[x]   warning    expired-environment  feat-old")
	s.press("a") // all collectable
	s.waitText("selected 3")
	s.press("enter")
	s.waitText("Collect 3 findings", "Plan: 0 to add, 0 to change, 5 to destroy.", "Type 5 and press enter")
	s.typeText("4")
	s.press("enter")
	s.waitText(`confirmation refused: "4" is not "5"`)
	if n := len(s.be.appliedPlans()); n != 0 {
		t.Fatalf("a wrong confirmation applied %d plans", n)
	}
	s.typeText("5")
	s.press("enter")
	s.waitText("Applied: 5 done, 0 already so, 0 drifted (not forced), 0 failed.", "journal 20261125T120000Z-gc")
	plans := s.be.appliedPlans()
	if len(plans) != 1 || len(plans[0].Steps) != 5 {
		t.Fatalf("applied %+v", plans)
	}
	var ids []string
	for _, st := range plans[0].Steps {
		if st.Action != model.StepDelete {
			t.Errorf("step %+v is not a delete", st)
		}
		ids = append(ids, st.Env+" "+string(st.Type))
	}
	want := "feat-old alb-rule|feat-old target-group|feat-old apigw-stage|feat-ghost target-group|feat-gone apigw-stage"
	if got := strings.Join(ids, "|"); got != want {
		t.Errorf("plan steps\n got %s\nwant %s", got, want)
	}
	s.press("esc") // summary → back; a full refresh follows the apply
	s.waitText("Findings 6")
}

func TestFlowGCProgressShowsFailure(t *testing.T) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	be.failStep = 1
	s := startSession(t, be, fx.engine(), Options{Refresh: -1}, 100, 30)
	s.loaded()
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable 3")
	s.press("space", "enter")
	s.waitText("Type 3 and press enter")
	s.typeText("3")
	s.press("enter")
	f := s.waitText("Applied: 2 done, 0 already so, 0 drifted (not forced), 1 failed.", "AccessDenied: not authorized")
	if !strings.Contains(f, "✗") || !strings.Contains(f, "✓") {
		t.Fatalf("per-step marks missing:\n%s", f)
	}
}

func TestFlowCreateInvalidThenValid(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("c")
	s.waitText("Create environment")
	s.typeText("Bad_Name")
	s.waitText("✗ name \"Bad_Name\" does not match naming.env_pattern", "fix the fields above")
	s.press("enter")
	s.waitText("refused: name \"Bad_Name\"")
	if n := len(s.be.appliedPlans()); n != 0 {
		t.Fatalf("invalid name applied %d plans", n)
	}
	for range "Bad_Name" {
		s.press("backspace")
	}
	s.typeText("feat-new")
	s.waitText("+ target-group env-feat-new", "+ apigw-stage a1b2c3d4e5/feat-new")
	s.press("tab", "tab", "tab") // owner, ttl, routing
	s.press("space")             // host routing
	s.waitText("( ) path  (•) host")
	s.press("enter")
	s.waitText("Create feat-new", "Plan: 3 to add, 0 to change, 0 to destroy.", "Type yes")
	s.typeText("yes")
	s.press("enter")
	s.waitText("3 done", "journal 20261125T120000Z-create")
	plans := s.be.appliedPlans()
	if len(plans) != 1 || plans[0].Kind != "create" || plans[0].Steps[0].Env != "feat-new" {
		t.Fatalf("applied %+v", plans)
	}
}

func TestFlowCreateTTLValidation(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("c")
	s.waitText("Create environment")
	s.typeText("feat-ttl")
	s.press("tab", "tab") // ttl
	s.press("backspace", "backspace")
	s.typeText("soon")
	s.waitText(`✗ invalid duration "soon"`)
}

func TestFlowDestroyProtectedRefused(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("/")
	s.typeText("main")
	s.waitText("Environments 1/8")
	s.press("enter", "ctrl+d")
	s.waitText("refused: main is protected: never destroyed")
	f := s.frame.get()
	if strings.Contains(f, "Type main") {
		t.Fatalf("a protected env reached the confirmation:\n%s", f)
	}
}

func TestFlowDestroy(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("/")
	s.typeText("feat-old")
	s.waitText("Environments 1/8")
	s.press("enter", "ctrl+d")
	s.waitText("Destroy feat-old", "3 to destroy", "Type feat-old")
	s.typeText("feat-olx")
	s.press("enter")
	s.waitText("confirmation refused")
	s.typeText("feat-old")
	s.press("enter")
	s.waitText("3 done", "journal 20261125T120000Z-destroy")
}

func TestFlowReadOnlyRefusesDestroy(t *testing.T) {
	s := fixtureSession(t, true)
	f := s.loaded()
	if !strings.Contains(f, "READ-ONLY") {
		t.Fatalf("no read-only badge:\n%s", f)
	}
	if strings.Contains(f, "ctrl+d") || strings.Contains(f, "create environment") {
		t.Fatalf("dangerous keys advertised in read-only:\n%s", f)
	}
	s.press("j", "j", "ctrl+d")
	s.waitText("read-only session: destroy environment refused")
	s.press("c")
	s.waitText("read-only session: create environment refused")
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable 3")
	s.press("space", "enter")
	s.waitText("read-only session: plan selected refused")
	if n := len(s.be.appliedPlans()); n != 0 {
		t.Fatalf("read-only applied %d plans", n)
	}
}

func TestFlowExtendAndKeep(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("j", "e") // feat-login
	s.waitText("Extend feat-login", "ttl › 3d")
	s.press("enter")
	s.waitText("Extend feat-login by 3d from now", "Type yes")
	s.press("esc")
	s.waitText("Environments 8")
	s.press("K")
	s.waitText("Keep feat-login", "Type yes")
	s.typeText("yes")
	s.press("enter")
	s.waitText("3 done", "Keep feat-login")
	if p := s.be.appliedPlans(); len(p) != 1 || p[0].Kind != "extend" {
		t.Fatalf("applied %+v", p)
	}
}

func TestCommandLineCompletion(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":qu")
	s.press("tab")
	s.waitText(":quotas")
	s.press("enter")
	s.waitText("Quotas 5")
	s.typeText(":nope")
	s.press("enter")
	s.waitText("unknown command :nope")
}

// blockingBackend holds health reads until released, to show that the
// lists paint first and health streams in after.
type blockingBackend struct {
	*fakeBackend
	release chan struct{}
}

func (b *blockingBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	<-b.release
	return b.fakeBackend.ReadHealth(ctx, arns)
}

func TestProgressiveLoading(t *testing.T) {
	fx := newFixture()
	be := &blockingBackend{fakeBackend: newFakeBackend(fx.cfg, fx.snap, fixtureNow), release: make(chan struct{})}
	s := startSessionB(t, be, be.fakeBackend, fx.engine(), 100, 30)
	f := s.waitText("feat-login", "health 0/8")
	if !strings.Contains(f, "…") {
		t.Fatalf("health cells should show pending before health is read:\n%s", f)
	}
	close(be.release)
	s.loaded()
	_, health := be.calls()
	if len(health) != 1 || len(health[0]) != 8 {
		t.Fatalf("health reads %v", health)
	}
}
