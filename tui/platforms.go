package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// PlatformInfo is one platform of the configuration, as :ctx lists it.
type PlatformInfo struct {
	Name, Account, Region, Theme string
	ReadOnly                     bool
}

// Platforms is how the console reaches the configuration's platforms; cmd
// implements it (the console never builds a backend itself).
type Platforms interface {
	List() []PlatformInfo
	// Open returns the backend and options of platform name, sharing no
	// state with the backend on screen.
	Open(ctx context.Context, name string) (Backend, Options, error)
}

// platformWords are the command line's words for platforms (k9s's :ctx).
var platformWords = []string{"ctx", "platform"}

// listPlatformsMsg asks for the platforms in the status line (:ctx).
type listPlatformsMsg struct{}

// switchPlatformMsg asks to switch to a platform (:ctx NAME).
type switchPlatformMsg struct{ name string }

// platformOpenedMsg carries the opened platform's backend, or why not.
type platformOpenedMsg struct {
	name string
	b    Backend
	opts Options
	err  error
}

// platformNames lists the platforms to switch to; nil without Platforms.
func (c *programContext) platformNames(p Platforms) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, i := range p.List() {
		out = append(out, i.Name)
	}
	return out
}

// onPlatform handles the platform messages; ok is false for any other.
func (m Model) onPlatform(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listPlatformsMsg:
		return m, statusCmd(m.platformList(), false), true
	case switchPlatformMsg:
		return m, m.openPlatform(msg.name), true
	case platformOpenedMsg:
		if msg.err != nil {
			return m, statusCmd("platform "+msg.name+": "+msg.err.Error(), true), true
		}
		next, cmd := m.switchTo(msg.b, msg.opts)
		return next, cmd, true
	}
	return m, nil, false
}

// platformList is the status line of :ctx: every platform, the current
// one marked.
func (m Model) platformList() string {
	p := m.opts.Platforms
	if p == nil {
		return "no platforms: this configuration has one account"
	}
	var parts []string
	for _, i := range p.List() {
		s := i.Name
		if i.Name == m.ctx.platform {
			s = "*" + s
		}
		if i.ReadOnly {
			s += " (read-only)"
		}
		parts = append(parts, s)
	}
	return "platforms: " + strings.Join(parts, "  ") + "   :ctx NAME switches"
}

// openPlatform opens platform name off the update loop; the current one
// stays on screen until it is ready.
func (m Model) openPlatform(name string) tea.Cmd {
	p := m.opts.Platforms
	switch {
	case p == nil:
		return statusCmd("no platforms: this configuration has one account", true)
	case !slices.Contains(m.ctx.platformNames(p), name):
		return statusCmd(fmt.Sprintf("unknown platform %q (known: %s)", name, strings.Join(m.ctx.platformNames(p), ", ")), true)
	case name == m.ctx.platform:
		return statusCmd("already on platform "+name, false)
	case m.applying:
		return statusCmd("an apply is running on "+m.ctx.platform+": switch when it is done", true)
	}
	base := m.ctx.base
	// In sequence: batched, the "opening" line could land after a fast
	// failure's and hide it.
	return tea.Sequence(statusCmd("opening platform "+name+"…", false), func() tea.Msg {
		b, opts, err := p.Open(base, name)
		return platformOpenedMsg{name: name, b: b, opts: opts, err: err}
	})
}

// switchTo replaces the whole console by a new one over b: no row,
// selection, filter, plan or cache survives. Only the terminal's size and
// background, and the generation counters (so that every result still in
// flight from the old platform is dropped as stale), carry over.
func (m Model) switchTo(b Backend, opts Options) (Model, tea.Cmd) {
	old := m.ctx
	old.cancel() // the old platform's reads in flight end now
	next := newModel(b, opts, m.eng)
	c := next.ctx
	c.width, c.height, c.bodyHeight = old.width, old.height, old.bodyHeight
	c.theme = newTheme(old.theme.Dark, old.theme.NoColor)
	c.gen, c.opGen, c.invGen = old.gen, old.opGen, old.invGen
	next.invShown = old.invGen
	next.tickGen = m.tickGen + 1
	return next, tea.Batch(
		statusCmd("switched to platform "+opts.Platform, false),
		next.loader.first(),
		tickCmd(next.opts.refresh(), next.tickGen),
	)
}

// platformBadge is the platform's name in its theme colour (reverse
// video without colour).
func (t *Theme) platformBadge(name, theme string) string {
	s := lipgloss.NewStyle().Bold(true)
	c, ok := platformColours[theme]
	switch {
	case t.NoColor:
		s = s.Reverse(true)
	case ok:
		bg := c[0]
		if t.Dark {
			bg = c[1]
		}
		s = s.Background(lipgloss.Color(bg)).Foreground(lipgloss.Color("#FFFFFF"))
		if t.Dark {
			s = s.Foreground(lipgloss.Color("#1A1A1A"))
		}
	default:
		s = t.Title
	}
	return s.Render(" " + name + " ")
}

// platformColours are model.PlatformThemes' colours: light, dark background.
var platformColours = map[string][2]string{
	"red":    {"#C0262D", "#FF5F67"},
	"orange": {"#B3560E", "#FF9F43"},
	"yellow": {"#9A6B00", "#F2C94C"},
	"green":  {"#1F8A3B", "#4FD672"},
	"blue":   {"#1B64C7", "#5FAFFF"},
	"purple": {"#7B3FC4", "#C39BFF"},
	"cyan":   {"#0E7C86", "#4FD6E0"},
	"gray":   {"#6A6A6A", "#A0A0A0"},
}
