package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// restoreOrder is the order restore recreates resources in: the reverse of
// deletion (target group before the rule that forwards to it, alias before
// its record).
var restoreOrder = []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeAlias, TypeRecord}

// PlanRestore plans recreating what a journal deleted: the target group with
// its settings, tags and targets, the rule with the same conditions, actions,
// priority and tags, the stage, the alias, the record. What exists again in
// snap is skipped. A rule forwards to a journaled target group by name (the
// new group gets a new ARN); a rule forwarding to a group that is neither in
// the journal nor in the account cannot be restored.
func PlanRestore(entries []JournalEntry, snap *Snapshot, cfg *Config, now time.Time) (Plan, error) {
	if snap == nil {
		return Plan{}, errors.New("restore: no snapshot")
	}
	// Latest definition per resource, deletes only.
	type key struct {
		t  ResourceType
		id string
	}
	latest := map[key]int{}
	var order []key
	for i, e := range entries {
		if e.Step.Action != StepDelete || restoreDefType(e.Def) == "" {
			continue
		}
		k := key{restoreDefType(e.Def), strings.ToLower(e.Step.ID)}
		if _, seen := latest[k]; !seen {
			order = append(order, k)
		}
		latest[k] = i
	}
	if len(order) == 0 {
		return Plan{}, errors.New("restore: the journal holds no deleted definition")
	}

	// Journaled target groups: old ARN → name, so rules can refer to the new group.
	tgNames := map[string]string{}
	for _, k := range order {
		if tg := entries[latest[k]].Def.TargetGroup; tg != nil && tg.ARN != "" {
			tgNames[tg.ARN] = tg.Name
		}
	}
	existingTG := map[string]bool{}
	tgByName := map[string]bool{}
	for _, tg := range snap.TargetGroups {
		existingTG[tg.ARN] = true
		tgByName[tg.Name] = true
	}

	plan := Plan{Kind: "restore", Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: []Step{}}
	for _, t := range restoreOrder {
		for _, k := range order {
			if k.t != t {
				continue
			}
			e := entries[latest[k]]
			step, skip, err := restoreStep(e, snap, tgNames, existingTG, tgByName)
			if err != nil {
				return Plan{}, err
			}
			if !skip {
				plan.Steps = append(plan.Steps, step)
			}
		}
	}
	return plan, nil
}

func restoreDefType(d Definition) ResourceType {
	switch {
	case d.Rule != nil:
		return TypeRule
	case d.TargetGroup != nil:
		return TypeTargetGroup
	case d.Stage != nil:
		return TypeStage
	case d.Alias != nil:
		return TypeAlias
	case d.Record != nil:
		return TypeRecord
	}
	return ""
}

// restoreStep returns the create step for one journal entry, or skip when
// the resource exists again.
func restoreStep(e JournalEntry, snap *Snapshot, tgNames map[string]string, existingTG, tgByName map[string]bool) (Step, bool, error) {
	step := Step{Action: StepCreate, Env: e.Step.Env}
	switch {
	case e.Def.TargetGroup != nil:
		tg := *defOfTargetGroup(*e.Def.TargetGroup).TargetGroup
		if tgByName[tg.Name] {
			return Step{}, true, nil
		}
		tg.ARN = ""
		tg.HealthRead = false
		for i := range tg.Targets {
			tg.Targets[i] = Target{ID: tg.Targets[i].ID, Port: tg.Targets[i].Port, AZ: tg.Targets[i].AZ}
		}
		step.Type, step.ID, step.Def = TypeTargetGroup, tg.Name, &Definition{TargetGroup: &tg}
		step.Reason = fmt.Sprintf("restore target group %s (was %s) with %d target(s)", tg.Name, e.Def.TargetGroup.ARN, len(tg.Targets))
	case e.Def.Rule != nil:
		r := *defOfRule(*e.Def.Rule).Rule
		for _, cur := range snap.Rules {
			if cur.ListenerARN == r.ListenerARN && !cur.IsDefault && restoreSameConditions(cur.Conditions, r.Conditions) {
				return Step{}, true, nil
			}
		}
		for ai := range r.Actions {
			for ti, wt := range r.Actions[ai].TargetGroups {
				switch {
				case wt.ARN == "":
				case tgNames[wt.ARN] != "":
					r.Actions[ai].TargetGroups[ti] = WeightedTargetGroup{Name: tgNames[wt.ARN], Weight: wt.Weight}
				case existingTG[wt.ARN]:
				default:
					return Step{}, false, fmt.Errorf("restore: rule %s forwards to target group %s, which is neither in the journal nor in the account", e.Def.Rule.ARN, wt.ARN)
				}
			}
		}
		old := r.ARN
		r.ARN, r.IsDefault = "", false
		cond := Condition{}
		if len(r.Conditions) > 0 {
			cond = r.Conditions[0]
		}
		step.Type, step.ID, step.Def = TypeRule, RuleCreateID(r.ListenerARN, cond), &Definition{Rule: &r}
		step.Reason = fmt.Sprintf("restore rule %s at priority %d", old, r.Priority)
		for _, cur := range snap.Rules {
			if cur.ListenerARN == r.ListenerARN && cur.Priority == r.Priority {
				step.Reason += fmt.Sprintf(" (now taken by %s: apply moves it to a free one)", cur.ARN)
			}
		}
	case e.Def.Stage != nil:
		st := *defOfStage(*e.Def.Stage).Stage
		for _, cur := range snap.Stages {
			if cur.RestAPIID == st.RestAPIID && cur.Name == st.Name {
				return Step{}, true, nil
			}
		}
		st.CreatedAt = time.Time{}
		step.Type, step.ID, step.Def = TypeStage, StageID(st.RestAPIID, st.Name), &Definition{Stage: &st}
		step.Reason = "restore stage from deployment " + st.DeploymentID
	case e.Def.Alias != nil:
		a := *e.Def.Alias
		if d := snap.Distribution; d != nil && d.ID == a.DistributionID {
			for _, cur := range d.Aliases {
				if strings.EqualFold(cur, a.Name) {
					return Step{}, true, nil
				}
			}
		}
		step.Type, step.ID, step.Def = TypeAlias, AliasID(a.DistributionID, a.Name), &Definition{Alias: &a}
		step.Reason = "restore alternate domain name"
	case e.Def.Record != nil:
		rec := *defOfRecord(*e.Def.Record).Record
		for _, cur := range snap.Records {
			if strings.EqualFold(cur.ID(), rec.ID()) {
				return Step{}, true, nil
			}
		}
		step.Type, step.ID, step.Def = TypeRecord, rec.ID(), &Definition{Record: &rec}
		step.Reason = "restore record → " + rec.Target()
	}
	return step, false, nil
}

// restoreSameConditions: same set of conditions (order-insensitive).
func restoreSameConditions(a, b []Condition) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	ra := fpCanonRule(Rule{Conditions: a})
	rb := fpCanonRule(Rule{Conditions: b})
	return fpHash(ra.Conditions) == fpHash(rb.Conditions)
}

// RuleCreateID is the step ID of a rule that does not exist yet: its
// listener and its first condition value.
func RuleCreateID(listenerARN string, c Condition) string {
	v := ""
	if len(c.Values) > 0 {
		v = c.Values[0]
	}
	return listenerARN + "#" + c.Field + "=" + v
}
