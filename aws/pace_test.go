package aws

import (
	"context"
	"sync"
	"testing"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// fakeClock advances only when someone sleeps on it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestScaledRate(t *testing.T) {
	cases := map[string]struct {
		in     serviceRate
		budget float64
		want   serviceRate
	}{
		"elb whole rate":    {documentedRates[svcELB], 1, serviceRate{10, 39}},
		"zero means whole":  {documentedRates[svcELB], 0, serviceRate{10, 39}},
		"tui budget 0.2":    {documentedRates[svcELB], 0.2, serviceRate{2, 7}},
		"tiny budget":       {documentedRates[svcELB], 0.01, serviceRate{0.1, 1}},
		"cloudfront half":   {documentedRates[svcCloudFront], 0.5, serviceRate{2.5, 4}},
		"burst 2 no margin": {serviceRate{1, 2}, 1, serviceRate{1, 2}},
	}
	for name, tc := range cases {
		if got := scaledRate(tc.in, tc.budget); got != tc.want {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
}

func TestBucketReservations(t *testing.T) {
	b := newBucket(serviceRate{PerSecond: 10, Burst: 2}, t0)
	// five reservations at the same instant: two free, then one per 100 ms
	want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
	for i, w := range want {
		if got := b.reserve(t0); got != w {
			t.Errorf("reservation %d waits %v, want %v", i, got, w)
		}
	}
	// one second later the debt (3) is paid and 7 of 10 refilled tokens are capped to the burst
	if got := b.reserve(t0.Add(time.Second)); got != 0 {
		t.Errorf("after refill: %v", got)
	}
	if got := b.reserve(t0.Add(time.Second)); got != 0 {
		t.Errorf("second after refill: %v", got)
	}
	r := b.reservation(t0.Add(time.Second))
	if got := r.DelayFrom(t0.Add(time.Second)); got != 100*time.Millisecond {
		t.Errorf("burst is capped: %v", got)
	}
	// a cancelled reservation gives its token back
	r.CancelAt(t0.Add(time.Second))
	if got := b.reserve(t0.Add(time.Second)); got != 100*time.Millisecond {
		t.Errorf("after cancel: %v", got)
	}
}

// 139 sequential ELB calls at the whole rate: 39 from the burst, then one
// per 100 ms — 10 s of (virtual) time, the account bucket's floor plus the
// one-token headroom.
func TestPacerSequentialFloor(t *testing.T) {
	clk := &fakeClock{now: t0}
	p := newPacer(1, clk)
	for i := 0; i < 139; i++ {
		if _, err := p.wait(context.Background(), svcELB); err != nil {
			t.Fatal(err)
		}
	}
	if got := clk.Now().Sub(t0); got != 10*time.Second {
		t.Errorf("139 calls took %v, want 10s", got)
	}
	if len(clk.sleeps) != 100 {
		t.Errorf("%d sleeps, want 100", len(clk.sleeps))
	}
	// other services have buckets of their own
	if d, _ := p.wait(context.Background(), svcAPIGateway); d != 0 {
		t.Errorf("apigateway waited %v", d)
	}
	// a service without a documented rate is not paced
	if d, _ := p.wait(context.Background(), "unknown"); d != 0 {
		t.Errorf("unknown waited %v", d)
	}
}

func TestPacerBudget(t *testing.T) {
	clk := &fakeClock{now: t0}
	p := newPacer(0.2, clk) // ELB: burst 7, 2/s
	for i := 0; i < 27; i++ {
		_, _ = p.wait(context.Background(), svcELB)
	}
	if got := clk.Now().Sub(t0); got != 10*time.Second {
		t.Errorf("27 calls at budget 0.2 took %v, want 10s", got)
	}
}

func TestPacerCancelled(t *testing.T) {
	p := newPacer(1, nil) // real clock; CloudFront: burst 9, 5/s
	ctx, cancel := context.WithCancel(context.Background())
	for i := 0; i < 9; i++ {
		if d, err := p.wait(ctx, svcCloudFront); err != nil || d != 0 {
			t.Fatalf("call %d: waited %v, %v", i, d, err)
		}
	}
	cancel()
	if _, err := p.wait(ctx, svcCloudFront); err == nil {
		t.Fatal("a cancelled wait must fail")
	}
	// the cancelled reservation was given back: the next one waits one slot, not two
	if d := p.buckets[svcCloudFront].reserve(time.Now()); d > 200*time.Millisecond {
		t.Errorf("next reservation waits %v", d)
	}
}

func TestInstrumentPaces(t *testing.T) {
	clk := &fakeClock{now: t0}
	c := Instrument(Clients{ELB: fakePlatform(1)}, InstrumentOptions{Pace: true, clock: clk})
	for i := 0; i < 49; i++ {
		if _, err := c.ELB.DescribeTargetHealth(context.Background(), &elbv2.DescribeTargetHealthInput{TargetGroupArn: strp(tgARN("env-e001"))}); err != nil {
			t.Fatal(err)
		}
	}
	if got := clk.Now().Sub(t0); got != time.Second {
		t.Errorf("49 paced calls took %v, want 1s", got)
	}
	// unpaced clients never sleep
	clk2 := &fakeClock{now: t0}
	c2 := Instrument(Clients{ELB: fakePlatform(1)}, InstrumentOptions{clock: clk2})
	for i := 0; i < 100; i++ {
		_, _ = c2.ELB.DescribeRules(context.Background(), &elbv2.DescribeRulesInput{})
	}
	if len(clk2.sleeps) != 0 {
		t.Error("unpaced clients slept")
	}
}

func strp(s string) *string { return &s }
