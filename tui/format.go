package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// shortDuration renders d compactly: 45s, 12m, 5h, 3d4h.
func shortDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	days := int(d.Hours()) / 24
	if h := int(d.Hours()) % 24; h > 0 && days < 10 {
		return fmt.Sprintf("%dd%dh", days, h)
	}
	return fmt.Sprintf("%dd", days)
}

// ago renders the age of t at now ("-" when unknown).
func ago(t *time.Time, now time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return shortDuration(now.Sub(*t))
}

// expiresIn renders "in 2d3h", "4h ago", "never" (kept) or "-".
func expiresIn(t *time.Time, keep bool, now time.Time) string {
	switch {
	case keep:
		return "never"
	case t == nil || t.IsZero():
		return "-"
	case t.After(now):
		return "in " + shortDuration(t.Sub(now))
	}
	return shortDuration(now.Sub(*t)) + " ago"
}

// fmtTime renders a timestamp in UTC.
func fmtTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

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
