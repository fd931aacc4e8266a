package aws_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// sharedRig is three consoles of one account on the path platform in
// moto, each through its own logging proxy (so each one's calls are
// counted apart), sharing one lease store, on one clock.
type sharedRig struct {
	consoles []*aws.Console
	proxies  []*awstest.Proxy
	mu       sync.Mutex
	now      time.Time
}

func (r *sharedRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *sharedRig) advance(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = r.now.Add(d)
}

func newSharedRig(t *testing.T, moto string, cfg *model.Config, now time.Time, store func(c aws.Clients) aws.LeaseStore) *sharedRig {
	r := &sharedRig{now: now}
	c := *cfg
	c.APIBudget = 1 // the pacing is real time: keep the test short
	policy := model.NewLeasePolicy(refreshEvery)
	for i := 0; i < 3; i++ {
		p := awstest.NewProxy(t, moto)
		cl := p.Clients(t)
		r.proxies = append(r.proxies, p)
		r.consoles = append(r.consoles, aws.NewConsole(aws.ConsoleOptions{
			Clients: cl, Config: &c, Now: r.clock, Refresh: refreshEvery,
			Shared: aws.NewSharedRefresh(store(cl), policy, string(rune('a'+i))),
		}))
	}
	return r
}

const refreshEvery = 5 * time.Second

