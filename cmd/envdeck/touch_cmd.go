package main

import (
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newTouchCommand(a *app) *cobra.Command {
	var m mutation
	cmd := &cobra.Command{
		Use:   "touch ENV",
		Short: "Renew an environment's expiry by its own TTL (run it on every deploy)",
		Long: `Renew an environment's expiry: expires-at becomes now + the environment's TTL,
the one it was created with (expires-at - created-at, recorded in the ttl tag by
the first touch), capped at naming.max_ttl. A touch never shortens an expiry.
Protected and kept environments do not expire and are refused.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeEnvs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.check(cmd); err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			snap, inv, err := a.readToChange(cmd.Context(), model.PlanKindTouch, model.TagChangeNeeds())
			if err != nil {
				return err
			}
			plan, err := model.PlanTouch(inv, cfg, args[0], a.clock())
			if err != nil {
				return err
			}
			res, err := a.execute(cmd.Context(), snap, plan, m, a.human())
			return a.finishEnvChange(cmd.Context(), m, args[0], plan, inv, res, err)
		},
	}
	addMutationFlags(cmd, &m)
	return cmd
}
