package main

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newApplyCommand(a *app) *cobra.Command {
	var m mutation
	var secretVar string
	cmd := &cobra.Command{
		Use:   "apply PLAN-FILE",
		Short: "Apply a plan saved with --plan-out, re-checking every resource before its step",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.check(cmd); err != nil {
				return err
			}
			plan, err := loadPlan(args[0])
			if err != nil {
				return err
			}
			ctx, err := a.withOIDCSecret(cmd.Context(), secretVar)
			if err != nil {
				return err
			}
			if err := a.guardPlanPlatform(plan); err != nil {
				return err
			}
			snap, _, err := a.readToChange(ctx, plan.Kind, model.ChangeNeeds())
			if err != nil {
				return err
			}
			if err := a.guardAccount(snap, &plan); err != nil {
				return err
			}
			if plan.Fingerprint != "" && plan.Fingerprint != snap.Fingerprint() {
				fmt.Fprintln(a.human(), "The account changed since this plan was made: every step is re-checked, and a changed resource is skipped, not forced.")
			}
			res, err := a.execute(ctx, snap, plan, m, a.human())
			return a.report(planApplyJSON{Kind: plan.Kind, applyJSON: toApplyJSON(plan, res, nil)}, res, err)
		},
	}
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "do not ask for confirmation")
	addOutputFlag(cmd, &m.format)
	cmd.Flags().StringVar(&secretVar, "oidc-client-secret-from", "", "read the client secret of restored authenticate-oidc actions from environment variable ENVVAR")
	return cmd
}
