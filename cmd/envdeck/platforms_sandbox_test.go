package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/aws/sandbox"
)

// The demo's platforms from the CLI: each has its own sandbox account and
// state file, staging refuses changes, --all-platforms reads both, and
// ENVDECK_PLATFORM selects like --platform.
func TestSandboxPlatformsCLI(t *testing.T) {
	c := newCLI(t)
	state := filepath.Join(t.TempDir(), "state.json")
	base := []string{"--sandbox", "--sandbox-state", state}
	run := func(args ...string) result { return c.run(append(append([]string{}, base...), args...)...) }

	if r := run("--platform", "staging", "--read-only=false", "destroy", "int-sso", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "platform staging is read_only") {
		t.Fatalf("staging destroy: exit %d\n%s", r.code, r.stderr)
	}
	if r := run("--platform", "staging", "show", "int-sso"); r.code != 0 {
		t.Fatalf("int-sso is gone from staging: %s", r.stderr)
	}
	c.env["ENVDECK_PLATFORM"] = "staging"
	if r := run("ls"); r.code != 0 || !strings.Contains(r.stdout, "int-payments") || strings.Contains(r.stdout, "feat-checkout") {
		t.Fatalf("ENVDECK_PLATFORM=staging ls: exit %d\n%s", r.code, r.stdout)
	}
	delete(c.env, "ENVDECK_PLATFORM")

	r := run("ls", "--all-platforms")
	for _, want := range []string{"== platform dev (account " + sandbox.DefaultAccountID, "== platform staging (account " + sandbox.DemoStagingAccountID, "feat-checkout", "int-payments"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("ls --all-platforms lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run("quota", "--all-platforms", "-o", "json", "--jq", "[.platforms[] | [.platform, .account_id, (.quotas|length > 0), .error]]", "--warn", "99", "--crit", "100")
	if want := `[["dev","123456789012",true,null],["staging","210987654321",true,null]]`; r.code != 0 || strings.Join(strings.Fields(r.stdout), "") != want {
		t.Fatalf("quota --all-platforms: exit %d, %s (want %s)\n%s", r.code, r.stdout, want, r.stderr)
	}
	for _, f := range []string{state, filepath.Join(filepath.Dir(state), "state.staging.json")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("state file of a platform: %v", err)
		}
	}
	for _, args := range [][]string{{"ls", "--all-platforms", "--platform", "dev"}, {"quota", "--all-platforms", "-o", "prometheus"}} {
		if r := run(args...); r.code == 0 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}
