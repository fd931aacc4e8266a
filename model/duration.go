package model

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// ParseDuration reads a duration the way envdeck.yaml and the CLI write
// them: Go's units (h, m, s, ms, us, ns) plus d for 24 hours, combinable
// ("72h", "90m", "7d", "1d12h", "1.5d"). A bare "0" is zero. The error
// names the value.
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	bad := func(why string) error {
		return fmt.Errorf("invalid duration %q: %s (want e.g. 72h, 90m or 7d)", orig, why)
	}
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	switch s {
	case "":
		return 0, bad("empty")
	case "0":
		return 0, nil
	}
	isNum := func(c byte) bool { return c == '.' || (c >= '0' && c <= '9') }
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && isNum(s[i]) {
			i++
		}
		if i == 0 {
			return 0, bad(fmt.Sprintf("expected a number at %q", s))
		}
		num := s[:i]
		s = s[i:]
		j := 0
		for j < len(s) && !isNum(s[j]) {
			j++
		}
		unit := s[:j]
		s = s[j:]
		if unit == "" {
			return 0, bad("missing unit after " + num)
		}
		var part time.Duration
		if unit == "d" {
			h, err := time.ParseDuration(num + "h")
			if err != nil || h > math.MaxInt64/24 {
				return 0, bad("out of range")
			}
			part = h * 24
		} else {
			p, err := time.ParseDuration(num + unit)
			if err != nil {
				if strings.Contains(err.Error(), "unknown unit") {
					return 0, bad(fmt.Sprintf("unknown unit %q", unit))
				}
				return 0, bad("out of range")
			}
			part = p
		}
		if total > math.MaxInt64-part {
			return 0, bad("out of range")
		}
		total += part
	}
	if neg {
		total = -total
	}
	return total, nil
}

// FormatDuration writes d the way users write it: "72h", "1h30m", "45s"
// (no days, no zero components); sub-second values use Go's notation.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	if d%time.Second != 0 {
		return d.String()
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		if d == math.MinInt64 {
			return d.String()
		}
		d = -d
	}
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// ParseDurationValue is ParseDuration returning a Duration.
func ParseDurationValue(s string) (Duration, error) {
	d, err := ParseDuration(s)
	return Duration{d}, err
}

// String is FormatDuration.
func (d Duration) String() string { return FormatDuration(d.Duration) }

// MarshalText writes "72h" (YAML and JSON both go through it).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "72h", "90m", "7d".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalJSON writes a JSON string such as "72h".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a JSON string such as "72h" or "7d".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("invalid duration %s: want a string such as \"72h\" or \"7d\"", b)
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalYAML writes a plain scalar such as 72h (goccy/go-yaml).
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML reads a scalar such as 72h, "90m" or 7d (goccy/go-yaml).
func (d *Duration) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return fmt.Errorf("invalid duration: want a string such as 72h or 7d")
	}
	return d.UnmarshalText([]byte(s))
}
