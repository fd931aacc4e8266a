package tui

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/envdeck/envdeck/model"
)

// demoDirect is the demo console with its inventory on screen, driven
// without a program, at w×h.
func demoDirect(t *testing.T, w, h int) Model {
	t.Helper()
	be := newSandboxBackend(t, demoNow)
	eng := modelEngine()
	m := newModel(be, Options{Refresh: -1, Sandbox: true}, &eng)
	m.Init()
	m = step(m, tea.WindowSizeMsg{Width: w, Height: h})
	snap, _ := be.Discover(t.Context(), true)
	return step(m, listsMsg{gen: m.ctx.gen, snap: snap})
}

// press sends a key and delivers the intent it returns, as the program
// would (intents return at once; other commands are not run).
func press(m Model, k string) Model {
	nm, cmd := m.Update(keyMsg(k))
	m = settle(nm.(Model))
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case describeMsg, openDetailMsg, destroyMsg, planGCMsg, jumpMsg, backMsg, statusMsg:
		return step(m, msg)
	}
	return m
}

func squash(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }

// Every finding's describe view shows its whole reason (and the fix on its
// own line), whatever the table cuts.
func TestDescribeEveryFindingShowsItsReason(t *testing.T) {
	m := demoDirect(t, 80, 24)
	m = step(m, jumpMsg{view: viewGC})
	kinds := map[string]bool{}
	for i := range m.gc.tbl.visible {
		m.gc.tbl.cursor = i
		f, _ := m.gc.current()
		kinds[f.Kind] = true
		m = press(m, "d")
		if m.topID() != viewDescribe {
			t.Fatalf("d on %s opened %s", f.Kind, m.topID())
		}
		var all strings.Builder
		for range 20 { // page through the record
			all.WriteString(m.View().Content)
			m = press(m, "pgdown")
		}
		reason, fix, _ := strings.Cut(f.Reason, "; fix: ")
		if got := squash(all.String()); !strings.Contains(got, squash(reason)) || !strings.Contains(got, squash(fix)) {
			t.Errorf("describe of %s %s lacks its reason %q:\n%s", f.Kind, f.Resource.ID, f.Reason, m.View().Content)
		}
		if f.Resource.ID != "" && !strings.Contains(squash(all.String()), squash(f.Resource.ID)) {
			t.Errorf("describe of %s lacks the full ID %s", f.Kind, f.Resource.ID)
		}
		m = press(m, "esc")
	}
	for _, k := range []string{model.FindingExpired, model.FindingOrphanRule, model.FindingOrphanTargetGroup,
		model.FindingOrphanStage, model.FindingDanglingRecord, model.FindingBrokenSlot, model.FindingAliasWithoutRecord,
		model.FindingShadowedRule, model.FindingTagConflict, model.FindingUnmanaged} {
		if !kinds[k] {
			t.Errorf("the demo has no %s finding to describe", k)
		}
	}
}

// enter opens something on every row: a drill-in, or the describe view
// where there is nothing to drill into (unowned rules, free slots, quotas).
func TestEnterOpensEveryRow(t *testing.T) {
	for _, v := range []viewID{viewRules, viewSlots, viewQuotas} {
		m := demoDirect(t, 100, 30)
		m = step(m, jumpMsg{view: v})
		m = press(m, "g")
		m = press(m, "enter")
		if id := m.topID(); id != viewDescribe && id != viewDetail {
			t.Errorf("enter on the first row of %s opened %s", v, id)
		}
	}
}

// y puts the highlighted row's ID on the clipboard with OSC 52 and says so.
func TestCopyEmitsOSC52(t *testing.T) {
	s := demoLoaded(t)
	s.press("/")
	s.typeText("ux-review")
	s.press("enter", "y")
	s.waitText("copied ux-review")
	want := []byte("\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("ux-review")))
	teatest.WaitFor(t, s.tm.Output(), func(out []byte) bool { return bytes.Contains(out, want) },
		teatest.WithDuration(waitLimit))
}
