package main

import (
	"fmt"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newApplyCommand(a *app) *cobra.Command {
	var m mutation
	cmd := &cobra.Command{
		Use:   "apply PLAN-FILE",
		Short: "Apply a plan saved with --plan-out, re-checking every resource before its step",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := loadPlan(args[0])
			if err != nil {
				return err
			}
			if _, err := a.config(); err != nil {
				return err
			}
			snap, _, err := a.read(cmd.Context())
			if err != nil {
				return err
			}
			if err := a.guardAccount(snap, &plan); err != nil {
				return err
			}
			if plan.Fingerprint != "" && plan.Fingerprint != snap.Fingerprint() {
				fmt.Fprintln(a.stdout, "The account changed since this plan was made: every step is re-checked, and a changed resource is skipped, not forced.")
			}
			_, err = a.execute(cmd.Context(), snap, plan, m, confirmationFor(plan), a.stdout)
			return err
		},
	}
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func newRestoreCommand(a *app) *cobra.Command {
	var m mutation
	cmd := &cobra.Command{
		Use:   "restore [JOURNAL-ID]",
		Short: "Recreate what an apply deleted, from its journal; without an ID, list the journals",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := a.journalDir()
			if len(args) == 0 {
				list, err := aws.ListJournals(dir)
				if err != nil {
					return err
				}
				if len(list) == 0 {
					fmt.Fprintf(a.stdout, "No journals in %s.\n", dir)
					return nil
				}
				p := palette{a.colour()}
				t := &table{header: []string{"ID", "TIME", "KIND", "ACCOUNT", "REGION", "PROFILE", "DELETED"}}
				for _, j := range list {
					t.add(j.ID, j.Meta.Time.UTC().Format("2006-01-02 15:04:05"), j.Meta.Kind, j.Meta.Account, j.Meta.Region, orDash(j.Meta.Profile), fmt.Sprint(j.Deleted))
				}
				t.write(a.stdout, p)
				return nil
			}
			entries, meta, err := aws.ReadJournal(dir, args[0])
			if err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			snap, _, err := a.read(cmd.Context())
			if err != nil {
				return err
			}
			if meta.Account != "" && snap.Account != "" && meta.Account != snap.Account {
				return fmt.Errorf("journal %s is of account %s but the caller is in %s: refusing", args[0], meta.Account, snap.Account)
			}
			plan, err := model.PlanRestore(entries, snap, cfg, a.clock())
			if err != nil {
				return err
			}
			_, err = a.execute(cmd.Context(), snap, plan, m, confirmYes(), a.stdout)
			return err
		},
	}
	addMutationFlags(cmd, &m)
	return cmd
}
