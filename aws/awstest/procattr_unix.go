//go:build unix && !linux

package awstest

import "syscall"

// procAttr puts moto in its own process group so stop kills it whole.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
