package main

import (
	"errors"
	"strings"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// exitPlan is --detailed-exitcode and --fail-on: Terraform's convention for
// pipelines (0 nothing to do, 2 something to do, 1 an error).
type exitPlan struct {
	detailed bool
	failOn   string
}

func addDetailedExitFlags(cmd *cobra.Command, e *exitPlan) {
	cmd.Flags().BoolVar(&e.detailed, "detailed-exitcode", false,
		"exit 0 when there is nothing to do, 2 when the plan has steps or a finding is at or above --fail-on, 1 on an error")
	cmd.Flags().StringVar(&e.failOn, "fail-on", model.SeverityWarning,
		"with --detailed-exitcode: the lowest finding severity that exits 2 (warning|critical)")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{model.SeverityWarning, model.SeverityCritical}, cobra.ShellCompDirectiveNoFileComp
	})
}

// check refuses bad flags before any AWS call.
func (e exitPlan) check(cmd *cobra.Command) error {
	if _, err := model.ParseFailOn(e.failOn); err != nil {
		return err
	}
	if cmd.Flags().Changed("fail-on") && !e.detailed {
		return errors.New("--fail-on needs --detailed-exitcode")
	}
	return nil
}

// check refuses a mutating command's bad -o and exit flags before any AWS
// call. Where the command applies its plan (create, destroy),
// --detailed-exitcode needs --dry-run or --plan-out: it reports what the
// plan would do.
func (m mutation) check(cmd *cobra.Command) error {
	if err := checkFormat(m.format); err != nil {
		return err
	}
	if cmd.Flags().Lookup("detailed-exitcode") == nil {
		return nil
	}
	if err := m.exit.check(cmd); err != nil {
		return err
	}
	if m.exit.detailed && !m.dryRun && m.planOut == "" && cmd.Name() != "gc" {
		return errors.New("--detailed-exitcode needs --dry-run or --plan-out: it reports what the plan would do")
	}
	return nil
}

// settle sets the exit code of a command that succeeded: with
// --detailed-exitcode, 2 when the plan has steps or a finding is at or
// above --fail-on, else 0. A source that could not be read makes the plan
// and findings incomplete: that is an error (1), never "nothing to do".
func (a *app) settle(e exitPlan, plan model.Plan, findings []model.Finding, errs []model.SourceError) error {
	if !e.detailed {
		return nil
	}
	if len(errs) > 0 {
		var sources []string
		for _, se := range errs {
			sources = append(sources, se.Source)
		}
		return exitCode(model.ExitError, "%s could not be read: the plan and findings are incomplete", strings.Join(sources, ", "))
	}
	a.exit = model.DetailedExitCode(plan, findings, e.failOn)
	return nil
}

// envFindings are the findings that concern env.
func envFindings(inv *model.Inventory, env string) []model.Finding {
	var out []model.Finding
	for _, f := range inv.Findings {
		if f.Environment == env {
			out = append(out, f)
		}
	}
	return out
}
