package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Quota metrics for monitors: the Prometheus text exposition format (for
// node_exporter's textfile collector) and a Nagios plugin line. A value
// envdeck could not measure is NaN in the exposition and UNKNOWN for
// Nagios, never a number that looks measured.

// QuotaExitStatus is quota's exit status for inv: QuotaStatus, or 3
// (unknown) when any source could not be read.
func QuotaExitStatus(inv *Inventory, warn, crit float64) int {
	if len(inv.Errors) > 0 {
		return 3
	}
	return QuotaStatus(inv.Quotas, warn, crit)
}

// quotaKnown reports whether q was measured (its limit is known).
func quotaKnown(q QuotaUsage) bool { return q.Limit > 0 }

// allQuotasKnown reports whether every quota was measured.
func allQuotasKnown(qs []QuotaUsage) bool {
	for _, q := range qs {
		if !quotaKnown(q) {
			return false
		}
	}
	return len(qs) > 0
}

// metricFamily is one metric of the exposition with its samples.
type metricFamily struct {
	name, help string
	samples    []metricSample
}

type metricSample struct {
	labels [][2]string
	value  float64
}

// QuotaPrometheus writes inv's quotas, capacity, forecast, environment count
// and read errors in the Prometheus text exposition format (gauges,
// each with HELP and TYPE, no timestamps).
func QuotaPrometheus(inv *Inventory) string {
	used := metricFamily{name: "envdeck_quota_used", help: "What the platform uses of a quota its environments draw on (NaN: not measured)."}
	limit := metricFamily{name: "envdeck_quota_limit", help: "The quota's limit, from the named source (NaN: not measured)."}
	for _, q := range inv.Quotas {
		labels := [][2]string{{"code", q.Code}, {"scope", q.Scope}, {"name", q.Name}, {"source", q.Source}}
		u, l := float64(q.Used), float64(q.Limit)
		if !quotaKnown(q) {
			u, l = math.NaN(), math.NaN()
		}
		used.samples = append(used.samples, metricSample{labels, u})
		limit.samples = append(limit.samples, metricSample{labels, l})
	}
	remaining, full := math.NaN(), math.NaN()
	if allQuotasKnown(inv.Quotas) {
		remaining, full = float64(inv.Capacity.EnvsRemaining), math.Inf(1)
		if inv.Forecast.FullOn != nil {
			full = float64(inv.Forecast.FullOn.Unix())
		}
	}
	families := []metricFamily{used, limit,
		{name: "envdeck_environments_remaining", help: "Environments that still fit before the bottleneck quota is full (NaN: a quota was not measured).",
			samples: []metricSample{{value: remaining}}},
		{name: "envdeck_environments", help: "Environments on the platform, whatever their status.",
			samples: []metricSample{{value: float64(len(inv.Environments))}}},
		{name: "envdeck_forecast_full_timestamp_seconds", help: "When the bottleneck quota is forecast to be full, in Unix seconds (+Inf: never at this rate, NaN: not measured).",
			samples: []metricSample{{value: full}}},
		{name: "envdeck_read_errors", help: "Sources of the account that could not be read; the other values may be incomplete.",
			samples: []metricSample{{value: float64(len(inv.Errors))}}},
	}
	var b strings.Builder
	for _, f := range families {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", f.name, escapeHelp(f.help), f.name)
		for _, s := range f.samples {
			b.WriteString(f.name)
			if len(s.labels) > 0 {
				parts := make([]string, len(s.labels))
				for i, l := range s.labels {
					parts[i] = l[0] + `="` + escapeLabel(l[1]) + `"`
				}
				b.WriteString("{" + strings.Join(parts, ",") + "}")
			}
			b.WriteString(" " + promValue(s.value) + "\n")
		}
	}
	return b.String()
}

func promValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
