package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpView renders the keymap: general, navigation and the keys of the
// screen it was opened from. Disabled (read-only) bindings are left out,
// so help never advertises a key that would be refused. It scrolls, so
// every key is reachable at any size.
type helpView struct {
	ctx       *programContext
	from      screen
	platforms bool // :ctx is a command
	scroll    scroller
}

func newHelpView(ctx *programContext) *helpView {
	return &helpView{ctx: ctx, scroll: scroller{ctx: ctx}}
}

func (v *helpView) open(from screen, platforms bool) {
	v.from, v.platforms, v.scroll.offset = from, platforms, 0
}

func (v *helpView) title() string  { return "help" }
func (v *helpView) captures() bool { return false }
func (v *helpView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Down, k.PageDown, k.Back}
}

func (v *helpView) update(msg tea.Msg) tea.Cmd {
	if key, ok := msg.(tea.KeyPressMsg); ok {
		v.scroll.key(key)
	}
	return nil
}

// helpSection is one titled column of bindings.
type helpSection struct {
	name string
	bs   []Binding
}

func (v *helpView) sections() []helpSection {
	k := v.ctx.keys
	out := []helpSection{{"GENERAL", k.General()}, {"NAVIGATION", k.Navigation()}}
	if v.from != nil {
		out = append(out, helpSection{strings.ToUpper(v.from.title()), v.from.bindings()})
	}
	return append(out, helpSection{"COMMANDS", commandHelp(v.platforms)})
}

func (v *helpView) columns() [][]string {
	th := v.ctx.theme
	var cols [][]string
	for _, s := range v.sections() {
		col := []string{th.Section.Render(s.name)}
		for _, b := range s.bs {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			col = append(col, th.Key.Render(pad(h.Key, 8, false))+" "+th.KeyDesc.Render(h.Desc))
		}
		cols = append(cols, col)
	}
	if v.ctx.readOnly {
		cols[0] = append(cols[0], "", th.ReadOnlyBadge.Render(" READ-ONLY ")+" "+th.Dim.Render("mutating keys are off"))
	}
	return cols
}

// lines lays the sections out side by side as far as they fit in width,
// the rest in further bands below.
func (v *helpView) lines(width int) []string {
	var out []string
	var band [][]string
	var widths []int
	used := 0
	flush := func() {
		if len(band) == 0 {
			return
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, sideBySide(band, widths)...)
		band, widths, used = nil, nil, 0
	}
	for _, c := range v.columns() {
		w := 0
		for _, l := range c {
			w = max(w, ansi.StringWidth(l))
		}
		w += 3
		if used+w > width {
			flush()
		}
		band, widths, used = append(band, c), append(widths, w), used+w
	}
	flush()
	return out
}

func sideBySide(cols [][]string, widths []int) []string {
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	out := make([]string, rows)
	for r := range rows {
		var line strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			line.WriteString(pad(cell, widths[i], false))
		}
		out[r] = strings.TrimRight(line.String(), " ")
	}
	return out
}

func (v *helpView) render(width, height int) string {
	th := v.ctx.theme
	lines := v.lines(width)
	bodyH := max(height-2, 1)
	shown, first, last := v.scroll.window(lines, bodyH)
	title := th.Title.Render("Help") + th.Dim.Render("  (esc to close)")
	if len(lines) > bodyH {
		title += th.Dim.Render(fmt.Sprintf("  lines %d–%d of %d · ↓ pgdn G scroll", first, last, len(lines)))
	}
	return title + "\n\n" + strings.Join(shown, "\n")
}
