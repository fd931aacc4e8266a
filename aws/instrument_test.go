package aws

import (
	"context"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestInstrumentCounts(t *testing.T) {
	elb := fakePlatform(1)
	raw := Clients{ELB: elb, STS: &fakeSTS{account: fakeAccount}}
	c := Instrument(raw, InstrumentOptions{})
	if c.Calls == nil {
		t.Fatal("Calls not created")
	}
	outer, inner := NewCallCounter(), NewCallCounter()
	ctx := WithCallCounter(WithCallCounter(context.Background(), outer), inner)
	for i := 0; i < 3; i++ {
		if _, err := c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.STS.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"elbv2:DescribeRules": 3, "sts:GetCallerIdentity": 1}
	for k, v := range want {
		if got := c.Calls.Snapshot()[k]; got != v {
			t.Errorf("clients %s = %d, want %d", k, got, v)
		}
	}
	for name, cc := range map[string]*CallCounter{"outer": outer, "inner": inner} {
		if cc.Total() != 3 || cc.Snapshot()["elbv2:DescribeRules"] != 3 {
			t.Errorf("%s context counter: %v", name, cc.Snapshot())
		}
	}

	// instrumenting again wraps the inner clients: one count per call
	again := Instrument(c, InstrumentOptions{})
	if _, err := again.ELB.DescribeRules(context.Background(), &elbv2.DescribeRulesInput{}); err != nil {
		t.Fatal(err)
	}
	if got := again.Calls.Snapshot()["elbv2:DescribeRules"]; got != 4 {
		t.Errorf("after re-instrumenting: %d, want 4", got)
	}
	// nil clients stay nil
	if c.APIGW != nil || c.CF != nil || c.R53 != nil || c.Quotas != nil {
		t.Error("nil client became non-nil")
	}
}
