package tui

import (
	"testing"

	"github.com/envdeck/envdeck/model"
)

// A pool's quotas share their names, so at any width that shows a quota
// table the scope stays (the bar and the name's tail give way); quotas of
// distinct names drop the scope first. No width is ever negative.
func TestQuotaLayoutKeepsScopeOfSharedNames(t *testing.T) {
	pool := []model.QuotaUsage{
		{Name: "Rules per Application Load Balancer", Scope: "shared-alb"},
		{Name: "Rules per Application Load Balancer", Scope: "shared-alb-2"},
		{Name: "Target groups per Application Load Balancer", Scope: "pool"},
	}
	distinct := []model.QuotaUsage{
		{Name: "Rules per Application Load Balancer", Scope: "shared-alb"},
		{Name: "Target groups per Application Load Balancer", Scope: "shared-alb"},
	}
	for _, tc := range []struct {
		name      string
		qs        []model.QuotaUsage
		width     int
		wantScope bool
		wantBar   bool
	}{
		{"pool at 80", pool, 80, true, false},
		{"pool at 100", pool, 100, true, true},
		{"pool at 160", pool, 160, true, true},
		{"pool at 60", pool, 60, true, false},
		{"distinct at 80", distinct, 80, false, true},
		{"distinct at 160", distinct, 160, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := quotaLayout(tc.qs, tc.width)
			if (l.scopeW > 0) != tc.wantScope || (l.barW > 0) != tc.wantBar {
				t.Errorf("layout %+v: scope %v bar %v, want %v %v", l, l.scopeW > 0, l.barW > 0, tc.wantScope, tc.wantBar)
			}
			if l.nameW < 0 || l.scopeW < 0 || l.barW < 0 {
				t.Errorf("negative width: %+v", l)
			}
			longest := 0
			for _, q := range tc.qs {
				longest = max(longest, len(q.Scope))
			}
			if tc.wantScope && l.scopeW < longest && tc.width >= 80 {
				t.Errorf("scope %d columns cuts the load balancer's name at %d", l.scopeW, tc.width)
			}
		})
	}
}
