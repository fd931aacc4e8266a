package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	pool2Listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared2/2/m1"
	pool2LB       = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared2/2"
)

// poolCfg: h1's platform with a second load balancer in the pool.
func poolCfg() *Config {
	c := h1Cfg()
	c.ALB.ListenerARNs, c.ALB.ListenerARN = []string{h1Listener, pool2Listener}, ""
	return c
}

// poolSnap: h1's base with the second load balancer, n1 environments on
// the first and n2 on the second (a rule and a target group each), limits
// of limit rules and target groups per load balancer.
func poolSnap(n1, n2, limit int) *Snapshot {
	s := h1BaseSnap()
	s.APIGatewayOff()
	s.LoadBalancers = []LoadBalancer{{ARN: s.LoadBalancerARN, ListenerARN: h1Listener}, {ARN: pool2LB, ListenerARN: pool2Listener}}
	s.Listeners = append(s.Listeners, Listener{ARN: pool2Listener, Port: 443, Protocol: "HTTPS"})
	s.Rules = append(s.Rules, Rule{ARN: pool2Listener + "/rule/default", ListenerARN: pool2Listener, IsDefault: true})
	s.Limits = []Limit{{Code: QuotaRulesPerALB, Value: float64(limit), Source: LimitSourceServiceQuotas},
		{Code: QuotaTargetGroupsPerALB, Value: float64(limit), Source: LimitSourceServiceQuotas}}
	tags := func(env string) map[string]string { return h1OwnedTags(env, 10*time.Hour, 30*24*time.Hour) }
	for i := 0; i < n1+n2; i++ {
		env := fmt.Sprintf("env-%03d", i)
		r := h1PathRule(env, 1000+i, "/"+env+"/*", tags(env), "env-"+env)
		if i >= n1 {
			r.ARN, r.ListenerARN = pool2Listener+"/rule/"+env, pool2Listener
		}
		s.Rules = append(s.Rules, r)
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-"+env, tags(env), 1))
	}
	return s
}

// APIGatewayOff drops the stage quota from the picture (tests of the pool
// only): no REST API read.
func (s *Snapshot) APIGatewayOff() { s.RestAPIID = "" }

func poolConfigNoAPI() *Config {
	c := poolCfg()
	c.APIGateway, c.CloudFront, c.Route53 = nil, nil, nil
	return c
}

