package tui

import (
	"testing"
)

func fixtureSession(t *testing.T, readOnly bool) *session {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	be.readOnly = readOnly
	return startSession(t, be, fx.engine(), Options{Refresh: -1}, 100, 30)
}

func TestGoldenEnvs(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.finalGolden()
}

func TestGoldenDetail(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("j") // feat-login (sorted by name: feat-ghost, feat-login…)
	s.press("enter")
	s.waitText("Resources (3)", "Findings (0)")
	s.finalGolden()
}

func TestGoldenRules(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":rules")
	s.press("enter")
	s.waitText("Listener rules")
	s.finalGolden()
}

func TestGoldenSlots(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":slots")
	s.press("enter")
	s.waitText("Slots", "2 free")
	s.finalGolden()
}

func TestGoldenQuotas(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":quotas")
	s.press("enter")
	s.waitText("Quotas", "full on")
	s.finalGolden()
}

func TestGoldenGC(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.typeText(":gc")
	s.press("enter")
	s.waitText("Findings", "collectable")
	s.finalGolden()
}

func TestGoldenHelp(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("?")
	s.waitText("GENERAL", "NAVIGATION")
	s.finalGolden()
}

func TestGoldenHelpReadOnly(t *testing.T) {
	s := fixtureSession(t, true)
	s.loaded()
	s.press("?")
	s.waitText("GENERAL", "READ-ONLY")
	s.finalGolden()
}

func TestGoldenCreate(t *testing.T) {
	s := fixtureSession(t, false)
	s.loaded()
	s.press("c")
	s.waitText("Create environment")
	s.typeText("feat-new")
	s.waitText("Plan preview", "+ target-group")
	s.finalGolden()
}

func TestGoldenSmall(t *testing.T) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	s := startSession(t, be, fx.engine(), Options{Refresh: -1}, 80, 24)
	s.loaded()
	s.finalGolden()
}

func TestGoldenLarge(t *testing.T) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	s := startSession(t, be, fx.engine(), Options{Refresh: -1}, 200, 60)
	s.loaded()
	s.finalGolden()
}
