package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80×24 every demo name shows whole in the environments table (paging
// through it), and the environments help reaches every key (scrolling).
func TestAt80x24NamesWholeAndHelpComplete(t *testing.T) {
	m := demoDirect(t, 80, 24)
	var frames strings.Builder
	for range 10 {
		frames.WriteString(ansi.Strip(m.View().Content) + "\n")
		m = press(m, "pgdown")
	}
	for _, e := range m.x.inv.Environments {
		if !strings.Contains(frames.String(), " "+e.Name+" ") {
			t.Errorf("%s is cut or missing in the environments table at 80×24", e.Name)
		}
	}

	m = press(m, "g")
	m = press(m, "?")
	if m.topID() != viewHelp {
		t.Fatalf("? opened %s", m.topID())
	}
	var help strings.Builder
	for range 5 {
		help.WriteString(ansi.Strip(m.View().Content) + "\n")
		m = press(m, "pgdown")
	}
	k := m.ctx.keys
	for _, b := range append(append(k.General(), k.Navigation()...), m.envs.bindings()...) {
		if !strings.Contains(help.String(), b.Help().Desc) {
			t.Errorf("help at 80×24 never shows %q (%s)", b.Help().Desc, b.Help().Key)
		}
	}
}
