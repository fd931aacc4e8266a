package main

import (
	"context"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
)

func TestScratchDiscoverCost(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	start := time.Now()
	fx := awstest.SeedScalePlatform(t, awstest.MotoClients(t, endpoint), now, awstest.ScaleOptions{Envs: 100})
	t.Logf("seed %v", time.Since(start))
	p := awstest.NewProxy(t, endpoint)
	c := p.Clients(t)
	start = time.Now()
	snap := aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{SkipHealth: true})
	t.Logf("discover %v errs %v", time.Since(start), snap.Errors)
	t.Logf("%v", p.Actions())
	p.ResetLog()
	snap = aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{SkipHealth: true, Limits: snap.Limits})
	t.Logf("%v", p.Actions())
	t.Logf("%s", fx.ConfigYAML)
}
