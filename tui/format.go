package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fitLines cuts s to at most h lines, each truncated to w cells, and pads
// it to exactly h lines so the footer stays in place.
func fitLines(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// window returns the h lines of lines starting at off (clamped), and the
// clamped offset.
func window(lines []string, off, h int) ([]string, int) {
	if off > len(lines)-h {
		off = len(lines) - h
	}
	if off < 0 {
		off = 0
	}
	end := min(off+h, len(lines))
	return lines[off:end], off
}

// kv renders "label value" pairs on one line.
func kv(th *Theme, pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, th.Label.Render(pairs[i])+" "+th.Value.Render(pairs[i+1]))
	}
	return strings.Join(parts, "  ")
}

// bar renders a quota bar of width w filled to pct (0-100).
func bar(th *Theme, style lipgloss.Style, pct float64, w int) string {
	if w < 1 {
		return ""
	}
	n := int(pct/100*float64(w) + 0.5)
	n = max(0, min(n, w))
	return style.Render(strings.Repeat("█", n)) + th.BarEmpty.Render(strings.Repeat("░", w-n))
}
