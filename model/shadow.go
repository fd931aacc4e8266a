package model

import (
	"slices"
	"strconv"
	"strings"
)

// Shadowed rules: a rule can never match when a rule of higher priority
// (lower number) on the same listener has the same or wider conditions.
//
// Rule A covers rule B when every condition of A is implied by a condition of
// B of the same field: each value of B's condition is covered by a value of
// A's. A field A does not test at all is wider than anything. Path patterns
// (case-sensitive), host headers and http-header values (case-insensitive)
// compare as globs with '*' and '?'; other fields compare values for
// equality. The test is sound (it never reports a rule that can match) but
// not complete.

// shadowCond is one condition prepared for comparison.
type shadowCond struct {
	key    string // field, or field:header-name
	glob   bool
	values []string
}

type shadowRule struct {
	r     *mres
	mask  uint64 // bit per condition key (hashed), for a quick subset test
	conds []shadowCond
}

func prepShadowRule(r *mres) shadowRule {
	sr := shadowRule{r: r, conds: make([]shadowCond, 0, len(r.rule.Conditions))}
	for _, c := range r.rule.Conditions {
		sc := shadowCond{key: c.Field}
		fold := true
		switch c.Field {
		case "path-pattern":
			sc.glob, fold = true, false
		case "host-header":
			sc.glob = true
		case "http-header":
			sc.glob = true
			sc.key += ":" + strings.ToLower(c.HeaderName)
		case "http-request-method", "source-ip":
			fold = false
		}
		sc.values = c.Values // only read: shared with the snapshot
		if fold {
			sc.values = lowerAll(c.Values)
		}
		sr.mask |= 1 << (shadowHash(sc.key) % 64)
		sr.conds = append(sr.conds, sc)
	}
	return sr
}

// lowerAll returns vs lower-cased: vs itself when it already is (hostnames
// mostly are), else a copy.
func lowerAll(vs []string) []string {
	var out []string
	for i, v := range vs {
		l := strings.ToLower(v)
		if l != v && out == nil {
			out = slices.Clone(vs)
		}
		if out != nil {
			out[i] = l
		}
	}
	if out == nil {
		return vs
	}
	return out
}

