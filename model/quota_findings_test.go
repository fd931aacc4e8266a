package model

import (
	"reflect"
	"testing"
	"time"
)

func TestQuotaFindings(t *testing.T) {
	rules := func(used int) QuotaUsage {
		return QuotaUsage{Name: QuotaNameRules, Code: QuotaRulesPerALB, Scope: "shared-alb", Used: used, Limit: 100,
			Source: LimitSourceBuiltIn, Percent: float64(used), EnvsRemaining: 100 - used}
	}
	stages := QuotaUsage{Name: QuotaNameStages, Code: QuotaStagesPerAPI, Scope: "a1b2c3d4e5", Used: 8, Limit: 10,
		Source: LimitSourceServiceQuotas, Percent: 80, EnvsRemaining: 2}
	unknown := QuotaUsage{Name: QuotaNameAliases, Code: QuotaAliasesPerDist, Scope: "E2ABCDEFGHIJ", Source: LimitSourceBuiltIn}
	never := Forecast{Bottleneck: QuotaNameRules}
	soon := Forecast{Bottleneck: QuotaNameRules, FullOn: h2Day("2026-11-25")}
	later := Forecast{Bottleneck: QuotaNameRules, FullOn: h2Day("2027-01-10")}

	tests := []struct {
		name   string
		quotas []QuotaUsage
		f      Forecast
		want   []Finding
	}{
		{"below thresholds", []QuotaUsage{rules(50), unknown}, never, nil},
		{"warning at 80%", []QuotaUsage{rules(10), stages}, never, []Finding{{
			Kind: FindingQuotaPressure, Severity: SeverityWarning,
			Resource: ResourceRef{Type: TypeQuota, ID: "L-379E48B0/a1b2c3d4e5"},
			Reason:   "Stages per REST API of a1b2c3d4e5 uses 8 of 10 (80.0%, limit from service-quotas)",
			Action:   ActionNone,
		}}},
		{"critical at 95%", []QuotaUsage{rules(96)}, never, []Finding{{
			Kind: FindingQuotaPressure, Severity: SeverityCritical,
			Resource: ResourceRef{Type: TypeQuota, ID: "L-7EED9B64/shared-alb"},
			Reason:   "Rules per Application Load Balancer of shared-alb uses 96 of 100 (96.0%, limit from built-in), not forecast to fill at the current rate",
			Action:   ActionNone,
		}}},
		{"full within 7 days is critical", []QuotaUsage{rules(40)}, soon, []Finding{{
			Kind: FindingQuotaPressure, Severity: SeverityCritical,
			Resource: ResourceRef{Type: TypeQuota, ID: "L-7EED9B64/shared-alb"},
			Reason:   "Rules per Application Load Balancer of shared-alb uses 40 of 100 (40.0%, limit from built-in), forecast full on 2026-11-25",
			Action:   ActionNone,
		}}},
		{"full later at 85% is a warning with the date", []QuotaUsage{rules(85)}, later, []Finding{{
			Kind: FindingQuotaPressure, Severity: SeverityWarning,
			Resource: ResourceRef{Type: TypeQuota, ID: "L-7EED9B64/shared-alb"},
			Reason:   "Rules per Application Load Balancer of shared-alb uses 85 of 100 (85.0%, limit from built-in), forecast full on 2027-01-10",
			Action:   ActionNone,
		}}},
		{"full later below 80% is no finding", []QuotaUsage{rules(40)}, later, nil},
		{"forecast concerns the bottleneck only", []QuotaUsage{stages}, soon, []Finding{{
			Kind: FindingQuotaPressure, Severity: SeverityWarning,
			Resource: ResourceRef{Type: TypeQuota, ID: "L-379E48B0/a1b2c3d4e5"},
			Reason:   "Stages per REST API of a1b2c3d4e5 uses 8 of 10 (80.0%, limit from service-quotas)",
			Action:   ActionNone,
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := QuotaFindings(tc.quotas, tc.f, h2Now)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("QuotaFindings =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// The whole chain: quotas → forecast → findings on one snapshot.
func TestQuotaChain(t *testing.T) {
	const d = 24 * time.Hour
	cfg := h2Cfg()
	snap := &Snapshot{LoadBalancerARN: h2LBARN}
	envs := h2Living("feat", 7, h2Now.Add(-6*d), 14*d) // 1/day, all alive, lifetime 14 d
	for i := 0; i < 97; i++ {
		snap.Rules = append(snap.Rules, Rule{ARN: "r", Priority: 1000 + i, Actions: h2Fwd("tg-" + string(rune('a'+i%26)))})
	}
	quotas, capacity := ComputeQuotas(snap, cfg, envs, nil)
	if capacity != (Capacity{3, QuotaNameRules}) {
		t.Fatalf("capacity = %+v", capacity)
	}
	f := ComputeForecast(snap, envs, capacity, quotas, h2Now)
	if f.FullOn == nil || !f.FullOn.Equal(*h2Day("2026-11-26")) {
		t.Fatalf("forecast = %s", h2FmtForecast(f))
	}
	fs := QuotaFindings(quotas, f, h2Now)
	if len(fs) != 1 || fs[0].Severity != SeverityCritical || fs[0].Resource.ID != "L-7EED9B64/shared-alb" {
		t.Fatalf("findings = %+v", fs)
	}
}
