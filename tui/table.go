package tui

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"
)

// column describes one table column. Natural widths are measured once per
// data change; rendering fits them to the screen by shrinking flex columns
// and then dropping the columns of highest prio (0 = never dropped).
type column struct {
	title string
	max   int // cap of the natural width (0 = none)
	min   int // smallest width a flex column shrinks to
	flex  bool
	right bool
	prio  int
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
// (sahilm/fuzzy) over the searchable columns, matches highlighted.
type table struct {
	cols       []column
	searchCols []int

	rows   []row
	search []string // per row: searchable cells joined by spaces
	nat    []int    // natural width per column

	query   string
	visible []int   // indexes into rows: filtered, in sort order
	hits    [][]int // per visible entry: matched byte offsets in search (nil without a query)

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

func newTable(cols []column, searchCols ...int) table {
	return table{cols: cols, searchCols: searchCols}
}

// setRows replaces the data, keeping sort, filter and the cursor on the
// same row ID when it still exists.
func (t *table) setRows(rows []row) {
	keep := t.selectedID()
	t.rows = rows
	t.nat = make([]int, len(t.cols))
	for i, c := range t.cols {
		t.nat[i] = ansi.StringWidth(c.title) + 1 // room for the sort arrow
	}
	for _, r := range rows {
		for i := range t.cols {
			if w := cellWidth(r.cells[i]); w > t.nat[i] {
				t.nat[i] = w
			}
		}
	}
	t.sortRows()
	t.search = make([]string, len(rows))
	for i, r := range t.rows {
		t.search[i] = t.searchText(r)
	}
	t.refilter()
	t.selectID(keep)
}

func (t *table) searchText(r row) string {
	var b strings.Builder
	for j, c := range t.searchCols {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(r.cells[c])
	}
	return b.String()
}

// sortBy sorts by col; sorting by the same column again reverses it.
func (t *table) sortBy(col int) {
	keep := t.selectedID()
	if t.sortCol == col {
		t.desc = !t.desc
	} else {
		t.sortCol, t.desc = col, false
	}
	t.sortRows()
	for i, r := range t.rows {
		t.search[i] = t.searchText(r)
	}
	t.refilter()
	t.selectID(keep)
}

func (t *table) sortRows() {
	if len(t.rows) == 0 || t.sortCol >= len(t.cols) {
		return
	}
	col, desc := t.sortCol, t.desc
	slices.SortStableFunc(t.rows, func(a, b row) int {
		c := cmp.Compare(a.key(col), b.key(col))
		if c == 0 {
			c = cmp.Compare(a.id, b.id)
		}
		if desc {
			return -c
		}
		return c
	})
}

// setQuery filters the rows (fuzzy, in sort order).
func (t *table) setQuery(q string) {
	keep := t.selectedID()
	prev := t.query
	t.query = q
	if prev != "" && strings.HasPrefix(q, prev) && q != prev {
		// typing narrows: a row matching q also matched prev, so only
		// the rows still visible need matching
		t.narrow()
	} else {
		t.refilter()
	}
	t.selectID(keep)
}

type subsetSource struct {
	search []string
	idx    []int
}

func (s subsetSource) String(i int) string { return s.search[s.idx[i]] }
func (s subsetSource) Len() int            { return len(s.idx) }

func (t *table) narrow() {
	src := subsetSource{search: t.search, idx: slices.Clone(t.visible)}
	t.visible = t.visible[:0]
	t.hits = t.hits[:0]
	for _, m := range fuzzy.FindFromNoSort(t.query, src) {
		t.visible = append(t.visible, src.idx[m.Index])
		t.hits = append(t.hits, m.MatchedIndexes)
	}
	t.clamp(0)
}

type searchSource []string

func (s searchSource) String(i int) string { return s[i] }
func (s searchSource) Len() int            { return len(s) }

func (t *table) refilter() {
	t.visible = t.visible[:0]
	t.hits = t.hits[:0]
	if t.query == "" {
		for i := range t.rows {
			t.visible = append(t.visible, i)
		}
		t.hits = nil
	} else {
		for _, m := range fuzzy.FindFromNoSort(t.query, searchSource(t.search)) {
			t.visible = append(t.visible, m.Index)
			t.hits = append(t.hits, m.MatchedIndexes)
		}
	}
	t.clamp(0)
}

func (t *table) selectedID() string {
	if r, ok := t.selected(); ok {
		return r.id
	}
	return ""
}

func (t *table) selected() (row, bool) {
	if t.cursor < 0 || t.cursor >= len(t.visible) {
		return row{}, false
	}
	return t.rows[t.visible[t.cursor]], true
}

func (t *table) selectID(id string) {
	if id == "" {
		return
	}
	for i, ri := range t.visible {
		if t.rows[ri].id == id {
			t.cursor = i
			return
		}
	}
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

// layout fits the columns to width: it returns each column's width, 0 for
// a dropped column.
func (t *table) layout(width int) []int {
	n := len(t.cols)
	w := make([]int, n)
	for i, c := range t.cols {
		w[i] = t.nat[i]
		if c.max > 0 && w[i] > c.max {
			w[i] = c.max
		}
	}
	total := func() int {
		s, k := 2, 0 // cursor marker
		for _, x := range w {
			if x > 0 {
				s += x
				k++
			}
		}
		return s + 2*max(k-1, 0)
	}
	for over := total() - width; over > 0; over = total() - width {
		// shrink the flex column with the most room first
		best, room := -1, 0
		for i, c := range t.cols {
			if c.flex && w[i] > 0 && w[i]-c.min > room {
				best, room = i, w[i]-c.min
			}
		}
		if best >= 0 {
			w[best] -= min(over, max(1, room/2))
			continue
		}
		// then drop the least important column
		drop, prio := -1, 0
		for i, c := range t.cols {
			if w[i] > 0 && c.prio > prio {
				drop, prio = i, c.prio
			}
		}
		if drop < 0 {
			break
		}
		w[drop] = 0
	}
	return w
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
	// byte offset of each searchable column inside the search text
	var offs map[int]int
	if len(hits) > 0 {
		offs = make(map[int]int, len(t.searchCols))
		o := 0
		for _, c := range t.searchCols {
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
