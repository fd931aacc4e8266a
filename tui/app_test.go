package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

// direct drives the root model without a program (superfile's TeaUpdate).
func direct(t *testing.T, readOnly bool) (Model, *fakeBackend, fixture) {
	t.Helper()
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	be.readOnly = readOnly
	m := newModel(be, Options{Refresh: 5 * time.Second}, fx.engine())
	m.Init()
	return m, be, fx
}

func step(m Model, msg tea.Msg) Model {
	nm, _ := m.Update(msg)
	return settle(nm.(Model))
}

func TestStaleResultsDropped(t *testing.T) {
	m, be, _ := direct(t, false)
	snap, _ := be.Discover(context.Background(), false)
	old := m.ctx.gen
	m.ctx.nextGen() // a newer read started
	m = step(m, listsMsg{gen: old, full: true, snap: snap})
	if m.snap != nil {
		t.Fatal("a stale discovery was applied")
	}
	m = step(m, listsMsg{gen: m.ctx.gen, full: true, snap: snap})
	if m.snap == nil || m.x == nil {
		t.Fatal("the current discovery was dropped")
	}
	arn := snap.TargetGroups[0].ARN
	m = step(m, healthMsg{gen: old, arns: []string{arn}, targets: map[string][]model.Target{arn: {{ID: "x", State: "healthy"}}}})
	if _, ok := m.health[arn]; ok {
		t.Fatal("stale health was applied")
	}
	m = step(m, healthMsg{gen: m.ctx.gen, arns: []string{arn}, targets: map[string][]model.Target{arn: {{ID: "x", State: "healthy"}}}, at: fixtureNow})
	if _, ok := m.health[arn]; !ok {
		t.Fatal("current health was dropped")
	}
	// apply events of another operation are ignored
	m.flow.op = 7
	m.flow.steps = []model.StepEvent{{}}
	m = step(m, stepMsg{op: 6, ev: model.StepEvent{Index: 0, State: model.EventDone}})
	if m.flow.steps[0].State != "" {
		t.Fatal("an event of another operation was applied")
	}
}

func TestIncrementalHealthPlan(t *testing.T) {
	m, be, fx := direct(t, false)
	snap, _ := be.Discover(context.Background(), false)
	m = step(m, listsMsg{gen: m.ctx.gen, full: true, snap: snap})
	if len(m.healthQueue)+healthBatch(m.healthTotal) < len(fx.snap.TargetGroups) {
		t.Fatalf("a full read should queue every target group: %d", m.healthTotal)
	}
	// all read, at increasing times: the oldest come first next time
	for i, g := range snap.TargetGroups {
		m.health[g.ARN] = healthEntry{at: fixtureNow.Add(time.Duration(len(snap.TargetGroups)-i) * time.Minute)}
	}
	// a new target group appears
	s2 := *snap
	s2.TargetGroups = append(slices.Clone(snap.TargetGroups), model.TargetGroup{ARN: "arn:new", Name: "env-new"})
	m.snap = &s2
	m.opts.Refresh = 5 * time.Second
	m.snap.Calls = model.CallCount{"elbv2:DescribeRules": 2, "elbv2:DescribeTargetGroups": 1, "elbv2:DescribeTags": 1}
	q := m.healthPlan(false)
	// budget: 0.2 × 10/s × 5 s = 10 calls, less 4 list calls
	if len(q) != 6 {
		t.Fatalf("incremental refresh reads %d target groups, want 6 (the budget)", len(q))
	}
	if q[0] != "arn:new" {
		t.Fatalf("new target groups first: %v", q)
	}
	last := snap.TargetGroups[len(snap.TargetGroups)-1].ARN // read most recently → oldest? no: smallest offset
	if q[1] != last {
		t.Fatalf("oldest reads next: got %s want %s", q[1], last)
	}
	if full := m.healthPlan(true); len(full) != len(s2.TargetGroups) {
		t.Fatalf("full read queues %d, want %d", len(full), len(s2.TargetGroups))
	}
}

func TestAutoRefreshTick(t *testing.T) {
	m, be, _ := direct(t, false)
	snap, _ := be.Discover(context.Background(), false)
	m = step(m, listsMsg{gen: m.ctx.gen, full: true, snap: snap})
	for m.healthBusy { // finish the health stream
		m = step(m, healthMsg{gen: m.ctx.gen, arns: nil, at: fixtureNow})
	}
	gen := m.ctx.gen
	nm, cmd := m.Update(tickMsg{gen: m.tickGen})
	m = nm.(Model)
	if cmd == nil || m.ctx.gen != gen+1 || !m.discovering {
		t.Fatalf("tick did not start an incremental refresh (gen %d→%d)", gen, m.ctx.gen)
	}
	gen = m.ctx.gen
	m = step(m, tickMsg{gen: m.tickGen}) // busy: skipped
	if m.ctx.gen != gen {
		t.Fatal("a tick during a read started another read")
	}
	m.discovering = false
	m = step(m, tickMsg{gen: m.tickGen + 1}) // foreign tick generation
	if m.ctx.gen != gen {
		t.Fatal("a stale tick started a read")
	}
}

