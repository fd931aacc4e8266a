package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/model"
)

// A create that died with only its target group made (the saved plan cut
// after its first step, applied) is finished by `envdeck create NAME` run
// again: the plan says it completes the half-made environment and creates
// only the rule and the stage; once complete, create refuses the name with
// one line saying what to do.
func TestCreateCompletesHalfMadeOnMoto(t *testing.T) {
	c, _, flags := motoPathPlatform(t)
	dir := t.TempDir()
	planPath := filepath.Join(dir, "plan.json")
	if r := c.run(append([]string{"create", "half-made", "--owner", "ci", "--plan-out", planPath}, flags...)...); r.code != 0 {
		t.Fatalf("plan: exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(planPath)
	if err != nil {
		t.Fatal(err)
	}
	var p model.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 3 || p.Steps[0].Type != model.TypeTargetGroup {
		t.Fatalf("plan steps %+v", p.Steps)
	}
	p.Steps = p.Steps[:1] // the create died after its target group
	b, _ = json.Marshal(p)
	cut := writeFile(t, dir, "cut.json", string(b))
	if r := c.run(append([]string{"apply", cut, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("apply of the first step: exit %d: %s", r.code, r.stderr)
	}

	r := c.run(append([]string{"create", "half-made", "--owner", "ci", "--dry-run"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("dry run: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "completes the half-made environment") || !strings.Contains(r.stdout, "Plan: 2 to add, 0 to change, 0 to destroy.") ||
		strings.Contains(r.stdout, string(model.TypeTargetGroup)) {
		t.Fatalf("dry run plan does not complete the half-made environment with a rule and a stage:\n%s", r.stdout)
	}

	r = c.run(append([]string{"create", "half-made", "--owner", "ci", "--yes"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("create again: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append([]string{"show", "half-made", "-o", "json"}, flags...)...)
	var e envJSON
	mustJSON(t, r.stdout, &e)
	kinds := map[model.ResourceType]int{}
	for _, res := range e.Resources {
		kinds[res.Type]++
		if !res.Owned {
			t.Errorf("%s %s not owned", res.Type, res.ID)
		}
	}
	if kinds[model.TypeRule] != 1 || kinds[model.TypeTargetGroup] != 1 || kinds[model.TypeStage] != 1 {
		t.Fatalf("half-made after the second create: %v", kinds)
	}

	r = c.run(append([]string{"create", "half-made", "--owner", "ci", "--yes"}, flags...)...)
	line := strings.TrimRight(r.stderr, "\n")
	if r.code == 0 || strings.Contains(line, "\n") || !strings.Contains(line, "already exists and is complete") ||
		!strings.Contains(line, "envdeck show half-made") || !strings.Contains(line, "envdeck destroy half-made") {
		t.Fatalf("create of a complete environment: exit %d, stderr %q", r.code, r.stderr)
	}
}
