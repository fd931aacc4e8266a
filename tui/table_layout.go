package tui

// layout fits the columns to width and returns each column's width, 0 for
// a dropped column. The row's identity (columns neither flex nor fill, such
// as NAME) keeps its full width while anything else can give way: flex
// columns shrink first, then fill columns down to their min, then columns
// are dropped by prio (highest first), then fill columns shrink further;
// only then is the identity cut.
func (t *table) layout(width int) []int {
	w := make([]int, len(t.cols))
	dropped := make([]bool, len(t.cols))
	for {
		t.naturalWidths(w, dropped)
		over := tableWidth(w) - width
		over = shrink(w, t.cols, over, func(c column) bool { return c.flex })
		over = shrink(w, t.cols, over, func(c column) bool { return c.fill })
		if over <= 0 {
			return w
		}
		if !dropNext(t.cols, dropped) {
			break
		}
	}
	over := tableWidth(w) - width
	over = shrinkTo(w, t.cols, over, 4, func(c column) bool { return c.fill })
	shrinkTo(w, t.cols, over, 4, func(c column) bool { return !c.flex && !c.fill })
	return w
}

func (t *table) naturalWidths(w []int, dropped []bool) {
	for i, c := range t.cols {
		w[i] = t.nat[i]
		if c.max > 0 && w[i] > c.max {
			w[i] = c.max
		}
		if dropped[i] {
			w[i] = 0
		}
	}
}

// tableWidth is the width of a row: the cursor marker and the columns
// shown, two spaces apart.
func tableWidth(w []int) int {
	s, k := 2, 0
	for _, x := range w {
		if x > 0 {
			s += x
			k++
		}
	}
	return s + 2*max(k-1, 0)
}

// shrink takes over cells from the columns that pass, the one with the
// most room above its minimum first; it returns what is still over.
func shrink(w []int, cols []column, over int, pass func(column) bool) int {
	return shrinkTo(w, cols, over, 0, pass)
}

// shrinkTo is shrink with every column's minimum at floor when floor > 0.
func shrinkTo(w []int, cols []column, over, floor int, pass func(column) bool) int {
	for over > 0 {
		best, room := -1, 0
		for i, c := range cols {
			lo := max(c.min, 4)
			if floor > 0 {
				lo = floor
			}
			if pass(c) && w[i] > 0 && w[i]-lo > room {
				best, room = i, w[i]-lo
			}
		}
		if best < 0 {
			return over
		}
		d := min(over, max(1, room/2))
		w[best] -= d
		over -= d
	}
	return over
}

// dropNext drops the shown column of highest prio; false when none is left.
func dropNext(cols []column, dropped []bool) bool {
	drop, prio := -1, 0
	for i, c := range cols {
		if !dropped[i] && c.prio > prio {
			drop, prio = i, c.prio
		}
	}
	if drop < 0 {
		return false
	}
	dropped[drop] = true
	return true
}
