package model

import "testing"

// RuleWindow, where apply may move a rule whose planned priority was taken:
// after the environment's more specific rules, before its wider ones, and
// nowhere when the wider rule already sits below the specific one's room.
func TestRuleWindowKeepsSpecificFirst(t *testing.T) {
	path := func(p string) []Condition { return []Condition{{Field: "path-pattern", Values: []string{p}}} }
	web, bff, other := path("/feat-x/*"), path("/feat-x/bff/*"), path("/feat-y/*")
	tests := map[string]struct {
		conds    []Condition
		rules    []Rule
		from, to int
	}{
		"alone: the whole range":           {bff, nil, 1000, 4999},
		"bff before web at 2002":           {bff, []Rule{{Priority: 2002, Conditions: web}}, 1000, 2001},
		"web after bff at 2001":            {web, []Rule{{Priority: 2001, Conditions: bff}}, 2002, 4999},
		"an unrelated rule bounds nothing": {web, []Rule{{Priority: 2001, Conditions: other}}, 1000, 4999},
		"web at the bottom: nowhere":       {bff, []Rule{{Priority: 1000, Conditions: web}}, 1000, 999},
	}
	for name, tc := range tests {
		from, to := RuleWindow(tc.conds, tc.rules, 1000, 4999)
		if from != tc.from || to != tc.to {
			t.Errorf("%s: [%d, %d], want [%d, %d]", name, from, to, tc.from, tc.to)
		}
	}
	if !RulesOrdered(web, bff) || !RulesOrdered(bff, web) || RulesOrdered(web, other) {
		t.Error("RulesOrdered: web and bff must keep an order, web and another environment's rule not")
	}
}
