package tui

import tea "charm.land/bubbletea/v2"

// scroller is the scroll position of a screen of lines (help, detail,
// describe, plans): ↑↓ j k by a line, pgup/pgdn ctrl+b/ctrl+f by a page,
// g/G home/end to either end.
type scroller struct {
	ctx    *programContext
	offset int
	page   int // the height of the last window shown
}

// key scrolls for a navigation key and reports whether it was one.
func (s *scroller) key(key tea.KeyPressMsg) bool {
	k := s.ctx.keys
	page := max(s.page-1, 1)
	switch {
	case k.Up.matches(key):
		s.offset--
	case k.Down.matches(key):
		s.offset++
	case k.PageUp.matches(key):
		s.offset -= page
	case k.PageDown.matches(key):
		s.offset += page
	case k.Top.matches(key):
		s.offset = 0
	case k.Bottom.matches(key):
		s.offset = 1 << 30
	default:
		return false
	}
	s.offset = max(s.offset, 0)
	return true
}

// typingFree reports a scroll key that types no character, so it can
// scroll while a text input has the focus.
func typingFree(key tea.KeyPressMsg) bool {
	switch key.String() {
	case "up", "down", "pgup", "pgdown", "ctrl+b", "ctrl+f":
		return true
	}
	return false
}

// window returns the h lines shown from the offset (clamped) and the
// 1-based numbers of the first and last line shown.
func (s *scroller) window(lines []string, h int) (shown []string, first, last int) {
	s.page = h
	shown, s.offset = window(lines, s.offset, h)
	if len(shown) == 0 {
		return shown, 0, 0
	}
	return shown, s.offset + 1, s.offset + len(shown)
}
