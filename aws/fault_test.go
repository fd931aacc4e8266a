package aws_test

import (
	"context"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
)

func TestFaultExperiment(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	moto := awstest.StartMoto(t)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	p := awstest.NewProxy(t, moto)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		start := time.Now()
		c := p.Clients(t, awstest.WithRetryer(aws.NewRetryer))
		snap := aws.Discover(ctx, c, f.Config, aws.DiscoverOptions{})
		t.Logf("clean %v errors=%v calls=%d proxy=%d", time.Since(start), snap.Errors, len(snap.Calls), len(p.Log()))
		t.Logf("%v", p.Actions())
		p.ResetLog()
	}
	p.Seed(42)
	p.SetRules(
		awstest.On("", "", awstest.Throttle()).WithProbability(0.30),
		awstest.On("", "", awstest.ServerError(503)).WithProbability(0.05/0.70),
	)
	for i := 0; i < 3; i++ {
		start := time.Now()
		c := p.Clients(t, awstest.WithRetryer(aws.NewRetryer))
		snap := aws.Discover(ctx, c, f.Config, aws.DiscoverOptions{})
		t.Logf("faulted %v errors=%v proxy=%d injected=%d", time.Since(start), snap.Errors, len(p.Log()), p.CountInjected(""))
		p.ResetLog()
	}
}
