package model

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	promodel "github.com/prometheus/common/model"
)

// metricsInventory: rules 47/100, target groups 43/100, stages 9/10; five
// environments; the forecast full on fullOn (nil: never).
func metricsInventory(fullOn *time.Time) *Inventory {
	return &Inventory{
		Quotas: []QuotaUsage{
			{Name: QuotaNameRules, Code: QuotaRulesPerALB, Scope: "shared-alb", Used: 47, Limit: 100, Source: LimitSourceServiceQuotas, Percent: 47, EnvsRemaining: 53},
			{Name: QuotaNameTargetGroups, Code: QuotaTargetGroupsPerALB, Scope: "shared-alb", Used: 43, Limit: 100, Source: LimitSourceBuiltIn, Percent: 43, EnvsRemaining: 57},
			{Name: QuotaNameStages, Code: QuotaStagesPerAPI, Scope: "a1b2", Used: 9, Limit: 10, Source: LimitSourceAWSDefault, Percent: 90, EnvsRemaining: 1},
		},
		Capacity: Capacity{EnvsRemaining: 1, Bottleneck: QuotaNameStages},
		Forecast: Forecast{FullOn: fullOn},
		Environments: []Environment{{Status: StatusHealthy}, {Status: StatusHealthy}, {Status: StatusDegraded},
			{Status: StatusExpired}, {Status: StatusProtected}},
	}
}

func parseExposition(t *testing.T, text string) map[string][]promSample {
	t.Helper()
	p := expfmt.NewTextParser(promodel.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("exposition does not parse: %v\n%s", err, text)
	}
	out := map[string][]promSample{}
	for name, f := range fams {
		if f.GetHelp() == "" || f.GetType().String() != "GAUGE" {
			t.Errorf("%s: help %q type %s", name, f.GetHelp(), f.GetType())
		}
		for _, m := range f.GetMetric() {
			s := promSample{labels: map[string]string{}, value: m.GetGauge().GetValue()}
			for _, l := range m.GetLabel() {
				s.labels[l.GetName()] = l.GetValue()
			}
			if m.TimestampMs != nil {
				t.Errorf("%s has a timestamp (the textfile collector refuses them)", name)
			}
			out[name] = append(out[name], s)
		}
	}
	return out
}

type promSample struct {
	labels map[string]string
	value  float64
}

func TestQuotaPrometheusParsesAndCarriesEveryQuota(t *testing.T) {
	full := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		inv       *Inventory
		remaining float64 // NaN: not measured
		full      float64
		errors    float64
	}{
		{"forecast full", metricsInventory(&full), 1, float64(full.Unix()), 0},
		{"never full", metricsInventory(nil), 1, math.Inf(1), 0},
		{"a source failed", func() *Inventory {
			inv := metricsInventory(&full)
			inv.Quotas[2].Used, inv.Quotas[2].Limit, inv.Quotas[2].Percent = 0, 0, 0
			inv.Quotas[2].Name = `Stages "per" \ API` // escaping
			inv.Errors = []SourceError{{Source: SourceAPIGateway, Message: "AccessDenied"}}
			return inv
		}(), math.NaN(), math.NaN(), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := parseExposition(t, QuotaPrometheus(tc.inv))
			for _, name := range []string{"envdeck_quota_used", "envdeck_quota_limit"} {
				if len(got[name]) != len(tc.inv.Quotas) {
					t.Fatalf("%s: %d series, want one per quota (%d)", name, len(got[name]), len(tc.inv.Quotas))
				}
				for i, q := range tc.inv.Quotas {
					s := got[name][i]
					want := map[string]string{"code": q.Code, "scope": q.Scope, "name": q.Name, "source": q.Source}
					for k, v := range want {
						if s.labels[k] != v {
							t.Errorf("%s[%d] label %s=%q, want %q", name, i, k, s.labels[k], v)
						}
					}
					wantV := float64(q.Used)
					if name == "envdeck_quota_limit" {
						wantV = float64(q.Limit)
					}
					if q.Limit == 0 {
						wantV = math.NaN()
					}
					if !sameFloat(s.value, wantV) {
						t.Errorf("%s{code=%s} = %v, want %v", name, q.Code, s.value, wantV)
					}
				}
			}
			one := func(name string, want float64) {
				if s := got[name]; len(s) != 1 || !sameFloat(s[0].value, want) {
					t.Errorf("%s = %+v, want %v", name, s, want)
				}
			}
			one("envdeck_environments_remaining", tc.remaining)
			one("envdeck_forecast_full_timestamp_seconds", tc.full)
			one("envdeck_read_errors", tc.errors)
			one("envdeck_environments", 5)
		})
	}
}

