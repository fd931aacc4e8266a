package model

import (
	"math"
	"time"
)

// ForecastWindow is how far back creations are counted.
const ForecastWindow = 7 * 24 * time.Hour

// forecastHorizon: a bottleneck that would last longer than this is "never".
const forecastHorizonDays = 3650

// ComputeForecast applies Little's law to the environments' lifetimes
// (docs/CONTRACT.md § Quotas and forecast).
//
// Population: the current environments with a created-at, plus snap.History
// (environments the journals remember, deleted ones included), counted once
// per (name, created-at).
//
//   - λ, creations per day: members created in the last 7 days (now-7d, now] ÷ 7.
//   - L, mean lifetime: mean of expires-at − created-at over the members
//     that have an expiry (kept environments and ones without expires-at
//     are left out); 0 when none has.
//   - S, steady state = λ × L (in days): the environments alive once
//     arrivals and departures balance. 0 when L is unknown.
//
// Full on: N is the current environments that will leave (an expiry, not
// protected, not kept); R is capacity.EnvsRemaining at the bottleneck.
//
//   - R ≤ 0: full already: today's date.
//   - no creations in the window: never (nil).
//   - S ≤ N + R: the steady state fits: never.
//   - otherwise the net growth is g = λ − N/L per day (arrivals minus the
//     departures Little's law gives for N environments living L days; with L
//     unknown g = λ) and the bottleneck runs out after R/g days: FullOn is
//     the UTC date of now + R/g days (nil beyond ten years).
//
// FullOn is also nil when the bottleneck's limit is unknown (Limit 0).
func ComputeForecast(snap *Snapshot, envs []Environment, capacity Capacity, quotas []QuotaUsage, now time.Time) Forecast {
	pop, leaving := forecastPopulation(snap, envs)
	created, rate, lifeDays := pop.rates(now)
	steady := rate * lifeDays
	f := Forecast{
		CreationsPerDay:   round(rate, 2),
		MeanLifetimeHours: round(lifeDays*24, 1),
		SteadyStateEnvs:   round(steady, 1),
		Bottleneck:        capacity.Bottleneck,
	}
	known := false
	for _, q := range quotas {
		if q.Name == capacity.Bottleneck && q.Limit > 0 {
			known = true
		}
	}
	if !known {
		return f
	}
	r := float64(capacity.EnvsRemaining)
	if r <= 0 {
		f.FullOn = dateOf(now)
		return f
	}
	if created == 0 {
		return f
	}
	g := rate
	if lifeDays > 0 {
		if steady <= float64(leaving)+r {
			return f
		}
		g = rate - float64(leaving)/lifeDays
	}
	if g <= 0 { // unreachable while S > N + R; kept for safety
		return f
	}
	days := r / g
	if days > forecastHorizonDays {
		return f
	}
	f.FullOn = dateOf(now.Add(time.Duration(days * float64(24*time.Hour))))
	return f
}

// population is every environment known (live and from the journals'
// history), once each: a name and creation time.
type population struct {
	seen    map[popKey]int
	members []popMember
}

// popKey is one environment: its name and creation time (Unix seconds).
type popKey struct {
	name    string
	created int64
}

type popMember struct {
	created, expires time.Time // expires zero: no expiry
}

// add counts one environment once; a second sighting only fills in an
// expiry the first lacked.
func (p *population) add(name string, created, expires time.Time) {
	if created.IsZero() {
		return
	}
	key := popKey{name, created.Unix()}
	if i, ok := p.seen[key]; ok {
		if p.members[i].expires.IsZero() {
			p.members[i].expires = expires
		}
		return
	}
	p.seen[key] = len(p.members)
	p.members = append(p.members, popMember{created, expires})
}

// forecastPopulation gathers the live environments and the history; leaving
// counts the live ones that will expire (not kept, not protected).
func forecastPopulation(snap *Snapshot, envs []Environment) (pop *population, leaving int) {
	pop = &population{seen: map[popKey]int{}}
	for _, e := range envs {
		var exp time.Time
		if e.ExpiresAt != nil && !e.Keep {
			exp = *e.ExpiresAt
			if !e.Protected {
				leaving++
			}
		}
		if e.CreatedAt != nil {
			pop.add(e.Name, *e.CreatedAt, exp)
		}
	}
	if snap != nil {
		for _, h := range snap.History {
			pop.add(h.Name, h.CreatedAt, h.ExpiresAt)
		}
	}
	return pop, leaving
}

// rates: the creations within the forecast window before now, as a count
// and per day, and the mean lifetime in days of those with an expiry.
func (p *population) rates(now time.Time) (created int, perDay, lifeDays float64) {
	from := now.Add(-ForecastWindow)
	var lifeSum time.Duration
	lives := 0
	for _, m := range p.members {
		if m.created.After(from) && !m.created.After(now) {
			created++
		}
		if !m.expires.IsZero() && m.expires.After(m.created) {
			lifeSum += m.expires.Sub(m.created)
			lives++
		}
	}
	perDay = float64(created) / ForecastWindow.Hours() * 24
	if lives > 0 {
		lifeDays = lifeSum.Hours() / float64(lives) / 24
	}
	return created, perDay, lifeDays
}

// dateOf is midnight UTC of t's UTC date.
func dateOf(t time.Time) *time.Time {
	y, m, d := t.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &day
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
