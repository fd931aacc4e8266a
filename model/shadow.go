package model

import (
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
	sr := shadowRule{r: r}
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
		for _, v := range c.Values {
			if fold {
				v = strings.ToLower(v)
			}
			sc.values = append(sc.values, v)
		}
		sr.mask |= 1 << (shadowHash(sc.key) % 64)
		sr.conds = append(sr.conds, sc)
	}
	return sr
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
// order) so that a rule is compared only with rules that could cover it: a
// rule with a path condition can only be covered by a rule without one, or
// by one whose path value's literal prefix (up to the first wildcard) is a
// prefix of its own path value. Each bucket is in priority order, so the
// scan of a bucket stops at its first cover.
type shadowIndex struct {
	all      []shadowRule
	noPath   []int            // rules without a path condition
	byPrefix map[string][]int // literal prefix of a path value → rules
}

func newShadowIndex() *shadowIndex { return &shadowIndex{byPrefix: map[string][]int{}} }

// pathValues returns the values of the rule's path conditions and how many
// path conditions it has.
func (sr shadowRule) pathValues() ([]string, int) {
	var vs []string
	n := 0
	for _, c := range sr.conds {
		if c.key == "path-pattern" {
			vs = append(vs, c.values...)
			n++
		}
	}
	return vs, n
}

func globLiteralPrefix(g string) string {
	if i := strings.IndexAny(g, "*?"); i >= 0 {
		return g[:i]
	}
	return g
}

func (x *shadowIndex) add(sr shadowRule) {
	idx := len(x.all)
	x.all = append(x.all, sr)
	vs, n := sr.pathValues()
	if n == 0 {
		x.noPath = append(x.noPath, idx)
		return
	}
	for _, v := range vs {
		p := globLiteralPrefix(v)
		if l := x.byPrefix[p]; len(l) == 0 || l[len(l)-1] != idx {
			x.byPrefix[p] = append(x.byPrefix[p], idx)
		}
	}
}

// coveredBy returns the first (highest-priority) earlier rule covering sr.
func (x *shadowIndex) coveredBy(sr shadowRule) (shadowRule, bool) {
	best := -1
	scan := func(bucket []int) {
		for _, i := range bucket {
			if best >= 0 && i >= best {
				return
			}
			if x.all[i].covers(sr) {
				best = i
				return
			}
		}
	}
	vs, n := sr.pathValues()
	switch {
	case n == 1 && len(vs) > 0:
		scan(x.noPath)
		v := vs[0]
		for k := 0; k <= len(v); k++ {
			scan(x.byPrefix[v[:k]])
		}
	case n == 0:
		scan(x.noPath) // a rule testing the path is narrower than one that does not
	default: // several path conditions: compare with everything
		all := make([]int, len(x.all))
		for i := range all {
			all[i] = i
		}
		scan(all)
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
