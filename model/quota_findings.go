package model

import (
	"fmt"
	"time"
)

// TypeQuota is the resource type of a quota-pressure finding; its ID is
// "CODE/SCOPE" (e.g. "L-7EED9B64/shared-alb").
const TypeQuota ResourceType = "quota"

// Quota-pressure thresholds (docs/CONTRACT.md § Findings).
const (
	QuotaWarnPercent = 80.0
	QuotaCritPercent = 95.0
	// QuotaFullSoon: a bottleneck forecast to be full within this is critical.
	QuotaFullSoon = 7 * 24 * time.Hour
)

// QuotaStatus is the exit code of `envdeck quota`: 0 ok, 1 when a quota is
// at or above warn percent, 2 at or above crit, 3 unknown (no quotas, or a
// limit unknown: 0).
func QuotaStatus(quotas []QuotaUsage, warn, crit float64) int {
	if len(quotas) == 0 {
		return 3
	}
	status := 0
	for _, q := range quotas {
		switch {
		case q.Limit <= 0:
			return 3
		case q.Percent >= crit:
			status = max(status, 2)
		case q.Percent >= warn:
			status = max(status, 1)
		}
	}
	return status
}

// QuotaFindings reports quota pressure: a warning for a quota at or above
// 80 %, critical at or above 95 % or when it is the forecast's bottleneck
// and full within 7 days. Quotas with an unknown limit yield none. Action is
// always none; the reason names use, limit and the forecast date.
func QuotaFindings(quotas []QuotaUsage, f Forecast, now time.Time) []Finding {
	var out []Finding
	for _, q := range quotas {
		if q.Limit <= 0 {
			continue
		}
		var full *time.Time
		if f.FullOn != nil && q.Name == f.Bottleneck {
			full = f.FullOn
		}
		soon := full != nil && !full.After(now.Add(QuotaFullSoon))
		sev := ""
		switch {
		case q.Percent >= QuotaCritPercent || soon:
			sev = SeverityCritical
		case q.Percent >= QuotaWarnPercent:
			sev = SeverityWarning
		default:
			continue
		}
		reason := q.Name
		if q.Scope != "" {
			reason += " of " + q.Scope
		}
		reason += fmt.Sprintf(" uses %d of %d (%.1f%%, limit from %s)", q.Used, q.Limit, q.Percent, q.Source)
		switch {
		case full != nil:
			reason += fmt.Sprintf(", forecast full on %s", full.UTC().Format(time.DateOnly))
		case q.Name == f.Bottleneck:
			reason += ", not forecast to fill at the current rate"
		}
		out = append(out, Finding{
			Kind:     FindingQuotaPressure,
			Severity: sev,
			Resource: ResourceRef{Type: TypeQuota, ID: q.Code + "/" + q.Scope},
			Reason:   reason,
			Action:   ActionNone,
		})
	}
	return out
}
