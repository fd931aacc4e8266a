package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/prometheus/common/expfmt"
	promodel "github.com/prometheus/common/model"
)

// quota -o prometheus on moto parses with the Prometheus text parser and
// carries every quota `quota -o json` reports, with its used and limit.
// Through a proxy that denies API Gateway, the stage quota is NaN and
// envdeck_read_errors is 1.
func TestQuotaPrometheusOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	var q quotaJSON
	mustJSON(t, r.run("quota", "-o", "json").stdout, &q)
	if len(q.Quotas) < 3 {
		t.Fatalf("quota -o json: %+v", q.Quotas)
	}
	res := r.run("quota", "-o", "prometheus")
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d stderr %q", res.code, res.stderr)
	}
	fams := parseProm(t, res.stdout)
	for _, name := range []string{"envdeck_quota_used", "envdeck_quota_limit", "envdeck_environments_remaining",
		"envdeck_environments", "envdeck_forecast_full_timestamp_seconds", "envdeck_read_errors"} {
		if len(fams[name]) == 0 {
			t.Errorf("%s missing", name)
		}
	}
	for _, want := range q.Quotas {
		key := want.Code + "/" + want.Scope
		used, limit := fams["envdeck_quota_used"][key], fams["envdeck_quota_limit"][key]
		if used != float64(want.Used) || limit != float64(want.Limit) {
			t.Errorf("%s (%s): used %v limit %v, want %d %d", key, want.Name, used, limit, want.Used, want.Limit)
		}
	}
	if n := len(fams["envdeck_quota_used"]); n != len(q.Quotas) {
		t.Errorf("%d quota series, quota -o json has %d", n, len(q.Quotas))
	}
	if got := fams["envdeck_environments_remaining"][""]; got != float64(q.Capacity.EnvsRemaining) {
		t.Errorf("remaining %v, want %d", got, q.Capacity.EnvsRemaining)
	}
	if got := fams["envdeck_read_errors"][""]; got != 0 {
		t.Errorf("read errors %v", got)
	}

	r.proxy.SetRules(awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))
	res = r.run("quota", "-o", "prometheus")
	if res.code != 3 {
		t.Errorf("with API Gateway denied: exit %d, want 3 (unknown)", res.code)
	}
	fams = parseProm(t, res.stdout)
	for key, v := range fams["envdeck_quota_used"] {
		if strings.HasPrefix(key, "L-379E48B0/") != math.IsNaN(v) {
			t.Errorf("with API Gateway denied: used %s = %v (only the stage quota is unmeasured)", key, v)
		}
	}
	if got := fams["envdeck_read_errors"][""]; got != 1 || !math.IsNaN(fams["envdeck_environments_remaining"][""]) {
		t.Errorf("read errors %v, remaining %v", got, fams["envdeck_environments_remaining"][""])
	}
}

// parseProm parses an exposition into family → "code/scope" (or "") → value.
func parseProm(t *testing.T, text string) map[string]map[string]float64 {
	t.Helper()
	p := expfmt.NewTextParser(promodel.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("exposition does not parse: %v\n%s", err, text)
	}
	out := map[string]map[string]float64{}
	for name, f := range fams {
		out[name] = map[string]float64{}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			key := ""
			if labels["code"] != "" {
				key = labels["code"] + "/" + labels["scope"]
			}
			out[name][key] = m.GetGauge().GetValue()
		}
	}
	return out
}

// quota -o nagios on moto: the status line and exit code follow --warn and
// --crit over the quotas `quota -o json` reports; an unreadable source is
// UNKNOWN (3); so is a bad config, on stdout where monitors read it.
func TestQuotaNagiosOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	var q quotaJSON
	mustJSON(t, r.run("quota", "-o", "json").stdout, &q)
	sorted := append(q.Quotas[:0:0], q.Quotas...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Percent > sorted[j].Percent })
	top := sorted[0]
	pct := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	text := func(i int) string {
		s := sorted[i]
		return fmt.Sprintf("%s %d/%d (%s%%)", s.Name, s.Used, s.Limit, pct(s.Percent))
	}
	cases := []struct {
		warn, crit float64
		code       int
		prefix     string
	}{
		{top.Percent + 1, top.Percent + 2, 0, fmt.Sprintf("QUOTA OK - %d more environments fit; fullest %s | ", q.Capacity.EnvsRemaining, text(0))},
		{top.Percent, top.Percent + 1, 1, "QUOTA WARNING - " + text(0) + " | "},
		{top.Percent - 1, top.Percent, 2, "QUOTA CRITICAL - " + text(0) + " | "},
		{sorted[1].Percent, top.Percent, 2, "QUOTA CRITICAL - " + text(0) + ", " + text(1) + " | "},
	}
	for _, tc := range cases {
		res := r.run("quota", "-o", "nagios", "--warn", pct(tc.warn), "--crit", pct(tc.crit))
		if res.code != tc.code || !strings.HasPrefix(res.stdout, tc.prefix) || strings.Count(res.stdout, "\n") != 1 {
			t.Errorf("--warn %v --crit %v: exit %d %q, want %d %q...", tc.warn, tc.crit, res.code, res.stdout, tc.code, tc.prefix)
		}
		for _, s := range q.Quotas {
			limit := float64(s.Limit)
			perf := fmt.Sprintf("=%d;%s;%s;0;%d", s.Used, pct(limit*tc.warn/100), pct(limit*tc.crit/100), s.Limit)
			if !strings.Contains(res.stdout, perf) {
				t.Errorf("--warn %v: perf data lacks %s for %s: %q", tc.warn, perf, s.Name, res.stdout)
			}
		}
	}
	r.proxy.SetRules(awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))
	res := r.run("quota", "-o", "nagios")
	if res.code != 3 || !strings.HasPrefix(res.stdout, "QUOTA UNKNOWN - apigateway could not be read") {
		t.Errorf("API Gateway denied: exit %d %q", res.code, res.stdout)
	}
	r.config("  max_ttl: 1h")
	res = r.run("quota", "-o", "nagios")
	if res.code != 3 || !strings.HasPrefix(res.stdout, "QUOTA UNKNOWN - ") || !strings.Contains(res.stdout, "naming.max_ttl") {
		t.Errorf("bad config: exit %d %q", res.code, res.stdout)
	}
}
