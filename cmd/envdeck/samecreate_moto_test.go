package main

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// On moto, through the CLI, as two pipelines of one pull request do: two
// `create pr-777` planned before either applies, then applied one after
// the other, and two `create pr-777 --yes` run at once. Each ends with one
// complete environment (one rule, one target group, one stage); a create
// that finds it made meanwhile says so ("already so") and exits 0, one that
// fails exits 1 with one line; no resource is reported made by both;
// `destroy` then removes everything.
func TestCreateSameEnvironmentTwiceOnMoto(t *testing.T) {
	orders := map[string]func(t *testing.T, c *cli, flags []string) [2]result{
		"planned together, applied in turn": func(t *testing.T, c *cli, flags []string) [2]result {
			dir := t.TempDir()
			var out [2]result
			plans := [2]string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")}
			for _, p := range plans {
				if r := c.run(append([]string{"create", "pr-777", "--owner", "ci", "--plan-out", p}, flags...)...); r.code != 0 {
					t.Fatalf("plan: exit %d: %s", r.code, r.stderr)
				}
			}
			for i, p := range plans {
				out[i] = c.run(append([]string{"apply", p, "--yes"}, flags...)...)
			}
			return out
		},
		"at once": func(t *testing.T, c *cli, flags []string) [2]result {
			var out [2]result
			var wg sync.WaitGroup
			for i := range out {
				// Two pipelines: the second plans a second later.
				ci := *c
				ci.now = c.now.Add(time.Duration(i) * time.Second)
				wg.Add(1)
				go func() {
					defer wg.Done()
					out[i] = ci.run(append([]string{"create", "pr-777", "--owner", "ci", "--yes"}, flags...)...)
				}()
			}
			wg.Wait()
			return out
		},
	}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			c, _, flags := motoPathPlatform(t)
			rs := order(t, c, flags)
			ok := 0
			for i, r := range rs {
				switch {
				case r.code == 0:
					ok++
				case r.code != 1 || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") > 0:
					t.Errorf("create %d: exit %d, stderr %q: want 0, or 1 with one line", i+1, r.code, r.stderr)
				}
				t.Logf("create %d: exit %d\n%s%s", i+1, r.code, r.stdout, r.stderr)
			}
			if ok == 0 {
				t.Fatal("neither create succeeded")
			}
			checkMadeOnce(t, rs)
			r := c.run(append([]string{"show", "pr-777", "-o", "json"}, flags...)...)
			var e envJSON
			mustJSON(t, r.stdout, &e)
			kinds := map[model.ResourceType]int{}
			for _, res := range e.Resources {
				kinds[res.Type]++
			}
			if e.Status == model.StatusPartial || kinds[model.TypeRule] != 1 || kinds[model.TypeTargetGroup] != 1 || kinds[model.TypeStage] != 1 {
				t.Fatalf("pr-777 after both creates: status %s, %v", e.Status, kinds)
			}
			if r := c.run(append([]string{"destroy", "pr-777", "--yes"}, flags...)...); r.code != 0 {
				t.Fatalf("destroy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := c.run(append([]string{"show", "pr-777"}, flags...)...); r.code == 0 {
				t.Fatalf("pr-777 still there after destroy:\n%s", r.stdout)
			}
		})
	}
}

// checkMadeOnce: each resource is reported made (✓ … (done)) by one
// create at most, and the other reports it already so.
func checkMadeOnce(t *testing.T, rs [2]result) {
	t.Helper()
	made := map[string]int{}
	for _, r := range rs {
		for _, line := range strings.Split(r.stdout, "\n") {
			if rest, ok := strings.CutPrefix(line, "✓ create "); ok {
				res, _, _ := strings.Cut(rest, ": ")
				made[res]++
			}
		}
	}
	for res, n := range made {
		if n > 1 {
			t.Errorf("%s reported made by both creates", res)
		}
	}
	if !strings.Contains(rs[0].stdout+rs[1].stdout, "already so") {
		t.Error("neither create reports what it found made")
	}
}