func shadowHash(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// covers reports whether a matches every request b matches.
func (a shadowRule) covers(b shadowRule) bool {
	if a.mask&^b.mask != 0 {
		return false // a tests a field b does not: a is narrower there
	}
	for _, ca := range a.conds {
		implied := false
		for _, cb := range b.conds {
			if cb.key == ca.key && condCovers(ca, cb) {
				implied = true
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// condCovers: every value of b is covered by some value of a.
func condCovers(a, b shadowCond) bool {
	if len(b.values) == 0 {
		return false
	}
	for _, vb := range b.values {
		ok := false
		for _, va := range a.values {
			if va == vb || (a.glob && globCovers(va, vb)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// globCovers reports whether every string glob b matches is matched by glob a
// ('*' any run of characters, '?' exactly one). Sound: true only when L(b) ⊆ L(a).
func globCovers(a, b string) bool {
	first := strings.IndexAny(a, "*?")
	if first < 0 {
		return a == b
	}
	// Quick rejects: a's literal prefix and suffix must be b's, literally
	// (a literal of a never matches a wildcard of b).
	last := strings.LastIndexAny(a, "*?")
	if !strings.HasPrefix(b, a[:first]) || !strings.HasSuffix(b, a[last+1:]) {
		return false
	}
	// cov[i][j]: a[i:] covers b[j:]. Bottom-up over i from the end.
	n, m := len(a), len(b)
	var buf [2 * 130]bool
	var next, cur []bool // rows i+1 and i
	if m+1 <= len(buf)/2 {
		next, cur = buf[:m+1], buf[m+1:2*(m+1)]
	} else {
		next, cur = make([]bool, m+1), make([]bool, m+1)
	}
	next[m] = true // a[n:] = "" covers b[m:] = ""
	for i := n - 1; i >= 0; i-- {
		for j := m; j >= 0; j-- {
			switch a[i] {
			case '*':
				// absorb nothing, or absorb b[j] (whatever it is) and stay
				cur[j] = next[j] || (j < m && cur[j+1])
			case '?':
				cur[j] = j < m && b[j] != '*' && next[j+1]
			default:
				cur[j] = j < m && b[j] == a[i] && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// shadowIndex holds the rules of one listener seen so far (in priority
// order) so that a rule is compared only with rules that could cover it.
// Two independent necessary conditions narrow the candidates; the query
// scans whichever candidate set is smaller:
//
//   - path: a rule with path conditions can only be covered by a rule
//     without one, or by one with a path value whose literal prefix (up to
//     the first wildcard) is a prefix of the first value of one of its path
//     conditions;
//   - host: a rule with host conditions can only be covered by a rule
//     without one, by one with a wildcard host value, or by one with an
//     exact host value equal to the first value of one of its host
//     conditions. A rule without a host (or path) condition can only be
//     covered by a rule without one.
//
// Each bucket is in priority order, so the scan of a bucket stops at its
// first cover (or at the best cover found so far). For host-routed and
// path-routed platforms both make the detection about O(n log n).
type shadowIndex struct {
	all      []shadowRule
	noPath   []int            // rules without a path condition
	byPrefix map[string][]int // literal prefix of a path value → rules
	noHost   []int            // rules without a host condition
	wildHost []int            // rules with a host value containing a wildcard
	byHost   map[string][]int // exact (lowercase) host value → rules

	// reused by coveredBy
	pathCand, hostCand candidates
	firstBuf           []string
}

func newShadowIndex() *shadowIndex {
	return &shadowIndex{byPrefix: map[string][]int{}, byHost: map[string][]int{}}
}

const (
	shadowPathKey = "path-pattern"
	shadowHostKey = "host-header"
)

// firstValues appends the first value of each of the rule's conditions on
// key (a condition without values can never be covered) and reports whether
// the rule has a condition on key at all.
func (sr shadowRule) firstValues(key string, into []string) ([]string, bool) {
	has := false
	for _, c := range sr.conds {
		if c.key == key {
			has = true
			if len(c.values) > 0 {
				into = append(into, c.values[0])
			}
		}
	}
	return into, has
}

func globLiteralPrefix(g string) string {
	if i := strings.IndexAny(g, "*?"); i >= 0 {
		return g[:i]
	}
	return g
}

// appendIdx appends idx to a bucket once (rules are added in index order).
func appendIdx(l []int, idx int) []int {
	if len(l) == 0 || l[len(l)-1] != idx {
		l = append(l, idx)
	}
	return l
}

func (x *shadowIndex) add(sr shadowRule) {
	idx := len(x.all)
	x.all = append(x.all, sr)
	hasPath, hasHost := false, false
	for _, c := range sr.conds {
		switch c.key {
		case shadowPathKey:
			hasPath = true
			for _, v := range c.values {
				p := globLiteralPrefix(v)
				x.byPrefix[p] = appendIdx(x.byPrefix[p], idx)
			}
		case shadowHostKey:
			hasHost = true
			for _, v := range c.values {
				if strings.ContainsAny(v, "*?") {
					x.wildHost = appendIdx(x.wildHost, idx)
				} else {
					x.byHost[v] = appendIdx(x.byHost[v], idx)
				}
			}
		}
	}
	if !hasPath {
		x.noPath = append(x.noPath, idx)
	}
	if !hasHost {
		x.noHost = append(x.noHost, idx)
	}
}

// candidates is a union of buckets of rule indexes, each in index order.
type candidates struct {
	buckets [][]int
	total   int
}

func (c *candidates) reset() { c.buckets, c.total = c.buckets[:0], 0 }

func (c *candidates) add(b []int) {
	if len(b) > 0 {
		c.buckets = append(c.buckets, b)
		c.total += len(b)
	}
}

// pathCandidates sets c to every earlier rule that could cover sr as far as
// path conditions go.
func (x *shadowIndex) pathCandidates(sr shadowRule, c *candidates) {
	c.reset()
	c.add(x.noPath) // a rule testing the path is narrower than one that does not
	firsts, _ := sr.firstValues(shadowPathKey, x.firstBuf[:0])
	x.firstBuf = firsts
	for _, v := range firsts {
		for k := 0; k <= len(v); k++ {
			c.add(x.byPrefix[v[:k]])
		}
	}
}

// hostCandidates sets c to every earlier rule that could cover sr as far as
// host conditions go.
func (x *shadowIndex) hostCandidates(sr shadowRule, c *candidates) {
	c.reset()
	c.add(x.noHost)
	firsts, has := sr.firstValues(shadowHostKey, x.firstBuf[:0])
	x.firstBuf = firsts
	if !has {
		return // a rule testing the host is narrower than one that does not
	}
	c.add(x.wildHost)
	for _, v := range firsts {
		c.add(x.byHost[v])
	}
}

// coveredBy returns the first (highest-priority) earlier rule covering sr.
func (x *shadowIndex) coveredBy(sr shadowRule) (shadowRule, bool) {
	x.pathCandidates(sr, &x.pathCand)
	x.hostCandidates(sr, &x.hostCand)
	cand := &x.pathCand
	if x.hostCand.total < cand.total {
		cand = &x.hostCand
	}
	best := -1
	for _, bucket := range cand.buckets {
		for _, i := range bucket {
			if best >= 0 && i >= best {
				break
			}
			if x.all[i].covers(sr) {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return shadowRule{}, false
	}
	return x.all[best], true
}

// shadowFindings reports each non-default rule that an earlier rule of its
// listener covers, naming the first such rule.
func (m *envMapper) shadowFindings() []Finding {
	var out []Finding
	var ix *shadowIndex
	listener := ""
	for _, r := range m.rules { // sorted by listener, priority
		if ix == nil || r.rule.ListenerARN != listener {
			listener, ix = r.rule.ListenerARN, newShadowIndex()
		}
		sr := prepShadowRule(r)
		if len(sr.conds) > 0 {
			if p, ok := ix.coveredBy(sr); ok && p.r.rule.Priority < r.rule.Priority {
				out = append(out, Finding{
					Kind: FindingShadowedRule, Severity: SeverityWarning, Environment: r.env, Resource: r.ref, Action: ActionNone,
					Reason: "rule " + r.ref.ID + " (priority " + strconv.Itoa(r.rule.Priority) + ") can never match: rule " +
						p.r.ref.ID + " (priority " + strconv.Itoa(p.r.rule.Priority) + ") on the same listener has the same or wider conditions",
				})
			}
		}
		ix.add(sr)
	}
	return out
}
