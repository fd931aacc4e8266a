package awstest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// PoolFixture is a pool of two load balancers (pool-alb-1, pool-alb-2),
// one HTTP listener on :80 each, with owned path environments on them.
type PoolFixture struct {
	Config        *model.Config
	ConfigYAML    string
	LoadBalancers [2]string
	Listeners     [2]string
	seeded        int
	s             *seeder
}

// SeedPool creates the pool and n[i] environments (an owned rule and a
// lambda target group with one target, 26h old, live) on load balancer i.
// The config has alb.listener_arns and no API Gateway, CloudFront or Route 53.
func SeedPool(t testing.TB, c aws.Clients, now time.Time, n [2]int) *PoolFixture {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	_, subnets, err := defaultSubnets(s.ctx, s.sdk)
	s.must(err, "default subnets")
	f := &PoolFixture{s: s}
	for i := range f.LoadBalancers {
		lb, err := s.sdk.ELB.CreateLoadBalancer(s.ctx, &elbv2.CreateLoadBalancerInput{Name: sdkaws.String(fmt.Sprintf("pool-alb-%d", i+1)), Subnets: subnets})
		s.must(err, "load balancer %d", i+1)
		f.LoadBalancers[i] = sdkaws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
		f.Listeners[i] = s.listener(f.LoadBalancers[i], 80)
	}
	f.ConfigYAML = strings.Replace(pathConfigYAML(f.Listeners[0], ""), "  listener_arn: "+f.Listeners[0],
		"  listener_arns:\n    - "+f.Listeners[0]+"\n    - "+f.Listeners[1], 1) + "\n"
	f.ConfigYAML = dropAPIGateway(f.ConfigYAML)
	f.Config = loadConfig(t, f.ConfigYAML)
	f.Fill(0, n[0])
	f.Fill(1, n[1])
	return f
}

// Fill adds n more environments on load balancer i (pN-NNN, a rule and a
// target group each).
func (f *PoolFixture) Fill(i, n int) {
	s := f.s
	for k := 0; k < n; k++ {
		f.seeded++
		env := fmt.Sprintf("p%d-%03d", i+1, f.seeded)
		tags := s.tagMap(oldEnv(env, "ci"))
		tg := s.targetGroup(tgSpec{name: "env-" + env, tags: tags, targets: []string{lambdaARN("env-" + env)}})
		s.rule(f.Listeners[i], int32(5000+f.seeded), []elbtypes.RuleCondition{pathCond("/" + env + "/*")}, forward(tg), tags)
	}
}

// SplitEnv adds environment env split across the pool: an owned rule on
// each load balancer, both forwarding to one owned target group with no
// targets, all 26h old (orphans, were it on one load balancer).
func (f *PoolFixture) SplitEnv(env string) (rules [2]string, tg string) {
	s := f.s
	tags := s.tagMap(oldEnv(env, "ci"))
	tg = s.targetGroup(tgSpec{name: "env-" + env, tags: tags})
	for i := range f.Listeners {
		rules[i] = s.rule(f.Listeners[i], int32(6000+i), []elbtypes.RuleCondition{pathCond("/" + env + "/*")}, forward(tg), tags)
	}
	return rules, tg
}

// dropAPIGateway removes the apigateway block from a fixture config.
func dropAPIGateway(text string) string {
	var out []string
	skip := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "apigateway:"):
			skip = true
			continue
		case skip && strings.HasPrefix(line, " "):
			continue
		}
		skip = false
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
