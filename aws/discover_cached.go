package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/envdeck/envdeck/model"
)

// cacheGate hands discovery the read cache once the caller's account is
// known (the cache lives per account): nil when there is none, or the
// account could not be read.
type cacheGate struct {
	rc    *ReadCache
	ready chan struct{}
	ok    bool
}

func newCacheGate(rc *ReadCache) *cacheGate {
	g := &cacheGate{rc: rc, ready: make(chan struct{})}
	if rc == nil {
		close(g.ready)
	}
	return g
}

// open binds the cache to the account STS returned ("" = unknown).
func (g *cacheGate) open(account, region string) {
	if g.rc == nil {
		return
	}
	g.ok = g.rc.bind(account, region)
	close(g.ready)
}

// wait returns the bound cache, or nil.
func (g *cacheGate) wait() *ReadCache {
	<-g.ready
	if !g.ok {
		return nil
	}
	return g.rc
}

// readTagsCached is readTags asking AWS only for the tags the cache does not
// hold fresh (all of them for a change: ownership and protection are then
// read as they are now), and recording what it read.
func readTagsCached(ctx context.Context, c Clients, arns []string, conc int, rc *ReadCache, forChange bool) (map[string]map[string]string, map[string]bool, error) {
	if rc == nil {
		return readTags(ctx, c.ELB, arns, conc)
	}
	hits, need := map[string]map[string]string{}, arns
	if !forChange && rc.maxAge > 0 {
		hits, need = rc.tags.split(arns, rc.now())
	}
	tags, gone, err := readTags(ctx, c.ELB, need, conc)
	if err == nil {
		rc.tags.store(need, tags, rc.now())
	}
	for a, t := range hits {
		tags[a] = t
	}
	return tags, gone, err
}

// readHealthCached is readHealth asking AWS only for the groups whose
// cached health is missing, stale or read for a group that changed since.
// It returns when each group's health was read.
func readHealthCached(ctx context.Context, c Clients, res albResult, arns []string, conc int, rc *ReadCache, now func() time.Time) (map[string][]model.Target, map[string]time.Time, []model.SourceError) {
	at := map[string]time.Time{}
	if rc == nil {
		health, errs := readHealth(ctx, c, arns, conc)
		readAt := now().UTC()
		for a := range health {
			at[a] = readAt
		}
		return health, at, errs
	}
	keys := healthKeys(res, arns)
	hits, need := rc.cachedHealth(arns, keys)
	health, errs := readHealth(ctx, c, need, conc)
	readAt := rc.now().UTC()
	rc.putHealth(health, keys, readAt)
	for a := range health {
		at[a] = readAt
	}
	for a, e := range hits {
		health[a], at[a] = e.Targets, e.At.UTC()
	}
	return health, at, errs
}

// healthKeys fingerprints, for each target group of arns, what its health
// was read for: its settings and tags and the rules that forward to it.
func healthKeys(res albResult, arns []string) map[string]string {
	forwarders := map[string][]string{}
	for _, r := range res.rules {
		fp := model.Definition{Rule: &r}.Fingerprint()
		for _, a := range r.Actions {
			for _, w := range a.TargetGroups {
				forwarders[w.ARN] = append(forwarders[w.ARN], fp)
			}
		}
	}
	byARN := map[string]model.TargetGroup{}
	for _, t := range res.targetGroups {
		byARN[t.ARN] = t
	}
	keys := make(map[string]string, len(arns))
	for _, a := range arns {
		tg := byARN[a]
		tg.Targets, tg.HealthRead = nil, false
		parts := append([]string{model.Definition{TargetGroup: &tg}.Fingerprint()}, forwarders[a]...)
		sort.Strings(parts[1:])
		sum := sha256.Sum256([]byte(strings.Join(parts, ",")))
		keys[a] = hex.EncodeToString(sum[:8])
	}
	return keys
}
