package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"72h", 72 * time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"7d", 7 * 24 * time.Hour, ""},
		{"1d12h", 36 * time.Hour, ""},
		{"1.5d", 36 * time.Hour, ""},
		{"2h30m15s", 2*time.Hour + 30*time.Minute + 15*time.Second, ""},
		{"0", 0, ""},
		{"-1h", -time.Hour, ""},
		{" 3h ", 3 * time.Hour, ""},
		{"", 0, `invalid duration "": empty`},
		{"72", 0, `invalid duration "72": missing unit`},
		{"7x", 0, `invalid duration "7x": unknown unit "x"`},
		{"d", 0, `invalid duration "d": expected a number`},
		{"1d-2h", 0, `invalid duration "1d-2h"`},
		{"999999999999d", 0, `invalid duration "999999999999d": out of range`},
		{"200000h200000h", 400000 * time.Hour, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseDuration(%q) error = %v, want %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := map[time.Duration]string{
		0:                               "0s",
		72 * time.Hour:                  "72h",
		90 * time.Minute:                "1h30m",
		2*time.Hour + 5*time.Second:     "2h5s",
		-3 * time.Hour:                  "-3h",
		1500 * time.Millisecond:         "1.5s",
		7 * 24 * time.Hour:              "168h",
		45*time.Minute + 30*time.Second: "45m30s",
	}
	for d, want := range tests {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
		back, err := ParseDuration(FormatDuration(d))
		if err != nil || back != d {
			t.Errorf("round trip of %v: %v, %v", d, back, err)
		}
	}
}

func TestDurationJSON(t *testing.T) {
	type wrap struct {
		TTL Duration `json:"ttl"`
	}
	b, err := json.Marshal(wrap{Duration{72 * time.Hour}})
	if err != nil || string(b) != `{"ttl":"72h"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{`{"ttl":"7d"}`, 7 * 24 * time.Hour, ""},
		{`{"ttl":"90m"}`, 90 * time.Minute, ""},
		{`{"ttl":"7y"}`, 0, `invalid duration "7y"`},
		{`{"ttl":3600}`, 0, `invalid duration 3600`},
	}
	for _, tc := range tests {
		var w wrap
		err := json.Unmarshal([]byte(tc.in), &w)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Unmarshal(%s) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || w.TTL.Duration != tc.want {
			t.Errorf("Unmarshal(%s) = %v, %v", tc.in, w.TTL, err)
		}
	}
}

func TestDurationYAML(t *testing.T) {
	type wrap struct {
		TTL Duration `yaml:"ttl"`
	}
	b, err := yaml.Marshal(wrap{Duration{90 * time.Minute}})
	if err != nil || strings.TrimSpace(string(b)) != "ttl: 1h30m" {
		t.Fatalf("Marshal = %q, %v", b, err)
	}
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"ttl: 7d", 7 * 24 * time.Hour, ""},
		{"ttl: '72h'", 72 * time.Hour, ""},
		{"ttl: 1d12h", 36 * time.Hour, ""},
		{"ttl: 0", 0, ""},
		{"ttl: 5w", 0, `invalid duration "5w"`},
	}
	for _, tc := range tests {
		var w wrap
		err := yaml.Unmarshal([]byte(tc.in), &w)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Unmarshal(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || w.TTL.Duration != tc.want {
			t.Errorf("Unmarshal(%q) = %v, %v", tc.in, w.TTL, err)
		}
	}
}
