package aws

import (
	"context"
	"maps"
	"sync"
	"time"

	"github.com/envdeck/envdeck/model"
)

// sharedState is a console's part in the shared refresh (ConsoleOptions.
// Shared): the role of the current refresh, the snapshot a reader shows,
// and the health a holder read (published with each snapshot, so readers
// see every group's health, not only the last refresh's share).
type sharedState struct {
	mu     sync.Mutex
	role   model.RefreshRole
	shown  *model.Snapshot // a reader's: the published snapshot
	last   *model.Snapshot // a holder's: its last lists
	health map[string]healthRead
}

type healthRead struct {
	targets []model.Target
	at      time.Time
}

// fromShared starts a refresh: for a reader, the published snapshot (no
// account reads); nil when this console reads the account (as holder, or
// directly).
func (b *Console) fromShared(ctx context.Context) *model.Snapshot {
	s := b.o.Shared
	if s == nil {
		return nil
	}
	role, pub := s.Begin(ctx, b.o.Now())
	sh := &b.shared
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.role, sh.shown = role, nil
	if role != model.RefreshReader {
		return nil
	}
	sh.shown = pub.SnapshotOf()
	return sh.shown
}

// SharedRole is the role of the current refresh (RefreshDirect without a
// shared refresh).
func (b *Console) SharedRole() model.RefreshRole {
	b.shared.mu.Lock()
	defer b.shared.mu.Unlock()
	return b.shared.role
}

// publishLists: a holder publishes the lists it just read with the health
// it read so far.
func (b *Console) publishLists(ctx context.Context, snap *model.Snapshot) {
	sh := &b.shared
	sh.mu.Lock()
	if sh.role != model.RefreshHolder {
		sh.mu.Unlock()
		return
	}
	last := *snap // kept apart from what the screen and Annotate change
	last.TargetGroups = append([]model.TargetGroup(nil), snap.TargetGroups...)
	sh.last = &last
	sh.mu.Unlock()
	b.publish(ctx)
}

// sharedHealth answers a reader's health read from the published
// snapshot; ok false when this console reads the account.
func (b *Console) sharedHealth(arns []string) (map[string][]model.Target, bool) {
	sh := &b.shared
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.role != model.RefreshReader || sh.shown == nil {
		return nil, false
	}
	out := map[string][]model.Target{}
	want := healthSet(arns)
	for _, tg := range sh.shown.TargetGroups {
		if want[tg.ARN] && tg.HealthRead {
			out[tg.ARN] = tg.Targets
		}
	}
	return out, true
}

// publishHealth: a holder adds the health it read and publishes again.
func (b *Console) publishHealth(ctx context.Context, health map[string][]model.Target) {
	sh := &b.shared
	sh.mu.Lock()
	if sh.role != model.RefreshHolder {
		sh.mu.Unlock()
		return
	}
	if sh.health == nil {
		sh.health = map[string]healthRead{}
	}
	at := b.o.Now().UTC()
	for a, ts := range health {
		sh.health[a] = healthRead{targets: ts, at: at}
	}
	sh.mu.Unlock()
	b.publish(ctx)
}

// publish writes the holder's last lists with every health it holds for
// their target groups.
func (b *Console) publish(ctx context.Context) {
	sh := &b.shared
	sh.mu.Lock()
	if sh.last == nil {
		sh.mu.Unlock()
		return
	}
	snap := *sh.last
	snap.TargetGroups = append([]model.TargetGroup(nil), sh.last.TargetGroups...)
	snap.HealthReadAt = maps.Clone(sh.last.HealthReadAt)
	if snap.HealthReadAt == nil {
		snap.HealthReadAt = map[string]time.Time{}
	}
	for i := range snap.TargetGroups {
		tg := &snap.TargetGroups[i]
		if h, ok := sh.health[tg.ARN]; ok && !tg.HealthRead {
			tg.Targets, tg.HealthRead = h.targets, true
			snap.HealthReadAt[tg.ARN] = h.at
		}
	}
	sh.mu.Unlock()
	snap.Calls = nil
	_ = b.o.Shared.Publish(ctx, &snap, b.o.Now())
}

// Close gives up the shared refresh's lease, if this console holds it, so
// another console takes it at once.
func (b *Console) Close(ctx context.Context) error {
	if b.o.Shared == nil {
		return nil
	}
	return b.o.Shared.Release(ctx, b.o.Now())
}
