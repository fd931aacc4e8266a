//go:build windows

package aws

import (
	"os"

	"golang.org/x/sys/windows"
)

// LockFile takes an exclusive lock of f's first byte, waiting for it.
func LockFile(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, new(windows.Overlapped))
}

// UnlockFile releases LockFile's lock.
func UnlockFile(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}
