package main

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newGCCommand(a *app) *cobra.Command {
	var format string
	var apply bool
	var m mutation
	cmd := &cobra.Command{
		Use:   "gc",
		Short: "Findings and the exact deletion plan; deletes only with --apply",
		Long: `gc lists every finding (expired environments, orphan rules, target groups and
stages, dangling records, broken slots, shadowed rules, tag conflicts, environments
split across the load balancers of the pool, unmanaged resources and whose they are,
quota pressure) and the exact plan that collects what envdeck owns.
It is a dry run unless --apply is given; without a terminal --apply also needs --yes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m.format = format
			if err := m.check(cmd); err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			// Dry run or not, the plan is judged on tags as they are now;
			// health may come from the read cache (apply reads it again).
			snap, inv, err := a.read(cmd.Context())
			if err != nil {
				return err
			}
			plan := model.PlanGC(inv, cfg, a.clock())
			out := gcJSON{Findings: toFindingsJSON(inv.Findings), applyJSON: toApplyJSON(plan, nil, inv.Errors)}
			human := a.stdout
			if isData(format) {
				human = a.stderr // progress and prompts stay off the JSON stream
			} else {
				a.printFindings(format, inv.Findings)
				fmt.Fprintln(a.stdout)
			}
			if !apply && m.planOut == "" {
				settled := a.settle(m.exit, plan, inv.Findings, inv.Errors)
				if isData(format) {
					if err := a.writeData(out); err != nil {
						return err
					}
					if err := a.incomplete(inv.Errors, "gc"); err != nil {
						return err
					}
					return settled
				}
				a.printPlan(a.stdout, plan)
				if len(plan.Steps) > 0 {
					fmt.Fprintln(a.stdout, "Dry run: nothing changed. Collect with: "+a.cli("gc", "--apply"))
				}
				a.warnErrors(inv.Errors)
				if err := a.incomplete(inv.Errors, "gc"); err != nil {
					return err
				}
				return settled
			}
			if err := a.changeable(snap, plan.Kind); err != nil {
				if isData(format) {
					_ = a.writeData(out) // what was read, errors included
				}
				return err
			}
			res, err := a.execute(cmd.Context(), snap, plan, m, human)
			if err == nil {
				err = a.settle(m.exit, plan, inv.Findings, inv.Errors)
			}
			out.applyJSON = toApplyJSON(plan, res, inv.Errors)
			return a.report(out, res, err)
		},
	}
	addOutputFlag(cmd, &format)
	cmd.Flags().BoolVar(&apply, "apply", false, "delete what the plan lists (asks first; --yes without a terminal)")
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().StringVar(&m.planOut, "plan-out", "", "save the plan to FILE instead of applying it (envdeck apply FILE)")
	addDetailedExitFlags(cmd, &m.exit)
	return cmd
}

func (a *app) printFindings(format string, fs []model.Finding) {
	p := palette{a.colour()}
	if len(fs) == 0 {
		fmt.Fprintln(a.stdout, "No findings.")
		return
	}
	t := newTable(format, []string{"KIND", "SEVERITY", "ENVIRONMENT", "ACTION", "REASON"}, "TYPE", "RESOURCE")
	for _, f := range fs {
		t.row([]string{f.Kind, p.word(f.Severity), orDash(f.Environment), f.Action, f.Reason}, orDash(string(f.Resource.Type)), orDash(f.Resource.ID))
	}
	t.write(a.stdout, p)
}
