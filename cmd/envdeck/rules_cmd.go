package main

import (
	"fmt"
	"strings"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// ruleJSON is one rule of `rules -o json`: the whole rule (conditions and
// actions as read) plus how envdeck understands it.
type ruleJSON struct {
	ARN         string  `json:"arn"`
	Listener    string  `json:"listener_arn"`
	Priority    string  `json:"priority"`
	IsDefault   bool    `json:"is_default"`
	Environment *string `json:"environment"`
	Owned       bool    `json:"owned"`
	// Owner: "envdeck", another tool (managed_by) or null.
	Owner      *string           `json:"owner"`
	OwnerName  *string           `json:"owner_name"`
	Conditions []model.Condition `json:"conditions"`
	Actions    []model.Action    `json:"actions"`
	Tags       map[string]string `json:"tags"`
	Findings   []findingJSON     `json:"findings"`
}

type rulesJSON struct {
	Rules  []ruleJSON  `json:"rules"`
	Errors []errorJSON `json:"errors"`
}

func newRulesCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Every listener rule by priority: conditions, actions, environment, ownership, findings",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			_, inv, err := a.readFor(cmd.Context(), model.Needs{})
			if err != nil {
				return err
			}
			rows := model.RuleRows(inv, cfg.Keys())
			if isData(format) {
				if err := a.writeData(toRulesJSON(rows, inv.Errors)); err != nil {
					return err
				}
				return a.incomplete(inv.Errors, "rules")
			}
			a.writeRulesTable(format, rows)
			a.warnErrors(inv.Errors)
			return a.incomplete(inv.Errors, "rules")
		},
	}
	addOutputFlag(cmd, &format)
	return cmd
}

func toRulesJSON(rows []model.RuleRow, errs []model.SourceError) rulesJSON {
	out := rulesJSON{Rules: []ruleJSON{}, Errors: toErrorsJSON(errs)}
	for _, r := range rows {
		j := ruleJSON{
			ARN: r.Rule.ARN, Listener: r.Rule.ListenerARN, Priority: r.Priority, IsDefault: r.Rule.IsDefault,
			Environment: strOrNil(r.Environment), Owned: r.Owned, Owner: strOrNil(r.Owner), OwnerName: strOrNil(r.OwnerName),
			Conditions: nonNil(r.Rule.Conditions), Actions: nonNil(r.Rule.Actions), Tags: r.Rule.Tags,
			Findings: []findingJSON{},
		}
		if j.Tags == nil {
			j.Tags = map[string]string{}
		}
		for _, f := range r.Findings {
			j.Findings = append(j.Findings, toFindingJSON(f))
		}
		out.Rules = append(out.Rules, j)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *app) writeRulesTable(format string, rows []model.RuleRow) {
	p := palette{a.colour()}
	t := newTable(format, []string{"LISTENER", "PRIO", "ENV", "OWNER", "CONDITIONS", "ACTIONS", "FINDINGS"}, "RULE")
	owned := 0
	for _, r := range rows {
		own := ownerCell(r)
		if r.Owned {
			owned++
		}
		var kinds []string
		for _, f := range r.Findings {
			kinds = append(kinds, f.Kind)
		}
		t.row([]string{r.Listener, r.Priority, orDash(r.Environment), own, r.Conditions, r.Actions, orDash(strings.Join(kinds, ","))}, r.Rule.ARN)
	}
	t.write(a.stdout, p)
	fmt.Fprintf(a.stdout, "\n%d rules, %d owned by envdeck\n", len(rows), owned)
}
