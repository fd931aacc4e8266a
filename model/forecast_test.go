package model

import (
	"fmt"
	"testing"
	"time"
)

var h2Now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// h2Living makes n current environments created at created (spread by a
// minute each so they stay distinct) living ttl.
func h2Living(prefix string, n int, created time.Time, ttl time.Duration) []Environment {
	var out []Environment
	for i := 0; i < n; i++ {
		c := created.Add(time.Duration(i) * time.Minute)
		e := c.Add(ttl)
		out = append(out, Environment{Name: fmt.Sprintf("%s-%d", prefix, i), CreatedAt: &c, ExpiresAt: &e})
	}
	return out
}

// h2History makes n remembered (deleted) environments created at created, living ttl.
func h2History(prefix string, n int, created time.Time, ttl time.Duration) []EnvLifetime {
	var out []EnvLifetime
	for i := 0; i < n; i++ {
		c := created.Add(time.Duration(i) * time.Minute)
		out = append(out, EnvLifetime{Name: fmt.Sprintf("%s-%d", prefix, i), CreatedAt: c, ExpiresAt: c.Add(ttl)})
	}
	return out
}

func h2Day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestComputeForecast(t *testing.T) {
	const d = 24 * time.Hour
	quotas := []QuotaUsage{{Name: QuotaNameRules, Limit: 100}}
	tests := []struct {
		name      string
		envs      []Environment
		history   []EnvLifetime
		remaining int
		quotas    []QuotaUsage
		want      Forecast // Bottleneck is always QuotaNameRules
	}{
		{
			name: "no creations: never",
			// Created 10 days ago with a 30-day TTL: nothing new in the window.
			envs:      h2Living("old", 5, h2Now.Add(-10*d), 30*d),
			remaining: 3,
			want:      Forecast{CreationsPerDay: 0, MeanLifetimeHours: 720, SteadyStateEnvs: 0},
		},
		{
			// 14 creations in 7 days (2/day), 72h TTL: S = 6. 3 alive + 2 left < 6:
			// g = 2 - 3/3 = 1/day, 2 remaining → full in 2 days.
			name:      "steady growth",
			envs:      h2Living("live", 3, h2Now.Add(-2*d), 72*time.Hour),
			history:   h2History("gone", 11, h2Now.Add(-6*d), 72*time.Hour),
			remaining: 2,
			want:      Forecast{CreationsPerDay: 2, MeanLifetimeHours: 72, SteadyStateEnvs: 6, FullOn: h2Day("2026-11-22")},
		},
		{
			// 7 creations (1/day), 72h TTL: S = 3 fits in 2 alive + 5 left.
			name:      "steady state fits: never",
			envs:      h2Living("live", 2, h2Now.Add(-1*d), 72*time.Hour),
			history:   h2History("gone", 5, h2Now.Add(-6*d), 72*time.Hour),
			remaining: 5,
			want:      Forecast{CreationsPerDay: 1, MeanLifetimeHours: 72, SteadyStateEnvs: 3},
		},
		{
			// A burst of 20 short-lived (24h) environments today: λ = 20/7, S ≈ 2.9,
			// far below 20 alive + 10 left: they will go away again.
			name:      "short burst: never",
			envs:      h2Living("burst", 20, h2Now.Add(-2*time.Hour), 24*time.Hour),
			remaining: 10,
			want:      Forecast{CreationsPerDay: 2.86, MeanLifetimeHours: 24, SteadyStateEnvs: 2.9},
		},
		{
			// A burst of 70 environments with 72h TTL in the window: λ = 10, S = 30 > 20 + 5;
			// g = 10 - 20/3 = 3.33/day → 5 left last 1.5 days → 2026-11-22 00:00.
			name:      "long burst fills",
			envs:      h2Living("live", 20, h2Now.Add(-1*d), 72*time.Hour),
			history:   h2History("gone", 50, h2Now.Add(-5*d), 72*time.Hour),
			remaining: 5,
			want:      Forecast{CreationsPerDay: 10, MeanLifetimeHours: 72, SteadyStateEnvs: 30, FullOn: h2Day("2026-11-22")},
		},
		{
			// TTL of 14 days, longer than the window: 7 created (1/day), all alive.
			// S = 14 > 7 + 3; g = 1 - 7/14 = 0.5/day → 6 days.
			name:      "TTL longer than the window",
			envs:      h2Living("long", 7, h2Now.Add(-6*d), 14*d),
			remaining: 3,
			want:      Forecast{CreationsPerDay: 1, MeanLifetimeHours: 336, SteadyStateEnvs: 14, FullOn: h2Day("2026-11-26")},
		},
		{
			name:      "already full: today",
			envs:      h2Living("live", 3, h2Now.Add(-20*d), 72*time.Hour),
			remaining: 0,
			want:      Forecast{MeanLifetimeHours: 72, FullOn: h2Day("2026-11-20")},
		},
		{
			// Lifetime unknown (no expiry anywhere): only arrivals, 1/day, 14 left.
			name: "no expiries: arrivals only",
			envs: func() []Environment {
				var out []Environment
				for i := 0; i < 7; i++ {
					c := h2Now.Add(-time.Duration(i) * d)
					out = append(out, Environment{Name: fmt.Sprintf("k-%d", i), CreatedAt: &c})
				}
				return out
			}(),
			remaining: 14,
			want:      Forecast{CreationsPerDay: 1, FullOn: h2Day("2026-12-04")},
		},
		{
			// The journal remembers the current environments too: counted once.
			name:      "history duplicates are counted once",
			envs:      h2Living("live", 7, h2Now.Add(-6*d), 14*d),
			history:   h2History("live", 7, h2Now.Add(-6*d), 14*d),
			remaining: 3,
			want:      Forecast{CreationsPerDay: 1, MeanLifetimeHours: 336, SteadyStateEnvs: 14, FullOn: h2Day("2026-11-26")},
		},
		{
			name:      "bottleneck limit unknown: no date",
			envs:      h2Living("live", 3, h2Now.Add(-2*d), 72*time.Hour),
			history:   h2History("gone", 11, h2Now.Add(-6*d), 72*time.Hour),
			remaining: 0,
			quotas:    []QuotaUsage{{Name: QuotaNameRules, Limit: 0}},
			want:      Forecast{CreationsPerDay: 2, MeanLifetimeHours: 72, SteadyStateEnvs: 6},
		},
		{
			// Protected and kept environments never leave: not in N, not in L.
			name: "protected and kept stay",
			envs: append(h2Living("long", 7, h2Now.Add(-6*d), 14*d), func() []Environment {
				c := h2Now.Add(-100 * d)
				e := c.Add(d)
				return []Environment{
					{Name: "main", Protected: true, CreatedAt: &c},
					{Name: "kept", Keep: true, Protected: true, CreatedAt: &c, ExpiresAt: &e},
				}
			}()...),
			remaining: 3,
			want:      Forecast{CreationsPerDay: 1, MeanLifetimeHours: 336, SteadyStateEnvs: 14, FullOn: h2Day("2026-11-26")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.quotas
			if q == nil {
				q = quotas
			}
			snap := &Snapshot{History: tc.history}
			got := ComputeForecast(snap, tc.envs, Capacity{EnvsRemaining: tc.remaining, Bottleneck: QuotaNameRules}, q, h2Now)
			tc.want.Bottleneck = QuotaNameRules
			if !h2ForecastEqual(got, tc.want) {
				t.Errorf("ComputeForecast =\n%s\nwant\n%s", h2FmtForecast(got), h2FmtForecast(tc.want))
			}
		})
	}
}

func h2ForecastEqual(a, b Forecast) bool {
	if (a.FullOn == nil) != (b.FullOn == nil) || a.FullOn != nil && !a.FullOn.Equal(*b.FullOn) {
		return false
	}
	a.FullOn, b.FullOn = nil, nil
	return a == b
}

func h2FmtForecast(f Forecast) string {
	full := "never"
	if f.FullOn != nil {
		full = f.FullOn.Format(time.RFC3339)
	}
	return fmt.Sprintf("{rate %v lifetime %vh steady %v full %s bottleneck %q}", f.CreationsPerDay, f.MeanLifetimeHours, f.SteadyStateEnvs, full, f.Bottleneck)
}
