package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The demo account's story, through the real command layer.
func TestSandboxDemoTellsTheStory(t *testing.T) {
	c := newCLI(t)

	r := c.run("--sandbox", "gc", "-o", "json")
	if r.code != 0 {
		t.Fatalf("gc exit %d: %s", r.code, r.stderr)
	}
	var gc gcJSON
	if err := json.Unmarshal([]byte(r.stdout), &gc); err != nil {
		t.Fatalf("gc json: %v\n%s", err, r.stdout)
	}
	kinds := map[string]bool{}
	for _, f := range gc.Findings {
		kinds[f.Kind] = true
	}
	if len(kinds) < 7 {
		t.Fatalf("gc lists %d finding kinds, want at least 7: %v", len(kinds), kinds)
	}
	if gc.Applied || gc.Journal != nil || len(gc.Plan) == 0 {
		t.Fatalf("dry run: applied=%v journal=%v plan=%d steps", gc.Applied, gc.Journal, len(gc.Plan))
	}

	r = c.run("--sandbox", "quota", "-o", "json")
	var q quotaJSON
	if err := json.Unmarshal([]byte(r.stdout), &q); err != nil {
		t.Fatalf("quota json: %v\n%s", err, r.stdout)
	}
	above := 0
	for _, x := range q.Quotas {
		if x.Percent > 80 {
			above++
		}
	}
	if above == 0 || q.Forecast.FullOn == nil {
		t.Fatalf("quota: %d quotas above 80%%, forecast %+v", above, q.Forecast)
	}
	if r.code != 1 && r.code != 2 {
		t.Fatalf("quota exit %d with a quota above 80%%, want 1 or 2", r.code)
	}

	r = c.run("--sandbox", "slots")
	for _, state := range []string{"free", "claimed", "broken"} {
		if !strings.Contains(r.stdout, state) {
			t.Fatalf("slots lacks %q:\n%s", state, r.stdout)
		}
	}
}

// A create, then a destroy, on one sandbox state file: the state lives
// between runs, and no terminal without --yes changes nothing.
func TestSandboxCreateDestroyWithState(t *testing.T) {
	c := newCLI(t)
	state := t.TempDir() + "/sandbox.json"
	base := []string{"--sandbox", "--sandbox-state", state}

	r := c.run(append(base, "create", "feat-e2e", "--no-stage")...)
	if r.code != 1 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("create without terminal and --yes: exit %d stderr %q", r.code, r.stderr)
	}
	r = c.run(append(base, "show", "feat-e2e")...)
	if r.code == 0 {
		t.Fatalf("feat-e2e exists after a refused create:\n%s", r.stdout)
	}

	r = c.run(append(base, "create", "feat-e2e", "--no-stage", "--yes")...)
	if r.code != 0 {
		t.Fatalf("create: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append(base, "show", "feat-e2e", "-o", "json")...)
	var env envJSON
	if err := json.Unmarshal([]byte(r.stdout), &env); err != nil {
		t.Fatalf("show: %v\n%s", err, r.stdout)
	}
	if len(env.Resources) != 2 {
		t.Fatalf("feat-e2e has %d resources, want rule and target group: %+v", len(env.Resources), env.Resources)
	}
	for _, res := range env.Resources {
		if !res.Owned {
			t.Fatalf("created resource not owned: %+v", res)
		}
	}

	c.onTerm = true
	c.stdin = "feat-wrong\n"
	r = c.run(append(base, "destroy", "feat-e2e")...)
	if r.code != 1 || !strings.Contains(r.stderr, "did not match") {
		t.Fatalf("destroy with a wrong name: exit %d stderr %q", r.code, r.stderr)
	}
	c.stdin = "feat-e2e\n"
	r = c.run(append(base, "destroy", "feat-e2e")...)
	if r.code != 0 {
		t.Fatalf("destroy: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append(base, "show", "feat-e2e")...)
	if r.code == 0 {
		t.Fatalf("feat-e2e still exists after destroy:\n%s", r.stdout)
	}
	// Running the destroy again (say its last answer was lost) is done, not an error.
	r = c.run(append(base, "destroy", "feat-e2e", "--yes")...)
	if r.code != 0 || !strings.Contains(r.stdout, "Nothing to do") {
		t.Fatalf("second destroy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A name that never existed is still an error.
	r = c.run(append(base, "destroy", "feat-never", "--yes")...)
	if r.code == 0 {
		t.Fatalf("destroy of an unknown environment exited 0")
	}
}
