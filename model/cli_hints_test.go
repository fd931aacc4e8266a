package model

import "testing"

func TestWithCLI(t *testing.T) {
	const sb = "envdeck --sandbox --sandbox-state /tmp/s.json"
	cases := []struct{ text, cli, want string }{
		{"see it with envdeck show feat-a, or remove it with envdeck destroy feat-a", sb,
			"see it with " + sb + " show feat-a, or remove it with " + sb + " destroy feat-a"},
		{"set one with envdeck extend --ttl", "envdeck --sandbox", "set one with envdeck --sandbox extend --ttl"},
		{"Journal J (" + sb + " restore J).", sb, "Journal J (" + sb + " restore J)."}, // already carries it
		{"envdeck: refused", sb, "envdeck: refused"},                                   // not a command
		{"envdeck showcase", sb, "envdeck showcase"},
		{"see envdeck show feat-a", "envdeck", "see envdeck show feat-a"},
		{"see envdeck show feat-a", "", "see envdeck show feat-a"},
	}
	for _, c := range cases {
		if got := WithCLI(c.text, c.cli); got != c.want {
			t.Errorf("WithCLI(%q, %q)\n got %q\nwant %q", c.text, c.cli, got, c.want)
		}
	}
}