// refresh is one console refresh as the TUI makes it: the lists, then the
// health of every target group (the first load) or of a few (the share of
// api_budget a later refresh has).
func refresh(t *testing.T, b *aws.Console, first bool) *model.Snapshot {
	t.Helper()
	ctx := context.Background()
	snap, err := b.Discover(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if first && len(snap.Errors) > 0 {
		t.Fatalf("first read: %v", snap.Errors)
	}
	var arns []string
	for _, tg := range snap.TargetGroups {
		if first || len(arns) < 3 { // later refreshes: the budget's share
			arns = append(arns, tg.ARN)
		}
	}
	health, _ := b.ReadHealth(ctx, arns)
	for i := range snap.TargetGroups {
		if ts, ok := health[snap.TargetGroups[i].ARN]; ok {
			snap.TargetGroups[i].Targets, snap.TargetGroups[i].HealthRead = ts, true
		}
	}
	return snap
}

// Three consoles of one account share one refresh budget: the lease holder
// alone reads ELB (counted by each console's proxy), the others show what
// it published, health included, with no account call at all (file store)
// or one GetObject (S3). When the holder dies, a reader takes the lease
// over once it expired and the published snapshot went stale, and reads
// ELB from then on; the third console still reads nothing.
func TestThreeConsolesOnlyTheHolderReadsELB(t *testing.T) {
	moto := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	_, _, bucket := leaseBucketOn(t, moto)
	stores := map[string]func(c aws.Clients) aws.LeaseStore{
		"file": func() func(aws.Clients) aws.LeaseStore {
			dir := t.TempDir()
			return func(aws.Clients) aws.LeaseStore { return aws.FileLeases(dir) }
		}(),
		"s3": func(c aws.Clients) aws.LeaseStore { return aws.S3Leases(c.S3, bucket, "shared") },
	}
	for name, store := range stores {
		t.Run(name, func(t *testing.T) {
			r := newSharedRig(t, moto, f.Config, now, store)
			elb := func(i int) int { return r.proxies[i].Count(awstest.ServiceELBv2, "") }
			var want *model.Snapshot
			for round := 0; round < 3; round++ {
				for i, b := range r.consoles {
					snap := refresh(t, b, round == 0)
					if i == 0 {
						want = snap
					} else if len(snap.TargetGroups) != len(want.TargetGroups) || !allHealthRead(snap) {
						t.Errorf("round %d: console %d shows %d target groups (all health read: %v), the holder %d", round, i, len(snap.TargetGroups), allHealthRead(snap), len(want.TargetGroups))
					}
				}
				r.advance(refreshEvery)
			}
			if elb(0) == 0 || elb(1) != 0 || elb(2) != 0 {
				t.Fatalf("ELB calls by console: %d %d %d, want the holder's only", elb(0), elb(1), elb(2))
			}
			if g := r.proxies[1].Count(awstest.ServiceS3, "GetObject"); name == "s3" && g != 3 {
				t.Errorf("a reader made %d GetObject in 3 refreshes, want 3 (one each)", g)
			}

			// The holder dies (stops refreshing, never releases). Within
			// the lease and the snapshot's age the others keep reading it.
			for _, p := range r.proxies {
				p.ResetLog()
			}
			deadline := r.clock().Add(model.NewLeasePolicy(refreshEvery).MaxAge + 2*model.DefaultSkew)
			for r.clock().Before(deadline) {
				refresh(t, r.consoles[1], false)
				refresh(t, r.consoles[2], false)
				r.advance(refreshEvery)
			}
			if elb(1) == 0 || elb(2) != 0 || r.consoles[1].SharedRole() != model.RefreshHolder {
				t.Errorf("after the holder died: ELB calls %d %d, console 1 is %v; want console 1 the holder", elb(1), elb(2), r.consoles[1].SharedRole())
			}
		})
	}
}

// A console that quits hands the lease over at once: the next console to
// refresh takes it (no waiting for the lease to expire) and reads ELB, the
// third keeps reading what the new holder publishes.
func TestSharedRefreshReleaseHandsOverAtOnce(t *testing.T) {
	moto := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	dir := t.TempDir()
	r := newSharedRig(t, moto, f.Config, now, func(aws.Clients) aws.LeaseStore { return aws.FileLeases(dir) })
	for _, b := range r.consoles {
		refresh(t, b, true)
	}
	if r.consoles[0].SharedRole() != model.RefreshHolder {
		t.Fatalf("console 0 is %v, want the holder", r.consoles[0].SharedRole())
	}
	must(t, r.consoles[0].Close(context.Background()))
	for _, p := range r.proxies {
		p.ResetLog()
	}
	r.advance(time.Second) // well within the lease and the snapshot's age
	refresh(t, r.consoles[1], false)
	refresh(t, r.consoles[2], false)
	if r.consoles[1].SharedRole() != model.RefreshHolder || r.consoles[2].SharedRole() != model.RefreshReader {
		t.Errorf("after the holder quit: console 1 %v, console 2 %v; want holder, reader", r.consoles[1].SharedRole(), r.consoles[2].SharedRole())
	}
	if r.proxies[1].Count(awstest.ServiceELBv2, "") == 0 || r.proxies[2].Count(awstest.ServiceELBv2, "") != 0 {
		t.Errorf("ELB calls: console 1 %d, console 2 %d", r.proxies[1].Count(awstest.ServiceELBv2, ""), r.proxies[2].Count(awstest.ServiceELBv2, ""))
	}
}

// A shared location that cannot be reached (a bucket that does not exist,
// or S3 not answering: the proxy drops every S3 call) leaves the console
// reading the account itself, within api_budget after the first load, as
// without sharing, and says why.
func TestSharedRefreshUnreachableReadsDirectly(t *testing.T) {
	moto := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	_, _, bucket := leaseBucketOn(t, moto)
	cases := []struct {
		name   string
		bucket string
		rules  []awstest.Rule
	}{
		{"no such bucket", "no-such-envdeck-bucket", nil},
		{"S3 does not answer", bucket, []awstest.Rule{awstest.On(awstest.ServiceS3, "*", awstest.Drop())}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := awstest.NewProxy(t, moto, c.rules...)
			cl := p.Clients(t)
			shared := aws.NewSharedRefresh(aws.S3Leases(cl.S3, c.bucket, "x"), model.NewLeasePolicy(refreshEvery), "a")
			b := aws.NewConsole(aws.ConsoleOptions{Clients: cl, Config: f.Config, Now: func() time.Time { return now }, Refresh: refreshEvery, Shared: shared})
			snap := refresh(t, b, true)
			if b.SharedRole() != model.RefreshDirect || shared.Err() == nil || !allHealthRead(snap) {
				t.Fatalf("role %v, err %v, health read %v; want a direct read and the store's error", b.SharedRole(), shared.Err(), allHealthRead(snap))
			}
			if !b.FirstLoadDone() {
				t.Error("the first load is not done: later reads would not be paced at api_budget")
			}
			if n := p.Count(awstest.ServiceELBv2, "DescribeTargetHealth"); n != len(snap.TargetGroups) {
				t.Errorf("health reads %d, want %d", n, len(snap.TargetGroups))
			}
		})
	}
}

func allHealthRead(snap *model.Snapshot) bool {
	for _, tg := range snap.TargetGroups {
		if !tg.HealthRead {
			return false
		}
	}
	return len(snap.TargetGroups) > 0
}
