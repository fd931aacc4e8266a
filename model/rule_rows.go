package model

import (
	"fmt"
	"sort"
	"strings"
)

// RuleRow is one listener rule as the rule-level inventory shows it (the
// CLI's `rules` and the console's rules view): by listener, then priority,
// with the environment it maps to, its ownership and the findings on it.
type RuleRow struct {
	Rule        Rule   `json:"-"`
	Listener    string `json:"listener"` // readable: "shared-alb:443 HTTPS"
	Priority    string `json:"priority"` // a number, or "default"
	Environment string `json:"environment"`
	Owned       bool   `json:"owned"`
	// Owner: "envdeck", another tool (ForeignOwner.Tool) or "" for nobody
	// known; OwnerName is the other tool's name for it.
	Owner      string    `json:"owner"`
	OwnerName  string    `json:"owner_name,omitempty"`
	Conditions string    `json:"conditions"`
	Actions    string    `json:"actions"`
	Findings   []Finding `json:"findings"`
}

// RuleRows lists every rule of the inventory's snapshot in evaluation
// order: per listener, numbered rules by priority, the default rule last.
func RuleRows(inv *Inventory, keys TagKeys) []RuleRow {
	if inv == nil || inv.Snapshot == nil {
		return nil
	}
	snap := inv.Snapshot
	envOf := map[string]string{}
	for _, e := range inv.Environments {
		for _, r := range e.Resources {
			envOf[r.ID] = e.Name
		}
	}
	findings := map[string][]Finding{}
	for _, f := range inv.Findings {
		findings[f.Resource.ID] = append(findings[f.Resource.ID], f)
	}
	tgNames := map[string]string{}
	for _, g := range snap.TargetGroups {
		tgNames[g.ARN] = g.Name
	}
	rules := append([]Rule(nil), snap.Rules...)
	sort.SliceStable(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		if a.ListenerARN != b.ListenerARN {
			return a.ListenerARN < b.ListenerARN
		}
		if a.IsDefault != b.IsDefault {
			return !a.IsDefault
		}
		return a.Priority < b.Priority
	})
	rows := make([]RuleRow, 0, len(rules))
	for _, r := range rules {
		prio := fmt.Sprint(r.Priority)
		if r.IsDefault {
			prio = "default"
		}
		row := RuleRow{
			Rule: r, Listener: ListenerLabel(r.ListenerARN, snap), Priority: prio,
			Environment: envOf[r.ARN], Owned: keys.Owned(r.Tags),
			Conditions: ConditionsText(r.Conditions), Actions: ActionsText(r.Actions, tgNames),
			Findings: append([]Finding{}, findings[r.ARN]...),
		}
		if row.Owned {
			row.Owner = ManagedByValue
		}
		if o, ok := inv.ManagedBy(r.ARN); ok {
			row.Owned, row.Owner, row.OwnerName = false, o.Tool, o.Name
		}
		rows = append(rows, row)
	}
	return rows
}

// ConditionsText renders rule conditions as "path-pattern=/a/* host-header=x".
func ConditionsText(cs []Condition) string {
	var parts []string
	for _, c := range cs {
		f := c.Field
		if c.HeaderName != "" {
			f += "[" + c.HeaderName + "]"
		}
		vals := append(append([]string{}, c.Values...), c.Regex...)
		parts = append(parts, f+"="+strings.Join(vals, ","))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

// ActionsText renders rule actions ("forward env-a", "fixed 404"), naming
// target groups by name where tgNames knows them.
func ActionsText(as []Action, tgNames map[string]string) string {
	var parts []string
	for _, a := range as {
		switch a.Type {
		case "forward":
			var names []string
			for _, t := range a.TargetGroups {
				names = append(names, targetGroupLabel(t, tgNames))
			}
			parts = append(parts, "forward "+strings.Join(names, ","))
		case "fixed-response":
			code := ""
			if a.FixedResponse != nil {
				code = " " + a.FixedResponse.StatusCode
			}
			parts = append(parts, "fixed"+code)
		default:
			parts = append(parts, a.Type)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

func targetGroupLabel(t WeightedTargetGroup, tgNames map[string]string) string {
	if t.ARN == "" {
		return t.Name
	}
	if n := tgNames[t.ARN]; n != "" {
		return n
	}
	if parts := strings.Split(t.ARN, "/"); len(parts) >= 2 {
		return parts[len(parts)-2]
	}
	return t.ARN
}

// ListenerLabel names a listener readably: "shared-alb:443 HTTPS", or the
// load balancer's name when the listener was not read.
func ListenerLabel(arn string, snap *Snapshot) string {
	if arn == "" {
		return "-"
	}
	name := ShortARN(arn)
	if parts := strings.Split(arn, "/"); len(parts) >= 4 {
		name = parts[2]
	}
	if snap != nil {
		for _, l := range snap.Listeners {
			if l.ARN == arn {
				return fmt.Sprintf("%s:%d %s", name, l.Port, l.Protocol)
			}
		}
	}
	return name
}

// ShortARN keeps the readable tail of an ELB ARN ("listener-rule/app/…",
// "targetgroup/env-a/…"); other strings are returned unchanged.
func ShortARN(arn string) string {
	if i := strings.Index(arn, ":listener"); i >= 0 {
		return arn[i+1:]
	}
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
