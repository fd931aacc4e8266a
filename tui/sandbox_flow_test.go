package tui

import (
	"regexp"
	"strings"
	"testing"
)

// TestDemoGCApply collects every collectable finding of the demo account
// through the real plan engine and aws.Apply on the sandbox.
func TestDemoGCApply(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable")
	s.press("a")
	s.waitFor("selection", func(f string) bool { return !strings.Contains(f, "selected 0") })
	s.press("enter")
	s.waitText("Read the plan to its last step")
	s.press("G") // the plan is longer than the screen: its end first
	f := s.waitText("Type ", "and press enter to apply")
	m := regexp.MustCompile(`Type (\d+) and press enter`).FindStringSubmatch(f)
	if m == nil {
		t.Fatalf("no count to type:\n%s", f)
	}
	s.typeText("0")
	s.press("enter")
	s.waitText("confirmation refused")
	s.typeText(m[1])
	s.press("enter")
	f = s.waitText("journal ", "esc to go back")
	if !strings.Contains(f, "(envdeck --sandbox restore ") {
		t.Fatalf("the restore hint does not carry --sandbox:\n%s", f)
	}
	if strings.Contains(f, "failed: ") || strings.Contains(f, "apply failed") {
		t.Fatalf("gc apply failed:\n%s", f)
	}
	s.press("esc")
	s.waitFor("findings collected", func(f string) bool {
		return strings.Contains(f, "refreshed") && strings.Contains(f, "collectable 0")
	})
}

func TestDemoDestroyProtectedRefused(t *testing.T) {
	s := demoLoaded(t)
	s.press("/")
	s.typeText("staging")
	s.waitText("staging")
	s.press("enter", "ctrl+d")
	s.waitText("refused: ")
	if f := s.frame.get(); strings.Contains(f, "Type staging") {
		t.Fatalf("protected env reached confirmation:\n%s", f)
	}
}

// A stale stage in the console: the detail view shows its deployment and
// how far behind it is; R reviews the redeploy plan, "yes" applies it
// through aws.Apply on the sandbox, and the refreshed detail shows the
// stage on the newest deployment.
func TestDemoRedeployFromDetail(t *testing.T) {
	s := demoLoaded(t)
	s.press("/")
	s.typeText("feat-search-v2")
	s.waitText("feat-search-v2")
	s.press("enter", "enter")
	s.waitText("1 behind (newest ")
	s.press("R")
	s.waitText("Redeploy feat-search-v2", "apigw-stage")
	s.typeText("yes")
	s.press("enter")
	f := s.waitText("journal ", "esc to go back")
	if strings.Contains(f, "failed: ") || strings.Contains(f, "apply failed") {
		t.Fatalf("redeploy failed:\n%s", f)
	}
	s.press("esc")
	s.waitText("the newest")
}
