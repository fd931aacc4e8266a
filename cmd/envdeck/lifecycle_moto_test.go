package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// lifecycleRig is the seeded path platform in moto behind a logging proxy,
// with the CLI's config rewritable per step.
type lifecycleRig struct {
	c     *cli
	fx    *awstest.PathFixture
	proxy *awstest.Proxy
	dir   string
	flags []string
}

func newLifecycleRig(t *testing.T) *lifecycleRig {
	t.Helper()
	c, fx, flags := motoPathPlatform(t)
	proxy := awstest.NewProxy(t, flags[3])
	r := &lifecycleRig{c: c, fx: fx, proxy: proxy, dir: t.TempDir()}
	r.flags = []string{"--config", "", "--endpoint-url", proxy.URL}
	r.config("")
	return r
}

// config writes the fixture's config with extra naming keys and top-level sections.
func (r *lifecycleRig) config(naming string, sections ...string) {
	y := r.fx.ConfigYAML
	if naming != "" {
		y = strings.Replace(y, "  default_ttl: 72h\n", "  default_ttl: 72h\n"+naming+"\n", 1)
	}
	y += strings.Join(sections, "\n") + "\n"
	r.flags[1] = writeFile(r.c.t, r.dir, "envdeck.yaml", y)
}

func (r *lifecycleRig) run(args ...string) result {
	return r.c.run(append(args, r.flags...)...)
}

func (r *lifecycleRig) mutatingCalls() int {
	return r.proxy.CountWhere(func(c awstest.Call) bool { return isMutatingAction(c.Action) })
}

// refused asserts a one-line refusal with want, exit 1 and no mutating call.
func (r *lifecycleRig) refused(t *testing.T, want string, args ...string) {
	t.Helper()
	before := r.mutatingCalls()
	res := r.run(args...)
	if res.code != 1 || strings.Count(strings.TrimRight(res.stderr, "\n"), "\n") != 0 || !strings.Contains(res.stderr, want) {
		t.Errorf("%v: exit %d stderr %q, want one line with %q", args, res.code, res.stderr, want)
	}
	if n := r.mutatingCalls() - before; n != 0 {
		t.Errorf("%v: %d mutating calls", args, n)
	}
}

func (r *lifecycleRig) show(t *testing.T, env string) envJSON {
	t.Helper()
	res := r.run("show", env, "-o", "json")
	if res.code != 0 {
		t.Fatalf("show %s: exit %d %s", env, res.code, res.stderr)
	}
	var e envJSON
	mustJSON(t, res.stdout, &e)
	return e
}

// naming.max_ttl on moto: create and extend refuse a longer TTL in one
// line before any AWS call; a TTL at the maximum is created.
func TestMaxTTLOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	r.config("  max_ttl: 7d")
	calls := len(r.proxy.Log())
	r.refused(t, "--ttl 8d: TTL 8d is longer than naming.max_ttl 7d", "create", "feat-long", "--ttl", "8d", "--yes")
	r.refused(t, "--ttl 200h: TTL 200h is longer than naming.max_ttl 7d", "extend", "pr-101", "--ttl", "200h", "--yes")
	if n := len(r.proxy.Log()) - calls; n != 0 {
		t.Errorf("refusals made %d AWS calls", n)
	}
	if res := r.run("create", "feat-week", "--ttl", "7d", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("create at the maximum: exit %d %s", res.code, res.stderr)
	}
	if e := r.show(t, "feat-week"); e.ExpiresAt == nil {
		t.Fatal("feat-week has no expiry")
	}
	r.config("  max_ttl: 2d")
	r.refused(t, "naming.default_ttl: 72h is longer than naming.max_ttl 48h", "ls")
}

// limits.per_owner on moto: the owner's N+1th environment is refused in
// one line naming the key, with no mutating call; another owner creates.
func TestPerOwnerOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	res := r.run("ls", "--owner", "alice", "-o", "json")
	var ls lsJSON
	mustJSON(t, res.stdout, &ls)
	held := len(ls.Environments)
	if held < 2 {
		t.Fatalf("alice holds %d environments in the fixture", held)
	}
	r.config("", "limits:", "  per_owner: "+strconv.Itoa(held))
	r.refused(t, "owner alice already has "+strconv.Itoa(held)+" environments (limits.per_owner "+strconv.Itoa(held)+")",
		"create", "feat-more", "--owner", "alice", "--no-stage", "--yes")
	r.refused(t, "limits.per_owner", "create", "feat-more", "--owner", "ALICE", "--no-stage", "--yes")
	if res := r.run("create", "feat-erin", "--owner", "erin", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("another owner: exit %d %s", res.code, res.stderr)
	}
	r.config("", "limits:", "  per_owner: "+strconv.Itoa(held+1))
	if res := r.run("create", "feat-more", "--owner", "alice", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("under the raised limit: exit %d %s", res.code, res.stderr)
	}
}

