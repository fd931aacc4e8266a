package model

import (
	"strings"
	"testing"
)

// FuzzParsePattern: ParsePattern accepts exactly the templates holding the
// placeholder once; a parsed pattern renders by replacing it, errors are
// one line, and (ASCII) values without '/' or '.' match back.
func FuzzParsePattern(f *testing.F) {
	for _, s := range [][3]string{
		{"/{env}/*", "{env}", "feat"}, {"{env}.preview.example.com", "{env}", "Feat"},
		{"pv-{n}.example.com", "{n}", "12"}, {"env-{env}", "{env}", "x"}, {"{env}{env}", "{env}", "a"},
		{"", "{env}", "a"}, {"{env}", "{env}", "a/b"}, {"{en{env}v}", "{env}", "q"}, {"{n}{env}", "{n}", "1"},
	} {
		f.Add(s[0], s[1] == PlaceholderSlot, s[2])
	}
	f.Fuzz(func(t *testing.T, raw string, slot bool, v string) {
		ph := PlaceholderEnv
		if slot {
			ph = PlaceholderSlot
		}
		p, err := ParsePattern(raw, ph)
		if (err == nil) != (strings.Count(raw, ph) == 1) {
			t.Fatalf("ParsePattern(%q, %q) error = %v with %d placeholders", raw, ph, err, strings.Count(raw, ph))
		}
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		if p.String() != raw || p.IsZero() {
			t.Fatalf("String() = %q, IsZero %v; want %q", p.String(), p.IsZero(), raw)
		}
		rendered := p.Render(v)
		if want := strings.Replace(raw, ph, v, 1); rendered != want {
			t.Fatalf("Render(%q) = %q, want %q", v, rendered, want)
		}
		if v == "" || strings.ContainsAny(v, "/.") || !isASCII(raw) || !isASCII(v) {
			return
		}
		got, ok := p.Match(rendered)
		if !ok || !strings.EqualFold(got, v) {
			t.Fatalf("Match(Render(%q)) = %q, %v (pattern %q)", v, got, ok, raw)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
