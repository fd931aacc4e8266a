package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
)

// The --sandbox-state file is shared by every envdeck process given it (a
// console and a CLI side by side). Two rules keep them from overwriting
// each other: a process reads the file again whenever another process
// saved it since (before each console read, and before each apply), and an
// apply runs under an exclusive lock of the file, from that read to its
// save. So a change is always made to, and saved over, the newest state.

// sandboxFile is the state file as this process last loaded or saved it:
// another process's save shows as a different file. The console reads and
// applies from several goroutines, hence the mutex.
type sandboxFile struct {
	mu   sync.Mutex
	seen os.FileInfo
}

func (s *sandboxFile) set(fi os.FileInfo) { s.mu.Lock(); s.seen = fi; s.mu.Unlock() }

// known reports a state file loaded or saved by this process.
func (s *sandboxFile) known() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.seen != nil }

// changed reports fi as another file than the one last seen.
func (s *sandboxFile) changed(fi os.FileInfo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen == nil || !os.SameFile(fi, s.seen) || !fi.ModTime().Equal(s.seen.ModTime()) || fi.Size() != s.seen.Size()
}

// checkSandboxFlags refuses --sandbox-state without --sandbox: without it
// envdeck would act on the configured AWS account.
func (a *app) checkSandboxFlags(demo bool) error {
	if demo {
		a.flags.sandbox = true
	}
	if a.flags.sandboxState != "" && !a.flags.sandbox {
		return errors.New("--sandbox-state needs --sandbox (or envdeck demo): without it envdeck acts on the configured AWS account")
	}
	return nil
}

// sandboxAccount loads --sandbox-state when it exists, else seeds the demo
// (and saves it there: the demo is seeded relative to now, so a plan saved
// by one run applies in the next only if both read one account).
func (a *app) sandboxAccount() (*sandbox.Account, error) {
	if a.account != nil {
		return a.account, nil
	}
	if p := a.flags.sandboxState; p != "" {
		acct, fi, err := loadSandboxState(p)
		switch {
		case err == nil:
			a.account = acct
			a.state.set(fi)
			return acct, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	a.account = sandbox.DemoFor(a.sandboxAccountID(), a.clock())
	if a.flags.sandboxState == "" {
		return a.account, nil
	}
	release, err := a.lockSandbox() // reads the file if another process wrote it meanwhile
	if err != nil {
		a.account = nil
		return nil, err
	}
	defer release()
	if !a.state.known() {
		if err := a.saveSandbox(); err != nil {
			a.account = nil
			return nil, err
		}
	}
	return a.account, nil
}

func loadSandboxState(path string) (*sandbox.Account, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox state: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox state: %w", err)
	}
	acct, err := sandbox.Load(f)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	return acct, fi, nil
}

// reloadSandbox reads the state file again when another process saved it
// since this one last loaded or saved it.
func (a *app) reloadSandbox() error {
	p := a.flags.sandboxState
	if p == "" || a.account == nil {
		return nil
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // nothing saved yet
	}
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if !a.state.changed(fi) {
		return nil
	}
	acct, fi, err := loadSandboxState(p)
	if err != nil {
		return err
	}
	a.account.Replace(acct)
	a.state.set(fi)
	return nil
}

// lockSandbox prepares an apply on the sandbox: it takes the state file's
// lock, reads the file again if another process saved it, and refuses a
// state file it could not write afterwards, so nothing changes that could
// not be saved. release ends the lock (after the save).
func (a *app) lockSandbox() (release func(), err error) {
	p := a.flags.sandboxState
	if !a.flags.sandbox || p == "" {
		return func() {}, nil
	}
	refuse := func(err error) error {
		return fmt.Errorf("sandbox state %s cannot be written (%v): nothing changed", p, err)
	}
	lock, err := os.OpenFile(p+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, refuse(err)
	}
	if err := aws.LockFile(lock); err != nil {
		lock.Close()
		return nil, refuse(err)
	}
	release = func() { aws.UnlockFile(lock); lock.Close() }
	if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		release()
		return nil, refuse(err)
	}
	if err := a.reloadSandbox(); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// saveSandbox persists the sandbox after an apply when --sandbox-state is
// set (under lockSandbox's lock): a new file renamed over the old one.
func (a *app) saveSandbox() error {
	p := a.flags.sandboxState
	if a.account == nil || p == "" {
		return nil
	}
	tmp := p + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if err := a.account.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if fi, err := os.Stat(p); err == nil {
		a.state.set(fi)
	}
	return nil
}

var unsafeKey = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// sandboxKey names a sandbox account's journal folder: "demo" for the
// built-in account, else the state file's name and a hash of its absolute
// path (two state files of one name are two accounts).
func (a *app) sandboxKey() string {
	p := a.flags.sandboxState
	if p == "" {
		if id := a.sandboxAccountID(); id != "" && id != sandbox.DefaultAccountID {
			return "demo-" + id // another demo platform's account
		}
		return "demo"
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	sum := sha256.Sum256([]byte(abs))
	return unsafeKey.ReplaceAllString(filepath.Base(p), "_") + "-" + hex.EncodeToString(sum[:4])
}
