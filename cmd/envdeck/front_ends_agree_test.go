package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/envdeck/envdeck/tui"
)

// envFacts is what both front ends say about one environment.
type envFacts struct{ owner, age, expires, serving string }

// The CLI and the console print the same ages, expiries, owners, serving
// counts and plan summaries for the demo account (the sandbox, at one
// pinned clock): ls and show against the console's environments table,
// destroy --dry-run and gc against the console's plan screens.
func TestCLIAndConsoleAgreeOnTheDemo(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	c := newCLI(t)
	c.now = now
	cli := cliFacts(t, c)
	if len(cli) < 20 {
		t.Fatalf("the demo lists %d environments", len(cli))
	}
	destroyOut := c.run("--sandbox", "destroy", "feat-checkout", "--dry-run")
	destroyPlan := planLine(t, destroyOut)
	gcPlan := planLine(t, c.run("--sandbox", "gc"))

	s := startDemoConsole(t, c, now)
	frame := s.waitFor("every environment with its health", func(f string) bool {
		rows := consoleRows(f)
		return strings.Contains(f, "refreshed") && len(rows) == len(cli)
	})
	rows := consoleRows(frame)
	for name, want := range cli {
		if got, ok := rows[name]; !ok {
			t.Errorf("%s: not in the console", name)
		} else if got != want {
			t.Errorf("%s: console says %+v, CLI says %+v", name, got, want)
		}
	}

	row := consoleIndex(frame, "feat-checkout")
	if row < 0 {
		t.Fatalf("feat-checkout is not in the console:\n%s", frame)
	}
	for range row {
		s.key("j")
	}
	s.key("ctrl+d")
	plan := s.waitFor("the destroy plan", hasPlan)
	if got := planLine(t, result{stdout: plan}); got != destroyPlan {
		t.Errorf("destroy: console %q, CLI %q", got, destroyPlan)
	}
	ids := planIDs(destroyOut.stdout)
	if len(ids) == 0 {
		t.Fatalf("no plan rows in:\n%s", destroyOut.stdout)
	}
	for _, id := range ids { // the same short names
		if !strings.Contains(plan, " "+id+" ") {
			t.Errorf("the CLI's plan deletes %s, the console's does not say so:\n%s", id, plan)
		}
	}
	s.key("esc")
	s.waitFor("the environments again", func(f string) bool { return !hasPlan(f) && strings.Contains(f, "Environments") })
	s.typeText(":gc")
	s.waitFor("the command line", func(f string) bool { return strings.Contains(f, ":gc") })
	s.key("enter")
	s.waitFor("the gc view", func(f string) bool { return strings.Contains(f, "Findings") })
	s.key("a")
	s.key("enter")
	if got := planLine(t, result{stdout: s.waitFor("the gc plan", hasPlan)}); got != gcPlan {
		t.Errorf("gc: console %q, CLI %q", got, gcPlan)
	}
}

// cliFacts reads ls for the environments, owners, ages and expiries, and
// show for each one's serving count (and its age and expiry again).
func cliFacts(t *testing.T, c *cli) map[string]envFacts {
	t.Helper()
	r := c.run("--sandbox", "ls")
	if r.code != 0 {
		t.Fatalf("ls: exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	cols := columnStarts(lines[0], "NAME", "STATUS", "ROUTING", "OWNER", "AGE", "EXPIRES", "RESOURCES")
	out := map[string]envFacts{}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			break // the footer follows
		}
		cell := func(i int) string { return strings.TrimSpace(l[cols[i]:cols[i+1]]) }
		name := cell(0)
		f := envFacts{owner: cell(3), age: cell(4), expires: cell(5)}
		show := c.run("--sandbox", "show", name)
		if show.code != 0 {
			t.Fatalf("show %s: exit %d: %s", name, show.code, show.stderr)
		}
		age, exp, serving := showFacts(show.stdout)
		if age != f.age || exp != f.expires {
			t.Errorf("%s: ls says age %q expires %q, show says %q %q", name, f.age, f.expires, age, exp)
		}
		f.serving = serving
		out[name] = f
	}
	return out
}

var (
	showCreated = regexp.MustCompile(`(?m)^  created .*\((.*) ago\)$`)
	showExpires = regexp.MustCompile(`(?m)^  expires +(?:never|.*\((.*)\))$`)
	showServing = regexp.MustCompile(`(?m)^  serving +(\S+)$`)
)

