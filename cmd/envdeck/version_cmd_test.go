package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	c := newCLI(t)
	r := c.run("version", "-o", "json")
	if r.code != 0 {
		t.Fatalf("version -o json: exit %d, stderr %q", r.code, r.stderr)
	}
	var v buildInfo
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("version -o json is not JSON: %v\n%s", err, r.stdout)
	}
	if v.Version == "" || v.Commit == "" || v.Date == "" || !strings.HasPrefix(v.GoVersion, "go") || !strings.Contains(v.Platform, "/") {
		t.Errorf("version fields: %+v", v)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := c.run(args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "envdeck ") || !strings.Contains(r.stdout, v.Version) || !strings.Contains(r.stdout, "commit ") {
			t.Errorf("%v: exit %d stdout %q", args, r.code, r.stdout)
		}
	}
	if r := c.run("version", "-o", "xml"); r.code == 0 || !strings.Contains(r.stderr, "xml") {
		t.Errorf("version -o xml: exit %d stderr %q", r.code, r.stderr)
	}
}

func TestManPageCoversEveryCommand(t *testing.T) {
	c := newCLI(t)
	r := c.run("man")
	if r.code != 0 {
		t.Fatalf("man: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, ".TH ENVDECK 1") {
		t.Fatalf("not a man page: %q", r.stdout[:min(80, len(r.stdout))])
	}
	root := newRootCommand(&app{})
	for _, cmd := range root.Commands() {
		if cmd.Hidden {
			continue
		}
		if want := ".B envdeck " + roffEscape(cmd.Use); !strings.Contains(r.stdout, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	for _, section := range []string{".SH EXIT STATUS", ".SH GLOBAL FLAGS", "\\-\\-read\\-only"} {
		if !strings.Contains(r.stdout, section) {
			t.Errorf("man page lacks %q", section)
		}
	}
}

func TestRoffEscape(t *testing.T) {
	for in, want := range map[string]string{
		"--yes":      `\-\-yes`,
		`a\b`:        `a\eb`,
		".hidden":    `\&.hidden`,
		"'quoted":    `\&'quoted`,
		"plain text": "plain text",
	} {
		if got := roffEscape(in); got != want {
			t.Errorf("roffEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