func TestRestrictPlan(t *testing.T) {
	fx := newFixture()
	x := newIndex(fx.inv)
	full := fx.engine().planGC(fx.inv, fx.cfg, fixtureNow)
	cases := map[string]struct {
		sel  []model.Finding
		want int
	}{
		"expired env: all its steps": {sel: fx.inv.Findings[:1], want: 3},
		"orphan tg only":             {sel: fx.inv.Findings[1:2], want: 1},
		"all collectable":            {sel: fx.inv.Findings[:3], want: 5},
		"report-only":                {sel: fx.inv.Findings[3:4], want: 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var keys []model.FindingKey
			for _, f := range c.sel {
				keys = append(keys, model.KeyOf(f))
			}
			if got := model.PlanGCFor(full, keys, x.snap); len(got.Steps) != c.want {
				t.Fatalf("got %d steps, want %d: %+v", len(got.Steps), c.want, got.Steps)
			}
		})
	}
}

func TestTableFilterSortHighlight(t *testing.T) {
	th := newTheme(true, true)
	tb := newTable([]column{{title: "NAME"}, {title: "OWNER"}}, 0, 1)
	tb.setRows([]row{
		{id: "b", cells: []string{"feat-beta", "bob"}},
		{id: "a", cells: []string{"feat-alpha", "alice"}},
		{id: "c", cells: []string{"main", "platform"}},
	})
	if r, _ := tb.selected(); r.id != "a" {
		t.Fatalf("sorted by name: first is %s", r.id)
	}
	tb.setQuery("ft")
	if len(tb.visible) != 2 {
		t.Fatalf("fuzzy ft matches %d rows", len(tb.visible))
	}
	tb.setQuery("plat")
	if len(tb.visible) != 1 || tb.rows[tb.visible[0]].id != "c" {
		t.Fatal("owner column not searched")
	}
	tb.setQuery("")
	tb.move(2)
	tb.sortBy(0) // reverse; cursor stays on the same row
	if r, _ := tb.selected(); r.id != "c" {
		t.Fatalf("cursor left its row on sort: %s", r.id)
	}
	// highlighting wraps matched bytes in the match style
	th2 := newTheme(true, false)
	out := highlight(th2, lipgloss.NewStyle(), "feat-alpha", []int{0, 5})
	if !strings.Contains(out, th2.Match.Render("f")) {
		t.Fatalf("no highlight: %q", out)
	}
	_ = th
}

func TestTableLayoutFits(t *testing.T) {
	tb := newTable([]column{{title: "NAME", flex: true, min: 6}, {title: "OWNER", prio: 1}, {title: "AGE"}}, 0)
	tb.setRows([]row{{id: "x", cells: []string{strings.Repeat("n", 40), "someone", "3d"}}})
	for _, w := range []int{80, 30, 20, 12} {
		out := tb.render(newTheme(true, true), w, 3)
		for _, l := range strings.Split(out, "\n") {
			if lipgloss.Width(l) > w && w >= 20 {
				t.Errorf("width %d: line %q is %d wide", w, l, lipgloss.Width(l))
			}
		}
	}
	if w := tb.layout(20); w[1] != 0 {
		t.Errorf("low-priority column not dropped at 20 cols: %v", w)
	}
}

func TestNoColorTheme(t *testing.T) {
	th := newTheme(true, true)
	for name, st := range map[string]lipgloss.Style{"ok": th.OK, "error": th.Error, "header": th.TableHeader, "badge": th.ReadOnlyBadge} {
		if _, isNo := st.GetForeground().(lipgloss.NoColor); !isNo {
			t.Errorf("%s has a foreground colour with NO_COLOR", name)
		}
		if _, isNo := st.GetBackground().(lipgloss.NoColor); !isNo {
			t.Errorf("%s has a background colour with NO_COLOR", name)
		}
	}
	t.Setenv("NO_COLOR", "1")
	if !noColorEnv() {
		t.Fatal("NO_COLOR not detected")
	}
}

func TestReadOnlyKeymap(t *testing.T) {
	k := DefaultKeyMap(true)
	for _, b := range k.all() {
		if b.Dangerous && b.Enabled() {
			t.Errorf("%s enabled in read-only", b.Help().Desc)
		}
	}
	if _, ok := refused(keyMsg("ctrl+d"), []Binding{k.Destroy}); !ok {
		t.Fatal("ctrl+d not refused in read-only")
	}
	rw := DefaultKeyMap(false)
	if !rw.Destroy.matches(keyMsg("ctrl+d")) {
		t.Fatal("ctrl+d does not match destroy")
	}
	if _, ok := refused(keyMsg("ctrl+d"), []Binding{rw.Destroy}); ok {
		t.Fatal("refused in read-write")
	}
}

func TestViewSetsAltScreenAndTitle(t *testing.T) {
	m, _, _ := direct(t, false)
	v := m.View()
	if !v.AltScreen || !strings.HasPrefix(v.WindowTitle, "envdeck") {
		t.Fatalf("view: alt %v title %q", v.AltScreen, v.WindowTitle)
	}
	if !strings.Contains(v.Content, "reading the account") {
		t.Fatalf("first paint has no spinner/loading line:\n%s", v.Content)
	}
	m = step(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if n := strings.Count(m.View().Content, "\n") + 1; n != 24 {
		t.Fatalf("frame has %d lines at 80x24", n)
	}
	_ = fmt.Sprint
}
