package aws_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Demand-driven discovery on the path platform in moto, calls counted by
// the proxy's request log: each command's needs read only what its answer
// depends on, the snapshot says what it left unread, and the answer is the
// one a full read gives.
func TestDiscoverNeedsMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedPathPlatform(t, awstest.MotoClients(t, endpoint), now)
	p := awstest.NewProxy(t, endpoint)
	c := p.Clients(t)
	cfg := fx.Config
	ctx := context.Background()

	full := aws.Discover(ctx, c, cfg, aws.DiscoverOptions{})
	if len(full.Errors) > 0 {
		t.Fatalf("full read: %+v", full.Errors)
	}
	fullInv := model.BuildInventory(full, cfg, now)
	if orphanRuleSteps(model.PlanGC(fullInv, cfg, now)) == 0 {
		t.Fatal("the fixture has no orphan rule to collect: the test proves nothing")
	}

	t.Run("quota reads no health and no deployments", func(t *testing.T) {
		p.ResetLog()
		snap := aws.Discover(ctx, c, cfg, aws.DiscoverOptions{Needs: model.QuotaNeeds(cfg)})
		if n := p.Count(awstest.ServiceELBv2, "DescribeTargetHealth"); n != 0 {
			t.Errorf("quota read the health of %d target groups, want none", n)
		}
		if n := p.Count(awstest.ServiceAPIGateway, "GetDeployments"); n != 0 {
			t.Errorf("quota read deployments %d times", n)
		}
		if !reflect.DeepEqual(snap.Unread, []string{model.PartDeployments, model.PartOwnerTags}) {
			t.Errorf("unread = %v, want the deployments and the listener's tags (the path platform has no zone or distribution)", snap.Unread)
		}
		for _, lb := range snap.LoadBalancers {
			if !lb.TagsUnread {
				t.Errorf("listener %s: its tags were not read, yet they are not marked unread (create would trust them)", lb.ListenerARN)
			}
		}
		for _, tg := range snap.TargetGroups {
			if _, at := snap.HealthReadAt[tg.ARN]; tg.HealthRead || at {
				t.Errorf("%s: health_read %v at %v, never read", tg.Name, tg.HealthRead, snap.HealthReadAt[tg.ARN])
			}
		}
		inv := model.BuildInventory(snap, cfg, now)
		if !reflect.DeepEqual(inv.Quotas, fullInv.Quotas) || inv.Capacity != fullInv.Capacity || !reflect.DeepEqual(inv.Forecast, fullInv.Forecast) {
			t.Errorf("quota answer differs from a full read:\n got %+v %+v %+v\nwant %+v %+v %+v",
				inv.Quotas, inv.Capacity, inv.Forecast, fullInv.Quotas, fullInv.Capacity, fullInv.Forecast)
		}
		// Unread health is never empty: no orphan rule, no degraded status.
		for _, f := range inv.Findings {
			if f.Kind == model.FindingOrphanRule {
				t.Errorf("orphan-rule finding from unread health: %s", f.Reason)
			}
		}
		for _, e := range inv.Environments {
			if e.Status == model.StatusDegraded {
				t.Errorf("%s degraded without its health read", e.Name)
			}
		}
		if n := orphanRuleSteps(model.PlanGC(inv, cfg, now)); n != 0 {
			t.Errorf("gc plan from unread health deletes %d orphan-rule resources", n)
		}
	})

	for _, env := range []string{"feat-pay", "feat-ghost"} {
		t.Run("show "+env+" reads its own health only", func(t *testing.T) {
			want := model.EnvTargetGroups(full, cfg, env)
			if len(want) == 0 {
				t.Fatalf("%s has no target group in the fixture", env)
			}
			p.ResetLog()
			snap := aws.Discover(ctx, c, cfg, aws.DiscoverOptions{Needs: model.EnvNeeds(env)})
			if n := p.Count(awstest.ServiceELBv2, "DescribeTargetHealth"); n != len(want) {
				t.Errorf("health reads = %d, want %d (the target groups of %s)", n, len(want), env)
			}
			for _, tg := range snap.TargetGroups {
				if mine := contains(want, tg.ARN); tg.HealthRead != mine {
					t.Errorf("%s: health_read %v, want %v", tg.Name, tg.HealthRead, mine)
				}
			}
			inv := model.BuildInventory(snap, cfg, now)
			got, _ := inv.Env(env)
			exp, _ := fullInv.Env(env)
			if got == nil || exp == nil || got.Status != exp.Status || !reflect.DeepEqual(inv.FindingsFor(env), fullInv.FindingsFor(env)) {
				t.Errorf("%s differs from a full read:\n got %+v %+v\nwant %+v %+v", env, got, inv.FindingsFor(env), exp, fullInv.FindingsFor(env))
			}
		})
	}
}

// orphanRuleSteps counts the steps a gc plan takes for orphan-rule findings.
func orphanRuleSteps(p model.Plan) int {
	n := 0
	for _, s := range p.Steps {
		if strings.HasPrefix(s.Reason, model.FindingOrphanRule+":") {
			n++
		}
	}
	return n
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
