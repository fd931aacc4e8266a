package aws

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/envdeck/envdeck/model"
)

// LeaseStore is where the consoles of one account meet (docs/ARCHITECTURE.md
// § Shared refresh): the refresh lease, taken and renewed atomically, and the
// snapshot its holder publishes. FileLeases keeps both in a directory of one
// machine, S3Leases in a bucket the team shares.
type LeaseStore interface {
	// Acquire takes the lease for holder when it is free, or renews it
	// when holder has it, atomically; otherwise it returns the lease as
	// another holds it, and false.
	Acquire(ctx context.Context, holder string, p model.LeasePolicy, now time.Time) (model.Lease, bool, error)
	// Release gives holder's lease up (a console that quits), so another
	// takes it at once instead of after it expires.
	Release(ctx context.Context, holder string, now time.Time) error
	// Publish replaces the published snapshot.
	Publish(ctx context.Context, data []byte) error
	// Fetch returns the published snapshot; nil when there is none.
	Fetch(ctx context.Context) ([]byte, error)
	// Where names the location (for errors and the header).
	Where() string
}

// leaseCAS is the compare-and-swap a store offers on its lease record:
// version is an opaque token of what was read (an ETag, a content hash).
type leaseCAS interface {
	read(ctx context.Context) (l model.Lease, version string, exists bool, err error)
	create(ctx context.Context, l model.Lease) (bool, error)
	replace(ctx context.Context, version string, l model.Lease) (bool, error)
}

// acquire is LeaseStore.Acquire on any leaseCAS: create the lease when
// there is none; replace it, on the version read, when holder has it or it
// is free by p; else report who holds it. Losing a race is not an error.
func acquire(ctx context.Context, s leaseCAS, holder string, p model.LeasePolicy, now time.Time) (model.Lease, bool, error) {
	cur, version, exists, err := s.read(ctx)
	if err != nil {
		return model.Lease{}, false, err
	}
	next := p.Next(holder, now)
	var ok bool
	switch {
	case !exists:
		ok, err = s.create(ctx, next)
	case cur.Holder == holder || p.Free(cur, now):
		ok, err = s.replace(ctx, version, next)
	default:
		return cur, false, nil
	}
	if err != nil || ok {
		return next, ok && err == nil, err
	}
	// Another console won the race: report its lease.
	cur, _, _, err = s.read(ctx)
	return cur, false, err
}

// release is LeaseStore.Release on any leaseCAS: the lease is replaced by
// an empty one only while holder still has it.
func release(ctx context.Context, s leaseCAS, holder string, now time.Time) error {
	cur, version, exists, err := s.read(ctx)
	if err != nil || !exists || cur.Holder != holder {
		return err
	}
	_, err = s.replace(ctx, version, model.Lease{Expires: now.UTC()})
	return err
}

// NewHolderID names one console process: host, process id and a random
// part (two processes of one host may reuse a pid across a reboot).
func NewHolderID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}
