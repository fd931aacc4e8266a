package aws_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Fault rates: 30 % of every call throttled (each protocol's own
// form), 5 % answered with HTTP 5xx (half 500, half 503).
const (
	faultThrottle = 0.30
	fault5xx      = 0.05
)

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

// With 30 % throttling and 5 % 5xx on every call, 20 refreshes of the standard
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

	fl := awstest.NewFaultMix(8, faultThrottle, fault5xx, aws.NewRetryer().MaxAttempts()-1)
	p := awstest.NewProxy(t, moto, fl.Rules()...)
	const refreshes = 20
	calls, attempts, throttles, errs5xx := 0, 0, 0, 0
	for i := 0; i < refreshes; i++ {
		p.ResetLog()
		// A fresh set of clients per refresh, as each envdeck command builds.
		c := p.Clients(t, awstest.WithRetryer(awstest.FastBackoff(aws.NewRetryer)))
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
		refreshes, calls, attempts, retries, throttles, errs5xx, 100*float64(retries)/float64(attempts), fl.Withheld())
	// The rates were really applied: about a third of the attempts failed.
	if frac := float64(retries) / float64(attempts); frac < 0.25 || frac > 0.45 {
		t.Fatalf("%.2f of the attempts were faults; the rules inject about 0.35", frac)
	}
}
