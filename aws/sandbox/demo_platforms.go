package sandbox

import (
	"time"

	"github.com/envdeck/envdeck/model"
)

// The demo's two platforms: dev (the Demo account) and a read-only staging
// in an account of its own, so switching platforms can be tried offline.
const (
	DemoDevPlatform      = "dev"
	DemoStagingPlatform  = "staging"
	DemoStagingAccountID = "210987654321"
)

// DemoPlatforms is the configuration of the demo's platforms: dev is
// DemoConfig, staging is DemoStagingConfig; dev is the default.
func DemoPlatforms() *model.Platforms {
	dev := DemoConfig()
	dev.Platform, dev.Theme = DemoDevPlatform, "green"
	return model.NewPlatforms(DemoDevPlatform, dev, DemoStagingConfig())
}

// DemoStagingConfig is the staging platform of the demo: read-only, red,
// its environments made of two services, web and bff (withDemoServices).
func DemoStagingConfig() *model.Config {
	c := demoConfigFor(DemoStagingAccountID)
	c.Platform, c.ReadOnly, c.Theme = DemoStagingPlatform, true, "red"
	withDemoServices(c)
	return c
}

// DemoFor returns the demo account whose id is accountID: staging's, else
// the Demo account.
func DemoFor(accountID string, now time.Time) *Account {
	if accountID == DemoStagingAccountID {
		return DemoStaging(now)
	}
	return Demo(now)
}

// DemoStaging is the staging account of the demo: the same edge as Demo
// (its own ids) with a handful of long-lived environments.
func DemoStaging(now time.Time) *Account {
	now = now.UTC().Truncate(time.Second)
	a := New(Options{AccountID: DemoStagingAccountID})
	in := seedInfra(a, now)
	d := &demoSeeder{a: a, c: a.Clients(), in: in, now: now, cfg: DemoStagingConfig(), taken: map[int]bool{}}
	for _, e := range stagingEnvs() {
		d.env(e)
	}
	d.dns()
	a.SetOptions(Options{
		Latency:    2 * time.Millisecond,
		Jitter:     3 * time.Millisecond,
		DeployTime: 45 * time.Second,
	})
	return a
}

// stagingEnvs is staging's cast: release candidates and a few long-lived
// integration environments, none of dev's names but main.
func stagingEnvs() []demoEnv {
	return []demoEnv{
		{name: "main", owner: "platform", age: 95 * day, keep: true, stage: true, health: hcHealthy},
		{name: "release-2-4", owner: "platform", age: 6 * day, ttl: 21 * day, stage: true, health: hcHealthy},
		{name: "release-2-5-rc1", owner: "platform", age: 1 * day, ttl: 21 * day, health: hcHealthy},
		// Its bff rule was removed by hand: partial, and show names bff.
		{name: "int-payments", owner: "bob", age: 12 * day, ttl: 30 * day, stage: true, health: hcHealthy, noBFFRule: true},
		{name: "int-sso", owner: "carol", age: 9 * day, ttl: 30 * day, health: hcUnhealthy},
		{name: "perf-baseline", owner: "dave", age: 20 * day, ttl: 14 * day},
		{name: "uat-acme", owner: "sales", age: 14 * day, ttl: 30 * day, slot: 1, stage: true},
	}
}
