package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPatternMatch: Match never panics; what it returns renders back to the
// input (case-insensitively for hostname patterns); and Render → Match
// round-trips every value that holds no '/' or '.'.
func FuzzPatternMatch(f *testing.F) {
	seeds := []struct{ raw, v, s string }{
		{"/{env}/*", "feat-a", "/feat-a/*"},
		{"{env}.preview.example.com", "Feat-A", "FEAT-A.preview.example.com"},
		{"env-{env}", "feat-a", "env-"},
		{"{env}", "x", ""},
		{"pv-{n}.preview.example.com", "3", "pv-3.preview.example.com"},
		{"{env}{env}", "a", "aa"},
		{"/{env}", "a/b", "/a.b"},
		{"İ{env}", "İ", "i̇i̇"},
	}
	for _, s := range seeds {
		f.Add(s.raw, s.v, s.s)
	}
	f.Fuzz(func(t *testing.T, raw, v, s string) {
		for _, ph := range []string{PlaceholderEnv, PlaceholderSlot} {
			p, err := ParsePattern(raw, ph)
			if err != nil {
				if strings.Count(raw, ph) == 1 {
					t.Fatalf("ParsePattern(%q, %s): %v", raw, ph, err)
				}
				continue
			}
			if p.String() != raw {
				t.Fatalf("String() = %q, want %q", p.String(), raw)
			}
			fold := !strings.HasPrefix(raw, "/")
			if got, ok := p.Match(s); ok {
				if got == "" || strings.ContainsAny(got, "/.") {
					t.Fatalf("Match(%q) on %q = %q", s, raw, got)
				}
				if utf8.ValidString(raw) && utf8.ValidString(s) {
					back := p.Render(got)
					if fold {
						back, s = strings.ToLower(back), strings.ToLower(s)
					}
					if back != s {
						t.Fatalf("Render(Match(%q)) = %q on %q", s, back, raw)
					}
				}
			}
			if !utf8.ValidString(raw) || !utf8.ValidString(v) {
				continue
			}
			got, ok := p.Match(p.Render(v))
			valid := v != "" && !strings.ContainsAny(v, "/.")
			if ok != valid {
				t.Fatalf("Match(Render(%q)) on %q: ok = %v, want %v", v, raw, ok, valid)
			}
			want := v
			if fold {
				want = strings.ToLower(v)
			}
			if ok && got != want {
				t.Fatalf("Match(Render(%q)) on %q = %q, want %q", v, raw, got, want)
			}
		}
	})
}
