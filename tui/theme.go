package tui

import (
	"image/color"
	"os"

	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

// Theme holds every style of the console: views never build colours of
// their own. With NO_COLOR set it carries no colour at all (only bold,
// underline and reverse, so the cursor and headings stay visible).
type Theme struct {
	NoColor bool
	Dark    bool // a dark background (the platform badge's shade)

	Title, Label, Value, Dim, Bold   lipgloss.Style
	ReadOnlyBadge, SandboxBadge      lipgloss.Style
	Banner, Error, Warn, OK, Info    lipgloss.Style
	TableHeader, Cursor, Match, Mark lipgloss.Style
	Section, Key, KeyDesc, Status    lipgloss.Style
	BarFull, BarEmpty                lipgloss.Style
	StepCreate, StepUpdate, StepDel  lipgloss.Style
	Frame                            lipgloss.Style
}

// noColorEnv reports NO_COLOR (https://no-color.org: set and non-empty).
func noColorEnv() bool { return os.Getenv("NO_COLOR") != "" }

// newTheme builds the theme for a dark or light background.
func newTheme(isDark, noColor bool) *Theme {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		accent   = c("#5A56E0", "#9B96FF")
		dim      = c("#8A8A8A", "#767676")
		green    = c("#1F8A3B", "#4FD672")
		yellow   = c("#9A6B00", "#F2C94C")
		orange   = c("#B3560E", "#FF9F43")
		red      = c("#C0262D", "#FF5F67")
		blue     = c("#1B64C7", "#5FAFFF")
		fg       = c("#1A1A1A", "#E4E4E4")
		bannerBG = c("#FDE2E2", "#5C1B1F")
		roBG     = c("#C0262D", "#FF5F67")
		roFG     = c("#FFFFFF", "#1A1A1A")
	)
	s := lipgloss.NewStyle
	t := &Theme{NoColor: noColor, Dark: isDark}
	t.Title = s().Bold(true).Foreground(accent)
	t.Label = s().Foreground(dim)
	t.Value = s().Foreground(fg)
	t.Dim = s().Foreground(dim)
	t.Bold = s().Bold(true)
	t.ReadOnlyBadge = s().Bold(true).Foreground(roFG).Background(roBG)
	t.SandboxBadge = s().Bold(true).Foreground(blue)
	t.Banner = s().Foreground(red).Background(bannerBG)
	t.Error = s().Foreground(red)
	t.Warn = s().Foreground(yellow)
	t.OK = s().Foreground(green)
	t.Info = s().Foreground(blue)
	t.TableHeader = s().Bold(true).Foreground(accent)
	t.Cursor = s().Bold(true).Reverse(true)
	t.Match = s().Bold(true).Underline(true).Foreground(orange)
	t.Mark = s().Bold(true).Foreground(accent)
	t.Section = s().Bold(true).Foreground(accent)
	t.Key = s().Bold(true).Foreground(accent)
	t.KeyDesc = s().Foreground(dim)
	t.Status = s().Foreground(fg)
	t.BarFull = s().Foreground(green)
	t.BarEmpty = s().Foreground(dim)
	t.StepCreate = s().Foreground(green)
	t.StepUpdate = s().Foreground(yellow)
	t.StepDel = s().Foreground(red)
	t.Frame = s().Foreground(dim)
	if noColor {
		t.ReadOnlyBadge = s().Bold(true).Reverse(true)
		t.Banner = s().Bold(true)
		t.Match = s().Underline(true)
	}
	return t
}

// EnvStatus colours an environment status.
func (t *Theme) EnvStatus(status string) lipgloss.Style {
	switch status {
	case model.StatusHealthy:
		return t.OK
	case model.StatusDegraded:
		return t.Warn
	case model.StatusPartial, model.StatusExpired:
		return t.Error
	case model.StatusProtected:
		return t.Info
	}
	return t.Value
}

// Severity colours a finding severity.
func (t *Theme) Severity(sev string) lipgloss.Style {
	switch sev {
	case model.SeverityCritical:
		return t.Error
	case model.SeverityWarning:
		return t.Warn
	}
	return t.Info
}

// SlotState colours a slot state.
func (t *Theme) SlotState(state string) lipgloss.Style {
	switch state {
	case model.SlotFree:
		return t.OK
	case model.SlotBroken:
		return t.Error
	}
	return t.Info
}

// Level colours a quota level (0 ok, 1 warn, 2 crit).
func (t *Theme) Level(level int) lipgloss.Style {
	switch level {
	case 1:
		return t.Warn
	case 2:
		return t.Error
	}
	return t.OK
}
