package aws

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// fakeNow is a clock tests move by hand.
type fakeNow struct{ t time.Time }

func (f *fakeNow) now() time.Time { return f.t }

func newTestCache(t *testing.T, dir string, maxAge time.Duration, clock *fakeNow) *ReadCache {
	t.Helper()
	rc := NewReadCache(dir, maxAge, "", clock.now)
	if !rc.bind("123456789012", "eu-west-1") {
		t.Fatal("bind refused a plain account and region")
	}
	return rc
}

// Entries written by one process are reused by the next one while younger
// than max-age; a group whose key changed, a stale one and a missing one
// are read again, changed first.
func TestReadCacheSharesHealthBetweenProcesses(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeNow{time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	first := newTestCache(t, dir, 30*time.Second, clock)
	keys := map[string]string{"a": "ka", "b": "kb", "c": "kc"}
	first.putHealth(map[string][]model.Target{"a": {{ID: "i-1", State: "healthy"}}, "b": {}, "c": {}}, keys, clock.t)
	clock.t = clock.t.Add(-20 * time.Second)
	first.putHealth(map[string][]model.Target{"c": {}}, keys, clock.t) // c read earlier
	clock.t = clock.t.Add(20 * time.Second)
	first.putLimits([]model.Limit{{Code: model.QuotaRulesPerALB, Value: 200, Source: model.LimitSourceServiceQuotas}}, clock.t)
	first.save()

	clock.t = clock.t.Add(15 * time.Second) // c is 35 s old now, a and b 15 s
	next := newTestCache(t, dir, 30*time.Second, clock)
	hits, need := next.cachedHealth([]string{"a", "b", "c", "d"}, map[string]string{"a": "ka", "b": "kb-changed", "c": "kc", "d": "kd"})
	if len(hits) != 1 || len(hits["a"].Targets) != 1 || hits["a"].Targets[0].ID != "i-1" {
		t.Errorf("hits = %+v, want a with its target", hits)
	}
	if want := []string{"b", "d", "c"}; !slices.Equal(need, want) {
		t.Errorf("need = %v, want %v (changed, missing, stale)", need, want)
	}
	if l := next.cachedLimits(); len(l) != 1 || l[0].Value != 200 {
		t.Errorf("limits = %+v, want the cached ones (younger than %s)", l, LimitsMaxAge)
	}
	clock.t = clock.t.Add(LimitsMaxAge)
	if l := next.cachedLimits(); l != nil {
		t.Errorf("limits older than %s reused: %+v", LimitsMaxAge, l)
	}

	// --max-age 0: always read, whatever the files hold.
	never := newTestCache(t, dir, 0, clock)
	if hits, _ := never.cachedHealth([]string{"a"}, map[string]string{"a": "ka"}); len(hits) != 0 {
		t.Errorf("max-age 0 reused %v", hits)
	}
	if l := never.cachedLimits(); l != nil {
		t.Errorf("max-age 0 reused limits %+v", l)
	}
}

// The directory is the user's alone and each file is replaced whole.
func TestReadCacheFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeNow{time.Now()}
	rc := newTestCache(t, dir, time.Minute, clock)
	rc.putHealth(map[string][]model.Target{"a": {}}, map[string]string{"a": "k"}, clock.t)
	rc.tags.store([]string{"a"}, map[string]map[string]string{"a": {"k": "v"}}, clock.t)
	rc.putLimits([]model.Limit{{Code: "x", Value: 1}}, clock.t)
	rc.save()
	path := filepath.Join(dir, "123456789012", "eu-west-1")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("cache directory: %v %v, want 0700", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(path)
	if len(entries) != 3 {
		t.Errorf("cache files: %v, want tags, health, limits (no temporary file left)", entries)
	}
	for _, e := range entries {
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", e.Name(), fi.Mode().Perm())
		}
	}
}

// A file that is not JSON, is of the wrong shape or cannot be read counts
// as empty: the account is read directly, nothing fails.
func TestReadCacheIgnoresBrokenFiles(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":     "\x00not json{",
		"wrong shape": `{"a": 17}`,
		"truncated":   `{"a": {"targets": [`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "123456789012", "eu-west-1")
			if err := os.MkdirAll(path, 0o700); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{cacheTagsFile, cacheHealthFile, cacheLimitsFile} {
				if err := os.WriteFile(filepath.Join(path, f), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			clock := &fakeNow{time.Now()}
			rc := newTestCache(t, dir, time.Minute, clock)
			if hits, need := rc.cachedHealth([]string{"a"}, map[string]string{"a": "k"}); len(hits) != 0 || len(need) != 1 {
				t.Errorf("broken health file answered: %v %v", hits, need)
			}
			if hits, need := rc.tags.split([]string{"a"}, clock.t); len(hits) != 0 || len(need) != 1 {
				t.Errorf("broken tags file answered: %v %v", hits, need)
			}
			if l := rc.cachedLimits(); l != nil {
				t.Errorf("broken limits file answered: %+v", l)
			}
			rc.putHealth(map[string][]model.Target{"a": {}}, map[string]string{"a": "k"}, clock.t)
			rc.save() // replaces the broken file
			if hits, _ := newTestCache(t, dir, time.Minute, clock).cachedHealth([]string{"a"}, map[string]string{"a": "k"}); len(hits) != 1 {
				t.Errorf("the file written over the broken one is not read back")
			}
		})
	}
	// An unreadable directory: the cache works in memory only.
	if os.Getuid() != 0 {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o000); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		rc := newTestCache(t, dir, time.Minute, &fakeNow{time.Now()})
		rc.save()
	}
}

// Forget drops what envdeck changed, on disk too, so the next process
// reads it again.
func TestReadCacheForget(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeNow{time.Now()}
	rc := newTestCache(t, dir, time.Minute, clock)
	rc.putHealth(map[string][]model.Target{"a": {}, "b": {}}, map[string]string{"a": "k", "b": "k"}, clock.t)
	rc.tags.store([]string{"a", "b"}, map[string]map[string]string{"a": {}, "b": {}}, clock.t)
	rc.save()
	rc.Forget("a")
	next := newTestCache(t, dir, time.Minute, clock)
	hits, _ := next.cachedHealth([]string{"a", "b"}, map[string]string{"a": "k", "b": "k"})
	if _, ok := hits["a"]; ok || len(hits) != 1 {
		t.Errorf("health after Forget(a): %v", hits)
	}
	tags, _ := next.tags.split([]string{"a", "b"}, clock.t)
	if _, ok := tags["a"]; ok || len(tags) != 1 {
		t.Errorf("tags after Forget(a): %v", tags)
	}
}

func TestReadCacheRefusesOddAccounts(t *testing.T) {
	for _, acct := range []string{"", "..", "a/b", `a\b`} {
		if NewReadCache(t.TempDir(), time.Minute, "", nil).bind(acct, "eu-west-1") {
			t.Errorf("bind(%q) accepted", acct)
		}
	}
}
