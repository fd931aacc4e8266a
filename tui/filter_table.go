package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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

func newFilterTable(ctx *programContext, name, nameHint string, t table) filterTable {
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = filterHint(nameHint)
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

// filterHint is the filter input's placeholder: it starts with a blank so
// the cursor never sits on a letter that looks typed.
func filterHint(name string) string {
	return " " + name + " · " + allColumnsPrefix + "term: every column"
}

// render draws the title line (count, filter, extra, row position) and
// the table. A narrow title drops its hints first, then the extra.
func (f *filterTable) render(width, height int, extra string) string {
	th := f.ctx.theme
	total := len(f.tbl.rows)
	head := th.Section.Render(f.name) + th.Dim.Render(fmt.Sprintf(" %d", total))
	if f.tbl.query != "" {
		head = th.Section.Render(f.name) + th.Dim.Render(fmt.Sprintf(" %d/%d", len(f.tbl.visible), total))
	}
	hint := ""
	switch {
	case f.filtering:
		f.filter.SetWidth(max(width-ansi.StringWidth(head)-ansi.StringWidth(extra)-16, 10))
		head += "  " + f.filter.View()
	case f.tbl.query != "":
		head += "  " + th.Label.Render("filter") + " " + th.Match.Render(f.tbl.query)
		hint = th.Dim.Render("(esc clears)")
	}
	pos := th.Dim.Render(f.position())
	for _, part := range []string{extra, hint} {
		if part != "" && ansi.StringWidth(head)+2+ansi.StringWidth(part)+ansi.StringWidth(pos)+2 <= width {
			head += "  " + part
		}
	}
	switch {
	case total == 0:
		return head + "\n\n" + th.Dim.Render("  none")
	case len(f.tbl.visible) == 0:
		return head + "\n\n" + th.Dim.Render("  nothing matches "+strconv.Quote(f.tbl.query))
	}
	return spread(head, pos, width) + "\n" + f.tbl.render(th, width, height-1)
}

// rowKeys handles enter, d and y on the highlighted row: enter drills in
// (open, when it returns a command) or else describes, d describes, y
// copies the row's ID. It reports whether key was one of them.
func (f *filterTable) rowKeys(key tea.KeyPressMsg, describe func(row) describeDoc, open func(row) tea.Cmd) (tea.Cmd, bool) {
	k := f.ctx.keys
	if !k.Enter.matches(key) && !k.Describe.matches(key) && !k.Copy.matches(key) {
		return nil, false
	}
	r, ok := f.tbl.selected()
	switch {
	case !ok:
		return statusCmd(f.noRow(), true), true
	case k.Copy.matches(key):
		return copyCmd(describe(r).id), true
	case k.Enter.matches(key) && open != nil:
		if cmd := open(r); cmd != nil {
			return cmd, true
		}
	}
	return intent(describeMsg{doc: describe(r)}), true
}

// noRow says why a row action did nothing: no row is highlighted.
func (f *filterTable) noRow() string {
	if f.tbl.query != "" {
		return "no row selected: the filter " + strconv.Quote(f.tbl.query) + " matches nothing (esc clears it)"
	}
	return "no row selected: the list is empty"
}

// position is the row position indicator: "row 12/69" (of the rows shown).
func (f *filterTable) position() string {
	if _, ok := f.tbl.selected(); !ok {
		return ""
	}
	return fmt.Sprintf("row %d/%d", f.tbl.cursor+1, len(f.tbl.visible))
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
