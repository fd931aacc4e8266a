package aws

import (
	"context"
	"slices"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// TagCache keeps the ELB tags DescribeTags returned so a console's
// incremental refresh asks AWS only for the tags of resources it has not
// seen: on a 100-environment platform the ten DescribeTags calls of every
// list read become none (two when an environment appears), which is what
// lets a 5 s auto-refresh fit in api_budget (docs/CONTRACT.md § Refresh and API
// budget).
//
// Tags change through envdeck's own writes (call Forget after each apply)
// and rarely otherwise: an entry older than maxAge is read again, but at
// most one call of such re-reads is made per spread, so they are spread
// over refreshes instead of costing one refresh the whole tag read. Stale
// entries are served meanwhile.
type TagCache struct {
	maxAge, spread time.Duration
	now            func() time.Time

	mu        sync.Mutex
	entries   map[string]tagEntry
	lastStale time.Time
}

type tagEntry struct {
	tags []elbtypes.Tag
	at   time.Time
}

// NewTagCache returns an empty cache whose entries are re-read after
// maxAge, one re-read call per spread at most (0: no limit).
func NewTagCache(maxAge, spread time.Duration) *TagCache {
	return &TagCache{maxAge: maxAge, spread: spread, now: time.Now, entries: map[string]tagEntry{}}
}

// Clients returns c whose ELB client answers DescribeTags from the cache
// where it can. Wrap instrumented clients (cache hits are then neither
// counted nor paced, as they reach no AWS API) and do not instrument the
// result again. AddTags and RemoveTags through it forget the resources
// they change.
func (tc *TagCache) Clients(c Clients) Clients {
	if c.ELB != nil {
		c.ELB = &tagCachedELB{ELBV2API: c.ELB, cache: tc}
	}
	return c
}

// Forget drops every entry (after envdeck changed tags itself).
func (tc *TagCache) Forget() {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	clear(tc.entries)
}

// Len is the number of resources whose tags are cached.
func (tc *TagCache) Len() int {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return len(tc.entries)
}

func (tc *TagCache) forget(arns []string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for _, a := range arns {
		delete(tc.entries, a)
	}
}

// plan returns the ARNs of arns to ask AWS for: the missing ones, and the
// stale ones when a re-read is due or a call is made anyway; none means
// the cache answers alone.
func (tc *TagCache) plan(arns []string, now time.Time) (need []string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	var stale []string
	for _, a := range arns {
		e, ok := tc.entries[a]
		switch {
		case !ok:
			need = append(need, a)
		case tc.maxAge > 0 && now.Sub(e.at) >= tc.maxAge:
			stale = append(stale, a)
		}
	}
	if len(stale) == 0 {
		return need
	}
	if len(need) > 0 || tc.spread <= 0 || now.Sub(tc.lastStale) >= tc.spread {
		// one call either way: refresh the stale ones with it
		if len(need) == 0 {
			tc.lastStale = now
		}
		need = append(need, stale...)
	}
	return need
}

type tagCachedELB struct {
	ELBV2API
	cache *TagCache
}

func (w *tagCachedELB) DescribeTags(ctx context.Context, in *elbv2.DescribeTagsInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error) {
	tc := w.cache
	need := tc.plan(in.ResourceArns, tc.now())
	fetched := map[string][]elbtypes.Tag{}
	if len(need) > 0 {
		// keep the caller's order for the ARNs asked
		asked := make([]string, 0, len(need))
		set := map[string]bool{}
		for _, a := range need {
			set[a] = true
		}
		for _, a := range in.ResourceArns {
			if set[a] {
				asked = append(asked, a)
				delete(set, a)
			}
		}
		q := *in
		q.ResourceArns = asked
		out, err := w.ELBV2API.DescribeTags(ctx, &q, opts...)
		if err != nil {
			return nil, err
		}
		at := tc.now()
		tc.mu.Lock()
		for _, d := range out.TagDescriptions {
			arn := awssdk.ToString(d.ResourceArn)
			fetched[arn] = d.Tags
			tc.entries[arn] = tagEntry{tags: slices.Clone(d.Tags), at: at}
		}
		for _, a := range asked {
			if _, ok := fetched[a]; !ok {
				delete(tc.entries, a) // described no more
			}
		}
		tc.mu.Unlock()
	}
	out := &elbv2.DescribeTagsOutput{}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for _, a := range in.ResourceArns {
		tags, ok := fetched[a]
		if !ok {
			e, hit := tc.entries[a]
			if !hit {
				continue // asked, and AWS described nothing (moto: unknown ARN)
			}
			tags = e.tags
		}
		out.TagDescriptions = append(out.TagDescriptions, elbtypes.TagDescription{
			ResourceArn: awssdk.String(a), Tags: slices.Clone(tags)})
	}
	return out, nil
}

func (w *tagCachedELB) AddTags(ctx context.Context, in *elbv2.AddTagsInput, opts ...func(*elbv2.Options)) (*elbv2.AddTagsOutput, error) {
	defer w.cache.forget(in.ResourceArns)
	return w.ELBV2API.AddTags(ctx, in, opts...)
}

func (w *tagCachedELB) RemoveTags(ctx context.Context, in *elbv2.RemoveTagsInput, opts ...func(*elbv2.Options)) (*elbv2.RemoveTagsOutput, error) {
	defer w.cache.forget(in.ResourceArns)
	return w.ELBV2API.RemoveTags(ctx, in, opts...)
}

// split returns the cached tags of arns fresh at now and the ARNs to ask
// AWS for: missing, or older than maxAge (every stale one: no spreading).
func (tc *TagCache) split(arns []string, now time.Time) (hits map[string]map[string]string, need []string) {
	hits = map[string]map[string]string{}
	stale := map[string]bool{}
	for _, a := range tc.plan(arns, now) {
		stale[a] = true
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for _, a := range arns {
		if stale[a] {
			need = append(need, a)
		} else if e, ok := tc.entries[a]; ok {
			hits[a] = toTags(e.tags)
		}
	}
	return hits, need
}

// store records the tags read at at for the ARNs asked; an ARN asked and
// not answered (deleted meanwhile) is dropped.
func (tc *TagCache) store(asked []string, tags map[string]map[string]string, at time.Time) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for _, a := range asked {
		if t, ok := tags[a]; ok {
			tc.entries[a] = tagEntry{tags: sdkTags(t), at: at}
		} else {
			delete(tc.entries, a)
		}
	}
}

// merge adds entries newer than the ones held (another process's reads).
func (tc *TagCache) merge(entries map[string]tagEntry) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for a, e := range entries {
		if have, ok := tc.entries[a]; !ok || e.at.After(have.at) {
			tc.entries[a] = e
		}
	}
}

// export returns a copy of the entries.
func (tc *TagCache) export() map[string]tagEntry {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	out := make(map[string]tagEntry, len(tc.entries))
	for a, e := range tc.entries {
		out[a] = tagEntry{tags: slices.Clone(e.tags), at: e.at}
	}
	return out
}
