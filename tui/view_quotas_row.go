package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// quotaCols is the quota table's layout: the name at full width, then what
// fits, giving way in this order: scope, source, the bar.
type quotaCols struct {
	nameW, scopeW, barW int
	source              bool
}

const (
	quotaUsedW   = 11
	quotaPctW    = 6
	quotaSourceW = 18 // elb-account-limits
	quotaFitsW   = 4
)

func quotaLayout(qs []model.QuotaUsage, width int) quotaCols {
	l := quotaCols{nameW: len("NAME"), scopeW: len("SCOPE")}
	for _, q := range qs {
		l.nameW = max(l.nameW, ansi.StringWidth(q.Name))
		l.scopeW = max(l.scopeW, ansi.StringWidth(q.Scope))
	}
	l.scopeW = min(l.scopeW, 24)
	avail := width - (2 + l.nameW + 2 + quotaUsedW + 2 + quotaPctW + 2 + quotaFitsW)
	if avail >= 2+quotaSourceW+2+6 { // the source beside every number, before a wide bar
		l.source = true
		avail -= 2 + quotaSourceW
	}
	if avail >= 2+l.scopeW+2+16 {
		avail -= 2 + l.scopeW
	} else {
		l.scopeW = 0
	}
	if l.barW = min(avail-2, 40); l.barW < 6 {
		l.barW = 0
	}
	return l
}

func (l quotaCols) header() string {
	parts := []string{"  " + pad("NAME", l.nameW, false)}
	if l.scopeW > 0 {
		parts = append(parts, pad("SCOPE", l.scopeW, false))
	}
	if l.barW > 0 {
		parts = append(parts, pad("USAGE", l.barW, false))
	}
	parts = append(parts, pad("USED/LIMIT", quotaUsedW, true), pad("%", quotaPctW, true))
	if l.source {
		parts = append(parts, pad("SOURCE", quotaSourceW, false))
	}
	return strings.Join(append(parts, pad("FITS", quotaFitsW, true)), "  ")
}

func (v *quotasView) quotaLine(l quotaCols, q model.QuotaUsage, cursor bool) string {
	th := v.ctx.theme
	lvl := quotaLevel(q)
	st := th.Level(lvl)
	parts := []string{pad(q.Name, l.nameW, false)}
	if l.scopeW > 0 {
		parts = append(parts, th.Dim.Render(pad(ansi.Truncate(q.Scope, l.scopeW, "…"), l.scopeW, false)))
	}
	used, pct := fmt.Sprintf("%d/%d", q.Used, q.Limit), st.Render(pad(fmt.Sprintf("%.1f%%", q.Percent), quotaPctW, true))
	if l.barW > 0 {
		if lvl == 3 {
			parts = append(parts, th.Dim.Render(pad("limit unknown", l.barW, false)))
		} else {
			parts = append(parts, bar(th, st, q.Percent, l.barW))
		}
	}
	if lvl == 3 {
		used, pct = fmt.Sprintf("%d/?", q.Used), pad("?", quotaPctW, true)
	}
	parts = append(parts, pad(used, quotaUsedW, true), pct)
	if l.source {
		parts = append(parts, th.Dim.Render(pad(q.Source, quotaSourceW, false)))
	}
	parts = append(parts, pad(fmt.Sprint(q.EnvsRemaining), quotaFitsW, true))
	line := strings.Join(parts, "  ")
	if cursor {
		return th.Mark.Render("›") + " " + th.Cursor.Render(ansi.Strip(line))
	}
	return "  " + line
}
