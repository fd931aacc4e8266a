//go:build !windows

package aws

import (
	"os"
	"syscall"
)

// LockFile takes an exclusive advisory lock of f, waiting for it.
func LockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

// UnlockFile releases LockFile's lock.
func UnlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