// Quotas per load balancer and the pool's total; what still fits sums
// each load balancer's room; create goes where the room is most, says so,
// and refuses only when no load balancer has any.
func TestPoolQuotasAndPlacement(t *testing.T) {
	for _, tc := range []struct {
		name         string
		n1, n2       int
		fit          int
		onSecond     bool
		refusedWith  string
		poolRulesUse int
	}{
		{"first nearly full", 9, 1, 1 + 9, true, "", 10},
		{"second nearly full", 1, 9, 9 + 1, false, "", 10},
		{"tie: the first", 5, 5, 10, false, "", 10},
		{"both full", 10, 10, 0, false, "no load balancer of the pool has room", 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := poolConfigNoAPI()
			inv := BuildInventory(poolSnap(tc.n1, tc.n2, 10), cfg, h1Now)
			rooms := LoadBalancerQuotas(inv.Quotas)
			if len(rooms) != 2 || rooms[0].Name != "shared" || rooms[1].Name != "shared2" ||
				rooms[0].Rules.Used != tc.n1 || rooms[1].TargetGroups.Used != tc.n2 {
				t.Fatalf("rooms %+v", rooms)
			}
			var pool *QuotaUsage
			for i, q := range inv.Quotas {
				if q.Scope == PoolScope && q.Code == QuotaRulesPerALB {
					pool = &inv.Quotas[i]
				}
			}
			if pool == nil || pool.Used != tc.poolRulesUse || pool.Limit != 20 {
				t.Fatalf("pool total %+v", pool)
			}
			if inv.Capacity.EnvsRemaining != tc.fit {
				t.Errorf("capacity %+v, want %d", inv.Capacity, tc.fit)
			}
			p, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-z", Owner: "alice", NoStage: true}, h1Now)
			if tc.refusedWith != "" {
				var full *PoolFullError
				if !errors.As(err, &full) || !strings.Contains(err.Error(), tc.refusedWith) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("err %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, name := h1Listener, "shared"
			if tc.onSecond {
				want, name = pool2Listener, "shared2"
			}
			for _, st := range p.Steps {
				if st.Type == TypeRule && (st.Def.Rule.ListenerARN != want || !strings.Contains(st.Reason, "on load balancer "+name)) {
					t.Errorf("rule step %+v on %s", st, st.Def.Rule.ListenerARN)
				}
			}
		})
	}
}

// An environment with resources on two load balancers of the pool is a
// split-environment finding, and none of it is collected as orphan: here
// its rules forward only to an empty target group (orphan-rule) and it has
// an unused target group attached on the second load balancer.
func TestPoolSplitEnvironmentNeverOrphan(t *testing.T) {
	cfg := poolConfigNoAPI()
	s := poolSnap(0, 0, 100)
	old := h1OwnedTags("feat-split", 30*time.Hour, 30*24*time.Hour)
	s.Rules = append(s.Rules, h1PathRule("split", 1000, "/feat-split/*", old, "env-feat-split"))
	spare := h1LambdaTG("spare-feat-split", old, 0)
	spare.LoadBalancerARNs = []string{pool2LB}
	s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-split", old, 0), spare)
	inv := BuildInventory(s, cfg, h1Now)
	f := h1FindOne(t, inv, FindingSplitEnvironment, h1RuleARN("split"))
	if f.Environment != "feat-split" || !strings.Contains(f.Reason, "shared (") || !strings.Contains(f.Reason, "shared2 (") {
		t.Errorf("finding %+v", f)
	}
	for _, st := range PlanGC(inv, cfg, h1Now).Steps {
		t.Errorf("gc plans %s %s", st.Action, st.ID)
	}
	if lb := inv.EnvLoadBalancer("feat-split"); lb != "" {
		t.Errorf("a split environment lives on %s", lb)
	}
	// On one load balancer the same environment is an orphan as ever.
	s.TargetGroups[len(s.TargetGroups)-1].LoadBalancerARNs = nil
	inv = BuildInventory(s, cfg, h1Now)
	if n := len(PlanGC(inv, cfg, h1Now).Steps); n != 3 {
		t.Errorf("gc of the orphan on one load balancer: %d steps, want 3", n)
	}
	if lb := inv.EnvLoadBalancer("feat-split"); lb != s.LoadBalancerARN {
		t.Errorf("environment on %q", lb)
	}
}

func TestPoolConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		alb  func(a *ALBConfig)
		want string
	}{
		{"pool", func(a *ALBConfig) { a.ListenerARN, a.ListenerARNs = "", []string{h1Listener, pool2Listener} }, ""},
		{"both", func(a *ALBConfig) { a.ListenerARNs = []string{pool2Listener} }, "alb.listener_arns: give alb.listener_arn"},
		{"one load balancer twice", func(a *ALBConfig) {
			a.ListenerARN, a.ListenerARNs = "", []string{h1Listener, h1Listener2}
		}, "alb.listener_arns[1]: is on the same load balancer"},
		{"not an ARN", func(a *ALBConfig) { a.ListenerARN, a.ListenerARNs = "", []string{h1Listener, "nope"} }, "alb.listener_arns[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := h1Cfg()
			tc.alb(&cfg.ALB)
			err := cfg.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// In a pool, a load balancer the AWS Load Balancer Controller manages is
// passed over (its rules would be removed) while another has room; with
// every one of them managed, create refuses with the controller's reason.
func TestPoolPassesOverControllerLoadBalancer(t *testing.T) {
	cfg := poolConfigNoAPI()
	s := poolSnap(1, 5, 10)
	s.LoadBalancers[0].Tags = controllerTags
	p, err := PlanCreate(BuildInventory(s, cfg, h1Now), cfg, CreateRequest{Name: "feat-z", Owner: "alice", NoStage: true}, h1Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range p.Steps {
		if st.Type == TypeRule && st.Def.Rule.ListenerARN != pool2Listener {
			t.Errorf("rule on %s", st.Def.Rule.ListenerARN)
		}
	}
	s.LoadBalancers[1].ListenerTags = controllerTags
	_, err = PlanCreate(BuildInventory(s, cfg, h1Now), cfg, CreateRequest{Name: "feat-z", Owner: "alice", NoStage: true}, h1Now)
	if err == nil || !strings.Contains(err.Error(), "AWS Load Balancer Controller") {
		t.Errorf("err %v", err)
	}
}
