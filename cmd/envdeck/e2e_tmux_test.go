package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBinary builds envdeck once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "envdeck")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tmuxSession drives a real terminal.
type tmuxSession struct {
	t    *testing.T
	name string
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.name}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", s.name) }

func (s *tmuxSession) keys(keys ...string) {
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// waitFor polls the screen until every want appears or the deadline passes.
func (s *tmuxSession) waitFor(d time.Duration, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(d)
	var screen string
	for time.Now().Before(deadline) {
		screen = s.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(screen, w) {
				ok = false
				break
			}
		}
		if ok {
			return screen
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("after %v the screen lacks %q:\n%s", d, want, screen)
	return ""
}

// startDemo runs `envdeck demo ARGS` in a detached tmux session of w×h
// with nothing configured, no AWS variables and no network (env -i); the
// exit code lands in the returned file.
func startDemo(t *testing.T, w, h int, args string) (s *tmuxSession, home, done string) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for the console end-to-end test")
	}
	bin := buildBinary(t)
	home = t.TempDir()
	name := fmt.Sprintf("envdeck-e2e-%d-%d", os.Getpid(), w)
	s = &tmuxSession{t: t, name: name}
	done = filepath.Join(home, "exit-code")
	// a broken configuration in the folder and in XDG: the demo reads neither
	if err := os.WriteFile(filepath.Join(home, "envdeck.yaml"), []byte("region: [broken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, ".config", "envdeck"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".config", "envdeck", "config.yaml"), []byte("alb: 7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf("cd %s && env -i PATH=%s HOME=%s TERM=xterm-256color %s demo %s; echo $? > %s; sleep 60",
		home, os.Getenv("PATH"), home, bin, args, done)
	s.tmux("new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), script)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", name, "kill-server").Run() })
	return s, home, done
}

