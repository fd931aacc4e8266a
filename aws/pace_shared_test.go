package aws

import (
	"context"
	"testing"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// Two sets of clients (two platforms) in one account and region draw on
// one ELB bucket (39 tokens, 10/s); in two accounts, or with an unknown
// account, each has its own. 49 calls on each, one after the other.
func TestAccountPacersShareAnAccountsBuckets(t *testing.T) {
	for _, c := range []struct {
		name       string
		key1, key2 string
		want       time.Duration
	}{
		{"one account", PaceKey("111111111111", "eu-west-1"), PaceKey("111111111111", "eu-west-1"), 5900 * time.Millisecond},
		{"two accounts", PaceKey("111111111111", "eu-west-1"), PaceKey("222222222222", "eu-west-1"), 2 * time.Second},
		{"one account, two regions", PaceKey("111111111111", "eu-west-1"), PaceKey("111111111111", "us-east-1"), 2 * time.Second},
		{"account unknown", PaceKey("", "eu-west-1"), PaceKey("", "eu-west-1"), 2 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk := &fakeClock{now: t0}
			pacers := NewAccountPacers()
			for _, key := range []string{c.key1, c.key2} {
				cl := Instrument(Clients{ELB: fakePlatform(1)}, InstrumentOptions{Pace: true, Pacers: pacers, PaceKey: key, clock: clk})
				for i := 0; i < 49; i++ {
					if _, err := cl.ELB.DescribeRules(context.Background(), &elbv2.DescribeRulesInput{}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if got := clk.Now().Sub(t0); got != c.want {
				t.Errorf("98 calls took %v, want %v", got, c.want)
			}
		})
	}
}
