package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// The sandbox never leaks into a real account: it reads no configuration
// of the folder or of XDG, keeps its journals per sandbox account, prints
// hints that act on the sandbox, and never overwrites another process's
// state.

// brokenConfigs puts a broken envdeck.yaml in a fresh working folder and in
// the XDG config folder of c.
func brokenConfigs(t *testing.T, c *cli) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "envdeck.yaml", "region: [this is not\n")
	xdg := filepath.Join(c.env["XDG_CONFIG_HOME"], "envdeck")
	if err := os.MkdirAll(xdg, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, xdg, "config.yaml", "alb: {listener_arn: 7}\n")
	t.Chdir(dir)
}

func TestSandboxReadsNoConfigFile(t *testing.T) {
	c := newCLI(t)
	brokenConfigs(t, c)
	r := c.run("--sandbox", "ls", "-o", "json")
	var ls struct {
		Environments []json.RawMessage `json:"environments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ls); err != nil || r.code != 0 || len(ls.Environments) < 60 {
		t.Fatalf("--sandbox ls beside a broken envdeck.yaml: exit %d, %d environments, %v\n%s", r.code, len(ls.Environments), err, r.stderr)
	}
	// demo reaches the console (here: refused for want of a terminal), not
	// the broken file
	r = c.run("demo")
	if r.code == 0 || !strings.Contains(r.stderr, "needs a terminal") || strings.Contains(r.stderr, "envdeck.yaml") {
		t.Fatalf("demo beside a broken envdeck.yaml: exit %d\n%s", r.code, r.stderr)
	}
	// without the sandbox the broken file is read, and refused
	if r = c.run("ls"); r.code == 0 || !strings.Contains(r.stderr, "envdeck.yaml") {
		t.Fatalf("ls read no config: exit %d\n%s", r.code, r.stderr)
	}
}

func TestSandboxStateNeedsSandbox(t *testing.T) {
	c := newCLI(t)
	state := filepath.Join(t.TempDir(), "s.json")
	r := c.run("--sandbox-state", state, "ls")
	if r.code == 0 || !strings.Contains(r.stderr, "--sandbox-state needs --sandbox") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Fatalf("--sandbox-state alone: exit %d\n%s", r.code, r.stderr)
	}
}

// journals lists the journal files under the state folder.
func journals(t *testing.T, c *cli) []string {
	t.Helper()
	var out []string
	root := c.env["XDG_STATE_HOME"]
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".jsonl") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestSandboxJournalsNeverMix(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	a := []string{"--sandbox", "--sandbox-state", filepath.Join(dir, "a", "state.json")}
	b := []string{"--sandbox", "--sandbox-state", filepath.Join(dir, "b", "state.json")} // same file name
	for _, d := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if r := c.run(append(a, "destroy", "feat-video", "--yes")...); r.code != 0 {
		t.Fatalf("destroy in sandbox a: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(journals(t, c)); n != 1 {
		t.Fatalf("%d journals after one destroy", n)
	}
	for name, args := range map[string][]string{"sandbox b": b, "the demo": {"--sandbox"}} {
		r := c.run(append(args, "restore")...)
		if r.code != 0 || !strings.Contains(r.stdout, "No journals") {
			t.Errorf("restore in %s lists sandbox a's journal: exit %d\n%s", name, r.code, r.stdout)
		}
	}
	if r := c.run(append(a, "restore")...); !strings.Contains(r.stdout, "destroy") {
		t.Errorf("restore in sandbox a lacks its journal:\n%s%s", r.stdout, r.stderr)
	}
}

// A hint printed in sandbox mode, pasted as printed, acts on the sandbox.
func TestSandboxHintsActOnTheSandbox(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	plan := filepath.Join(dir, "plan.json")
	base := []string{"--sandbox", "--sandbox-state", state}
	c.now = time.Now().UTC()
	r := c.run(append(base, "destroy", "feat-video", "--plan-out", plan)...)
	hint := regexp.MustCompile(`apply it with: (.*)`).FindStringSubmatch(r.stdout + r.stderr)
	if hint == nil || !strings.Contains(hint[1], "--sandbox --sandbox-state "+state) {
		t.Fatalf("the plan hint does not carry the sandbox: %q", r.stdout+r.stderr)
	}
	words := strings.Fields(hint[1])
	if words[0] != "envdeck" {
		t.Fatalf("hint %q", hint[1])
	}
	// later: the state file, saved by the first run, is the same account
	// (a demo seeded again now would differ, and the plan would drift)
	c.now = c.now.Add(5 * time.Second)
	r = c.run(append(words[1:], "--yes")...)
	journal := regexp.MustCompile(`\((envdeck .* restore \S+)\)`).FindStringSubmatch(r.stdout)
	if r.code != 0 || journal == nil {
		t.Fatalf("the pasted hint failed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = c.run(append(base, "show", "feat-video")...); r.code == 0 {
		t.Fatalf("feat-video still in the sandbox after the pasted apply:\n%s", r.stdout)
	}
	r = c.run(append(strings.Fields(journal[1])[1:], "--yes")...)
	if r.code != 0 {
		t.Fatalf("the pasted restore hint failed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = c.run(append(base, "show", "feat-video")...); r.code != 0 {
		t.Fatalf("feat-video not restored in the sandbox:\n%s", r.stderr)
	}
}

// A state file that cannot be written is refused before any change: no
// mutating call, no journal.
func TestSandboxUnwritableStateRefusedFirst(t *testing.T) {
	c := newCLI(t)
	state := filepath.Join(t.TempDir(), "missing", "state.json")
	r := c.run("--sandbox", "--sandbox-state", state, "destroy", "feat-video", "--yes")
	if r.code == 0 || !strings.Contains(r.stderr, "cannot be written") || !strings.Contains(r.stderr, "nothing changed") {
		t.Fatalf("unwritable state: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "done") {
		t.Fatalf("a step ran:\n%s", r.stdout)
	}
	if js := journals(t, c); len(js) != 0 {
		t.Fatalf("journals written: %v", js)
	}
}

// A console and a CLI on one state file: the CLI's destroy stays
// destroyed when the console applies afterwards (it reads the file again
// under the lock), and the console's next read shows it.
func TestSandboxConsoleAndCLIShareState(t *testing.T) {
	c := newCLI(t)
	state := filepath.Join(t.TempDir(), "state.json")
	base := []string{"--sandbox", "--sandbox-state", state}
	if r := c.run(append(base, "create", "feat-seed", "--no-stage", "--yes")...); r.code != 0 {
		t.Fatalf("seed the state: %s", r.stderr)
	}
	c.run() // sets the process environment for the console below
	console := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		env: func(k string) string { return c.env[k] }}
	console.flags.sandbox, console.flags.sandboxState = true, state
	b, _, err := console.console(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	snap, err := b.Discover(t.Context(), false)
	if err != nil || !hasRuleOf(snap, "feat-video") {
		t.Fatalf("console's first read: %v", err)
	}
	if r := c.run(append(base, "destroy", "feat-video", "--yes")...); r.code != 0 {
		t.Fatalf("CLI destroy: %s", r.stderr)
	}
	// the console plans a create on what it read before the CLI's destroy
	inv := model.BuildInventory(snap, b.Config(), console.clock())
	plan, err := model.PlanCreate(inv, b.Config(), model.CreateRequest{Name: "feat-console", Routing: model.RoutingPath, NoStage: true, TTL: 72 * 3600e9}, console.clock())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(t.Context(), plan, nil); err != nil {
		t.Fatalf("console apply: %v", err)
	}
	if r := c.run(append(base, "show", "feat-video")...); r.code == 0 {
		t.Fatal("the console's save brought back the environment the CLI destroyed")
	}
	if r := c.run(append(base, "show", "feat-console")...); r.code != 0 {
		t.Fatalf("the console's create was not saved: %s", r.stderr)
	}
	snap, err = b.Discover(t.Context(), false)
	if err != nil || hasRuleOf(snap, "feat-video") || !hasRuleOf(snap, "feat-console") {
		t.Fatalf("the console's next read does not show the shared state (%v)", err)
	}
}

func hasRuleOf(snap *model.Snapshot, env string) bool {
	for _, r := range snap.Rules {
		for _, c := range r.Conditions {
			for _, v := range c.Values {
				if strings.Contains(v, "/"+env+"/") {
					return true
				}
			}
		}
	}
	return false
}

// The hints inside errors (model's, aws's) carry the sandbox too: a create
// of a name that exists says to see it with envdeck --sandbox show.
func TestSandboxErrorHintsActOnTheSandbox(t *testing.T) {
	c := newCLI(t)
	r := c.run("--sandbox", "create", "admin", "--yes")
	if r.code == 0 || !strings.Contains(r.stderr, "envdeck --sandbox show admin") {
		t.Fatalf("the error's hint does not carry --sandbox: exit %d\n%s", r.code, r.stderr)
	}
}
