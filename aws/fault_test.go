package aws_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Fault rates of issue 8: 30 % of every call throttled (each protocol's own
// form), 5 % answered with HTTP 5xx (half 500, half 503).
const (
	faultThrottle = 0.30
	fault5xx      = 0.05
)

// faults draws, once per request, whether the proxy throttles it, answers
// 500 or 503, or forwards it, at the rates above from a seeded source. One
// request (same service, method, path and body: a call and its retries) is
// never faulted more than maxStreak times in a row, so every call gets
// through within the retryer's attempts: with independent faults at 35 % and
// 12 attempts, a call still fails outright with probability 0.35^12 ≈ 3e-6
// (0.4 % over 20 × 62 calls), which a CI test must not leave to chance.
// capped counts the faults the streak limit withheld.
type faults struct {
	mu        sync.Mutex
	rng       *rand.Rand
	maxStreak int
	streak    map[string]int
	decided   map[int]string // request seq → "throttle" | "500" | "503" | ""
	capped    int
}

func newFaults(seed uint64, maxStreak int) *faults {
	return &faults{rng: rand.New(rand.NewPCG(seed, seed)), maxStreak: maxStreak, streak: map[string]int{}, decided: map[int]string{}}
}

func (f *faults) decide(r *awstest.Request) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.decided[r.Seq]; ok {
		return d
	}
	key := r.Service + " " + r.HTTP.Method + " " + r.HTTP.URL.RequestURI() + " " + string(r.Body)
	d := ""
	switch x := f.rng.Float64(); {
	case x < faultThrottle:
		d = "throttle"
	case x < faultThrottle+fault5xx/2:
		d = "500"
	case x < faultThrottle+fault5xx:
		d = "503"
	}
	if d != "" && f.streak[key] >= f.maxStreak {
		d = ""
		f.capped++
	}
	if d == "" {
		delete(f.streak, key)
	} else {
		f.streak[key]++
	}
	f.decided[r.Seq] = d
	return d
}

// rules are the proxy rules applying the draws, labelled "throttle",
// "http-500" and "http-503" in the request log.
func (f *faults) rules() []awstest.Rule {
	on := func(kind string, e awstest.Effect) awstest.Rule {
		return awstest.Rule{Match: func(r *awstest.Request) bool { return f.decide(r) == kind }, Effect: e}
	}
	return []awstest.Rule{
		on("throttle", awstest.Throttle()),
		on("500", awstest.ServerError(500)),
		on("503", awstest.ServerError(503)),
	}
}

func (f *faults) withheld() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.capped
}

// productionPolicy is aws.NewRetryer's decisions (which errors are retried:
// every protocol's throttling code, 5xx, dropped connections; how many
// attempts) with a millisecond backoff instead of seconds, so 20 refreshes
// under faults fit a test.
type productionPolicy struct{ sdkaws.Retryer }

func (productionPolicy) RetryDelay(attempt int, _ error) (time.Duration, error) {
	return time.Duration(attempt) * time.Millisecond, nil
}

func newProductionPolicy() sdkaws.Retryer { return productionPolicy{aws.NewRetryer()} }

// modelOutput is the part of an inventory a refresh must reproduce exactly.
func modelOutput(t *testing.T, inv *model.Inventory) string {
	t.Helper()
	b, err := json.MarshalIndent(struct {
		Environments []model.Environment `json:"environments"`
		Unassigned   []model.ResourceRef `json:"unassigned"`
		Findings     []model.Finding     `json:"findings"`
		Slots        []model.Slot        `json:"slots"`
		Quotas       []model.QuotaUsage  `json:"quotas"`
		Capacity     model.Capacity      `json:"capacity"`
		Errors       []model.SourceError `json:"errors"`
	}{inv.Environments, inv.Unassigned, inv.Findings, inv.Slots, inv.Quotas, inv.Capacity, inv.Errors}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// With 30 % throttling and 5 % 5xx on every call, 20 refreshes of the issue-3
// path platform out of 20 give exactly the model output of a clean refresh,
// with no source error: every injected fault is absorbed by one retry.
func TestFaultRefreshesMatchCleanRefresh(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	moto := awstest.SharedMoto(t)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	ctx := context.Background()

	clean := aws.Discover(ctx, awstest.MotoClients(t, moto), f.Config, aws.DiscoverOptions{})
	if len(clean.Errors) != 0 {
		t.Fatalf("clean refresh has errors: %+v", clean.Errors)
	}
	want := modelOutput(t, model.BuildInventory(clean, f.Config, now))

	fl := newFaults(8, aws.NewRetryer().MaxAttempts()-1)
	p := awstest.NewProxy(t, moto, fl.rules()...)
	const refreshes = 20
	calls, attempts, throttles, errs5xx := 0, 0, 0, 0
	for i := 0; i < refreshes; i++ {
		p.ResetLog()
		// A fresh set of clients per refresh, as each envdeck command builds.
		c := p.Clients(t, awstest.WithRetryer(newProductionPolicy))
		snap := aws.Discover(ctx, c, f.Config, aws.DiscoverOptions{})
		if len(snap.Errors) != 0 {
			t.Fatalf("refresh %d: errors %+v", i+1, snap.Errors)
		}
		if got := modelOutput(t, model.BuildInventory(snap, f.Config, now)); got != want {
			t.Fatalf("refresh %d differs from the clean one:\n--- got\n%s\n--- want\n%s", i+1, got, want)
		}
		n := len(p.Log())
		calls += c.Calls.Total()
		attempts += n
		throttled, failed := p.CountInjected("throttle"), p.CountInjected("http-5")
		throttles += throttled
		errs5xx += failed
		if i == 0 || i == refreshes-1 {
			t.Logf("refresh %d: %d calls, %d attempts, %d throttles and %d 5xx absorbed", i+1, c.Calls.Total(), n, throttled, failed)
		}
	}
	retries := attempts - calls
	if throttles == 0 || errs5xx == 0 {
		t.Fatalf("%d throttles and %d 5xx injected: the faults did not apply", throttles, errs5xx)
	}
	t.Logf("%d refreshes: %d calls, %d attempts, %d retries absorbed (%d throttles, %d 5xx injected; %.0f %% of attempts); %d faults withheld by the streak limit",
		refreshes, calls, attempts, retries, throttles, errs5xx, 100*float64(retries)/float64(attempts), fl.withheld())
	// The rates were really applied: about a third of the attempts failed.
	if frac := float64(retries) / float64(attempts); frac < 0.25 || frac > 0.45 {
		t.Fatalf("%.2f of the attempts were faults; the rules inject about 0.35", frac)
	}
}
