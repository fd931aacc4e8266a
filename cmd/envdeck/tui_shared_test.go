package main

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Three consoles of one account, built as runTUI builds them (each through
// its own proxy, so each one's calls are counted apart), share one refresh
// budget: on one machine through the read cache directory, and across
// machines (three HOMEs) through cache: s3://bucket/prefix in the config.
// Counted, not timed: only the lease holder reads ELB.
func TestConsolesShareOneRefreshBudget(t *testing.T) {
	moto := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, moto), now)
	sdk := awstest.SDKOf(t, awstest.MotoClients(t, moto))
	if _, err := sdk.S3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: sdkaws.String("team-console-cache")}); err != nil {
		t.Fatal(err)
	}
	// The pacing is real time: a budget of 1 keeps the holder's reads short.
	base := f.ConfigYAML + "api_budget: 1\n"
	cases := []struct {
		name, config string
		ownHome      bool
	}{
		{"one machine", base, false},
		{"cache in s3, three homes", base + "cache: s3://team-console-cache/envdeck\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			config := writeFile(t, t.TempDir(), "envdeck.yaml", c.config)
			home := t.TempDir()
			var proxies []*awstest.Proxy
			var consoles []*aws.Console
			for i := 0; i < 3; i++ {
				if c.ownHome {
					home = t.TempDir()
				}
				p := awstest.NewProxy(t, moto)
				proxies = append(proxies, p)
				consoles = append(consoles, sharedConsole(t, p, config, home))
			}
			for round := 0; round < 3; round++ {
				for _, b := range consoles {
					consoleRefresh(t, b, round == 0)
				}
			}
			elb := func(i int) int { return proxies[i].Count(awstest.ServiceELBv2, "") }
			if elb(0) == 0 || elb(1) != 0 || elb(2) != 0 {
				t.Errorf("ELB calls by console: %d %d %d, want the lease holder's only", elb(0), elb(1), elb(2))
			}
			if r := consoles[1].SharedRole(); r != model.RefreshReader {
				t.Errorf("console 1 is %v, want a reader", r)
			}
			for _, b := range consoles {
				_ = b.Close(context.Background())
			}
		})
	}
}

// sharedConsole builds one console over p with HOME home.
func sharedConsole(t *testing.T, p *awstest.Proxy, config, home string) *aws.Console {
	t.Helper()
	cl := p.Clients(t, awstest.WithRetryer(awstest.FastBackoff(aws.NewRetryer)))
	env := map[string]string{"HOME": home}
	a := &app{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{},
		env: func(k string) string { return env[k] }, clients: &cl}
	a.flags.config = config
	b, _, err := a.console(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// consoleRefresh is one refresh as the console makes it: the lists, then
// the health of every target group (first load) or of a few (the share of
// api_budget a later refresh has).
func consoleRefresh(t *testing.T, b *aws.Console, first bool) {
	t.Helper()
	snap, err := b.Discover(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Errors) > 0 || len(snap.TargetGroups) == 0 {
		t.Fatalf("read: %d target groups, errors %v", len(snap.TargetGroups), snap.Errors)
	}
	var arns []string
	for _, tg := range snap.TargetGroups {
		if first || len(arns) < 3 {
			arns = append(arns, tg.ARN)
		}
	}
	b.ReadHealth(context.Background(), arns)
}
