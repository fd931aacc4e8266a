package aws

import "testing"

// After the first load the console reads at api_budget; BeginFullRead ('r',
// or the read after an apply) returns to the full rate until every health
// is in again.
func TestConsoleBackendFullReadSwitchesRate(t *testing.T) {
	fg, bg := Clients{Profile: "fg"}, Clients{Profile: "bg"}
	b := &Console{fg: fg, bg: bg}
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
