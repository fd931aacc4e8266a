package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// filterTable is a table with the '/' fuzzy filter input and navigation,
// shared by the table screens.
type filterTable struct {
	ctx       *programContext
	name      string
	tbl       table
	filter    textinput.Model
	filtering bool
}

func newFilterTable(ctx *programContext, name, placeholder string, t table) filterTable {
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = placeholder
	return filterTable{ctx: ctx, name: name, tbl: t, filter: f}
}

// handle processes filter and navigation keys; it reports whether msg was
// consumed.
func (f *filterTable) handle(msg tea.Msg) (tea.Cmd, bool) {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if f.filtering {
			var cmd tea.Cmd
			f.filter, cmd = f.filter.Update(msg)
			return cmd, true
		}
		return nil, false
	}
	if f.filtering {
		switch key.String() {
		case "esc":
			f.filtering = false
			f.filter.Blur()
			f.filter.SetValue("")
			f.tbl.setQuery("")
			return nil, true
		case "enter":
			f.filtering = false
			f.filter.Blur()
			return nil, true
		case "up", "down", "pgup", "pgdown":
			navigateTable(f.ctx, &f.tbl, key, f.pageSize())
			return nil, true
		}
		var cmd tea.Cmd
		f.filter, cmd = f.filter.Update(msg)
		if f.filter.Value() != f.tbl.query {
			f.tbl.setQuery(f.filter.Value())
		}
		return cmd, true
	}
	if navigateTable(f.ctx, &f.tbl, key, f.pageSize()) {
		return nil, true
	}
	switch {
	case f.ctx.keys.Filter.matches(key):
		f.filtering = true
		return f.filter.Focus(), true
	case key.String() == "esc" && f.tbl.query != "":
		f.filter.SetValue("")
		f.tbl.setQuery("")
		return nil, true
	}
	return nil, false
}

func (f *filterTable) pageSize() int { return max(f.ctx.height-8, 1) }

// render draws the title line (count, filter) and the table.
func (f *filterTable) render(width, height int, extra string) string {
	th := f.ctx.theme
	total := len(f.tbl.rows)
	head := th.Section.Render(f.name) + th.Dim.Render(fmt.Sprintf(" %d", total))
	if f.tbl.query != "" {
		head = th.Section.Render(f.name) + th.Dim.Render(fmt.Sprintf(" %d/%d", len(f.tbl.visible), total))
	}
	switch {
	case f.filtering:
		f.filter.SetWidth(max(width-30, 10))
		head += "  " + f.filter.View()
	case f.tbl.query != "":
		head += "  " + th.Label.Render("filter") + " " + th.Match.Render(f.tbl.query) + th.Dim.Render("  (esc clears)")
	}
	if extra != "" {
		head += "  " + extra
	}
	switch {
	case total == 0:
		return head + "\n\n" + th.Dim.Render("  none")
	case len(f.tbl.visible) == 0:
		return head + "\n\n" + th.Dim.Render("  nothing matches "+strconv.Quote(f.tbl.query))
	}
	return head + "\n" + f.tbl.render(th, width, height-1)
}

func navigateTable(ctx *programContext, t *table, key tea.KeyPressMsg, page int) bool {
	k := ctx.keys
	switch {
	case k.Up.matches(key):
		t.move(-1)
	case k.Down.matches(key):
		t.move(1)
	case k.PageUp.matches(key):
		t.move(-page)
	case k.PageDown.matches(key):
		t.move(page)
	case k.Top.matches(key):
		t.top()
	case k.Bottom.matches(key):
		t.bottom()
	default:
		return false
	}
	return true
}
