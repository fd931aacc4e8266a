package tui

import (
	"strings"
	"testing"
)

// Golden frames of every view at 100×30 on the sandbox demo account
// (model.BuildInventory and the plan engine for real).

func demoLoaded(t *testing.T) *session {
	s := demoSession(t, 100, 30)
	s.waitFor("demo loaded", func(f string) bool {
		// "refreshed" shows once lists and health are all read
		return strings.Contains(f, "refreshed") && strings.Contains(f, "Environments")
	})
	return s
}

func TestDemoGoldenEnvs(t *testing.T) {
	s := demoLoaded(t)
	s.finalGolden()
}

func TestDemoGoldenDetail(t *testing.T) {
	s := demoLoaded(t)
	s.press("enter")
	s.waitText("Resources (", "Findings (")
	s.finalGolden()
}

func TestDemoGoldenRules(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":rules")
	s.press("enter")
	s.waitText("Listener rules")
	s.finalGolden()
}

func TestDemoGoldenSlots(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":slots")
	s.press("enter")
	s.waitText("Slots", "free")
	s.finalGolden()
}

func TestDemoGoldenQuotas(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":quotas")
	s.press("enter")
	s.waitText("Quotas", "%")
	s.finalGolden()
}

func TestDemoGoldenGC(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":gc")
	s.press("enter")
	s.waitText("Findings", "collectable")
	s.finalGolden()
}

func TestDemoGoldenHelp(t *testing.T) {
	s := demoLoaded(t)
	s.press("?")
	s.waitText("GENERAL")
	s.finalGolden()
}

func TestDemoGoldenCreate(t *testing.T) {
	s := demoLoaded(t)
	s.press("c")
	s.waitText("Create environment")
	s.typeText("feat-new")
	s.waitText("Plan preview", "+ ")
	s.finalGolden()
}
