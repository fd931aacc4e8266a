package awstest

import "syscall"

// procAttr puts moto in its own process group (so stop kills the shim and
// python together) and kills it when the test binary dies.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