// showFacts picks the age, the expiry and the serving count out of show.
func showFacts(out string) (age, expires, serving string) {
	if m := showCreated.FindStringSubmatch(out); m != nil {
		age = m[1]
	}
	if m := showExpires.FindStringSubmatch(out); m != nil {
		expires = m[1]
		if expires == "" {
			expires = "never"
		}
	}
	if m := showServing.FindStringSubmatch(out); m != nil {
		serving = m[1]
	}
	return age, expires, serving
}

// columnStarts finds where each header word starts.
func columnStarts(header string, words ...string) []int {
	var at []int
	for _, w := range words {
		at = append(at, strings.Index(header, w))
	}
	return append(at, 1<<20)[:len(words)+1]
}

var cellGap = regexp.MustCompile(`\s{2,}`)

// consoleRows parses the console's environments table (NAME STATUS ROUTING
// RULES HEALTH STAGE OWNER AGE EXPIRES; some right-aligned, none empty).
func consoleRows(frame string) map[string]envFacts {
	out := map[string]envFacts{}
	in := false
	for _, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, "NAME") && strings.Contains(l, "EXPIRES") {
			in = true
			continue
		}
		if !in || !(strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "›")) {
			continue
		}
		f := cellGap.Split(strings.TrimSpace(strings.TrimPrefix(l, "›")), -1)
		if len(f) != 9 {
			continue
		}
		exp := strings.TrimSpace(strings.TrimSuffix(f[8], "⚠"))
		out[f[0]] = envFacts{owner: f[6], age: f[7], expires: exp, serving: f[4]}
	}
	return out
}

// consoleIndex is the row of env in the console's table (its cursor
// starts on row 0).
func consoleIndex(frame, env string) int {
	n := 0
	for _, l := range strings.Split(frame, "\n") {
		f := cellGap.Split(strings.TrimSpace(strings.TrimPrefix(l, "›")), -1)
		if len(f) != 9 || f[0] == "NAME↑" {
			continue
		}
		if f[0] == env {
			return n
		}
		n++
	}
	return -1
}

// planIDs are the resource IDs of a CLI plan's rows ("-  delete  TYPE  ID  REASON").
func planIDs(out string) []string {
	var ids []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 3 && f[1] == "delete" {
			ids = append(ids, f[3])
		}
	}
	return ids
}

func hasPlan(f string) bool { return strings.Contains(f, "Plan: ") }

// planLine is the plan summary line of an output.
func planLine(t *testing.T, r result) string {
	t.Helper()
	for _, l := range strings.Split(r.stdout, "\n") {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "Plan: ") {
			return s
		}
	}
	t.Fatalf("no plan summary in:\n%s%s", r.stdout, r.stderr)
	return ""
}

// demoConsole is the console of the CLI's sandbox, built as runTUI builds
// it, rendered headless.
type demoConsole struct {
	t   *testing.T
	tm  *teatest.TestModel
	rec *frameRecorder
}

func startDemoConsole(t *testing.T, c *cli, now time.Time) *demoConsole {
	t.Helper()
	a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		env: func(k string) string { return c.env[k] }, now: func() time.Time { return now }}
	a.flags.sandbox = true
	b, opts, err := a.console(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Owner != osUser(a) {
		t.Errorf("the console creates as %q, the CLI as %q", opts.Owner, osUser(a))
	}
	opts.Refresh, opts.CLI = -1, a.cli()
	rec := &frameRecorder{}
	tm := teatest.NewTestModel(t, consoleProbe{m: tui.New(b, opts), rec: rec},
		teatest.WithInitialTermSize(240, 100),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { _ = tm.Quit() })
	return &demoConsole{t: t, tm: tm, rec: rec}
}

func (d *demoConsole) waitFor(what string, cond func(string) bool) string {
	d.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f, _ := d.rec.state()
		if cond(f) {
			return f
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, f)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (d *demoConsole) key(k string) {
	switch k {
	case "enter":
		d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	case "esc":
		d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	case "ctrl+d":
		d.tm.Send(tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl})
	default:
		d.tm.Send(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
	}
}

func (d *demoConsole) typeText(s string) {
	for _, r := range s {
		d.key(string(r))
	}
}
