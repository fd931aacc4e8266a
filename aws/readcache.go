package aws

import (
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/envdeck/envdeck/model"
)

// LimitsMaxAge is how long quota limits are reused: they change only
// through a quota request, so a monitor running `quota` every few minutes
// reads them once in a while, not every time.
const LimitsMaxAge = 10 * time.Minute

// ReadCache is what discovery read that every envdeck process of one
// account and region may reuse for a while: ELB tags, target health and
// quota limits, each entry with its read time. It lives in
// Dir/<account>/<region>/ (0700) as one JSON file per kind (0600), each
// written whole to a temporary file and renamed over the old one, so a
// reader sees the old or the new file, never half of one. A file that
// cannot be read or parsed is ignored and the account is read directly:
// the cache never fails a command.
//
// The cache never decides a change: apply re-reads every resource, and the
// health of every target group whose emptiness a step depends on, just
// before the step; and a read for a change (Needs.ForChange) takes no tags
// from it.
type ReadCache struct {
	dir    string        // the base directory; "" = nothing kept between processes
	maxAge time.Duration // tags and health younger than this are reused; 0 = always read
	scope  string        // extra directory element for a non-AWS endpoint
	now    func() time.Time

	mu     sync.Mutex
	path   string // Dir/<account>/<region>, once bound
	tags   *TagCache
	health map[string]healthEntry
	limits *limitsEntry
}

// healthEntry is one target group's targets as DescribeTargetHealth gave
// them at At. Key fingerprints what the health was read for (the group's
// settings and tags, the rules forwarding to it): a different key now means
// the group changed since, and its health is read again.
type healthEntry struct {
	Targets []model.Target `json:"targets"`
	At      time.Time      `json:"at"`
	Key     string         `json:"key"`
}

type limitsEntry struct {
	Limits []model.Limit `json:"limits"`
	At     time.Time     `json:"at"`
}

// NewReadCache returns a cache kept under dir (e.g. $XDG_CACHE_HOME/envdeck;
// "" keeps nothing between processes) whose tags and health are reused for
// maxAge (0: always read, the cache is only written). scope separates
// endpoints that are not AWS (moto, LocalStack: "" for AWS itself). now
// dates entries and ages them (nil = time.Now).
func NewReadCache(dir string, maxAge time.Duration, scope string, now func() time.Time) *ReadCache {
	if now == nil {
		now = time.Now
	}
	return &ReadCache{dir: dir, maxAge: maxAge, scope: scope, now: now,
		tags: NewTagCache(maxAge, 0), health: map[string]healthEntry{}}
}

// bind points the cache at account and region and loads what it holds;
// false when the account is unknown (STS failed: read directly).
func (rc *ReadCache) bind(account, region string) bool {
	if rc == nil || !safeElement(account) || !safeElement(region) {
		return false
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.path != "" {
		return true
	}
	rc.path = "-" // bound, memory only
	if rc.dir != "" {
		rc.path = filepath.Join(rc.dir, account, region)
		if rc.scope != "" {
			rc.path = filepath.Join(rc.dir, account, region+"@"+rc.scope)
		}
		rc.loadLocked()
	}
	return true
}

// Bind points the cache at the account and region a read found, for a
// process that reads without it (the console) but changes through Clients:
// what it changes is then forgotten on disk too.
func (rc *ReadCache) Bind(account, region string) { rc.bind(account, region) }

// safeElement: a non-empty path element that cannot climb out of the cache.
func safeElement(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`)
}

// reuse reports an entry read at `at` as still fresh for max.
func (rc *ReadCache) reuse(at time.Time, max time.Duration) bool {
	return max > 0 && rc.now().Sub(at) < max
}

// cachedHealth returns the fresh entries of arns whose key is unchanged,
// and the ARNs to read: changed ones first, then missing, then stale,
// oldest first.
func (rc *ReadCache) cachedHealth(arns []string, keys map[string]string) (map[string]healthEntry, []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	hits := map[string]healthEntry{}
	var changed, missing, stale []string
	for _, a := range arns {
		e, ok := rc.health[a]
		switch {
		case !ok:
			missing = append(missing, a)
		case e.Key != keys[a]:
			changed = append(changed, a)
		case !rc.reuse(e.At, rc.maxAge):
			stale = append(stale, a)
		default:
			hits[a] = e
		}
	}
	sortByAge(stale, rc.health)
	return hits, append(append(changed, missing...), stale...)
}

func (rc *ReadCache) putHealth(health map[string][]model.Target, keys map[string]string, at time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for a, ts := range health {
		rc.health[a] = healthEntry{Targets: ts, At: at, Key: keys[a]}
	}
}

// cachedLimits returns the limits when read less than LimitsMaxAge ago (or
// maxAge, when longer); nil otherwise.
func (rc *ReadCache) cachedLimits() []model.Limit {
	if rc == nil {
		return nil
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.limits == nil || rc.maxAge <= 0 || !rc.reuse(rc.limits.At, max(rc.maxAge, LimitsMaxAge)) {
		return nil
	}
	return append([]model.Limit{}, rc.limits.Limits...)
}

func (rc *ReadCache) putLimits(limits []model.Limit, at time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.limits = &limitsEntry{Limits: append([]model.Limit{}, limits...), At: at}
}

// Forget drops the tags and health of arns, here and on disk: envdeck
// changed them (apply goes through Clients).
func (rc *ReadCache) Forget(arns ...string) {
	if rc == nil || len(arns) == 0 {
		return
	}
	rc.tags.forget(arns)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, a := range arns {
		delete(rc.health, a)
	}
	rc.forgetOnDiskLocked(arns)
}
