package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A saved plan edited by hand (or cut short, or from another version) is
// refused whole, naming the bad step, before any call: applied step by
// step, the delete before the bad step ran and left the environment half
// destroyed. Sandbox: the edit is to a file, not to AWS's behaviour.
func TestApplyRefusesABrokenPlanFileWhole(t *testing.T) {
	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"unknown action", "action", "explode", `unknown action "explode"`},
		{"unknown type", "type", "lambda-function", `unknown resource type "lambda-function"`},
		{"no id", "id", "", "no resource id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			dir := t.TempDir()
			base := []string{"--sandbox", "--sandbox-state", filepath.Join(dir, "sandbox.json")}
			planFile := filepath.Join(dir, "plan.json")
			if r := c.run(append(base, "destroy", "chore-deps-bump", "--plan-out", planFile)...); r.code != 0 {
				t.Fatalf("destroy --plan-out: exit %d: %s", r.code, r.stderr)
			}
			editStep(t, planFile, 1, tc.field, tc.value)

			r := c.run(append(base, "apply", planFile, "--yes")...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 1 || len(lines) != 1 || !strings.Contains(r.stderr, "step 2 (") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("apply: exit %d, stderr %q; want exit 1 and one line naming step 2 and %q", r.code, r.stderr, tc.want)
			}
			if strings.Contains(r.stdout, "deleted") {
				t.Errorf("apply ran a step of a broken plan:\n%s", r.stdout)
			}
			show := c.run(append(base, "show", "chore-deps-bump", "-o", "json")...)
			var env struct {
				Status    string            `json:"status"`
				Resources []json.RawMessage `json:"resources"`
			}
			mustJSON(t, show.stdout, &env)
			if env.Status != "healthy" || len(env.Resources) != 2 {
				t.Errorf("after the refused apply chore-deps-bump is %s with %d resources, want healthy with 2", env.Status, len(env.Resources))
			}
		})
	}
}

// editStep sets field of step i (from 0) of the plan file to value.
func editStep(t *testing.T, file string, i int, field, value string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	steps, _ := p["steps"].([]any)
	if len(steps) <= i {
		t.Fatalf("plan has %d steps", len(steps))
	}
	steps[i].(map[string]any)[field] = value
	if b, err = json.Marshal(p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
