package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// Through the command layer on the sandbox (moto cannot tag an HTTP API
// stage): extend --ttl, touch and extend --keep retag feat-recs's HTTP API
// stage too, and gc run when feat-recs would have expired selects none of
// its resources (the same gc selects them on an untouched account).
func TestRetagHTTPStageThroughCLI(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	later := now.Add(13 * 24 * time.Hour) // feat-recs expires in 12 days
	const env = "feat-recs"
	for _, tc := range []struct {
		args []string
		ok   func(keys model.TagKeys, tags map[string]string) bool
	}{
		{[]string{"extend", env, "--ttl", "30d"}, func(keys model.TagKeys, tags map[string]string) bool {
			return tags[keys.ExpiresAt] == now.Add(30*24*time.Hour).Format(time.RFC3339)
		}},
		{[]string{"touch", env}, func(keys model.TagKeys, tags map[string]string) bool {
			exp, ok := model.TagTime(tags, keys.ExpiresAt)
			return ok && exp.After(later)
		}},
		{[]string{"extend", env, "--keep"}, func(keys model.TagKeys, tags map[string]string) bool { return keys.Kept(tags) }},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c := newCLI(t)
			c.now = now
			base := []string{"--sandbox", "--sandbox-state", t.TempDir() + "/sandbox.json"}
			ids, stage := shownIDs(t, c, base, env)
			if !gcSelectsAny(t, c, base, later, ids) {
				t.Fatalf("gc at %s selects nothing of %s before %s: the test proves nothing", later, env, tc.args[0])
			}
			c.now = now
			r := c.run(append(append(base, tc.args...), "--yes")...)
			if r.code != 0 || !strings.Contains(r.stdout, "update apigwv2-stage "+stage) {
				t.Fatalf("%v: exit %d, no HTTP stage step\n%s%s", tc.args, r.code, r.stdout, r.stderr)
			}
			if tags := httpStageTagsShown(t, c, base, env); !tc.ok(sandbox.DemoConfig().Keys(), tags) {
				t.Fatalf("after %v the HTTP stage is tagged %v", tc.args, tags)
			}
			if gcSelectsAny(t, c, base, later, ids) {
				t.Fatalf("after %v, gc at %s still selects a resource of %s", tc.args, later, env)
			}
		})
	}
}

type shownResource struct {
	Type    model.ResourceType `json:"type"`
	ID      string             `json:"id"`
	Details struct {
		Tags map[string]string `json:"tags"`
	} `json:"details"`
}

func showResources(t *testing.T, c *cli, base []string, env string) []shownResource {
	t.Helper()
	r := c.run(append(base, "show", env, "-o", "json")...)
	var doc struct {
		Resources []shownResource `json:"resources"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("show %s: exit %d %v\n%s%s", env, r.code, err, r.stdout, r.stderr)
	}
	return doc.Resources
}

// shownIDs is the id of each resource of env, and its HTTP stage's.
func shownIDs(t *testing.T, c *cli, base []string, env string) (ids map[string]bool, stage string) {
	t.Helper()
	ids = map[string]bool{}
	for _, x := range showResources(t, c, base, env) {
		ids[x.ID] = true
		if x.Type == model.TypeHTTPStage {
			stage = x.ID
		}
	}
	if stage == "" {
		t.Fatalf("%s has no HTTP API stage: %v", env, ids)
	}
	return ids, stage
}

func httpStageTagsShown(t *testing.T, c *cli, base []string, env string) map[string]string {
	t.Helper()
	for _, x := range showResources(t, c, base, env) {
		if x.Type == model.TypeHTTPStage {
			return x.Details.Tags
		}
	}
	t.Fatalf("%s has no HTTP API stage", env)
	return nil
}

// gcSelectsAny reports whether gc's plan made at now deletes one of ids.
func gcSelectsAny(t *testing.T, c *cli, base []string, now time.Time, ids map[string]bool) bool {
	t.Helper()
	c.now = now
	r := c.run(append(base, "gc", "-o", "json")...)
	var doc gcJSON
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("gc: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	for _, st := range doc.Plan {
		if ids[st.ID] {
			return true
		}
	}
	return false
}
