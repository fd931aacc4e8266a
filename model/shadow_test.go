package model

import (
	"strings"
	"testing"
)

func TestGlobCovers(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"/feat-a/*", "/feat-a/*", true},
		{"/feat-a/*", "/feat-a/api/*", true},
		{"/*", "/feat-a/*", true},
		{"*", "anything?*", true},
		{"/feat-a/api/*", "/feat-a/*", false},
		{"/feat-?/*", "/feat-a/*", true},
		{"/feat-?/*", "/feat-*/*", false}, // '?' is one character, '*' any number
		{"/feat-?/*", "/feat-?/x", true},
		{"/a", "/a", true},
		{"/a", "/b", false},
		{"/a", "/?", false},
		{"/a*", "/a", true},
		{"/a*b", "/ab", true},
		{"/a*b", "/a*c", false},
		{"*b", "*", false},
		{"**", "x*y", true},
		{"/x/*/y", "/x/a/b/y", true},
		{"/x/*/y", "/x/y", false}, // "/x//y" would need an empty run between two slashes; "/x/y" has one slash
		{"?", "", false},
		{"", "", true},
	}
	for _, tc := range tests {
		if got := globCovers(tc.a, tc.b); got != tc.want {
			t.Errorf("globCovers(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestShadowedRule(t *testing.T) {
	cond := func(field string, values ...string) Condition { return Condition{Field: field, Values: values} }
	header := func(name string, values ...string) Condition {
		return Condition{Field: "http-header", HeaderName: name, Values: values}
	}
	tests := []struct {
		name        string
		first, then []Condition
		sameList    bool
		want        bool
	}{
		{"same path", []Condition{cond("path-pattern", "/feat-a/*")}, []Condition{cond("path-pattern", "/feat-a/*")}, true, true},
		{"wider path", []Condition{cond("path-pattern", "/feat-*")}, []Condition{cond("path-pattern", "/feat-a/*")}, true, true},
		{"narrower path", []Condition{cond("path-pattern", "/feat-a/api/*")}, []Condition{cond("path-pattern", "/feat-a/*")}, true, false},
		{"other listener", []Condition{cond("path-pattern", "/feat-a/*")}, []Condition{cond("path-pattern", "/feat-a/*")}, false, false},
		{"path is case-sensitive", []Condition{cond("path-pattern", "/FEAT-A/*")}, []Condition{cond("path-pattern", "/feat-a/*")}, true, false},
		{"host is case-insensitive", []Condition{cond("host-header", "*.Preview.example.com")}, []Condition{cond("host-header", "feat-a.preview.example.com")}, true, true},
		{"missing field is wider", []Condition{cond("path-pattern", "/feat-a/*")},
			[]Condition{cond("path-pattern", "/feat-a/*"), cond("host-header", "a.example.com")}, true, true},
		{"extra field is narrower", []Condition{cond("path-pattern", "/feat-a/*"), cond("host-header", "a.example.com")},
			[]Condition{cond("path-pattern", "/feat-a/*")}, true, false},
		{"all values covered", []Condition{cond("path-pattern", "/a/*", "/b/*")}, []Condition{cond("path-pattern", "/b/x", "/a/y")}, true, true},
		{"one value not covered", []Condition{cond("path-pattern", "/a/*")}, []Condition{cond("path-pattern", "/a/x", "/c/y")}, true, false},
		{"header name matters", []Condition{header("X-Env", "feat-a")}, []Condition{header("X-Other", "feat-a")}, true, false},
		{"header name ignores case", []Condition{header("X-Env", "feat-*")}, []Condition{header("x-env", "FEAT-A")}, true, true},
		{"method equality", []Condition{cond("http-request-method", "GET")}, []Condition{cond("http-request-method", "GET")}, true, true},
		{"method differs", []Condition{cond("http-request-method", "GET")}, []Condition{cond("http-request-method", "POST")}, true, false},
		{"query string is not a glob", []Condition{cond("query-string", "k=*")}, []Condition{cond("query-string", "k=v")}, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := h1BaseSnap()
			first := Rule{ARN: h1RuleARN("first"), ListenerARN: h1Listener, Priority: 100, Conditions: tc.first, Actions: h1Fwd("x")}
			then := Rule{ARN: h1RuleARN("then"), ListenerARN: h1Listener, Priority: 200, Conditions: tc.then, Actions: h1Fwd("x")}
			if !tc.sameList {
				then.ListenerARN = h1Listener2
			}
			s.Rules = append(s.Rules, then, first) // discovery order is not priority order
			inv := BuildInventory(s, h1Cfg(), h1Now)
			var got []Finding
			for _, f := range inv.Findings {
				if f.Kind == FindingShadowedRule {
					got = append(got, f)
				}
			}
			if tc.want != (len(got) == 1) || len(got) > 1 {
				t.Fatalf("shadowed-rule findings %+v, want %v", got, tc.want)
			}
			if tc.want && (got[0].Resource.ID != then.ARN || got[0].Action != ActionNone) {
				t.Errorf("finding = %+v, want the later rule, action none", got[0])
			}
		})
	}
}

func TestShadowedRuleNamesTheFirstCover(t *testing.T) {
	s := h1BaseSnap()
	mk := func(id string, prio int, conds ...Condition) Rule {
		return Rule{ARN: h1RuleARN(id), ListenerARN: h1Listener, Priority: prio, Conditions: conds, Actions: h1Fwd("x")}
	}
	path := func(v ...string) Condition { return Condition{Field: "path-pattern", Values: v} }
	host := func(v ...string) Condition { return Condition{Field: "host-header", Values: v} }
	s.Rules = append(s.Rules,
		mk("late", 300, path("/a/b")),
		mk("mid", 150, path("/a/*")),
		mk("first", 100, path("/a*", "/z")),
		mk("hostonly", 120, host("*.example.com")),
		mk("both", 400, path("/q/*"), host("x.example.com")), // covered by hostonly (no path test = wider)
		mk("free", 500, path("/b/*")),
	)
	inv := BuildInventory(s, h1Cfg(), h1Now)
	got := map[string]string{}
	for _, f := range inv.Findings {
		if f.Kind == FindingShadowedRule {
			got[h1Short(f.Resource.ID)] = f.Reason
		}
	}
	want := map[string]string{"rule:mid": "rule/first (priority 100)", "rule:late": "rule/first (priority 100)", "rule:both": "rule/hostonly (priority 120)"}
	if len(got) != len(want) {
		t.Fatalf("shadowed = %v, want %v", got, want)
	}
	for id, w := range want {
		if !strings.Contains(got[id], w) {
			t.Errorf("%s: reason %q, want it to name %s", id, got[id], w)
		}
	}
}

// TestLowerAllSharesOnlyWhatItDoesNotChange: lower-case values are shared,
// a value to fold gives a copy and leaves the snapshot's slice as it was.
func TestLowerAllSharesOnlyWhatItDoesNotChange(t *testing.T) {
	lower := []string{"a.example.com", "b.example.com"}
	if got := lowerAll(lower); &got[0] != &lower[0] {
		t.Error("lower-case values were copied")
	}
	mixed := []string{"a.example.com", "B.Example.com"}
	got := lowerAll(mixed)
	if &got[0] == &mixed[0] || got[0] != "a.example.com" || got[1] != "b.example.com" {
		t.Errorf("lowerAll(%q) = %q", mixed, got)
	}
	if mixed[1] != "B.Example.com" {
		t.Errorf("the input changed: %q", mixed)
	}
	if got := lowerAll(nil); len(got) != 0 {
		t.Errorf("lowerAll(nil) = %q", got)
	}
}
