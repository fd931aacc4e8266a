package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// maxBanners bounds the banner lines; the rest are counted.
const maxBanners = 3

// header renders identity, mode, refresh age and one banner per failing
// source, so nobody collects the wrong account.
func (m Model) header(width int) string {
	th := m.ctx.theme
	lines := []string{m.identityLine(width)}
	lines = append(lines, m.summaryLine(width))
	if m.opts.DebugLog != "" {
		lines = append(lines, th.Label.Render("debug log ")+th.Value.Render(m.opts.DebugLog))
	}
	var errs []string
	if m.x != nil {
		for _, e := range m.x.inv.Errors {
			errs = append(errs, e.Source+": "+e.Message)
		}
	}
	if m.loadErr != nil && m.snap != nil {
		errs = append(errs, "refresh failed: "+m.loadErr.Error())
	}
	for i, e := range errs {
		if i == maxBanners {
			lines = append(lines, th.Banner.Render(fmt.Sprintf(" ⚠ %d more failing sources ", len(errs)-maxBanners)))
			break
		}
		lines = append(lines, th.Banner.Render(" ⚠ "+ansi.Truncate(e, max(width-4, 10), "…")+" "))
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// identityLine is account, region, profile and the mode badges, with the
// read in progress or the refresh age on the right; when narrow it keeps
// the identity and drops the labels, then the age.
func (m Model) identityLine(width int) string {
	c := m.ctx
	th := c.theme
	badges := ""
	if c.sandbox {
		badges += "  " + th.SandboxBadge.Render("SANDBOX")
	}
	if c.readOnly {
		badges += "  " + th.ReadOnlyBadge.Render(" READ-ONLY ")
	}
	brand := th.Title.Render("envdeck")
	if c.platform != "" {
		brand += " " + th.platformBadge(c.platform, c.platformTheme)
	}
	left := brand + "  " + kv(th, "account", orDash(c.account), "region", orDash(c.region), "profile", orDash(c.profile)) + badges
	right := m.readState()
	if ansi.StringWidth(left)+ansi.StringWidth(right)+2 > width { // narrow: values only
		sep := th.Dim.Render(" · ")
		left = brand + " " + th.Value.Render(orDash(c.account)) + sep + th.Value.Render(orDash(c.region)) + sep + th.Value.Render(orDash(c.profile)) + badges
	}
	if ansi.StringWidth(left)+ansi.StringWidth(right)+2 > width { // narrower: the identity before the refresh age
		right = ""
		if m.busy() {
			right = m.spinner.View()
		}
	}
	return spread(left, right, width)
}

// readState is the read in progress, or how long ago the last one ended.
func (m Model) readState() string {
	th := m.ctx.theme
	switch {
	case m.discovering || m.healthBusy || m.invJob != nil:
		what := "reading lists"
		switch {
		case m.discovering:
		case m.healthBusy:
			what = fmt.Sprintf("health %d/%d", m.healthDone, m.healthTotal)
		default:
			what = "building inventory"
		}
		return m.spinner.View() + " " + th.Dim.Render(what)
	case m.snap != nil:
		return th.Dim.Render("refreshed " + model.FormatSpan(m.ctx.now().Sub(m.lastRead)) + " ago")
	}
	return ""
}

// summaryLine is the listener and the inventory's counts; when narrow it
// drops the least important parts first (they are a jump away).
func (m Model) summaryLine(width int) string {
	th := m.ctx.theme
	parts := []string{th.Label.Render("listener ") + th.Value.Render(model.ListenerLabel(m.ctx.listener, m.snap))}
	if len(m.ctx.pool) > 1 {
		parts[0] = th.Label.Render("pool ") + th.Value.Render(model.PoolLabel(m.ctx.pool, m.snap))
	}
	if m.x != nil {
		inv := m.x.inv
		parts = append(parts, fmt.Sprintf("%d envs", len(inv.Environments)), fmt.Sprintf("%d findings", len(inv.Findings)))
		if inv.Capacity.Bottleneck != "" || inv.Capacity.EnvsRemaining > 0 {
			parts = append(parts, fmt.Sprintf("room for %d", inv.Capacity.EnvsRemaining))
		}
		parts = append(parts, fmt.Sprintf("%d unassigned", len(inv.Unassigned)))
	}
	sep := th.Dim.Render(" · ")
	line := strings.Join(parts, sep)
	for len(parts) > 1 && ansi.StringWidth(line) > width {
		parts = parts[:len(parts)-1]
		line = strings.Join(parts, sep)
	}
	return line
}

// spread puts left and right on one line of width cells.
func spread(left, right string, width int) string {
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		if right == "" {
			return left
		}
		return left + "  " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

// footer is the command line, a status message (wrapped, never cut: a
// refusal says all of why) or the key hints of the focused screen
// (generated from the keymap), "? help" always among them.
func (m Model) footer(width int) string {
	th := m.ctx.theme
	switch {
	case m.cmd.active:
		return m.cmd.view()
	case m.status != "":
		style := th.Status
		if m.statusErr {
			style = th.Error
		}
		lines := wrapLines(m.status, max(width, 10))
		if len(lines) > 3 {
			lines = append(lines[:2], ansi.Truncate(strings.Join(lines[2:], " "), width, "…"))
		}
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	k := m.ctx.keys
	bs := m.top().bindings()
	var help string
	if !m.top().captures() {
		bs = append(bs, k.Command, k.Back, k.Quit)
		help = m.hint(k.Help)
	}
	parts, used := []string{}, ansi.StringWidth(help)
	seen := map[string]bool{k.Help.Help().Key: help != ""}
	for _, b := range bs {
		if !b.Enabled() || seen[b.Help().Key] {
			continue
		}
		seen[b.Help().Key] = true
		p := m.hint(b)
		if used+ansi.StringWidth(p)+2 > width {
			break
		}
		used += ansi.StringWidth(p) + 2
		parts = append(parts, p)
	}
	if help != "" {
		parts = append(parts, help)
	}
	return strings.Join(parts, "  ")
}

func (m Model) hint(b Binding) string {
	th := m.ctx.theme
	return th.Key.Render(b.Help().Key) + " " + th.KeyDesc.Render(shortDesc(b.Help().Desc))
}

// shortDesc keeps a hint short ("command (:envs …)" → "command").
func shortDesc(d string) string {
	if i := strings.Index(d, " ("); i > 0 {
		return d[:i]
	}
	return d
}
