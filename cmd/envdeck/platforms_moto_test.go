package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
)

const stagingAccount = "222222222222"

// platformsRig is one config with two platforms in two accounts: dev on
// the shared moto (account 123456789012), staging (read_only) on a moto of
// its own answering as 222222222222. Each platform reaches its moto only
// through its profile's endpoint_url in the shared AWS config file (no
// --endpoint-url), through a proxy that records mutating calls.
type platformsRig struct {
	c              *cli
	config         string
	devP, stgP     *awstest.Proxy
	devRec, stgRec *recorder
	stg            *awstest.Moto
}

func newPlatformsRig(t *testing.T) *platformsRig {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	devMoto := awstest.SharedMoto(t)
	r := &platformsRig{stg: awstest.StartMotoAccount(t, stagingAccount), devRec: &recorder{}, stgRec: &recorder{}}
	devFx := awstest.SeedPathPlatform(t, awstest.MotoClients(t, devMoto), now)
	stgFx := awstest.SeedPathPlatform(t, awstest.MotoClients(t, r.stg.Endpoint), now)
	r.devP, r.stgP = awstest.NewProxy(t, devMoto), awstest.NewProxy(t, r.stg.Endpoint)
	r.devP.SetRules(r.devRec.rule())
	r.stgP.SetRules(r.stgRec.rule())
	dir := t.TempDir()
	awsConfig := writeFile(t, dir, "aws-config", "[profile p-dev]\nregion = us-east-1\nendpoint_url = "+r.devP.URL+
		"\n\n[profile p-stg]\nregion = us-east-1\nendpoint_url = "+r.stgP.URL+"\n")
	stgYAML := stgFx.ConfigYAML // its account_id is the staging moto's
	r.config = writeFile(t, dir, "envdeck.yaml", "platforms:\n  dev:\n    profile: p-dev\n"+indentYAML(devFx.ConfigYAML)+
		"  staging:\n    profile: p-stg\n    read_only: true\n    theme: red\n"+indentYAML(stgYAML)+"default_platform: dev\n")
	r.c = newCLI(t)
	r.c.now = now
	r.c.env["AWS_CONFIG_FILE"] = awsConfig
	r.c.env["AWS_SHARED_CREDENTIALS_FILE"] = writeFile(t, dir, "aws-credentials",
		"[p-dev]\naws_access_key_id = dev\naws_secret_access_key = dev\n\n[p-stg]\naws_access_key_id = stg\naws_secret_access_key = stg\n")
	return r
}

func indentYAML(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}

func (r *platformsRig) run(args ...string) result {
	return r.c.run(append([]string{"--config", r.config, "--timeout", "10s"}, args...)...)
}

func (r *platformsRig) mutations() int { return len(r.devRec.all()) + len(r.stgRec.all()) }

