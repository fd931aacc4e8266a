package model

import "testing"

// A restore plans its rules in their journaled priority order, whatever
// their ids: apply keeps each rule in order with the rules restored
// before it, so the most specific of an environment goes first.
func TestPlanRestoreRulesInJournaledPriorityOrder(t *testing.T) {
	cfg := hostConfig(0)
	for _, tc := range []struct {
		name      string
		bff, web  int
		wantFirst string
	}{
		{"bff before web", 1000, 1001, "/feat-a/bff/*"},
		{"web before bff", 1002, 1001, "/feat-a/*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries := restoreEntries(cfg)
			bff := cloneRule(*entries[3].Def.Rule)
			bff.ARN, bff.Priority = "arn:rule/bff", tc.bff
			bff.Conditions = []Condition{{Field: "path-pattern", Values: []string{"/feat-a/bff/*"}}}
			entries[3].Def.Rule.Priority = tc.web
			entries = append(entries, JournalEntry{Time: planNow, Step: Step{Action: StepDelete, Type: TypeRule, ID: bff.ARN, Env: "feat-a"}, Def: Definition{Rule: &bff}})
			var got []string
			for _, st := range restoreOf(t, entries, planInventory().Snapshot, cfg).Steps {
				if st.Type == TypeRule {
					got = append(got, st.Def.Rule.Conditions[0].Values[0])
				}
			}
			if len(got) != 2 || got[0] != tc.wantFirst {
				t.Fatalf("rule steps %v: want %s first", got, tc.wantFirst)
			}
		})
	}
}
