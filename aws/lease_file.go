package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/envdeck/envdeck/model"
)

// The shared refresh's files, in the read cache's account/region directory.
const (
	leaseFile     = "lease.json"
	leaseLockFile = "lease.lock"
	publishedFile = "published.json"
)

// FileLeases keeps the lease and the published snapshot in dir, for the
// consoles of one machine. Each take or renewal reads, judges and writes
// lease.json under an exclusive lock of lease.lock (flock; the kernel
// drops the lock of a process that dies), so two consoles never both take
// it; the snapshot is written atomically (a temporary file renamed).
func FileLeases(dir string) LeaseStore { return fileLeases{dir: dir} }

type fileLeases struct{ dir string }

func (s fileLeases) Where() string { return s.dir }

func (s fileLeases) Acquire(ctx context.Context, holder string, p model.LeasePolicy, now time.Time) (l model.Lease, ok bool, err error) {
	err = s.locked(func() error {
		l, ok, err = acquire(ctx, s, holder, p, now)
		return err
	})
	return l, ok, err
}

func (s fileLeases) Release(ctx context.Context, holder string, now time.Time) error {
	return s.locked(func() error { return release(ctx, s, holder, now) })
}

// locked runs fn holding the lock of the lease file.
func (s fileLeases) locked(fn func() error) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("lease in %s: %w", s.dir, err)
	}
	f, err := os.OpenFile(filepath.Join(s.dir, leaseLockFile), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("lease in %s: %w", s.dir, err)
	}
	defer f.Close()
	if err := LockFile(f); err != nil {
		return fmt.Errorf("lease in %s: lock: %w", s.dir, err)
	}
	defer UnlockFile(f)
	return fn()
}

// read: the version is the file's content hash (read and written under
// the lock, so it cannot change in between).
func (s fileLeases) read(context.Context) (model.Lease, string, bool, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, leaseFile))
	if errors.Is(err, fs.ErrNotExist) {
		return model.Lease{}, "", false, nil
	}
	if err != nil {
		return model.Lease{}, "", false, fmt.Errorf("lease in %s: %w", s.dir, err)
	}
	var l model.Lease
	if json.Unmarshal(b, &l) != nil {
		l = model.Lease{} // a torn or foreign file: free
	}
	sum := sha256.Sum256(b)
	return l, hex.EncodeToString(sum[:]), true, nil
}

func (s fileLeases) create(ctx context.Context, l model.Lease) (bool, error) {
	return s.write(l)
}

func (s fileLeases) replace(ctx context.Context, version string, l model.Lease) (bool, error) {
	if _, v, ok, err := s.read(ctx); err != nil || !ok || v != version {
		return false, err
	}
	return s.write(l)
}

func (s fileLeases) write(l model.Lease) (bool, error) {
	b, err := json.Marshal(l)
	if err != nil {
		return false, err
	}
	if err := writeFileAtomic(s.dir, leaseFile, b); err != nil {
		return false, fmt.Errorf("lease in %s: %w", s.dir, err)
	}
	return true, nil
}

func (s fileLeases) Publish(_ context.Context, data []byte) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	return writeFileAtomic(s.dir, publishedFile, data)
}

func (s fileLeases) Fetch(context.Context) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, publishedFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
