package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// fakeBackend serves a fixed snapshot and records applied plans.
type fakeBackend struct {
	mu       sync.Mutex
	cfg      *model.Config
	readOnly bool
	now      time.Time
	snap     *model.Snapshot
	health   map[string][]model.Target
	// failStep makes Apply fail the step with this index (-1: none).
	failStep int

	discovers   int
	healthCalls [][]string
	applied     []model.Plan
}

func newFakeBackend(cfg *model.Config, snap *model.Snapshot, now time.Time) *fakeBackend {
	h := map[string][]model.Target{}
	for _, g := range snap.TargetGroups {
		h[g.ARN] = g.Targets
	}
	return &fakeBackend{cfg: cfg, snap: snap, health: h, now: now, failStep: -1}
}

func (f *fakeBackend) Config() *model.Config { return f.cfg }
func (f *fakeBackend) ReadOnly() bool        { return f.readOnly }
func (f *fakeBackend) Now() time.Time        { return f.now }

// HealthRate paces the fake's refreshes as the production backend's are.
func (f *fakeBackend) HealthRate() float64 { return envaws.ELBDescribeRate() }

func (f *fakeBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.discovers++
	s := *f.snap
	s.TargetGroups = slices.Clone(f.snap.TargetGroups)
	for i := range s.TargetGroups {
		s.TargetGroups[i].HealthRead = withHealth
		if !withHealth {
			s.TargetGroups[i].Targets = nil
		}
	}
	return &s, nil
}

func (f *fakeBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.healthCalls = append(f.healthCalls, slices.Clone(arns))
	out := map[string][]model.Target{}
	for _, a := range arns {
		out[a] = f.health[a]
	}
	return out, nil
}

func (f *fakeBackend) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	f.mu.Lock()
	f.applied = append(f.applied, plan)
	fail := f.failStep
	f.mu.Unlock()
	if f.readOnly {
		return model.ApplyResult{}, errors.New("read-only: refused")
	}
	res := model.ApplyResult{JournalID: "20261125T120000Z-" + plan.Kind}
	for i, s := range plan.Steps {
		if events != nil {
			events <- model.StepEvent{Index: i, Step: s, State: model.EventRunning}
		}
		ev := model.StepEvent{Index: i, Step: s, State: model.EventDone}
		if i == fail {
			ev.State, ev.Message = model.EventFailed, "AccessDenied: not authorized to perform elasticloadbalancing:DeleteRule"
		}
		if events != nil {
			events <- ev
		}
		res.Events = append(res.Events, ev)
	}
	return res, nil
}

func (f *fakeBackend) appliedPlans() []model.Plan {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.applied)
}

func (f *fakeBackend) calls() (discovers int, health [][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.discovers, slices.Clone(f.healthCalls)
}

var _ Backend = (*fakeBackend)(nil)

// errorf is a tiny helper for fixture planners.
func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }
