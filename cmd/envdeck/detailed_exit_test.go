package main

import (
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// --detailed-exitcode on the demo account (sandbox): something to collect
// and critical findings, so 2 whatever --fail-on says; a create or destroy
// dry run plans steps, so 2; bad flags are one line and 1 before any read.
func TestDetailedExitcodeOnTheDemo(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"gc"}, model.ExitOK, ""},
		{[]string{"gc", "--detailed-exitcode"}, model.ExitChanges, ""},
		{[]string{"gc", "--detailed-exitcode", "-o", "json"}, model.ExitChanges, ""},
		{[]string{"gc", "--detailed-exitcode", "--fail-on", "critical"}, model.ExitChanges, ""},
		{[]string{"create", "pr-1", "--no-stage", "--dry-run", "--detailed-exitcode"}, model.ExitChanges, ""},
		{[]string{"create", "pr-1", "--no-stage", "--plan-out", "PLAN", "--detailed-exitcode"}, model.ExitChanges, ""},
		{[]string{"destroy", "feat-coupons", "--dry-run", "--detailed-exitcode"}, model.ExitChanges, ""},
		{[]string{"destroy", "feat-coupons", "--dry-run"}, model.ExitOK, ""},
		{[]string{"destroy", "feat-never", "--dry-run", "--detailed-exitcode"}, model.ExitError, "feat-never"},
		{[]string{"create", "pr-1", "--detailed-exitcode", "--yes"}, model.ExitError, "--detailed-exitcode needs --dry-run or --plan-out"},
		{[]string{"destroy", "feat-coupons", "--detailed-exitcode", "--yes"}, model.ExitError, "--detailed-exitcode needs --dry-run or --plan-out"},
		{[]string{"gc", "--detailed-exitcode", "--fail-on", "info"}, model.ExitError, `--fail-on "info"`},
		{[]string{"gc", "--fail-on", "critical"}, model.ExitError, "--fail-on needs --detailed-exitcode"},
	} {
		args := append([]string{"--sandbox"}, tc.args...)
		for i, a := range args {
			if a == "PLAN" {
				args[i] = t.TempDir() + "/plan.json"
			}
		}
		r := c.run(args...)
		if r.code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s", tc.args, r.code, tc.code, r.stderr)
		}
		if tc.err != "" && (!strings.Contains(r.stderr, tc.err) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0) {
			t.Errorf("%v: stderr %q, want one line with %q", tc.args, r.stderr, tc.err)
		}
	}
}
