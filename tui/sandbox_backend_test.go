package tui

import (
	"context"
	"testing"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// sandboxBackend is a test Backend over the in-memory demo account, wired
// as cmd wires the real one (discovery, health and apply of package aws).
type sandboxBackend struct {
	*fakeBackend // for the recorded calls only
	clients      envaws.Clients
	cfg          *model.Config
	now          time.Time
	journal      string
	readOnly     bool
}

func newSandboxBackend(t *testing.T, now time.Time) *sandboxBackend {
	acct := sandbox.Demo(now)
	return &sandboxBackend{fakeBackend: &fakeBackend{}, clients: acct.Clients(), cfg: sandbox.DemoConfig(), now: now, journal: t.TempDir()}
}

func (s *sandboxBackend) Config() *model.Config { return s.cfg }
func (s *sandboxBackend) ReadOnly() bool        { return s.readOnly }
func (s *sandboxBackend) Now() time.Time        { return s.now }

func (s *sandboxBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	snap := envaws.Discover(ctx, s.clients, s.cfg, envaws.DiscoverOptions{SkipHealth: !withHealth})
	snap.Profile = "sandbox"
	return snap, nil
}

func (s *sandboxBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	return envaws.ReadHealth(ctx, s.clients, arns)
}

func (s *sandboxBackend) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	s.fakeBackend.mu.Lock()
	s.fakeBackend.applied = append(s.fakeBackend.applied, plan)
	s.fakeBackend.mu.Unlock()
	return envaws.Apply(ctx, s.clients, s.cfg, plan, envaws.LocalJournals(s.journal), events)
}

// demoNow pins the demo account's clock.
var demoNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func demoSession(t *testing.T, w, h int) *session {
	be := newSandboxBackend(t, demoNow)
	eng := modelEngine()
	return startSessionOpts(t, be, be.fakeBackend, &eng, Options{Refresh: -1, Sandbox: true, CLI: "envdeck --sandbox"}, w, h)
}
