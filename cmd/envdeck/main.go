// Command envdeck is the terminal console and CLI for feature environments
// on shared AWS edge infrastructure.
package main

import "os"

// Stamped by goreleaser (-ldflags "-X main.version=...").
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
