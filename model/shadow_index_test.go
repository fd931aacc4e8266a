package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestShadowIndexMatchesPairwise: on random rule sets mixing path, host,
// header, method and query conditions (wildcards, case, several values,
// repeated and empty conditions), the index finds exactly the cover the
// pairwise comparison with every earlier rule finds.
func TestShadowIndexMatchesPairwise(t *testing.T) {
	pools := map[string][]string{
		"path-pattern":        {"/a/*", "/a/b", "/a*", "*", "/*", "/?/b", "*/b", "/a/b/*", "/b/*", "/A/*", "/a/?"},
		"host-header":         {"a.x.com", "b.x.com", "*.x.com", "A.X.com", "?.x.com", "*", "a.*", "a.x.co?"},
		"http-header":         {"a", "*", "A", "b"},
		"http-request-method": {"GET", "POST"},
		"query-string":        {"k=v", "k=*"},
	}
	fields := []string{"path-pattern", "path-pattern", "host-header", "host-header", "http-header", "http-request-method", "query-string"}
	headers := []string{"X-Env", "x-env", "X-Other"}
	rng := rand.New(rand.NewPCG(11, 2026))
	covered := 0
	for round := 0; round < 400; round++ {
		x := newShadowIndex()
		for i := 0; i < 40; i++ {
			r := &Rule{Priority: i + 1}
			for range 1 + rng.IntN(3) {
				f := fields[rng.IntN(len(fields))]
				c := Condition{Field: f}
				if f == "http-header" {
					c.HeaderName = headers[rng.IntN(len(headers))]
				}
				nv := 1 + rng.IntN(2)
				if rng.IntN(25) == 0 {
					nv = 0
				}
				for range nv {
					c.Values = append(c.Values, pools[f][rng.IntN(len(pools[f]))])
				}
				r.Conditions = append(r.Conditions, c)
			}
			sr := prepShadowRule(&mres{rule: r})
			want := -1
			for j, a := range x.all {
				if a.covers(sr) {
					want = j
					break
				}
			}
			got, ok := x.coveredBy(sr)
			switch {
			case want < 0 && ok:
				t.Fatalf("round %d: rule %s covered by %s, pairwise finds no cover", round, shadowDesc(sr), shadowDesc(got))
			case want >= 0 && (!ok || got.r != x.all[want].r):
				t.Fatalf("round %d: rule %s: index finds %v %s, pairwise finds %s", round, shadowDesc(sr), ok, shadowDesc(got), shadowDesc(x.all[want]))
			}
			if ok {
				covered++
			}
			x.add(sr)
		}
	}
	if covered < 1000 {
		t.Errorf("only %d covered rules in the random sets: the test exercises too little", covered)
	}
}

func shadowDesc(sr shadowRule) string {
	if sr.r == nil {
		return "<none>"
	}
	var b strings.Builder
	for _, c := range sr.r.rule.Conditions {
		b.WriteString(c.Field + c.HeaderName + "=" + strings.Join(c.Values, ",") + " ")
	}
	return b.String()
}

// TestShadowHostOnlyRules: host-only rules are found through the exact-host
// and wildcard-host buckets, on one listener.
func TestShadowHostOnlyRules(t *testing.T) {
	s := h1BaseSnap()
	host := func(id string, prio int, v ...string) Rule {
		return Rule{ARN: h1RuleARN(id), ListenerARN: h1Listener, Priority: prio,
			Conditions: []Condition{{Field: "host-header", Values: v}}, Actions: h1Fwd("x")}
	}
	s.Rules = append(s.Rules,
		host("a", 100, "a.example.com"),
		host("b", 110, "b.example.com"),
		host("a-again", 120, "A.Example.com"),              // exact host, other case
		host("wild", 130, "*.other.com"),                   // wildcard
		host("c-other", 140, "c.other.com"),                // under the wildcard
		host("two", 150, "b.example.com", "z.example.com"), // z is not covered
		host("d", 160, "d.example.com"),
		host("anyhost", 170, "*"),
		host("e", 180, "e.example.com"), // under anyhost
	)
	inv := BuildInventory(s, h1Cfg(), h1Now)
	got := map[string]string{}
	for _, f := range inv.Findings {
		if f.Kind == FindingShadowedRule {
			got[h1Short(f.Resource.ID)] = f.Reason
		}
	}
	want := map[string]string{"rule:a-again": "rule/a (priority 100)", "rule:c-other": "rule/wild (priority 130)", "rule:e": "rule/anyhost (priority 170)"}
	if len(got) != len(want) {
		t.Fatalf("shadowed = %v, want %v", got, want)
	}
	for id, w := range want {
		if !strings.Contains(got[id], w) {
			t.Errorf("%s: reason %q, want it to name %s", id, got[id], w)
		}
	}
}
