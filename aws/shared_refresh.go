package aws

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/envdeck/envdeck/model"
)

// SharedRefresh is one console's side of the shared refresh
// (docs/ARCHITECTURE.md § Shared refresh): before each refresh Begin says
// whether this console reads the account and publishes (it holds the
// lease), shows what the holder published (one read of the store, no
// account reads), or reads the account itself within api_budget (the
// store cannot be reached, or its snapshot is stale while another console
// still holds the lease). model.LeasePolicy decides; this type only talks
// to the store.
type SharedRefresh struct {
	store  LeaseStore
	policy model.LeasePolicy
	holder string

	mu   sync.Mutex
	held bool
	// Errors: the last failure to reach the store (nil when it answered).
	err error
}

// Published is what a lease holder publishes: its snapshot (health
// included) and when each target group's health was read.
type Published struct {
	At           time.Time            `json:"published_at"`
	Holder       string               `json:"holder"`
	Snapshot     *model.Snapshot      `json:"snapshot"`
	HealthReadAt map[string]time.Time `json:"health_read_at,omitempty"`
}

// NewSharedRefresh returns holder's side of the shared refresh in store.
func NewSharedRefresh(store LeaseStore, p model.LeasePolicy, holder string) *SharedRefresh {
	return &SharedRefresh{store: store, policy: p, holder: holder}
}

// Holder is this console's holder id.
func (s *SharedRefresh) Holder() string { return s.holder }

// Where names the store.
func (s *SharedRefresh) Where() string { return s.store.Where() }

// Err is the last failure to reach the store, nil when it answered.
func (s *SharedRefresh) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Begin decides the next refresh at now. A holder renews its lease first;
// any other console reads the published snapshot (one read) and shows it
// while it is fresh; when it is not, it tries to take the lease (the
// holder died or hangs: the lease is free by then, see model.LeasePolicy).
// pub is set for RefreshReader only.
func (s *SharedRefresh) Begin(ctx context.Context, now time.Time) (role model.RefreshRole, pub *Published) {
	s.mu.Lock()
	held := s.held
	s.mu.Unlock()
	if held {
		if ok, err := s.take(ctx, now); err != nil || ok {
			return s.policy.Role(err == nil, ok, time.Time{}, now), nil
		}
	}
	pub, err := s.fetch(ctx)
	if err != nil {
		s.note(false, err)
		return model.RefreshDirect, nil
	}
	var at time.Time
	if pub != nil {
		at = pub.At
	}
	if role = s.policy.Role(true, false, at, now); role == model.RefreshReader {
		s.note(false, nil)
		return role, pub
	}
	ok, err := s.take(ctx, now)
	return s.policy.Role(err == nil, ok, time.Time{}, now), nil
}

// take takes or renews the lease and remembers whether this console holds it.
func (s *SharedRefresh) take(ctx context.Context, now time.Time) (bool, error) {
	_, ok, err := s.store.Acquire(ctx, s.holder, s.policy, now)
	s.note(ok && err == nil, err)
	return ok && err == nil, err
}

func (s *SharedRefresh) note(held bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held, s.err = held, err
}

func (s *SharedRefresh) fetch(ctx context.Context) (*Published, error) {
	b, err := s.store.Fetch(ctx)
	if err != nil || b == nil {
		return nil, err
	}
	var p Published
	if json.Unmarshal(b, &p) != nil || p.Snapshot == nil {
		return nil, nil // torn or foreign: as if nothing was published
	}
	return &p, nil
}

// Publish writes snap as this holder's at now; a console that does not
// hold the lease publishes nothing.
func (s *SharedRefresh) Publish(ctx context.Context, snap *model.Snapshot, now time.Time) error {
	s.mu.Lock()
	held := s.held
	s.mu.Unlock()
	if !held || snap == nil {
		return nil
	}
	b, err := json.Marshal(Published{At: now.UTC(), Holder: s.holder, Snapshot: snap, HealthReadAt: snap.HealthReadAt})
	if err != nil {
		return err
	}
	err = s.store.Publish(ctx, b)
	s.note(err == nil, err)
	return err
}

// Release gives the lease up (the console quits) and withdraws the
// published snapshot, so the next console to refresh takes the lease at
// once instead of showing the last snapshot until it goes stale.
func (s *SharedRefresh) Release(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	held := s.held
	s.held = false
	s.mu.Unlock()
	if !held {
		return nil
	}
	if err := s.store.Release(ctx, s.holder, now); err != nil {
		return err
	}
	b, err := json.Marshal(Published{At: now.UTC(), Holder: s.holder}) // no snapshot: withdrawn
	if err != nil {
		return err
	}
	return s.store.Publish(ctx, b)
}

// SnapshotOf returns the published snapshot with its health read times,
// for a reader's screen.
func (p *Published) SnapshotOf() *model.Snapshot {
	snap := *p.Snapshot
	snap.HealthReadAt = p.HealthReadAt
	snap.Calls = nil // the holder's calls, not this console's
	return &snap
}
