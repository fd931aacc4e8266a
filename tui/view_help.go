package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpView renders the keymap: general, navigation and the keys of the
// screen it was opened from. Disabled (read-only) bindings are left out,
// so help never advertises a key that would be refused.
type helpView struct {
	ctx    *programContext
	from   screen
	title_ string
}

func newHelpView(ctx *programContext) *helpView { return &helpView{ctx: ctx} }

func (v *helpView) open(from screen) { v.from = from }

func (v *helpView) title() string          { return "help" }
func (v *helpView) captures() bool         { return false }
func (v *helpView) bindings() []Binding    { return []Binding{v.ctx.keys.Back} }
func (v *helpView) update(tea.Msg) tea.Cmd { return nil }

func (v *helpView) render(width, height int) string {
	th := v.ctx.theme
	k := v.ctx.keys
	sections := []struct {
		name string
		bs   []Binding
	}{
		{"GENERAL", k.General()},
		{"NAVIGATION", k.Navigation()},
	}
	if v.from != nil {
		sections = append(sections, struct {
			name string
			bs   []Binding
		}{strings.ToUpper(v.from.title()), v.from.bindings()})
	}
	var cols [][]string
	for _, s := range sections {
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
	// lay out side by side when wide enough, else stacked
	widths := make([]int, len(cols))
	sum := 0
	for i, c := range cols {
		for _, l := range c {
			widths[i] = max(widths[i], ansi.StringWidth(l))
		}
		widths[i] += 3
		sum += widths[i]
	}
	var b strings.Builder
	b.WriteString(th.Title.Render("Help") + th.Dim.Render("  (esc to close)") + "\n\n")
	if sum <= width {
		rows := 0
		for _, c := range cols {
			rows = max(rows, len(c))
		}
		for r := 0; r < rows; r++ {
			var line strings.Builder
			for i, c := range cols {
				cell := ""
				if r < len(c) {
					cell = c[r]
				}
				line.WriteString(pad(cell, widths[i], false))
			}
			b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
		return b.String()
	}
	for _, c := range cols {
		b.WriteString(strings.Join(c, "\n") + "\n\n")
	}
	return b.String()
}
