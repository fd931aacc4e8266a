package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// quotasView draws one bar per quota with used/limit/percent, source and
// environments that still fit, then the bottleneck and the forecast. A
// cursor picks a quota for describe (enter, d) and copy (y).
type quotasView struct {
	ctx    *programContext
	x      *index
	cursor int
}

func newQuotasView(ctx *programContext) *quotasView { return &quotasView{ctx: ctx} }

func (v *quotasView) title() string  { return "quotas" }
func (v *quotasView) captures() bool { return false }
func (v *quotasView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Enter, k.Describe, k.Copy}
}
func (v *quotasView) setData(x *index) {
	v.x = x
	v.cursor = max(0, min(v.cursor, len(x.inv.Quotas)-1))
}

func (v *quotasView) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok || v.x == nil {
		return nil
	}
	k := v.ctx.keys
	n := len(v.x.inv.Quotas)
	switch {
	case k.Up.matches(key):
		v.cursor--
	case k.Down.matches(key):
		v.cursor++
	case k.Top.matches(key), k.PageUp.matches(key):
		v.cursor = 0
	case k.Bottom.matches(key), k.PageDown.matches(key):
		v.cursor = n - 1
	case n == 0 && (k.Enter.matches(key) || k.Describe.matches(key) || k.Copy.matches(key)):
		return statusCmd("no quota to describe: none was read", true)
	case k.Enter.matches(key), k.Describe.matches(key):
		return intent(describeMsg{doc: describeQuota(v.x.inv.Quotas[v.cursor])})
	case k.Copy.matches(key):
		return copyCmd(v.x.inv.Quotas[v.cursor].Code)
	}
	v.cursor = max(0, min(v.cursor, n-1))
	return nil
}

// quotaLevel is the theme's level of a quota: model.QuotaLevel's, or 3
// when the limit is unknown.
func quotaLevel(q model.QuotaUsage) int {
	if q.Limit <= 0 {
		return 3
	}
	switch model.QuotaLevel(q.Percent, model.QuotaWarnPercent, model.QuotaCritPercent) {
	case model.LevelCritical:
		return 2
	case model.LevelWarning:
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
	b.WriteString(spread(th.Section.Render("Quotas")+th.Dim.Render(fmt.Sprintf(" %d", len(inv.Quotas))),
		th.Dim.Render(fmt.Sprintf("row %d/%d", v.cursor+1, len(inv.Quotas))), width) + "\n")
	l := quotaLayout(inv.Quotas, width)
	b.WriteString(th.TableHeader.Render(l.header()) + "\n")
	for i, q := range inv.Quotas {
		b.WriteString(v.quotaLine(l, q, i == v.cursor) + "\n")
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
	b.WriteString("\n  " + th.Dim.Render(fmt.Sprintf("bars: green < %.0f%% ≤ yellow < %.0f%% ≤ red", model.QuotaWarnPercent, model.QuotaCritPercent)))
	return b.String()
}
