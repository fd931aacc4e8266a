package model

import (
	"fmt"
	"strings"
)

// Placeholders of the configured name templates.
const (
	PlaceholderEnv  = "{env}"
	PlaceholderSlot = "{n}"
)

// Pattern is a name template holding exactly one placeholder, such as
// '/{env}/*' or 'pv-{n}.preview.example.com'. It renders a name into the
// template and matches a concrete value back to the name.
type Pattern struct {
	raw, placeholder, prefix, suffix string
	fold                             bool // hostnames compare case-insensitively
}

// ParsePattern checks that raw holds placeholder exactly once.
func ParsePattern(raw, placeholder string) (Pattern, error) {
	switch n := strings.Count(raw, placeholder); {
	case n == 0:
		return Pattern{}, fmt.Errorf("pattern %q has no %s", raw, placeholder)
	case n > 1:
		return Pattern{}, fmt.Errorf("pattern %q has %s more than once", raw, placeholder)
	}
	i := strings.Index(raw, placeholder)
	p := Pattern{raw: raw, placeholder: placeholder, prefix: raw[:i], suffix: raw[i+len(placeholder):]}
	p.fold = !strings.HasPrefix(raw, "/") // paths are case-sensitive, hostnames are not
	return p, nil
}

// MustPattern is ParsePattern for patterns already validated with the config.
func MustPattern(raw, placeholder string) Pattern {
	p, err := ParsePattern(raw, placeholder)
	if err != nil {
		panic(err)
	}
	return p
}

func (p Pattern) String() string { return p.raw }

// IsZero reports an unset pattern (matches nothing).
func (p Pattern) IsZero() bool { return p.raw == "" }

// Render puts v in place of the placeholder.
func (p Pattern) Render(v string) string { return p.prefix + v + p.suffix }

// RenderedLen is len(p.Render(v)), without building the string.
func (p Pattern) RenderedLen(v string) int { return len(p.prefix) + len(v) + len(p.suffix) }

// Match returns the value in place of the placeholder when s fits the
// pattern; the value is never empty and never crosses a '/' or a '.'.
func (p Pattern) Match(s string) (string, bool) {
	if p.raw == "" {
		return "", false
	}
	cmp := s
	prefix, suffix := p.prefix, p.suffix
	if p.fold {
		cmp, prefix, suffix = strings.ToLower(s), strings.ToLower(prefix), strings.ToLower(suffix)
	}
	if len(cmp) <= len(prefix)+len(suffix) || !strings.HasPrefix(cmp, prefix) || !strings.HasSuffix(cmp, suffix) {
		return "", false
	}
	v := cmp[len(prefix) : len(cmp)-len(suffix)]
	if strings.ContainsAny(v, "/.") {
		return "", false
	}
	return v, true
}
