package tui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// gatedBackend holds every read until released and counts the reads that
// entered and returned: "before any AWS call returns" is then a fact the
// test checks, not a race it hopes to win.
type gatedBackend struct {
	*fakeBackend
	release           chan struct{}
	entered, returned atomic.Int32
}

func (g *gatedBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	g.entered.Add(1)
	defer g.returned.Add(1)
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.fakeBackend.Discover(ctx, withHealth)
}

func (g *gatedBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	g.entered.Add(1)
	defer g.returned.Add(1)
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, nil
	}
	return g.fakeBackend.ReadHealth(ctx, arns)
}

func hasSpinner(frame string) bool {
	for _, f := range spinner.MiniDot.Frames {
		if strings.Contains(frame, f) {
			return true
		}
	}
	return false
}

// The first paint happens before any AWS call
// returns. The model's very first View (before Init's commands ran) is the
// header and a spinner; under a running program that frame is on screen
// while the first discovery is still blocked, and the data paints once it
// is released.
func TestFirstPaintBeforeAnyCallReturns(t *testing.T) {
	fx := newFixture()
	be := &gatedBackend{fakeBackend: newFakeBackend(fx.cfg, fx.snap, fixtureNow), release: make(chan struct{})}

	// The model alone: the first frame needs nothing from the backend.
	first := stripView(New(be, Options{Refresh: -1}))
	for _, want := range []string{"envdeck", "account 123456789012", "region eu-west-1", "reading lists", "reading the account…"} {
		if !strings.Contains(first, want) {
			t.Errorf("first frame lacks %q:\n%s", want, first)
		}
	}
	if !hasSpinner(first) {
		t.Errorf("first frame has no spinner:\n%s", first)
	}
	if be.entered.Load() != 0 {
		t.Fatalf("building the model called the backend")
	}

	// A running program: the frame is painted while discovery is blocked.
	s := startSessionB(t, be, be.fakeBackend, fx.engine(), 100, 30)
	f := s.waitText("envdeck", "reading the account…", "reading lists")
	if !hasSpinner(f) {
		t.Errorf("painted frame has no spinner:\n%s", f)
	}
	if strings.Contains(f, "feat-login") {
		t.Fatalf("data painted before discovery returned:\n%s", f)
	}
	s.waitFor("discovery started", func(string) bool { return be.entered.Load() >= 1 })
	if n := be.returned.Load(); n != 0 {
		t.Fatalf("%d backend calls returned before the first paint was checked", n)
	}
	close(be.release)
	s.waitText("feat-login")
	if be.returned.Load() == 0 {
		t.Fatalf("data painted but no backend call returned")
	}
}

func stripView(m Model) string { return ansi.Strip(m.View().Content) }
