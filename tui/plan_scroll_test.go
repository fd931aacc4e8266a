package tui

import (
	"regexp"
	"strings"
	"testing"
)

// At 80×24 a plan longer than the screen scrolls to its end, says which
// steps are on screen, and refuses the typed count until its last step has
// been on screen.
func TestPlanScrollsAndRefusesUntilSeen(t *testing.T) {
	s := demoSession(t, 80, 24)
	s.waitText("refreshed", "Environments")
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable 15")
	s.press("a")
	s.waitText("selected 15")
	s.press("enter")
	f := s.waitText("Collect 15 findings", "Read the plan to its last step")
	if !regexp.MustCompile(`steps 1–\d+ of 15`).MatchString(f) || strings.Contains(f, "of 15 \n") {
		t.Fatalf("no position indicator:\n%s", f)
	}
	s.typeText("15")
	s.press("enter")
	s.waitText("refused: read the plan to its last step first (steps 1–")
	if strings.Contains(s.frame.get(), "Type 15") {
		t.Fatal("the count was asked before the end of the plan was shown")
	}
	seen := map[string]bool{}
	for i := 0; i < 40 && !strings.Contains(s.frame.get(), "Type 15 and press enter"); i++ {
		before := s.frame.get()
		s.press([]string{"pgdown", "ctrl+f", "down", "j"}[i%4])
		s.waitFor("a scroll", func(f string) bool { return f != before })
		pos := regexp.MustCompile(`steps \d+–\d+ of 15`).FindString(s.frame.get())
		seen[pos] = true
	}
	f = s.waitText("Type 15 and press enter", "of 15")
	if !regexp.MustCompile(`steps \d+–15 of 15`).MatchString(f) {
		t.Fatalf("the last step is not on screen when the count is asked:\n%s", f)
	}
	if len(seen) < 2 {
		t.Fatalf("the position did not move: %v", seen)
	}
	// no placeholder under the cursor: the answer line is empty
	lines := strings.Split(f, "\n")
	for i, l := range lines {
		if strings.Contains(l, "Type 15 and press enter") && strings.TrimSpace(strings.TrimPrefix(lines[i+1], "›")) != "" {
			t.Fatalf("the answer line looks pre-typed: %q", lines[i+1])
		}
	}
	if n := len(s.be.appliedPlans()); n != 0 {
		t.Fatalf("%d plans applied before the answer", n)
	}
	s.press("g") // typing-free keys still scroll; g now types
	s.typeText("15")
	s.press("enter")
	s.waitText(`confirmation refused: "g15" is not "15"`)
	s.typeText("15")
	s.press("enter")
	s.waitText("journal ")
}
