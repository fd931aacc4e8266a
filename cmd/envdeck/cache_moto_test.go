package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// newCachedRig is the path platform behind the proxy with the CLI's read
// cache in a directory the test can look into.
func newCachedRig(t *testing.T) (*faultRig, string) {
	t.Helper()
	r := newFaultRig(t)
	dir := t.TempDir()
	r.cli.env["XDG_CACHE_HOME"] = dir
	return r, filepath.Join(dir, "envdeck")
}

var healthReadAt = regexp.MustCompile(`,?\s*"health_read_at":\s*"[^"]*"`)

// The read cache through the real command layer, calls counted by the
// proxy's request log: a second command within --max-age reads the cheap
// lists only and answers the same.
func TestReadCacheAcrossCommands(t *testing.T) {
	r, cacheDir := newCachedRig(t)
	count := func(service, action string) int { return r.p.Count(service, action) }

	r.p.ResetLog()
	cold := r.mustRun("ls", "-o", "json")
	groups := count(awstest.ServiceELBv2, "DescribeTargetHealth")
	if groups == 0 || !healthReadAt.MatchString(cold.stdout) {
		t.Fatalf("cold ls read %d target groups' health, health_read_at in JSON: %v", groups, healthReadAt.MatchString(cold.stdout))
	}

	t.Run("warm ls", func(t *testing.T) {
		r.use(t)
		r.p.ResetLog()
		warm := r.mustRun("ls", "-o", "json")
		if n := count(awstest.ServiceELBv2, ""); n > 15 {
			t.Errorf("warm ls made %d ELB calls, want <= 15", n)
		}
		for _, a := range []string{"DescribeTargetHealth", "DescribeTags", "DescribeAccountLimits"} {
			if n := count(awstest.ServiceELBv2, a); n != 0 {
				t.Errorf("warm ls called %s %d times", a, n)
			}
		}
		if n := count(awstest.ServiceServiceQuotas, ""); n != 0 {
			t.Errorf("warm ls read Service Quotas %d times", n)
		}
		if a, b := healthReadAt.ReplaceAllString(cold.stdout, ""), healthReadAt.ReplaceAllString(warm.stdout, ""); a != b {
			t.Errorf("warm ls differs from the cold one beyond health_read_at:\ncold %s\nwarm %s", a, b)
		}
	})

	t.Run("quota", func(t *testing.T) {
		r.use(t)
		for _, maxAge := range []string{"30s", "1ms"} { // 1ms: tags stale, limits still fresh
			r.p.ResetLog()
			r.run("quota", "--max-age", maxAge)
			if n, h := count("", ""), count(awstest.ServiceELBv2, "DescribeTargetHealth"); n > 12 || h != 0 {
				t.Errorf("quota --max-age %s: %d calls (%d health), want <= 12 and none", maxAge, n, h)
			}
		}
	})

	t.Run("max-age 0 reads everything", func(t *testing.T) {
		r.use(t)
		r.p.ResetLog()
		r.mustRun("ls", "--max-age", "0")
		if n := count(awstest.ServiceELBv2, "DescribeTargetHealth"); n != groups {
			t.Errorf("ls --max-age 0 read %d target groups' health, want all %d", n, groups)
		}
	})

	t.Run("files are the user's", func(t *testing.T) {
		var dirs []string
		_ = filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, _ := d.Info()
			want := os.FileMode(0o600)
			if d.IsDir() {
				want = 0o700
				dirs = append(dirs, p)
			}
			if p != cacheDir && fi.Mode().Perm() != want {
				t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), want)
			}
			return nil
		})
		if len(dirs) != 3 { // envdeck/<account>/<region>
			t.Errorf("cache directories %v", dirs)
		}
	})

	t.Run("a corrupt cache is read around", func(t *testing.T) {
		r.use(t)
		files, _ := filepath.Glob(filepath.Join(cacheDir, "*", "*", "*.json"))
		if len(files) == 0 {
			t.Fatal("no cache file to corrupt")
		}
		for _, f := range files {
			if err := os.WriteFile(f, []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r.p.ResetLog()
		res := r.mustRun("ls", "-o", "json")
		if n := count(awstest.ServiceELBv2, "DescribeTargetHealth"); n != groups {
			t.Errorf("ls over a corrupt cache read %d target groups' health, want all %d", n, groups)
		}
		if a, b := healthReadAt.ReplaceAllString(cold.stdout, ""), healthReadAt.ReplaceAllString(res.stdout, ""); a != b || res.stderr != "" {
			t.Errorf("ls over a corrupt cache differs (stderr %q)", res.stderr)
		}
	})

	t.Run("what envdeck changes is read again", func(t *testing.T) {
		r.use(t)
		expiry := func() string {
			var ls lsJSON
			mustJSON(t, r.mustRun("ls", "-o", "json").stdout, &ls)
			for _, e := range ls.Environments {
				if e.Name == "feat-pay" && e.ExpiresAt != nil {
					return *e.ExpiresAt
				}
			}
			return ""
		}
		before := expiry()
		r.mustRun("extend", "feat-pay", "--ttl", "400h", "--yes")
		if after := expiry(); after == before {
			t.Errorf("ls after extend still says feat-pay expires %s (tags served from the cache)", before)
		}
	})
}

// The cache never decides a deletion: gc --apply planned from a cache that
// says an orphan rule's target group has no target deletes neither the rule
// nor the group once a target is registered; apply reads their health again.
func TestGCApplyWithStaleCacheKeepsGroupThatGotTargets(t *testing.T) {
	r, _ := newCachedRig(t)
	rule, tg := r.f.Rules["feat-ghost"], r.f.TargetGroups["env-feat-ghost"]
	if rule == "" || tg == "" {
		t.Fatal("no feat-ghost orphan in the fixture")
	}
	r.mustRun("ls") // the cache now says env-feat-ghost has 0 targets
	_, err := awstest.MotoClients(t, r.moto).ELB.RegisterTargets(context.Background(), &elbv2.RegisterTargetsInput{
		TargetGroupArn: awssdk.String(tg),
		Targets:        []elbtypes.TargetDescription{{Id: awssdk.String("arn:aws:lambda:us-east-1:123456789012:function:ghost-back")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	res := r.run("gc", "--apply", "--yes", "-o", "json")
	var out gcJSON
	mustJSON(t, res.stdout, &out)
	planned := map[string]bool{}
	for _, s := range out.Plan {
		planned[s.ID] = true
	}
	if !planned[rule] || !planned[tg] {
		t.Fatalf("the plan does not come from the stale cache (rule %v, group %v): the test proves nothing", planned[rule], planned[tg])
	}
	for _, c := range r.rec.all() {
		for _, id := range deletedIDs(c) {
			if id == "rule "+rule || id == "tg "+tg {
				t.Errorf("deleted %s although its target group has a target now", id)
			}
		}
	}
	inv := r.resourcesOnly()
	left := resources(inv)
	if !hasKey(left, "alb-rule "+rule) || !hasKey(left, "target-group "+tg) {
		t.Errorf("feat-ghost's rule or group is gone: rule %v, group %v", hasKey(left, "alb-rule "+rule), hasKey(left, "target-group "+tg))
	}
	if res.code == 0 {
		t.Errorf("gc --apply exit 0 although steps drifted: %s", res.stderr)
	}
	if b, _ := json.Marshal(out); !out.Applied {
		t.Errorf("gc did not apply the rest: %s", b)
	}
}

// The cache never decides a deletion, tags included: ls leaves feat-old's
// tags in the cache, then keep=true is put on its target group straight in
// moto (the cache does not know). ls within --max-age still shows feat-old
// as the cache says (expired), but gc --apply reads tags as they are now:
// feat-old is neither planned nor deleted.
func TestGCApplyWithStaleCachedTagsKeepsKeptEnvironment(t *testing.T) {
	r, _ := newCachedRig(t)
	rule, tg := r.f.Rules["feat-old"], r.f.TargetGroups["env-feat-old"]
	r.mustRun("ls")
	keepOn(t, r.moto, tg)
	var ls lsJSON
	mustJSON(t, r.mustRun("ls", "-o", "json").stdout, &ls)
	for _, e := range ls.Environments {
		if e.Name == "feat-old" && e.Status != model.StatusExpired {
			t.Fatalf("ls says feat-old is %s: the cache was not stale, the test proves nothing", e.Status)
		}
	}
	res := r.run("gc", "--apply", "--yes", "-o", "json")
	var out gcJSON
	mustJSON(t, res.stdout, &out)
	for _, s := range out.Plan {
		if s.ID == rule || s.ID == tg {
			t.Errorf("gc planned %s of the kept feat-old", s.ID)
		}
	}
	for _, c := range r.rec.all() {
		for _, id := range deletedIDs(c) {
			if id == "rule "+rule || id == "tg "+tg {
				t.Errorf("deleted %s of the kept feat-old", id)
			}
		}
	}
	left := resources(r.resourcesOnly())
	if !hasKey(left, "alb-rule "+rule) || !hasKey(left, "target-group "+tg) {
		t.Errorf("feat-old's rule or group is gone")
	}
}
