// Package tui is envdeck's terminal console: one bubbletea v2 root model
// composed of small view models. It never talks to AWS: everything it reads
// or changes goes through the Backend that cmd injects.
package tui

import (
	"context"
	"time"

	"github.com/envdeck/envdeck/model"
)

// Backend is the TUI's only way to the account. cmd implements it over
// aws.Clients (a real account or the sandbox); tests use a fake.
type Backend interface {
	Config() *model.Config
	ReadOnly() bool
	// Discover reads the lists: everything but target health when
	// withHealth is false (cheap; the first paint).
	Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error)
	// ReadHealth reads the health of the given target group ARNs
	// (streamed in after the lists).
	ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError)
	// Apply executes plan, sending one running and one final event per
	// step on events when it is not nil. Apply does not close events.
	Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error)
	// Now is the clock (the sandbox and tests pin it).
	Now() time.Time
}

// FullReader is implemented by a backend whose reads after the first load
// are paced at api_budget: the console tells it before a read the user asked
// for ('r'), which may then use the account's whole rate and re-read tags.
type FullReader interface{ BeginFullRead() }

// HealthPacer is implemented by a backend that paces its background reads:
// HealthRate is the account's documented ELBv2 Describe rate (calls per
// second), of which an auto-refresh spends api_budget. A backend without
// it (a test fake) keeps no budget: an auto-refresh reads every health.
type HealthPacer interface{ HealthRate() float64 }

// Options tune the console.
type Options struct {
	// Refresh is the auto-refresh interval: 0 means 30 s, a negative value
	// disables auto-refresh.
	Refresh time.Duration
	// Sandbox marks the demo account ("sandbox" in the header).
	Sandbox bool
	// DebugLog is the file --debug writes the API calls to (shown in the
	// header; "" without --debug).
	DebugLog string
	// CLI is the command line of this account for hints ("envdeck
	// --sandbox …", so a pasted hint acts on the same account); "" is
	// "envdeck".
	CLI string
	// Owner is who creates: the owner of an environment made with the
	// form's owner field left empty, as the CLI's create --owner defaults
	// it (the OS user); "" leaves it to model ("unknown").
	Owner string
	// Platform is the configuration's platform shown ("" for a file
	// without platforms), Theme its header colour (model.PlatformThemes).
	Platform, Theme string
	// Platforms lists and opens the platforms :ctx switches between; nil:
	// there is nothing to switch to.
	Platforms Platforms
}

// DefaultRefresh is the auto-refresh interval when Options.Refresh is 0.
const DefaultRefresh = 30 * time.Second

func (o Options) refresh() time.Duration {
	switch {
	case o.Refresh == 0:
		return DefaultRefresh
	case o.Refresh < 0:
		return 0
	}
	return o.Refresh
}
