package tui

import (
	"sync/atomic"
	"testing"
)

// fullReadBackend records when the console asks for a full-rate read.
type fullReadBackend struct {
	*fakeBackend
	fullReads atomic.Int32
}

func (b *fullReadBackend) BeginFullRead() { b.fullReads.Add(1) }

// 'r' is a read the user waits for: the backend is told before it, so it can
// leave the api_budget pace it keeps for background refreshes.
func TestRefreshKeyAsksForFullRead(t *testing.T) {
	fx := newFixture()
	be := &fullReadBackend{fakeBackend: newFakeBackend(fx.cfg, fx.snap, fixtureNow)}
	s := startSessionB(t, be, be.fakeBackend, fx.engine(), 100, 30)
	s.loaded()
	before := be.fullReads.Load()
	s.press("r")
	s.waitFor("a second full read", func(string) bool { return be.fullReads.Load() > before })
	s.loaded()
}
