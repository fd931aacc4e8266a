package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// Quota colour thresholds (percent), the CLI's --warn/--crit defaults.
const (
	quotaWarn = 80
	quotaCrit = 95
)

// quotasView draws one bar per quota with used/limit/percent, source and
// environments that still fit, then the bottleneck and the forecast.
type quotasView struct {
	ctx *programContext
	x   *index
}

func newQuotasView(ctx *programContext) *quotasView { return &quotasView{ctx: ctx} }

func (v *quotasView) title() string              { return "quotas" }
func (v *quotasView) captures() bool             { return false }
func (v *quotasView) bindings() []Binding        { return nil }
func (v *quotasView) setData(x *index)           { v.x = x }
func (v *quotasView) update(msg tea.Msg) tea.Cmd { return nil }

func quotaLevel(q model.QuotaUsage) int {
	switch {
	case q.Limit <= 0:
		return 3
	case q.Percent >= quotaCrit:
		return 2
	case q.Percent >= quotaWarn:
		return 1
	}
	return 0
}

func (v *quotasView) render(width, height int) string {
	th := v.ctx.theme
	if v.x == nil {
		return th.Dim.Render("loading…")
	}
	inv := v.x.inv
	var b strings.Builder
	b.WriteString(th.Section.Render("Quotas") + th.Dim.Render(fmt.Sprintf(" %d", len(inv.Quotas))) + "\n")
	nameW, scopeW := 10, 5
	for _, q := range inv.Quotas {
		nameW = max(nameW, ansi.StringWidth(q.Name))
		scopeW = max(scopeW, ansi.StringWidth(q.Scope))
	}
	nameW, scopeW = min(nameW, 26), min(scopeW, 16)
	// name bar used/limit pct source fits (+ scope when there is room)
	fixed := 2 + nameW + 2 + 2 + 11 + 2 + 6 + 2 + 14 + 2 + 9
	showScope := width-fixed-scopeW-2 >= 16
	if showScope {
		fixed += scopeW + 2
	}
	barW := max(min(width-fixed, 40), 8)
	for _, q := range inv.Quotas {
		lvl := quotaLevel(q)
		st := th.Level(lvl)
		line := "  " + pad(ansi.Truncate(q.Name, nameW, "…"), nameW, false) + "  "
		if showScope {
			line += th.Dim.Render(pad(ansi.Truncate(q.Scope, scopeW, "…"), scopeW, false)) + "  "
		}
		if lvl == 3 {
			line += th.Dim.Render(pad("limit unknown", barW, false)) + "  " + pad(fmt.Sprintf("%d/?", q.Used), 11, true) + "  " + pad("?", 6, true)
		} else {
			line += bar(th, st, q.Percent, barW) + "  " + pad(fmt.Sprintf("%d/%d", q.Used, q.Limit), 11, true) + "  " +
				st.Render(pad(fmt.Sprintf("%.1f%%", q.Percent), 6, true))
		}
		line += "  " + th.Dim.Render(pad(q.Source, 14, false)) + "  " + th.Label.Render("fits ") + fmt.Sprint(q.EnvsRemaining)
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	c := inv.Capacity
	fitStyle := th.OK
	switch {
	case c.EnvsRemaining <= 0:
		fitStyle = th.Error
	case c.EnvsRemaining < 5:
		fitStyle = th.Warn
	}
	b.WriteString("  " + th.Label.Render("environments that still fit ") + fitStyle.Render(fmt.Sprint(c.EnvsRemaining)))
	if c.Bottleneck != "" {
		b.WriteString(th.Label.Render("   bottleneck ") + th.Bold.Render(c.Bottleneck))
	}
	b.WriteString("\n")
	f := inv.Forecast
	b.WriteString("  " + th.Label.Render("forecast ") + fmt.Sprintf("%.1f creations/day × %.0fh mean lifetime ≈ %.1f environments at steady state",
		f.CreationsPerDay, f.MeanLifetimeHours, f.SteadyStateEnvs) + "\n")
	if f.FullOn != nil {
		b.WriteString("  " + th.Error.Render("full on "+f.FullOn.UTC().Format("2006-01-02")+" at the current rate") + "\n")
	} else {
		b.WriteString("  " + th.OK.Render("never full at this rate") + "\n")
	}
	b.WriteString("\n  " + th.Dim.Render(fmt.Sprintf("bars: green < %d%% ≤ yellow < %d%% ≤ red", quotaWarn, quotaCrit)))
	return b.String()
}
