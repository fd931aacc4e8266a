package main

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// newPoolRig seeds a pool of two load balancers in moto with n
// environments on each, behind the recording proxy.
func newPoolRig(t *testing.T, n [2]int) (*faultRig, *awstest.PoolFixture) {
	var pf *awstest.PoolFixture
	r := newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		pf = awstest.SeedPool(t, c, now, n)
		return &awstest.PathFixture{Config: pf.Config, ConfigYAML: pf.ConfigYAML, Now: now}
	})
	return r, pf
}

// A pool of two load balancers on moto, the first at 99 target groups (and
// rules), the second nearly empty: `quota -o json` lists both and the
// pool's total; `create feat-z --yes` puts its rule on the second (so its
// target group too); one refresh makes exactly the computed minimum of
// calls; with both full, create exits 1 with no mutating call.
func TestPoolPlacementOnMoto(t *testing.T) {
	r, pf := newPoolRig(t, [2]int{99, 1})

	var q quotaJSON
	if err := json.Unmarshal([]byte(r.run("quota", "-o", "json").stdout), &q); err != nil {
		t.Fatal(err)
	}
	tgUse := map[string][2]int{}
	for _, u := range q.Quotas {
		if u.Code == model.QuotaTargetGroupsPerALB {
			tgUse[u.Scope] = [2]int{u.Used, u.Limit}
		}
	}
	want := map[string][2]int{"pool-alb-1": {99, 100}, "pool-alb-2": {1, 100}, model.PoolScope: {100, 200}}
	if !reflect.DeepEqual(tgUse, want) {
		t.Errorf("target group quotas %v, want %v", tgUse, want)
	}

	out := r.mustRun("create", "feat-z", "--owner", "ci", "--yes")
	if !strings.Contains(out.stdout+out.stderr, "on load balancer pool-alb-2") {
		t.Errorf("create does not say where:\n%s%s", out.stdout, out.stderr)
	}
	inv := r.inventory()
	e, ok := inv.Env("feat-z")
	if !ok || e.Listener != pf.Listeners[1] || inv.EnvLoadBalancer("feat-z") != pf.LoadBalancers[1] {
		t.Fatalf("feat-z: %+v", e)
	}
	for _, ru := range inv.Snapshot.Rules {
		if ru.Tags["envdeck:env"] == "feat-z" && ru.ListenerARN != pf.Listeners[1] {
			t.Errorf("rule of feat-z on %s", ru.ListenerARN)
		}
	}
	var ls lsJSON
	if err := json.Unmarshal([]byte(r.mustRun("ls", "-o", "json").stdout), &ls); err != nil {
		t.Fatal(err)
	}
	for _, j := range ls.Environments {
		if j.Name == "feat-z" && (j.Listener == nil || *j.Listener != pf.Listeners[1]) {
			t.Errorf("ls -o json: feat-z listener %v", j.Listener)
		}
	}

	// One refresh of the pool: one listener read and one rules read per
	// load balancer, the tags of both, one health read per target group.
	snap := aws.Discover(context.Background(), awstest.MotoClients(t, r.moto), pf.Config, aws.DiscoverOptions{})
	got, min := aws.WithoutQuotaCalls(snap.Calls), aws.MinimumCalls(snap, pf.Config)
	if len(snap.Errors) != 0 || !reflect.DeepEqual(got, min) {
		t.Errorf("calls %v, minimum %v (errors %v)", got, min, snap.Errors)
	}
	t.Logf("calls per refresh of the two-ALB pool: %v", got)
	if got["elbv2:DescribeListeners"] != 2 || got["elbv2:DescribeRules"] != 2 || got["elbv2:DescribeTargetHealth"] != 101 {
		t.Errorf("calls %v", got)
	}

	pf.Fill(0, 1)
	pf.Fill(1, 98)
	n := len(r.rec.all())
	res := r.run("create", "feat-y", "--owner", "ci", "--yes")
	if res.code != 1 || !strings.Contains(res.stderr, "no load balancer of the pool has room") {
		t.Errorf("create on a full pool: exit %d\n%s", res.code, res.stderr)
	}
	if m := len(r.rec.all()) - n; m != 0 {
		t.Errorf("create on a full pool: %d mutating calls", m)
	}
}

// An environment with a rule on each load balancer of the pool, forwarding
// to one empty target group (orphans on one load balancer) is one
// split-environment finding and gc --apply collects none of it.
func TestPoolSplitEnvironmentOnMoto(t *testing.T) {
	r, pf := newPoolRig(t, [2]int{1, 1})
	rules, tg := pf.SplitEnv("feat-split")
	var gc gcJSON
	if err := json.Unmarshal([]byte(r.mustRun("gc", "-o", "json").stdout), &gc); err != nil {
		t.Fatal(err)
	}
	split := 0
	for _, f := range gc.Findings {
		if f.Kind == model.FindingSplitEnvironment && f.Environment != nil && *f.Environment == "feat-split" {
			split++
		}
		if f.Action == model.ActionDelete && (f.Resource.ID == tg || f.Resource.ID == rules[0] || f.Resource.ID == rules[1]) {
			t.Errorf("gc would delete %s: %s", f.Resource.ID, f.Reason)
		}
	}
	if split != 1 {
		t.Errorf("%d split-environment findings: %+v", split, gc.Findings)
	}
	r.mustRun("gc", "--apply", "--yes")
	left := resources(r.inventory())
	for _, id := range []string{"alb-rule " + rules[0], "alb-rule " + rules[1], "target-group " + tg} {
		if _, ok := left[id]; !ok {
			t.Errorf("%s was collected", id)
		}
	}
}