// A read_only platform refuses every mutation whatever the flags say, a
// saved plan refuses another platform, and `ls --all-platforms` returns
// every platform, and still the others when one account stops answering.
func TestPlatformsOnTwoMotoAccounts(t *testing.T) {
	r := newPlatformsRig(t)

	t.Run("platforms lists both", func(t *testing.T) {
		res := r.run("platforms", "-o", "json")
		var out platformsJSON
		mustJSON(t, res.stdout, &out)
		if res.code != 0 || len(out.Platforms) != 2 || out.Platforms[0].Name != "dev" || !out.Platforms[0].Default ||
			out.Platforms[1].AccountID != stagingAccount || !out.Platforms[1].ReadOnly || out.Platforms[1].Profile != "p-stg" {
			t.Fatalf("exit %d: %+v\n%s", res.code, out, res.stderr)
		}
	})

	t.Run("read_only platform refuses destroy", func(t *testing.T) {
		for _, args := range [][]string{
			{"--platform", "staging", "destroy", "pr-101", "--yes"},
			{"--platform", "staging", "--read-only=false", "destroy", "pr-101", "--yes"},
			{"--read-only=false", "destroy", "pr-101", "--yes", "--platform=staging"},
		} {
			before := r.mutations()
			res := r.run(args...)
			if res.code != 1 || !strings.Contains(res.stderr, "platform staging is read_only") || !strings.Contains(res.stdout, "for platform staging, account "+stagingAccount) {
				t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, res.code, res.stdout, res.stderr)
			}
			if n := r.mutations() - before; n != 0 {
				t.Fatalf("%v: %d mutating calls", args, n)
			}
		}
		if r.stgP.Count("", "") == 0 {
			t.Fatal("staging was never read: the refusal proves nothing")
		}
	})

	t.Run("a plan made on dev is refused on staging", func(t *testing.T) {
		plan := filepath.Join(t.TempDir(), "plan.json")
		if res := r.run("destroy", "pr-102", "--plan-out", plan); res.code != 0 {
			t.Fatalf("plan-out: exit %d: %s", res.code, res.stderr)
		}
		before, reads := r.mutations(), r.stgP.Count("", "")
		res := r.run("--platform", "staging", "--read-only=false", "apply", plan, "--yes")
		want := "envdeck: plan was made on platform dev but this is platform staging: refusing, nothing changed\n"
		if res.code != 1 || res.stderr != want {
			t.Fatalf("exit %d, stderr %q, want %q", res.code, res.stderr, want)
		}
		if r.mutations() != before || r.stgP.Count("", "") != reads {
			t.Fatalf("calls made before the refusal: %d mutating, %d on staging", r.mutations()-before, r.stgP.Count("", "")-reads)
		}
	})

	t.Run("ls --all-platforms", func(t *testing.T) {
		res := r.run("ls", "--all-platforms", "-o", "json")
		if res.code != 0 {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		got := allPlatformsEnvs(t, res.stdout)
		if len(got) != 2 || got["dev"] == 0 || got["staging"] == 0 {
			t.Fatalf("environments per platform: %v\n%s", got, res.stdout)
		}
	})

	t.Run("--endpoint-url overrides the profile's endpoint_url", func(t *testing.T) {
		dev, stg := r.devP.Count("", ""), r.stgP.Count("", "")
		res := r.run("--platform", "staging", "--endpoint-url", r.devP.URL, "platforms")
		if res.code != 0 {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		r.run("--platform", "staging", "--endpoint-url", r.devP.URL, "ls", "-o", "json")
		if r.devP.Count("", "") == dev || r.stgP.Count("", "") != stg {
			t.Fatalf("calls: dev %d, staging %d; want every call on dev's endpoint", r.devP.Count("", "")-dev, r.stgP.Count("", "")-stg)
		}
	})

	t.Run("unknown platform", func(t *testing.T) {
		res := r.run("--platform", "prod", "ls")
		if want := "envdeck: unknown platform \"prod\" (known: dev, staging)\n"; res.code != 1 || res.stderr != want {
			t.Fatalf("exit %d, stderr %q, want %q", res.code, res.stderr, want)
		}
	})

	t.Run("ls --all-platforms with staging stopped", func(t *testing.T) {
		r.stg.Stop()
		res := r.run("ls", "--all-platforms", "-o", "json", "--timeout", "5s")
		got := allPlatformsEnvs(t, res.stdout)
		if res.code != 1 || got["dev"] == 0 || !strings.Contains(res.stderr, "envdeck: platform staging: ") || strings.Contains(res.stderr, "platform dev:") {
			t.Fatalf("exit %d, environments %v\nstderr:\n%s", res.code, got, res.stderr)
		}
	})
}

// allPlatformsEnvs is the number of environments per platform of an
// `ls --all-platforms -o json` answer (0 for one that failed), checking
// each object carries its platform, account and exit code.
func allPlatformsEnvs(t *testing.T, stdout string) map[string]int {
	t.Helper()
	var out struct {
		Platforms []struct {
			Platform     string    `json:"platform"`
			AccountID    string    `json:"account_id"`
			ExitCode     int       `json:"exit_code"`
			Error        *string   `json:"error"`
			Environments []envJSON `json:"environments"`
		} `json:"platforms"`
	}
	mustJSON(t, stdout, &out)
	got := map[string]int{}
	for _, p := range out.Platforms {
		if (p.ExitCode == 0) != (p.Error == nil) || p.AccountID == "" {
			t.Errorf("platform %s: exit %d, error %v, account %q", p.Platform, p.ExitCode, p.Error, p.AccountID)
		}
		got[p.Platform] = len(p.Environments)
	}
	return got
}
