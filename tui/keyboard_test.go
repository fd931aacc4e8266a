package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// While an input is open (a filter, the ':' line, a confirmation, the
// create or extend form) it owns the keyboard: no letter reaches a view
// key, changes the view, selects, or quits.

// loadedDirect is the fixture console with its inventory on screen,
// driven without a program.
func loadedDirect(t *testing.T) Model {
	t.Helper()
	m, be, _ := direct(t, false)
	snap, _ := be.Discover(context.Background(), true)
	m = step(m, listsMsg{gen: m.ctx.gen, snap: snap})
	if m.x == nil {
		t.Fatal("no inventory")
	}
	return m
}

// isQuit reports the tea.Quit command itself.
func isQuit(cmd tea.Cmd) bool {
	return cmd != nil && reflect.ValueOf(cmd).Pointer() == reflect.ValueOf(tea.Quit).Pointer()
}

func TestLettersStayInTheirInput(t *testing.T) {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:?-.!"
	cases := []struct {
		name  string
		open  []tea.Msg
		view  viewID
		still func(m Model) bool
	}{
		{"envs filter", []tea.Msg{keyMsg("/")}, viewEnvs, func(m Model) bool { return m.envs.filtering }},
		{"rules filter", []tea.Msg{jumpMsg{view: viewRules}, keyMsg("/")}, viewRules,
			func(m Model) bool { return m.screens[viewRules].(*rulesView).filtering }},
		{"slots filter", []tea.Msg{jumpMsg{view: viewSlots}, keyMsg("/")}, viewSlots,
			func(m Model) bool { return m.screens[viewSlots].(*slotsView).filtering }},
		{"gc filter", []tea.Msg{jumpMsg{view: viewGC}, keyMsg("/")}, viewGC, func(m Model) bool { return m.gc.filtering }},
		{"command line", []tea.Msg{keyMsg(":")}, viewEnvs, func(m Model) bool { return m.cmd.active }},
		{"create form", []tea.Msg{createMsg{}}, viewCreate, func(m Model) bool { return true }},
		{"extend form", []tea.Msg{extendMsg{env: "feat-login"}}, viewExtend, func(m Model) bool { return true }},
		{"destroy confirmation", []tea.Msg{destroyMsg{env: "feat-login"}}, viewFlow,
			func(m Model) bool { return m.flow.state == flowReview }},
		{"gc confirmation", []tea.Msg{jumpMsg{view: viewGC}, keyMsg("a"), planGCMsg{}}, viewFlow,
			func(m Model) bool { return m.flow.state == flowReview }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := loadedDirect(t)
			for _, msg := range c.open {
				if _, ok := msg.(planGCMsg); ok {
					msg = planGCMsg{selected: m.gc.selection()}
				}
				m = step(m, msg)
			}
			if m.topID() != c.view || !c.still(m) {
				t.Fatalf("input not open: view %s", m.topID())
			}
			selected := len(m.gc.selected)
			for _, r := range letters {
				nm, cmd := m.Update(keyMsg(string(r)))
				m = settle(nm.(Model))
				if isQuit(cmd) || m.ctx.base.Err() != nil {
					t.Fatalf("%q quit the console", r)
				}
				if m.topID() != c.view || !c.still(m) {
					t.Fatalf("%q changed the view to %s or closed the input", r, m.topID())
				}
				if len(m.gc.selected) != selected {
					t.Fatalf("%q changed the gc selection", r)
				}
				if len(m.stack) > 3 {
					t.Fatalf("%q opened a view: %v", r, m.stack)
				}
			}
		})
	}
}

// In :gc, '/' filters (help lists it) and the letters after it stay in the
// filter: /orphan selects nothing, refreshes nothing, plans nothing.
func TestGCSlashFilters(t *testing.T) {
	s := demoLoaded(t)
	s.typeText(":gc")
	s.press("enter")
	s.waitText("collectable 15", "selected 0")
	s.press("/")
	s.typeText("orphan")
	s.press("enter")
	f := s.waitText("filter orphan", "selected 0")
	if strings.Contains(f, "Collect ") || strings.Contains(f, "expired-environment") {
		t.Fatalf("/orphan did not filter, or acted:\n%s", f)
	}
	if !strings.Contains(f, "orphan-rule") || !strings.Contains(f, "orphan-stage") {
		t.Fatalf("/orphan hides the orphan findings:\n%s", f)
	}
	// a now selects the collectable findings the filter shows, and only them
	s.press("a")
	s.waitText("selected 7")
	s.press("enter")
	s.waitText("Collect 7 findings")
}
