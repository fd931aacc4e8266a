package aws

import (
	"context"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// serviceRate is a documented per-account request rate: a bucket of Burst
// tokens refilled at PerSecond (docs/CONTRACT.md § Refresh and API budget, docs/TESTING.md).
type serviceRate struct {
	PerSecond float64
	Burst     float64
}

// documentedRates are the account-wide rates envdeck paces itself to.
var documentedRates = map[string]serviceRate{
	svcELB:           {PerSecond: 10, Burst: 40}, // ELBv2 Describe*: 40 tokens, 10/s
	svcAPIGateway:    {PerSecond: 10, Burst: 40}, // control plane: 10/s, burst 40
	svcCloudFront:    {PerSecond: 5, Burst: 10},
	svcRoute53:       {PerSecond: 5, Burst: 10},
	svcSTS:           {PerSecond: 10, Burst: 10},
	svcServiceQuotas: {PerSecond: 10, Burst: 10},
	// S3 serves thousands of requests per second per prefix; journals
	// need a handful per apply, so this only bounds a runaway loop.
	svcS3: {PerSecond: 100, Burst: 100},
}

// paceHeadroom tokens of the burst are never used: the account's bucket
// starts refilling when AWS receives the first request, ours when we send
// it, so a request arriving a little early would find the account's bucket
// one token short. One token is 100 ms of slack at 10/s.
const paceHeadroom = 1

// scaledRate applies the budget (1 = the whole documented rate) to r.
func scaledRate(r serviceRate, budget float64) serviceRate {
	if budget <= 0 {
		budget = 1
	}
	burst := math.Floor(r.Burst * budget)
	if burst > paceHeadroom+1 {
		burst -= paceHeadroom
	}
	if burst < 1 {
		burst = 1
	}
	return serviceRate{PerSecond: r.PerSecond * budget, Burst: burst}
}

// bucket is a token bucket that hands out reservations: a caller takes a
// token now (the count may go negative) and waits until it would have been
// there. It is golang.org/x/time/rate's limiter driven by explicit times, so
// the math is a pure function of the times passed in (tests pass their own
// clock).
type bucket struct {
	lim *rate.Limiter
}

func newBucket(r serviceRate, now time.Time) *bucket {
	lim := rate.NewLimiter(rate.Limit(r.PerSecond), int(r.Burst))
	lim.SetBurstAt(now, int(r.Burst)) // start full at now, not at the zero time
	return &bucket{lim: lim}
}

// reserve takes one token at now and returns how long to wait before using it.
func (b *bucket) reserve(now time.Time) time.Duration {
	return b.reservation(now).DelayFrom(now)
}

func (b *bucket) reservation(now time.Time) *rate.Reservation {
	return b.lim.ReserveN(now, 1)
}

// clock is the time source of a pacer (real time outside tests).
type clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacer holds one bucket per service; nil paces nothing.
type pacer struct {
	clock   clock
	buckets map[string]*bucket
}

func newPacer(budget float64, c clock) *pacer {
	if c == nil {
		c = realClock{}
	}
	p := &pacer{clock: c, buckets: map[string]*bucket{}}
	now := c.Now()
	for svc, r := range documentedRates {
		p.buckets[svc] = newBucket(scaledRate(r, budget), now)
	}
	// HTTP APIs share API Gateway's account-wide control-plane rate.
	p.buckets[svcAPIGatewayV2] = p.buckets[svcAPIGateway]
	return p
}

// wait blocks until service may send one more request; it returns the time
// waited, or the context's error (the token is then given back).
func (p *pacer) wait(ctx context.Context, service string) (time.Duration, error) {
	if p == nil {
		return 0, nil
	}
	b := p.buckets[service]
	if b == nil {
		return 0, nil
	}
	r := b.reservation(p.clock.Now())
	d := r.DelayFrom(p.clock.Now())
	if d <= 0 {
		return 0, nil
	}
	if err := p.clock.Sleep(ctx, d); err != nil {
		r.CancelAt(p.clock.Now()) // give the unused token back
		return 0, err
	}
	return d, nil
}
