package main

import (
	"testing"

	"github.com/envdeck/envdeck/aws"
)

// After the first load the console reads at api_budget; BeginFullRead ('r',
// or the read after an apply) returns to the full rate until every health
// is in again.
func TestConsoleBackendFullReadSwitchesRate(t *testing.T) {
	fg, bg := aws.Clients{Profile: "fg"}, aws.Clients{Profile: "bg"}
	b := &tuiBackend{fg: fg, bg: bg}
	if c, first := b.reader(); c.Profile != "fg" || !first {
		t.Fatalf("first load reads with %q (first=%v)", c.Profile, first)
	}
	b.loaded = true
	if c, first := b.reader(); c.Profile != "bg" || first {
		t.Fatalf("after the first load: %q (first=%v)", c.Profile, first)
	}
	b.BeginFullRead()
	if c, first := b.reader(); c.Profile != "fg" || !first {
		t.Fatalf("after BeginFullRead: %q (first=%v)", c.Profile, first)
	}
}
