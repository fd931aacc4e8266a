package tui

import (
	"context"
	"testing"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// sandboxBackend is the production backend, aws.Console, over the
// in-memory demo account, built by the constructor cmd uses; it only
// records the plans it is asked to apply.
type sandboxBackend struct {
	*envaws.Console
	*fakeBackend // for the recorded calls only
}

func newSandboxBackend(t *testing.T, now time.Time) *sandboxBackend {
	acct := sandbox.Demo(now)
	journal := t.TempDir()
	c := envaws.NewConsole(envaws.ConsoleOptions{
		Clients: acct.Clients(), Config: sandbox.DemoConfig(), Sandbox: true,
		Now:      func() time.Time { return now },
		Journals: func(context.Context) (envaws.Journals, error) { return envaws.LocalJournals(journal), nil },
	})
	return &sandboxBackend{Console: c, fakeBackend: &fakeBackend{}}
}

// The backend's methods are the console's; the fake only records.
func (s *sandboxBackend) Config() *model.Config { return s.Console.Config() }
func (s *sandboxBackend) ReadOnly() bool        { return s.Console.ReadOnly() }
func (s *sandboxBackend) Now() time.Time        { return s.Console.Now() }
func (s *sandboxBackend) HealthRate() float64   { return s.Console.HealthRate() }

func (s *sandboxBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	return s.Console.Discover(ctx, withHealth)
}

func (s *sandboxBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	return s.Console.ReadHealth(ctx, arns)
}

func (s *sandboxBackend) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	s.fakeBackend.mu.Lock()
	s.fakeBackend.applied = append(s.fakeBackend.applied, plan)
	s.fakeBackend.mu.Unlock()
	return s.Console.Apply(ctx, plan, events)
}

// demoNow pins the demo account's clock.
var demoNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func demoSession(t *testing.T, w, h int) *session {
	be := newSandboxBackend(t, demoNow)
	eng := modelEngine()
	return startSessionOpts(t, be, be.fakeBackend, &eng, Options{Refresh: -1, Sandbox: true, CLI: "envdeck --sandbox"}, w, h)
}
