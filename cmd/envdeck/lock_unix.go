//go:build !windows

package main

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock of f, waiting for it.
func lockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
