package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// failOne answers the call naming arn in its form field with a 400 AWS
// error and forwards every other call (the fault proxy: moto cannot fail
// one resource's delete on demand).
func failOne(service, action, field, arn, code string) awstest.Rule {
	return awstest.On(service, action, awstest.Intercept(func(req *awstest.Request, forward func() (awstest.Reply, error)) (awstest.Reply, error) {
		form, _ := url.ParseQuery(string(req.Body))
		if form.Get(field) == arn {
			return awstest.ErrorReply(service, 400, code, "injected by the test"), nil
		}
		return forward()
	}))
}

// A gc plan with one failing step completes every step that does not need
// it and exits 1; the journal marks the failed delete as failed, and
// restore does not count it as deleted. A target group whose rule's delete
// failed is not tried (AWS would refuse it: still in use).
func TestGCApplyKeepsGoingPastAFailedStep(t *testing.T) {
	tests := []struct {
		name   string
		fail   func(fx *awstest.PathFixture) awstest.Rule
		failed string                                 // the resource whose delete fails
		left   func(fx *awstest.PathFixture) []string // what the next gc still plans
	}{
		{
			name: "DeleteTargetGroup ResourceInUse",
			fail: func(fx *awstest.PathFixture) awstest.Rule {
				return failOne(awstest.ServiceELBv2, "DeleteTargetGroup", "TargetGroupArn", fx.TargetGroups["env-feat-old"], "ResourceInUse")
			},
			failed: "env-feat-old",
			left:   func(fx *awstest.PathFixture) []string { return []string{fx.TargetGroups["env-feat-old"]} },
		},
		{
			name: "DeleteRule fails, its target group waits",
			fail: func(fx *awstest.PathFixture) awstest.Rule {
				return failOne(awstest.ServiceELBv2, "DeleteRule", "RuleArn", fx.Rules["feat-ghost"], "OperationNotPermitted")
			},
			failed: "feat-ghost",
			left: func(fx *awstest.PathFixture) []string {
				return []string{fx.Rules["feat-ghost"], fx.TargetGroups["env-feat-ghost"]}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, fx, flags := motoPathPlatform(t)
			proxy := awstest.NewProxy(t, flags[3])
			flags[3] = proxy.URL
			failedID := fx.TargetGroups[tc.failed]
			if failedID == "" {
				failedID = fx.Rules[tc.failed]
			}

			var dry gcJSON
			mustJSON(t, c.run(append([]string{"gc", "-o", "json"}, flags...)...).stdout, &dry)
			proxy.SetRules(tc.fail(fx))
			r := c.run(append([]string{"gc", "--apply", "--yes", "-o", "json"}, flags...)...)
			if r.code != 1 {
				t.Fatalf("gc --apply: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, failedID) {
				t.Errorf("the failure does not name %s:\n%s", failedID, r.stderr)
			}
			var applied gcJSON
			mustJSON(t, r.stdout, &applied)
			proxy.SetRules()

			var again gcJSON
			mustJSON(t, c.run(append([]string{"gc", "-o", "json"}, flags...)...).stdout, &again)
			var left []string
			for _, s := range again.Plan {
				left = append(left, s.ID)
			}
			want := tc.left(fx)
			sort.Strings(left)
			sort.Strings(want)
			if strings.Join(left, " ") != strings.Join(want, " ") {
				t.Fatalf("after the apply gc still plans %v, want only %v (of %d planned)", left, want, len(dry.Plan))
			}

			// The journal file says failed; reading it leaves the step out.
			dir := filepath.Join(c.env["XDG_STATE_HOME"], "envdeck")
			body, err := os.ReadFile(filepath.Join(dir, *applied.Journal+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			marked := false
			for _, line := range strings.Split(string(body), "\n") {
				var e model.JournalEntry
				if json.Unmarshal([]byte(line), &e) == nil && e.Step.ID == failedID && e.State == model.JournalFailed {
					marked = true
				}
			}
			if !marked {
				t.Errorf("journal does not mark %s failed:\n%s", failedID, body)
			}
			entries, _, err := journal.ReadFile(dir, *applied.Journal)
			if err != nil {
				t.Fatal(err)
			}
			deleted := map[string]bool{}
			for _, e := range entries {
				deleted[e.Step.ID] = true
			}
			for _, s := range dry.Plan {
				if want := !strings.Contains(strings.Join(tc.left(fx), " "), s.ID); deleted[s.ID] != want {
					t.Errorf("journal: %s %s deleted=%v, want %v", s.Type, s.ID, deleted[s.ID], want)
				}
			}
		})
	}
}

// accountState is a full read of the account through direct clients, as
// comparable JSON (times of the read and call counts left out).
func accountState(t *testing.T, endpoint string, cfg *model.Config) string {
	t.Helper()
	snap := aws.Discover(context.Background(), awstest.MotoClients(t, endpoint), cfg, aws.DiscoverOptions{})
	for _, e := range snap.Errors {
		if e.Source != model.SourceQuotas {
			t.Fatalf("read: %s: %s", e.Source, e.Message)
		}
	}
	snap.Taken, snap.Calls, snap.Limits, snap.Errors = time.Time{}, nil, nil, nil
	b, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A create that fails after its first mutating step deletes again what it
// made, newest first: the account equals its state before, exit 1, and the
// message says so. A lost connection is the exception: nothing is undone,
// and the commands it names (create to finish, destroy to remove) work.
func TestCreateUndoneWhenAStepFails(t *testing.T) {
	tests := []struct {
		name string
		rule awstest.Rule
	}{
		{"CreateRule ValidationError", awstest.On(awstest.ServiceELBv2, "CreateRule", awstest.APIError(400, "ValidationError", "injected by the test"))},
		{"CreateRule ListenerNotFound", awstest.On(awstest.ServiceELBv2, "CreateRule", awstest.APIError(400, "ListenerNotFound", "injected by the test"))},
		{"CreateStage BadRequestException", awstest.On(awstest.ServiceAPIGateway, "CreateStage", awstest.APIError(400, "BadRequestException", "injected by the test"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, fx, flags := motoPathPlatform(t)
			endpoint := flags[3]
			proxy := awstest.NewProxy(t, endpoint, tc.rule)
			flags[3] = proxy.URL
			before := accountState(t, endpoint, fx.Config)
			r := c.run(append([]string{"create", "feat-undo", "--yes"}, flags...)...)
			if r.code != 1 {
				t.Fatalf("create: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "undone") || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 {
				t.Errorf("want one line saying it was undone: %q", r.stderr)
			}
			if after := accountState(t, endpoint, fx.Config); after != before {
				t.Errorf("the account changed:\n before %s\n after  %s", before, after)
			}
			if n := proxy.Count(awstest.ServiceELBv2, "DeleteTargetGroup"); n != 1 {
				t.Errorf("DeleteTargetGroup sent %d times, want 1 (the undo)", n)
			}
		})
	}

	t.Run("connection lost", func(t *testing.T) {
		c, _, flags := motoPathPlatform(t)
		endpoint := flags[3]
		proxy := awstest.NewProxy(t, endpoint, awstest.On(awstest.ServiceELBv2, "CreateRule", awstest.Drop()))
		flags[3] = proxy.URL
		r := c.run(append([]string{"create", "feat-cut", "--yes"}, flags...)...)
		if r.code != 1 {
			t.Fatalf("create: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
		}
		for _, want := range []string{"connection was lost", "envdeck create feat-cut", "envdeck destroy feat-cut"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q: %s", want, r.stderr)
			}
		}
		if n := proxy.Count(awstest.ServiceELBv2, "DeleteTargetGroup"); n != 0 {
			t.Errorf("undo tried over a lost connection (%d DeleteTargetGroup)", n)
		}
		proxy.SetRules()
		// Both hinted commands work: destroy would remove it, create finishes it.
		if r := c.run(append([]string{"destroy", "feat-cut", "--dry-run"}, flags...)...); r.code != 0 {
			t.Errorf("destroy --dry-run: exit %d %s", r.code, r.stderr)
		}
		if r := c.run(append([]string{"create", "feat-cut", "--yes"}, flags...)...); r.code != 0 {
			t.Fatalf("create again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		r = c.run(append([]string{"show", "feat-cut", "-o", "json"}, flags...)...)
		var e envJSON
		mustJSON(t, r.stdout, &e)
		if e.Status != model.StatusHealthy && e.Status != model.StatusDegraded {
			t.Errorf("feat-cut after create: %s %+v", e.Status, e.Resources)
		}
	})
}
