package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Three envdeck processes started at the same moment
// on three names all succeed, with distinct priorities.
func TestConcurrentCreateProcesses(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	bin := buildBinary(t)
	env := os.Environ()
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	names := []string{"feat-race-a", "feat-race-b", "feat-race-c"}
	var wg sync.WaitGroup
	outs := make([]string, len(names))
	errs := make([]error, len(names))
	start := make(chan struct{})
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, append([]string{"create", name, "--no-stage", "--yes"}, flags...)...)
			cmd.Env = env
			var buf bytes.Buffer
			cmd.Stdout, cmd.Stderr = &buf, &buf
			<-start
			errs[i] = cmd.Run()
			outs[i] = buf.String()
		}()
	}
	close(start)
	wg.Wait()
	for i := range names {
		if errs[i] != nil {
			t.Fatalf("create %s: %v\n%s", names[i], errs[i], outs[i])
		}
	}
	r := c.run(append([]string{"ls", "-o", "json"}, flags...)...)
	var ls lsJSON
	mustJSON(t, r.stdout, &ls)
	priorities := map[int]string{}
	for _, name := range names {
		r := c.run(append([]string{"show", name, "-o", "json"}, flags...)...)
		if r.code != 0 {
			t.Fatalf("show %s: %s", name, r.stderr)
		}
		var e envJSON
		mustJSON(t, r.stdout, &e)
		if e.Status != model.StatusPartial && e.Status != model.StatusHealthy && e.Status != model.StatusDegraded {
			t.Errorf("%s status %s", name, e.Status)
		}
		for _, res := range e.Resources {
			if !res.Owned {
				t.Errorf("%s: %s not owned", name, res.ID)
			}
			if res.Type == model.TypeRule {
				p := int(res.Details["priority"].(float64))
				lo, hi := fx.Config.ALB.PriorityRange[0], fx.Config.ALB.PriorityRange[1]
				if p < lo || p > hi {
					t.Errorf("%s priority %d outside %d..%d", name, p, lo, hi)
				}
				if other, taken := priorities[p]; taken {
					t.Errorf("%s and %s share priority %d", name, other, p)
				}
				priorities[p] = name
			}
		}
	}
	if len(priorities) != 3 {
		t.Fatalf("priorities: %v", priorities)
	}
}

// Create → everything owned and tagged; destroy →
// nothing left; refusals are one line, exit non-zero, nothing created.
func TestCreateDestroyAndRefusalsOnMoto(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	proxy := awstest.NewProxy(t, flags[3])
	flags[3] = proxy.URL

	r := c.run(append([]string{"create", "feat-new-one", "--owner", "qa", "--ttl", "48h", "--yes"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append([]string{"show", "feat-new-one", "-o", "json"}, flags...)...)
	var e envJSON
	mustJSON(t, r.stdout, &e)
	kinds := map[model.ResourceType]bool{}
	keys := fx.Config.Keys()
	for _, res := range e.Resources {
		kinds[res.Type] = true
		if !res.Owned {
			t.Errorf("%s not owned", res.ID)
		}
		tags, _ := res.Details["tags"].(map[string]any)
		for _, k := range []string{keys.Env, keys.ManagedBy, keys.Owner, keys.CreatedAt, keys.ExpiresAt} {
			if tags[k] == nil {
				t.Errorf("%s %s lacks tag %s: %v", res.Type, res.ID, k, tags)
			}
		}
		if tags[keys.Owner] != "qa" || tags[keys.Env] != "feat-new-one" {
			t.Errorf("%s tags %v", res.ID, tags)
		}
	}
	if !kinds[model.TypeRule] || !kinds[model.TypeTargetGroup] || !kinds[model.TypeStage] {
		t.Fatalf("created resources: %v", e.Resources)
	}
	if e.ExpiresAt == nil || e.CreatedAt == nil {
		t.Fatalf("created/expires: %v %v", e.CreatedAt, e.ExpiresAt)
	}
	ca, _ := time.Parse(time.RFC3339, *e.CreatedAt)
	ea, _ := time.Parse(time.RFC3339, *e.ExpiresAt)
	if ea.Sub(ca) != 48*time.Hour {
		t.Errorf("ttl %v, want 48h", ea.Sub(ca))
	}

	c.onTerm = true
	c.stdin = "feat-new-one\n"
	r = c.run(append([]string{"destroy", "feat-new-one"}, flags...)...)
	c.onTerm = false
	if r.code != 0 {
		t.Fatalf("destroy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append([]string{"show", "feat-new-one"}, flags...)...)
	if r.code == 0 {
		t.Fatalf("feat-new-one remains:\n%s", r.stdout)
	}
	r = c.run(append([]string{"ls", "-o", "json"}, flags...)...)
	if strings.Contains(r.stdout, "feat-new-one") {
		t.Fatalf("ls still names feat-new-one")
	}

	// Refusals: one line, non-zero, no mutating call reaches the endpoint.
	mutating := func() int {
		n := 0
		for _, call := range proxy.Log() {
			if isMutatingAction(call.Action) {
				n++
			}
		}
		return n
	}
	before := mutating()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "Bad_Name", "--yes"}, "env_pattern"},
		{[]string{"create", "release-9", "--yes"}, "protected"},
		{[]string{"create", "feat-login", "--yes"}, "already exists"},
		{[]string{"create", "feat-a-name-that-is-far-too-long-x", "--yes"}, "feat-a-name-that-is-far-too-long-x"},
	} {
		r := c.run(append(tc.args, flags...)...)
		if r.code == 0 || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d stderr %q (want one line with %q)", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if n := mutating(); n != before {
		t.Errorf("%d mutating calls made by refused creates", n-before)
	}
	// The API at 10 stages (moto does not enforce it; envdeck does).
	sdk := awstest.MotoSDK(flags[3])
	sdk.CreateStages(t, fx.RestAPIID, fx.DeploymentID, "filler-0", "filler-1", "filler-2", "filler-3")
	before = mutating()
	r = c.run(append([]string{"create", "feat-full", "--yes"}, flags...)...)
	if r.code == 0 || !strings.Contains(r.stderr, "Stages per REST API") {
		t.Errorf("create with the stage quota exhausted: exit %d stderr %q", r.code, r.stderr)
	}
	if n := mutating(); n != before {
		t.Errorf("%d mutating calls made by refused creates", n-before)
	}
	r = c.run(append([]string{"show", "feat-full"}, flags...)...)
	if r.code == 0 {
		t.Errorf("feat-full exists after a refused create")
	}
}

func isMutatingAction(action string) bool {
	for _, p := range []string{"Describe", "Get", "List"} {
		if strings.HasPrefix(action, p) {
			return false
		}
	}
	return action != ""
}
