package tui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"
)

// allColumnsPrefix starts a filter over every column: "/alice" matches the
// rows whose name matches alice, "/-a alice" also the rows alice owns.
const allColumnsPrefix = "-a "

// parseFilter splits a filter into its term and whether it searches every
// column.
func parseFilter(q string) (term string, all bool) {
	if rest, ok := strings.CutPrefix(q, allColumnsPrefix); ok {
		return strings.TrimLeft(rest, " "), true
	}
	return q, false
}

// newTable builds a table whose plain filter matches nameCols.
func newTable(cols []column, nameCols ...int) table {
	all := make([]int, len(cols))
	for i := range cols {
		all[i] = i
	}
	return table{cols: cols, nameCols: nameCols, allCols: all}
}

// setRows replaces the data, keeping sort, filter and the cursor on the
// same row ID when it is still shown.
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
	t.reindex()
	t.refilter()
	t.selectID(keep)
}

// reindex rebuilds the search texts after the rows changed or moved.
func (t *table) reindex() {
	t.search = make([]string, len(t.rows))
	for i, r := range t.rows {
		t.search[i] = joinCells(r, t.nameCols)
	}
	t.searchAll = nil
}

func joinCells(r row, cols []int) string {
	var b strings.Builder
	for j, c := range cols {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(r.cells[c])
	}
	return b.String()
}

// texts returns the search texts of the current filter mode.
func (t *table) texts() []string {
	if _, all := parseFilter(t.query); !all {
		return t.search
	}
	if t.searchAll == nil {
		t.searchAll = make([]string, len(t.rows))
		for i, r := range t.rows {
			t.searchAll[i] = joinCells(r, t.allCols)
		}
	}
	return t.searchAll
}

// matchCols returns the columns the current filter searches.
func (t *table) matchCols() []int {
	if _, all := parseFilter(t.query); all {
		return t.allCols
	}
	return t.nameCols
}

// sortBy sorts by col; sorting by the same column again reverses it. The
// cursor stays on its row.
func (t *table) sortBy(col int) {
	keep := t.selectedID()
	if t.sortCol == col {
		t.desc = !t.desc
	} else {
		t.sortCol, t.desc = col, false
	}
	t.sortRows()
	t.reindex()
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

// setQuery filters the rows (fuzzy, in sort order) and puts the cursor on
// the best match, so an action key acts on a row the filter shows: an
// exact name scores highest. Clearing the filter keeps the cursor's row.
func (t *table) setQuery(q string) {
	keep := t.selectedID()
	prevTerm, prevAll := parseFilter(t.query)
	t.query = q
	term, all := parseFilter(q)
	if prevTerm != "" && all == prevAll && strings.HasPrefix(term, prevTerm) && term != prevTerm {
		// typing narrows: a row matching term also matched prevTerm, so
		// only the rows still visible need matching
		t.narrow(term)
	} else {
		t.refilter()
	}
	if term == "" {
		t.selectID(keep)
		return
	}
	t.cursorToBest()
}

// cursorToBest puts the cursor on the highest-scoring visible row (the
// first of equals).
func (t *table) cursorToBest() {
	t.cursor, t.offset = 0, 0
	for i, s := range t.scores {
		if s > t.scores[t.cursor] {
			t.cursor = i
		}
	}
}

type subsetSource struct {
	search []string
	idx    []int
}

func (s subsetSource) String(i int) string { return s.search[s.idx[i]] }
func (s subsetSource) Len() int            { return len(s.idx) }

func (t *table) narrow(term string) {
	src := subsetSource{search: t.texts(), idx: slices.Clone(t.visible)}
	t.visible, t.hits, t.scores = t.visible[:0], t.hits[:0], t.scores[:0]
	for _, m := range fuzzy.FindFromNoSort(term, src) {
		t.visible = append(t.visible, src.idx[m.Index])
		t.hits = append(t.hits, m.MatchedIndexes)
		t.scores = append(t.scores, m.Score)
	}
	t.clamp(0)
}

type searchSource []string

func (s searchSource) String(i int) string { return s[i] }
func (s searchSource) Len() int            { return len(s) }

func (t *table) refilter() {
	t.visible, t.hits, t.scores = t.visible[:0], nil, nil
	term, _ := parseFilter(t.query)
	if term == "" {
		for i := range t.rows {
			t.visible = append(t.visible, i)
		}
	} else {
		for _, m := range fuzzy.FindFromNoSort(term, searchSource(t.texts())) {
			t.visible = append(t.visible, m.Index)
			t.hits = append(t.hits, m.MatchedIndexes)
			t.scores = append(t.scores, m.Score)
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

// selected returns the highlighted row: always one the table shows.
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