// exitCode waits for the console to exit and returns its exit code.
func (s *tmuxSession) exitCode(done string) string {
	s.t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		b, err := os.ReadFile(done)
		if err == nil && strings.TrimSpace(string(b)) != "" {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("envdeck did not exit:\n%s", s.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The demo in a real terminal: a newcomer's first command.
func TestDemoInTmux(t *testing.T) {
	start := time.Now()
	s, _, done := startDemo(t, 120, 40, "")
	name := s.name
	s.waitFor(3*time.Second, "sandbox", "healthy")
	t.Logf("environments visible %v after start", time.Since(start).Round(time.Millisecond))

	s.keys("?")
	s.waitFor(2*time.Second, "Help  (esc to close)", "GENERAL", "quit")
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	before := strings.Count(s.waitFor(2*time.Second, "healthy"), "healthy")
	// "-a " searches every column (a plain filter matches names only).
	s.keys("/", "-", "a", "Space", "e", "x", "p", "i", "r", "e", "d")
	// The filter line shows the query once typed; the rows narrow with it.
	s.waitFor(2*time.Second, "/-a expired")
	deadline := time.Now().Add(2 * time.Second)
	for screen := s.screen(); strings.Count(screen, "healthy") >= before; screen = s.screen() {
		if time.Now().After(deadline) {
			t.Fatalf("filter did not narrow the rows (%d healthy before):\n%s", before, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.waitFor(time.Second, "feat-old-search", "expired")
	// Escape twice (leave the filter line, then clear the filter), one key at
	// a time: two escapes in one write read as alt+escape.
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	s.keys(":", "q", "u", "o", "t", "a", "s", "Enter")
	s.waitFor(2*time.Second, "%", "Stages per REST API", "full on")
	s.keys(":", "s", "l", "o", "t", "s", "Enter")
	s.waitFor(2*time.Second, "free", "claimed", "broken")
	s.keys(":", "g", "c", "Enter")
	s.waitFor(2*time.Second, "expired-environment")

	s.keys("q")
	if code := s.exitCode(done); code != "0" {
		t.Fatalf("envdeck demo exited %s", code)
	}
	if alt := strings.TrimSpace(s.tmux("display-message", "-p", "-t", name, "#{alternate_on}")); alt != "0" {
		t.Fatalf("terminal left in the alternate screen (alternate_on=%s)", alt)
	}
}

// At 80×24 in a real terminal: the filter moves the cursor (ctrl+d after
// /main refuses main), letters typed into the :gc filter stay there, a plan
// longer than the screen refuses its count until its end was shown, --debug
// writes to a log file and not over the screen, and :q exits 0.
func TestConsoleAt80x24InTmux(t *testing.T) {
	s, home, done := startDemo(t, 80, 24, "--debug")
	s.waitFor(3*time.Second, "SANDBOX", "healthy", "debug log")

	s.keys("/", "m", "a", "i", "n", "Enter")
	s.waitFor(2*time.Second, "filter main", "› main")
	s.keys("C-d")
	s.waitFor(2*time.Second, "refused: destroy main")
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	s.keys("?")
	s.waitFor(2*time.Second, "GENERAL", "lines 1–")
	s.keys("G")
	s.waitFor(2*time.Second, "sort by health")
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	s.keys(":", "g", "c", "Enter")
	s.waitFor(2*time.Second, "collectable 15", "selected 0")
	s.keys("/", "o", "r", "p", "h", "a", "n", "q", "Enter")
	screen := s.waitFor(2*time.Second, "filter orphanq")
	if !strings.Contains(screen, "selected 0") || strings.Contains(screen, "Collect") {
		t.Fatalf("letters typed into the filter acted:\n%s", screen)
	}
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	s.keys("a")
	s.waitFor(2*time.Second, "selected 15")
	s.keys("Enter")
	s.waitFor(2*time.Second, "Collect 15 findings", "steps 1–", "Read the plan to its last step")
	s.keys("1", "5", "Enter")
	s.waitFor(2*time.Second, "refused: read the plan to its last step first")
	s.keys("G")
	s.waitFor(2*time.Second, "Type 15 and press enter", "of 15")
	s.keys("Escape")
	time.Sleep(150 * time.Millisecond)

	screen = s.screen()
	if strings.Contains(screen, "aws elbv2:") || strings.Contains(screen, "aws sts:") {
		t.Fatalf("--debug wrote over the screen:\n%s", screen)
	}
	s.keys(":", "q", "Enter")
	if code := s.exitCode(done); code != "0" {
		t.Fatalf(":q exited %s", code)
	}
	logs, _ := filepath.Glob(filepath.Join(home, ".local", "state", "envdeck", "logs", "debug-*.log"))
	if len(logs) != 1 {
		t.Fatalf("want one debug log, found %v", logs)
	}
	b, err := os.ReadFile(logs[0])
	if err != nil || !strings.Contains(string(b), "aws elbv2:DescribeRules") {
		t.Fatalf("the debug log lacks the API calls (%v):\n%s", err, b)
	}
}

// :ctx in a real terminal: the demo switches from dev to its read-only
// staging platform; staging's rows replace dev's and the cursor row of dev
// is gone.
func TestDemoCtxInTmux(t *testing.T) {
	s, _, done := startDemo(t, 118, 40, "")
	s.waitFor(5*time.Second, " dev ", "feat-checkout", "refreshed")
	s.keys("G")
	s.waitFor(3*time.Second, "row 69/69")
	s.keys(":")
	s.keys("ctx st")
	s.keys("Tab")
	s.waitFor(3*time.Second, ":ctx staging")
	s.keys("Enter")
	screen := s.waitFor(5*time.Second, "switched to platform staging", " staging ", "READ-ONLY", "int-payments", "row 1/9")
	for _, stale := range []string{"feat-checkout", "row 69", " dev "} {
		if strings.Contains(screen, stale) {
			t.Errorf("after :ctx staging the screen still shows %q:\n%s", stale, screen)
		}
	}
	s.keys("q")
	if code := s.exitCode(done); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}