func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

func TestQuotaNagios(t *testing.T) {
	const perf = "rules=47;80;95;0;100 target_groups=43;80;95;0;100 stages=9;8;9.5;0;10 envs_remaining=1;;;0"
	cases := []struct {
		name       string
		inv        func() *Inventory
		warn, crit float64
		code       int
		line       string
	}{
		{"critical at the brief's thresholds", func() *Inventory { return metricsInventory(nil) }, 80, 90, 2,
			"QUOTA CRITICAL - Stages per REST API 9/10 (90%) | rules=47;80;90;0;100 target_groups=43;80;90;0;100 stages=9;8;9;0;10 envs_remaining=1;;;0"},
		{"warning at the defaults", func() *Inventory { return metricsInventory(nil) }, 80, 95, 1,
			"QUOTA WARNING - Stages per REST API 9/10 (90%) | " + perf},
		{"several quotas over, fullest first", func() *Inventory { return metricsInventory(nil) }, 45, 95, 1,
			"QUOTA WARNING - Stages per REST API 9/10 (90%), Rules per Application Load Balancer 47/100 (47%) | " +
				"rules=47;45;95;0;100 target_groups=43;45;95;0;100 stages=9;4.5;9.5;0;10 envs_remaining=1;;;0"},
		{"ok", func() *Inventory {
			inv := metricsInventory(nil)
			inv.Quotas[2].Used, inv.Quotas[2].Percent = 5, 50
			inv.Capacity.EnvsRemaining = 5
			return inv
		}, 80, 95, 0,
			"QUOTA OK - 5 more environments fit; fullest Stages per REST API 5/10 (50%) | " +
				"rules=47;80;95;0;100 target_groups=43;80;95;0;100 stages=5;8;9.5;0;10 envs_remaining=5;;;0"},
		{"a quota not measured", func() *Inventory {
			inv := metricsInventory(nil)
			inv.Quotas[2].Used, inv.Quotas[2].Limit, inv.Quotas[2].Percent = 0, 0, 0
			inv.Errors = []SourceError{{Source: SourceAPIGateway, Message: "AccessDenied: not | allowed\nmore"}}
			return inv
		}, 80, 95, 3,
			"QUOTA UNKNOWN - apigateway could not be read: AccessDenied: not / allowed; Stages per REST API not measured | " +
				"rules=47;80;95;0;100 target_groups=43;80;95;0;100"},
		{"a read error behind no quota", func() *Inventory {
			inv := metricsInventory(nil)
			inv.Errors = []SourceError{{Source: SourceTargetHealth, Message: "throttled"}}
			return inv
		}, 80, 95, 3,
			"QUOTA UNKNOWN - elbv2:target-health could not be read: throttled | rules=47;80;95;0;100 target_groups=43;80;95;0;100 stages=9;8;9.5;0;10"},
		{"no quotas", func() *Inventory { return &Inventory{} }, 80, 95, 3, "QUOTA UNKNOWN - no quota measured | "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			line, code := QuotaNagios(tc.inv(), tc.warn, tc.crit)
			if code != tc.code || line != tc.line {
				t.Errorf("got  %d %q\nwant %d %q", code, line, tc.code, tc.line)
			}
			if code != 3 && code != QuotaStatus(tc.inv().Quotas, tc.warn, tc.crit) {
				t.Errorf("exit %d disagrees with quota's %d", code, QuotaStatus(tc.inv().Quotas, tc.warn, tc.crit))
			}
		})
	}
}
