package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// quotaCols is the quota table's layout: the name at full width, then what
// fits, giving way in this order: scope, source, the bar. When rows share
// a name (a pool's load balancers and its total) the scope is what tells
// them apart: it stays, and the bar, then the name's tail, give way to it.
type quotaCols struct {
	nameW, scopeW, barW int
	source              bool
}

const (
	quotaUsedW   = 11
	quotaPctW    = 6
	quotaSourceW = 18 // elb-account-limits
	quotaFitsW   = 4
	// a shared name's scope keeps at least this much of both
	quotaNameMinW  = 24
	quotaScopeMinW = 12
)

func quotaLayout(qs []model.QuotaUsage, width int) quotaCols {
	l := quotaCols{nameW: len("NAME"), scopeW: len("SCOPE")}
	for _, q := range qs {
		l.nameW = max(l.nameW, ansi.StringWidth(q.Name))
		l.scopeW = max(l.scopeW, ansi.StringWidth(q.Scope))
	}
	l.scopeW = min(l.scopeW, 24)
	avail := width - (2 + 2 + quotaUsedW + 2 + quotaPctW + 2 + quotaFitsW) - l.nameW
	shared := sharedScopeW(qs)
	if shared > 0 {
		l.scopeW = min(l.scopeW, max(quotaScopeMinW, shared))
		avail = l.keepScope(avail)
	}
	if avail >= 2+quotaSourceW+2+6 { // the source beside every number, before a wide bar
		l.source = true
		avail -= 2 + quotaSourceW
	}
	if shared == 0 {
		if avail >= 2+l.scopeW+2+16 {
			avail -= 2 + l.scopeW
		} else {
			l.scopeW = 0
		}
	}
	if l.barW = min(avail-2, 40); l.barW < 6 {
		l.barW = 0
	}
	return l
}

// keepScope makes room for the scope column out of avail (the columns
// after the name), cutting the name's tail down to quotaNameMinW when it
// must; it returns what is left for the source and the bar.
func (l *quotaCols) keepScope(avail int) int {
	l.scopeW = min(l.scopeW, max(quotaScopeMinW, avail-2))
	if short := 2 + l.scopeW - avail; short > 0 {
		cut := min(short, max(l.nameW-quotaNameMinW, 0))
		l.nameW -= cut
		avail += cut
	}
	l.scopeW = max(min(l.scopeW, avail-2), 0)
	return avail - (2 + l.scopeW)
}

// sharedScopeW is the widest scope of the quotas whose name another
// quota shares (told apart by scope only); 0 when every name is unique.
func sharedScopeW(qs []model.QuotaUsage) int {
	count := make(map[string]int, len(qs))
	for _, q := range qs {
		count[q.Name]++
	}
	w := 0
	for _, q := range qs {
		if count[q.Name] > 1 {
			w = max(w, ansi.StringWidth(q.Scope), 1)
		}
	}
	return w
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
	parts := []string{pad(ansi.Truncate(q.Name, l.nameW, "…"), l.nameW, false)}
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