// touch on moto: a day after a 48h create, touch renews expires-at to now
// + 48h on every resource and records the ttl; a second touch has nothing
// to do; a protected or unowned environment is refused with no mutating call.
func TestTouchOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	created := r.fx.Now
	r.c.now = created
	if res := r.run("create", "feat-touch", "--ttl", "48h", "--yes"); res.code != 0 {
		t.Fatalf("create: exit %d %s", res.code, res.stderr)
	}
	r.c.now = created.Add(24 * time.Hour)
	res := r.run("touch", "feat-touch", "--yes")
	if res.code != 0 || !strings.Contains(res.stdout, "Plan (touch)") {
		t.Fatalf("touch: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	keys := r.fx.Config.Keys()
	want := created.Add(72 * time.Hour).UTC().Format(time.RFC3339)
	e := r.show(t, "feat-touch")
	tagged := 0
	for _, res := range e.Resources {
		tags, _ := res.Details["tags"].(map[string]any)
		if tags == nil {
			continue
		}
		tagged++
		if tags[keys.ExpiresAt] != want || tags[keys.TTL] != "2d" || tags[keys.CreatedAt] != created.Format(time.RFC3339) {
			t.Errorf("%s %s: expires-at %v ttl %v created-at %v, want %s 2d", res.Type, res.ID, tags[keys.ExpiresAt], tags[keys.TTL], tags[keys.CreatedAt], want)
		}
	}
	if tagged != 3 {
		t.Errorf("%d tagged resources, want rule, target group and stage", tagged)
	}
	before := r.mutatingCalls()
	if res := r.run("touch", "feat-touch", "--yes"); res.code != 0 || !strings.Contains(res.stdout, "Nothing to do.") {
		t.Errorf("second touch: exit %d %s%s", res.code, res.stdout, res.stderr)
	}
	if n := r.mutatingCalls() - before; n != 0 {
		t.Errorf("second touch made %d mutating calls", n)
	}
	r.refused(t, "touch release-1: environment is protected (it matches naming.protected)", "touch", "release-1", "--yes")
	r.refused(t, "touch feat-manual: the environment has no owned rule, target group or stage to tag", "touch", "feat-manual", "--yes")
	r.refused(t, "touch nope: no such environment", "touch", "nope", "--yes")
}

// ls --expiring, --owner and --status on moto select exactly what the
// unfiltered listing says they should; a bad value is one line before any
// AWS call.
func TestLsFiltersOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	r.c.now = r.fx.Now.Add(24 * time.Hour) // the 26h-old environments expire within 24h
	now := r.c.now
	var all lsJSON
	mustJSON(t, r.run("ls", "-o", "json").stdout, &all)
	names := func(args ...string) []string {
		t.Helper()
		res := r.run(append([]string{"ls", "-o", "json"}, args...)...)
		if res.code != 0 {
			t.Fatalf("ls %v: exit %d %s", args, res.code, res.stderr)
		}
		var ls lsJSON
		mustJSON(t, res.stdout, &ls)
		if len(ls.Unassigned) != 0 {
			t.Errorf("ls %v lists %d unassigned resources", args, len(ls.Unassigned))
		}
		var out []string
		for _, e := range ls.Environments {
			out = append(out, e.Name)
		}
		return out
	}
	expect := func(keep func(e envJSON) bool) []string {
		var out []string
		for _, e := range all.Environments {
			if keep(e) {
				out = append(out, e.Name)
			}
		}
		return out
	}
	expiring := expect(func(e envJSON) bool {
		if e.ExpiresAt == nil || e.Protected || e.Status == model.StatusProtected {
			return false
		}
		at, _ := time.Parse(time.RFC3339, *e.ExpiresAt)
		return at.After(now) && !at.After(now.Add(24*time.Hour))
	})
	cases := []struct {
		args []string
		want []string
		has  []string // must be among them
		not  []string // must not
	}{
		{[]string{"--expiring", "24h"}, expiring, []string{"pr-101", "feat-login"}, []string{"feat-new", "feat-old", "release-1"}},
		{[]string{"--owner", "alice"}, expect(func(e envJSON) bool { return e.Owner != nil && *e.Owner == "alice" }), []string{"pr-101", "feat-login"}, []string{"pr-102"}},
		{[]string{"--status", "degraded"}, expect(func(e envJSON) bool { return e.Status == model.StatusDegraded }), []string{"feat-ghost", "feat-new"}, nil},
		{[]string{"--status", "degraded", "--owner", "dave"}, []string{"feat-ghost"}, nil, nil},
	}
	for _, tc := range cases {
		got := names(tc.args...)
		if !slices.Equal(got, tc.want) {
			t.Errorf("ls %v = %v, want %v", tc.args, got, tc.want)
		}
		for _, n := range tc.has {
			if !slices.Contains(got, n) {
				t.Errorf("ls %v lacks %s", tc.args, n)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(got, n) {
				t.Errorf("ls %v lists %s", tc.args, n)
			}
		}
	}
	table := r.run("ls", "--status", "degraded")
	if !strings.Contains(table.stdout, "2 of ") || !strings.Contains(table.stdout, "feat-ghost") || strings.Contains(table.stdout, "pr-101") {
		t.Errorf("table:\n%s", table.stdout)
	}
	calls := len(r.proxy.Log())
	r.refused(t, `--status "broken": want one or more of healthy, degraded, partial, expired, protected`, "ls", "--status", "broken")
	r.refused(t, `--expiring "tomorrow": want a positive duration`, "ls", "--expiring", "tomorrow")
	if n := len(r.proxy.Log()) - calls; n != 0 {
		t.Errorf("bad filters made %d AWS calls", n)
	}
}
