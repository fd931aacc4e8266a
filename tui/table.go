package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// column describes one table column. Natural widths are measured once per
// data change; rendering fits them to the screen (table_layout.go).
type column struct {
	title string
	max   int  // cap of the natural width (0 = none)
	min   int  // smallest width a flex or fill column shrinks to
	flex  bool // secondary text: shrinks first
	fill  bool // the row's long text (a reason): shrinks after every drop
	right bool
	prio  int // columns of highest prio are dropped first; 0 = never
	// style colours one cell (nil = plain).
	style func(t *Theme, cell string) lipgloss.Style
}

// row is one table row: plain strings and a stable ID (k9s's render.Row).
type row struct {
	id    string
	cells []string
	keys  []string // sort keys per column; nil or "" falls back to the cell
}

func (r row) key(col int) string {
	if col < len(r.keys) && r.keys[col] != "" {
		return r.keys[col]
	}
	return r.cells[col]
}

// table is a light table: it keeps every row but renders only the visible
// window, so 10,000 rows cost what 30 do per frame. Filtering is fuzzy
// (sahilm/fuzzy) over the name columns, or every column with the "-a "
// prefix (table_filter.go), matches highlighted.
type table struct {
	cols     []column
	nameCols []int // the columns a plain filter matches: the row's name
	allCols  []int

	rows      []row
	search    []string // per row: name cells joined by spaces
	searchAll []string // per row: every cell joined by spaces (built on first use)
	nat       []int    // natural width per column

	query   string
	visible []int   // indexes into rows: filtered, in sort order
	hits    [][]int // per visible entry: matched byte offsets in the search text (nil without a query)
	scores  []int   // per visible entry: the fuzzy score (nil without a query)

	cursor, offset int
	sortCol        int
	desc           bool

	// cache of styled cells (statuses, health… repeat across rows)
	cache      map[cellKey]string
	cacheTheme *Theme
}

type cellKey struct {
	col  int
	text string
}

// cellWidth is ansi.StringWidth with a fast path for plain ASCII.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// truncate cuts s to w cells with an ellipsis (no work when it fits).
func truncate(s string, w int) string {
	if cellWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// styled renders a cell of column col, cached per text.
func (t *table) styled(th *Theme, col int, text, cell string) string {
	if t.cacheTheme != th || len(t.cache) > 4096 {
		t.cache, t.cacheTheme = map[cellKey]string{}, th
	}
	k := cellKey{col, text}
	if out, ok := t.cache[k]; ok {
		return out
	}
	out := t.cols[col].style(th, cell).Render(text)
	t.cache[k] = out
	return out
}

// move moves the cursor by delta rows (clamped).
func (t *table) move(delta int) { t.cursor += delta; t.clamp(0) }
func (t *table) top()           { t.cursor = 0 }
func (t *table) bottom()        { t.cursor = len(t.visible) - 1; t.clamp(0) }

func (t *table) clamp(int) {
	if t.cursor >= len(t.visible) {
		t.cursor = len(t.visible) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
}

// render draws the header and the visible window of rows in height lines.
func (t *table) render(th *Theme, width, height int) string {
	if height < 1 {
		return ""
	}
	w := t.layout(width)
	rowsH := height - 1
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+rowsH {
		t.offset = t.cursor - rowsH + 1
	}
	if t.offset > max(len(t.visible)-rowsH, 0) {
		t.offset = max(len(t.visible)-rowsH, 0)
	}
	if t.offset < 0 {
		t.offset = 0
	}
	var b strings.Builder
	b.WriteString("  ")
	first := true
	for i, c := range t.cols {
		if w[i] == 0 {
			continue
		}
		if !first {
			b.WriteString("  ")
		}
		first = false
		title := c.title
		if i == t.sortCol {
			if t.desc {
				title += "↓"
			} else {
				title += "↑"
			}
		}
		b.WriteString(th.TableHeader.Render(pad(ansi.Truncate(title, w[i], "…"), w[i], c.right)))
	}
	lines := 1
	for vi := t.offset; vi < len(t.visible) && lines < height; vi++ {
		b.WriteByte('\n')
		lines++
		var hits []int
		if t.hits != nil {
			hits = t.hits[vi]
		}
		b.WriteString(t.renderRow(th, w, t.rows[t.visible[vi]], hits, vi == t.cursor))
	}
	return b.String()
}

func (t *table) renderRow(th *Theme, w []int, r row, hits []int, cursor bool) string {
	var b strings.Builder
	if cursor {
		b.WriteString(th.Mark.Render("›") + " ")
	} else {
		b.WriteString("  ")
	}
	// byte offset of each searched column inside the search text
	var offs map[int]int
	if len(hits) > 0 {
		cols := t.matchCols()
		offs = make(map[int]int, len(cols))
		o := 0
		for _, c := range cols {
			offs[c] = o
			o += len(r.cells[c]) + 1
		}
	}
	var line strings.Builder
	first := true
	for i, c := range t.cols {
		if w[i] == 0 {
			continue
		}
		if !first {
			line.WriteString("  ")
		}
		first = false
		cell := r.cells[i]
		text := truncate(cell, w[i])
		padding := w[i] - cellWidth(text)
		if cursor {
			// plain text: the whole line takes the cursor style
			line.WriteString(pad(text, w[i], c.right))
			continue
		}
		if c.right {
			line.WriteString(strings.Repeat(" ", padding))
		}
		if o, ok := offs[i]; ok {
			base := lipgloss.NewStyle()
			if c.style != nil {
				base = c.style(th, cell)
			}
			line.WriteString(highlight(th, base, text, cellHits(hits, o, len(cell))))
		} else if c.style != nil {
			line.WriteString(t.styled(th, i, text, cell))
		} else {
			line.WriteString(text)
		}
		if !c.right {
			line.WriteString(strings.Repeat(" ", padding))
		}
	}
	if cursor {
		b.WriteString(th.Cursor.Render(line.String()))
	} else {
		b.WriteString(line.String())
	}
	return b.String()
}

// cellHits returns the hits inside [off, off+n) relative to off.
func cellHits(hits []int, off, n int) []int {
	var out []int
	for _, h := range hits {
		if h >= off && h < off+n {
			out = append(out, h-off)
		}
	}
	return out
}

// highlight renders text in base with the bytes at hits in the match style.
func highlight(th *Theme, base lipgloss.Style, text string, hits []int) string {
	if len(hits) == 0 {
		return base.Render(text)
	}
	var b strings.Builder
	start, inMatch := 0, false
	flush := func(end int) {
		if end <= start {
			return
		}
		if inMatch {
			b.WriteString(th.Match.Render(text[start:end]))
		} else {
			b.WriteString(base.Render(text[start:end]))
		}
		start = end
	}
	hi := 0
	for i := range text { // i is a rune start
		for hi < len(hits) && hits[hi] < i {
			hi++
		}
		m := hi < len(hits) && hits[hi] == i
		if m != inMatch {
			flush(i)
			inMatch = m
		}
	}
	flush(len(text))
	return b.String()
}

// pad pads s with spaces to w cells (left- or right-aligned).
func pad(s string, w int, right bool) string {
	n := w - cellWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}
