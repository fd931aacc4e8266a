package tui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// The inventory is built in a tea.Cmd: the model keeps its previous
// inventory until the build's message arrives, runs one build at a time
// (data arriving meanwhile is built once, after it), and never lets an
// older build replace a newer one.
func TestInventoryBuildIsACommand(t *testing.T) {
	m, be, _ := direct(t, false)
	snap, _ := be.Discover(context.Background(), false)
	m = step(m, listsMsg{gen: m.ctx.gen, full: true, snap: snap})
	first := m.x
	if first == nil || m.invJob != nil {
		t.Fatalf("lists not built: x %v, job %v", first, m.invJob)
	}
	a, b := snap.TargetGroups[0].ARN, snap.TargetGroups[1].ARN
	healthy := []model.Target{{ID: "x", State: "healthy"}}

	nm, cmd := m.Update(healthMsg{gen: m.ctx.gen, arns: []string{a}, targets: map[string][]model.Target{a: healthy}, at: fixtureNow})
	m = nm.(Model)
	job1 := m.invJob
	if cmd == nil || job1 == nil {
		t.Fatal("a health batch started no inventory build")
	}
	if m.x != first {
		t.Fatal("the inventory changed before its build returned")
	}
	if !m.busy() || !containsAll(stripView(m), "building inventory") {
		t.Fatalf("a running build is not shown:\n%s", stripView(m))
	}

	m = step0(m, healthMsg{gen: m.ctx.gen, arns: []string{b}, targets: map[string][]model.Target{b: healthy}, at: fixtureNow})
	if m.invJob != job1 || !m.invDirty {
		t.Fatal("a second batch during a build did not wait for it")
	}

	m = step0(m, job1.run())
	job2 := m.invJob
	if m.x == first || job2 == nil || job2.gen <= job1.gen || m.invDirty {
		t.Fatalf("the first build's result was not shown or the held-back build not started (job2 %v)", job2)
	}
	if !m.x.snap.TargetGroups[0].HealthRead || m.x.snap.TargetGroups[1].HealthRead {
		t.Fatal("the first build should hold the first batch only")
	}
	shown := m.x

	m = step0(m, job2.run())
	if m.invJob != nil || m.x == shown || !m.x.snap.TargetGroups[1].HealthRead {
		t.Fatal("the held-back build did not bring the second batch")
	}
	latest := m.x
	m = step0(m, inventoryMsg{gen: job1.gen, inv: shown.inv, x: shown}) // an older build, late
	if m.x != latest {
		t.Fatal("an older build replaced a newer inventory")
	}
	if m.busy() {
		t.Fatal("still busy after the last build")
	}
}

// step0 is one Update without running the inventory build it starts.
func step0(m Model, msg tea.Msg) Model {
	nm, _ := m.Update(msg)
	return nm.(Model)
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// Under a running program, an inventory build that does not return does
// not freeze the console: keys still work, the header says what is
// happening, and the data paints once the build returns.
func TestSlowInventoryBuildKeepsUIResponsive(t *testing.T) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	eng := fx.engine()
	build := eng.inventory
	release := make(chan struct{})
	var builds atomic.Int32
	eng.inventory = func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory {
		builds.Add(1)
		<-release
		return build(snap, cfg, now)
	}
	s := startSession(t, be, eng, Options{Refresh: -1}, 100, 30)
	s.waitText("building inventory", "reading the account…") // lists and health read; first build blocked
	s.press("?")
	s.waitText("Help  (esc to close)", "building inventory")
	s.press("esc")
	f := s.waitText("reading the account…")
	if strings.Contains(f, "feat-login") {
		t.Fatalf("data painted before the build returned:\n%s", f)
	}
	close(release)
	s.loaded()
	s.waitText("feat-login", "8 envs")
	if n := builds.Load(); n != 2 {
		t.Fatalf("%d inventory builds, want 2 (the blocked one, then one for the health read meanwhile)", n)
	}
}
