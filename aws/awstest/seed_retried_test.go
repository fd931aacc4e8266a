package awstest

import (
	"context"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// A create the SDK retried after moto had made it is refused as a
// duplicate; the seeder takes what its first attempt made, and only that
// (same name or priority, same tags). On moto, the retry sent by hand.
func TestSeederTakesWhatItsRetryMade(t *testing.T) {
	s := newSeeder(t, SDKOf(t, MotoClients(t, StartMoto(t))), time.Now())
	ctx := context.Background()
	tags := map[string]string{"env": "pr-1"}
	tg := s.targetGroup(tgSpec{name: "env-pr-1", tags: tags})

	again := &elbv2.CreateTargetGroupInput{Name: sdkaws.String("env-pr-1"), TargetType: elbtypes.TargetTypeEnumLambda, Tags: elbTags(tags)}
	_, err := s.sdk.ELB.CreateTargetGroup(ctx, again)
	if got := s.retriedTargetGroup(again, err); err == nil || got != tg {
		t.Errorf("a retried target group: err %v, taken %q, want %q", err, got, tg)
	}
	other := &elbv2.CreateTargetGroupInput{Name: again.Name, TargetType: again.TargetType, Tags: elbTags(map[string]string{"env": "pr-2"})}
	if _, err := s.sdk.ELB.CreateTargetGroup(ctx, other); s.retriedTargetGroup(other, err) != "" {
		t.Errorf("a group of the same name and other tags was taken for the one asked for")
	}

	p := &pathSeed{seeder: s, f: &PathFixture{}}
	_, subnets, err := defaultSubnets(ctx, s.sdk)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.sdk.ELB.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: sdkaws.String("lb"), Subnets: subnets})
	if err != nil {
		t.Fatal(err)
	}
	listener := p.listener(sdkaws.ToString(out.LoadBalancers[0].LoadBalancerArn), 80)
	rule := s.rule(listener, 7, []elbtypes.RuleCondition{pathCond("/pr-1/*")}, forward(tg), tags)
	in := &elbv2.CreateRuleInput{ListenerArn: sdkaws.String(listener), Priority: sdkaws.Int32(7),
		Conditions: []elbtypes.RuleCondition{pathCond("/pr-1/*")}, Actions: []elbtypes.Action{forward(tg)}, Tags: elbTags(tags)}
	_, err = s.sdk.ELB.CreateRule(ctx, in)
	if got := s.retriedRule(in, err); err == nil || got != rule {
		t.Errorf("a retried rule: err %v, taken %q, want %q", err, got, rule)
	}
	in.Tags = elbTags(map[string]string{"env": "pr-2"})
	if _, err := s.sdk.ELB.CreateRule(ctx, in); s.retriedRule(in, err) != "" {
		t.Errorf("a rule at the same priority with other tags was taken for the one asked for")
	}
}
