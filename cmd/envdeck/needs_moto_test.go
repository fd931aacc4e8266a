package main

import (
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Each command pays only for its answer: through the real command layer
// on the host platform in moto (which holds the path platform too), the
// proxy's request log counts what quota, slots, show and extend read, and
// each answer equals the one a full read gives.
func TestCommandsReadOnlyWhatTheyNeed(t *testing.T) {
	r := newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		return awstest.SeedHostPlatform(t, c, now).PathFixture
	})
	full := r.inventory()
	health := func() int { return r.p.Count(awstest.ServiceELBv2, "DescribeTargetHealth") }

	t.Run("quota", func(t *testing.T) {
		r.use(t)
		r.p.ResetLog()
		res := r.run("quota", "-o", "json")
		var q quotaJSON
		mustJSON(t, res.stdout, &q)
		if n := health(); n != 0 {
			t.Errorf("quota read the health of %d target groups, want none", n)
		}
		for _, a := range []string{"GetDeployments", "ListDistributions", "GetDistributionConfig"} {
			if n := r.p.Count("", a); n != 0 {
				t.Errorf("quota called %s %d times", a, n)
			}
		}
		if !equalJSON(q.Quotas, full.Quotas) || !equalJSON(q.Capacity, full.Capacity) || !equalJSON(q.Forecast, toForecastJSON(full.Forecast)) {
			t.Errorf("quota answer differs from a full read:\n got %+v %+v %+v\nwant %+v %+v %+v", q.Quotas, q.Capacity, q.Forecast, full.Quotas, full.Capacity, full.Forecast)
		}
		// Every call quota makes, besides the limits: the fewest that read
		// its answer (the forecast needs every environment's lifecycle tags,
		// not the listener's; the record list, read for the slots, gives the
		// zone's count).
		asQuota := *full.Snapshot
		asQuota.Unread = model.QuotaNeeds(r.f.Config).Skip
		want := aws.MinimumCalls(&asQuota, r.f.Config)
		delete(want, "elbv2:DescribeTargetHealth")
		if n := r.p.Count(awstest.ServiceRoute53, "GetHostedZone"); n != 0 {
			t.Errorf("quota called GetHostedZone %d times, want none (the record list counts the zone)", n)
		}
		if got := aws.WithoutQuotaCalls(r.p.Actions()); !equalJSON(got, want) {
			t.Errorf("quota calls %v, want %v", got, want)
		}
	})

	t.Run("slots", func(t *testing.T) {
		r.use(t)
		r.p.ResetLog()
		res := r.run("slots", "-o", "json")
		var s slotsJSON
		mustJSON(t, res.stdout, &s)
		if n := health(); n != 0 {
			t.Errorf("slots read the health of %d target groups, want none", n)
		}
		if n := r.p.Count(awstest.ServiceCloudFront, "ListDistributions"); n != 0 {
			t.Errorf("slots listed the account's distributions %d times", n)
		}
		want := slotsJSON{Slots: []slotJSON{}, Errors: []errorJSON{}}
		for _, x := range full.Slots {
			want.Slots = append(want.Slots, slotJSON{Host: x.Host, State: x.State, Environment: strOrNil(x.Environment), Reason: x.Reason})
		}
		if len(s.Slots) == 0 || !equalJSON(s, want) {
			t.Errorf("slots differ from a full read:\n got %+v\nwant %+v", s, want)
		}
	})

	for _, env := range []string{"feat-pay", "feat-ghost", "feat-web"} {
		t.Run("show "+env, func(t *testing.T) {
			r.use(t)
			mine := model.EnvTargetGroups(full.Snapshot, r.f.Config, env)
			r.p.ResetLog()
			res := r.run("show", env, "-o", "json")
			var got envJSON
			mustJSON(t, res.stdout, &got)
			if n := health(); len(mine) == 0 || n != len(mine) {
				t.Errorf("show %s read %d target groups' health, want its %d", env, n, len(mine))
			}
			e, _ := full.Env(env)
			if got.Findings == nil {
				got.Findings = []findingJSON{} // omitted when empty
			}
			if e == nil || got.Status != e.Status || !equalJSON(got.Findings, toFindingsJSON(full.FindingsFor(env))) {
				t.Errorf("show %s differs from a full read: %s %+v, want %+v", env, got.Status, got.Findings, e)
			}
		})
	}

	t.Run("extend", func(t *testing.T) {
		r.use(t)
		r.p.ResetLog()
		res := r.run("extend", "feat-pay", "--ttl", "48h", "--dry-run")
		if res.code != 0 {
			t.Fatalf("extend --dry-run: exit %d: %s", res.code, res.stderr)
		}
		if n := health(); n != 0 {
			t.Errorf("extend read the health of %d target groups, want none", n)
		}
	})
}
