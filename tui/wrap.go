package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrapLines wraps s (styled or not) to w cells at spaces; a word longer
// than w (an ARN) breaks after its last '/' or ':' that fits, else at w.
// Unlike ansi.Wrap it never breaks at a hyphen, so "eu-west-1" and
// "pv-10.preview.example.com" stay whole where they fit.
func wrapLines(s string, w int) []string {
	w = max(w, 1)
	var lines []string
	cur, curW := "", -1 // -1: no word on the line yet
	for _, word := range strings.Split(s, " ") {
		ww := ansi.StringWidth(word)
		if curW >= 0 && curW+1+ww <= w {
			cur, curW = cur+" "+word, curW+1+ww
			continue
		}
		if curW >= 0 {
			lines = append(lines, cur)
		}
		for ww > w {
			cut := breakAt(ansi.Strip(word), w)
			lines = append(lines, ansi.Truncate(word, cut, ""))
			word = ansi.TruncateLeft(word, cut, "")
			ww = ansi.StringWidth(word)
		}
		cur, curW = word, ww
	}
	return append(lines, cur)
}

// breakAt is where to break a word too long for w cells: after the last
// '/' or ':' within w when that keeps a third of the line, else at w.
func breakAt(plain string, w int) int {
	if len(plain) > w {
		plain = plain[:w]
	}
	if i := strings.LastIndexAny(plain, "/:"); i+1 >= w/3 {
		return i + 1
	}
	return w
}

// wrapIndented wraps each line of lines that is wider than width, its
// continuation lines indented two cells past the line's own indentation.
func wrapIndented(lines []string, width int) []string {
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		body := strings.TrimLeft(l, " ")
		indent := strings.Repeat(" ", len(l)-len(body))
		for i, piece := range wrapLines(body, max(width-len(indent)-2, 10)) {
			if i == 0 {
				out = append(out, indent+piece)
			} else {
				out = append(out, indent+"  "+piece)
			}
		}
	}
	return out
}
