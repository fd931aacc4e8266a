package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/envdeck/envdeck/aws/journal"
)

// openDebugLog sends --debug's lines to a file while the console runs:
// written to stderr they would land on the console's screen. The file is
// in the state folder, under logs/, one per run; the console's header
// shows its path.
func (a *app) openDebugLog() (path string, closeLog func(), err error) {
	dir := filepath.Join(journal.Dir(), "logs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, fmt.Errorf("--debug log: %w", err)
	}
	path = filepath.Join(dir, "debug-"+a.clock().Format("20060102T150405Z")+".log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("--debug log: %w", err)
	}
	a.debugOut = f
	return path, func() { a.debugOut = nil; f.Close() }, nil
}
