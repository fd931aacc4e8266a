package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// Every machine-readable command says the same in JSON and YAML, and --jq
// filters its JSON (on the demo account, through the real command layer).
func TestJSONAndYAMLAgree(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) // the demo account is seeded relative to now
	for _, args := range [][]string{
		{"ls"}, {"show", "main"}, {"quota"}, {"slots"}, {"gc"}, {"rules"}, {"version"},
	} {
		name := strings.Join(args, " ")
		js := c.run(append([]string{"--sandbox"}, append(args, "-o", "json")...)...)
		ys := c.run(append([]string{"--sandbox"}, append(args, "-o", "yaml")...)...)
		if js.code != ys.code {
			t.Errorf("%s: exit %d with json, %d with yaml", name, js.code, ys.code)
		}
		var fromJSON, fromYAML any
		if err := json.Unmarshal([]byte(js.stdout), &fromJSON); err != nil {
			t.Errorf("%s -o json: %v\n%s", name, err, js.stdout)
			continue
		}
		if err := yaml.Unmarshal([]byte(ys.stdout), &fromYAML); err != nil {
			t.Errorf("%s -o yaml: %v\n%s", name, err, ys.stdout)
			continue
		}
		// Same types on both sides: YAML integers become JSON numbers.
		b, _ := json.Marshal(fromYAML)
		fromYAML = nil
		_ = json.Unmarshal(b, &fromYAML)
		if !reflect.DeepEqual(fromJSON, fromYAML) {
			t.Errorf("%s: JSON and YAML differ\njson: %.300s\nyaml: %.300s", name, js.stdout, ys.stdout)
		}
	}
}

func TestJQ(t *testing.T) {
	c := newCLI(t)
	r := c.run("--sandbox", "ls", "-o", "json", "--jq", ".environments[].name")
	if r.code != 0 {
		t.Fatalf("--jq: exit %d: %s", r.code, r.stderr)
	}
	names := strings.Fields(r.stdout)
	if len(names) < 60 || names[0] != "admin" || strings.Contains(r.stdout, `"`) {
		t.Errorf("--jq printed %d names (strings raw, one per line): %.200q", len(names), r.stdout)
	}
	r = c.run("--sandbox", "quota", "-o", "json", "--jq", "[.quotas[] | select(.percent >= 90) | .code] | length")
	if strings.TrimSpace(r.stdout) == "" || strings.Contains(r.stdout, "[") {
		t.Errorf("--jq with a number result: %q (stderr %q)", r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox", "ls", "--jq", ".x"}, "--jq needs -o json"},
		{[]string{"--sandbox", "ls", "-o", "yaml", "--jq", ".x"}, "--jq needs -o json"},
		{[]string{"--sandbox", "ls", "-o", "json", "--jq", ".environments["}, "--jq"},
		{[]string{"--sandbox", "ls", "-o", "xml"}, "--output \"xml\""},
	} {
		r := c.run(tc.args...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d stdout %q stderr %q (want one line with %q)", tc.args, r.code, r.stdout, r.stderr, tc.want)
		}
	}
}
