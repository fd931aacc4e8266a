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

// A narrow header drops the refresh age and the least important counts,
// never the account, region and profile.
func TestNarrowHeaderKeepsIdentity(t *testing.T) {
	for _, w := range []int{80, 62, 56} {
		m := demoDirect(t, w, 24)
		lines := strings.Split(ansi.Strip(m.View().Content), "\n")
		for _, want := range []string{"123456789012", "eu-west-1", "sandbox", "SANDBOX"} {
			if !strings.Contains(lines[0], want) {
				t.Errorf("at %d columns the header lacks %s: %q", w, want, lines[0])
			}
		}
		for _, l := range lines[:2] {
			if strings.Contains(l, "…") {
				t.Errorf("at %d columns a header line is cut: %q", w, l)
			}
		}
	}
}
