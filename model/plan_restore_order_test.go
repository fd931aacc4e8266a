package model

import (
	"strings"
	"testing"
	"time"
)

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

// A restored rule whose journaled priority is now out of order with its
// environment's rules there says so in its reason: apply moves it, or
// fails. In order, or beside another environment's rule, it says nothing.
func TestPlanRestoreSaysWhenAJournaledPriorityIsOutOfOrder(t *testing.T) {
	cfg := hostConfig(0)
	for _, tc := range []struct {
		name   string
		env    string
		at     int // the wider rule /feat-a/x/* there now
		bff    int // journaled /feat-a/x/y/*
		reason string
	}{
		{"after a wider rule", "feat-a", 999, 1000, "(after a wider rule of feat-a now, at 999: apply moves it before, or fails)"},
		{"in order", "feat-a", 1001, 1000, ""},
		{"another environment's rule", "feat-b", 999, 1000, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries := restoreEntries(cfg)
			r := entries[3].Def.Rule
			r.Priority, r.Conditions = tc.bff, []Condition{{Field: "path-pattern", Values: []string{"/feat-a/x/y/*"}}}
			snap := planInventory().Snapshot
			snap.Rules = append(snap.Rules, Rule{ARN: "arn:rule/wide", ListenerARN: tListener, Priority: tc.at,
				Tags:       cfg.Keys().For(tc.env, "bob", planNow, planNow.Add(time.Hour), ""),
				Conditions: []Condition{{Field: "path-pattern", Values: []string{"/feat-a/x/*"}}}})
			var got string
			for _, st := range restoreOf(t, entries, snap, cfg).Steps {
				if st.Type == TypeRule {
					got = st.Reason
				}
			}
			if tc.reason == "" && strings.Contains(got, "now, at") || !strings.Contains(got, tc.reason) {
				t.Fatalf("reason %q: want %q", got, tc.reason)
			}
		})
	}
}
