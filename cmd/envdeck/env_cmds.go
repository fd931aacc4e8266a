package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"slices"
	"time"

	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newCreateCommand(a *app) *cobra.Command {
	var m mutation
	var f createFlags
	cmd := &cobra.Command{
		Use:   "create ENV",
		Short: "Create an environment: target group, listener rule, stage (and hostname in host mode)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.host && f.path {
				return fmt.Errorf("--host and --path exclude each other")
			}
			if err := m.check(cmd); err != nil {
				return err
			}
			waitFor, err := f.wait.timeout()
			if err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			req, err := f.request(a, cfg, args[0])
			if err != nil {
				return err
			}
			snap, inv, err := a.readToChange(cmd.Context(), model.PlanKindCreate, model.ChangeNeeds())
			if err != nil {
				return err
			}
			plan, err := model.PlanCreate(inv, cfg, req, a.clock())
			if err != nil {
				return err
			}
			res, err := a.execute(cmd.Context(), snap, plan, m, a.human())
			if err == nil && res != nil && waitFor > 0 {
				err = a.waitServing(cmd.Context(), req.Name, model.WaitTargets(inv, plan, *res, req.Name), waitFor)
			}
			return a.finishEnvChange(cmd.Context(), m, req.Name, plan, inv, res, err)
		},
	}
	f.add(cmd)
	_ = cmd.RegisterFlagCompletionFunc("services", a.completeServices)
	addMutationFlags(cmd, &m)
	addDetailedExitFlags(cmd, &m.exit)
	return cmd
}

func newDestroyCommand(a *app) *cobra.Command {
	var m mutation
	cmd := &cobra.Command{
		Use:               "destroy ENV",
		Short:             "Delete every owned resource of an environment (a slot is released, never deleted)",
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
			snap, inv, err := a.readToChange(cmd.Context(), model.PlanKindDestroy, model.ChangeNeeds())
			if err != nil {
				return err
			}
			plan, err := model.PlanDestroy(inv, cfg, args[0], a.clock())
			if _, exists := inv.Env(args[0]); err != nil && !exists {
				// A rerun of a destroy whose last answer was lost: done, not an error.
				if j, ok := a.destroyedBy(cmd.Context(), snap.Account, args[0]); ok {
					fmt.Fprintf(a.human(), "Nothing to do: %s was destroyed by the apply of journal %s (%s).\n",
						args[0], j.ID, j.Meta.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
					return a.report(destroyJSON{Name: args[0], applyJSON: toApplyJSON(model.Plan{}, nil, nil)}, nil, nil)
				}
			}
			if err != nil {
				return err
			}
			res, err := a.execute(cmd.Context(), snap, plan, m, a.human())
			if err == nil {
				err = a.settle(m.exit, plan, envFindings(inv, args[0]), inv.Errors)
			}
			return a.report(destroyJSON{Name: args[0], applyJSON: toApplyJSON(plan, res, nil)}, res, err)
		},
	}
	addMutationFlags(cmd, &m)
	addDetailedExitFlags(cmd, &m.exit)
	return cmd
}

func newExtendCommand(a *app) *cobra.Command {
	var m mutation
	var ttl string
	var keep bool
	cmd := &cobra.Command{
		Use:               "extend ENV",
		Short:             "Move an environment's expiry (--ttl from now) or keep it (--keep)",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeEnvs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.check(cmd); err != nil {
				return err
			}
			keepSet := cmd.Flags().Changed("keep")
			if ttl == "" && !keepSet {
				return fmt.Errorf("extend needs --ttl DURATION or --keep[=false]")
			}
			var d time.Duration
			if ttl != "" {
				var err error
				d, err = model.ParseDuration(ttl)
				if err != nil || d <= 0 {
					return fmt.Errorf("--ttl %q: want a positive duration such as 48h or 7d", ttl)
				}
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if err := cfg.CheckTTL(d); err != nil {
				return fmt.Errorf("--ttl %s: %w", ttl, err)
			}
			snap, inv, err := a.readToChange(cmd.Context(), model.PlanKindExtend, model.TagChangeNeeds())
			if err != nil {
				return err
			}
			var keepPtr *bool
			if keepSet {
				keepPtr = &keep
			}
			plan, err := model.PlanExtend(inv, cfg, args[0], d, keepPtr, a.clock())
			if err != nil {
				return err
			}
			res, err := a.execute(cmd.Context(), snap, plan, m, a.human())
			return a.finishEnvChange(cmd.Context(), m, args[0], plan, inv, res, err)
		},
	}
	cmd.Flags().StringVar(&ttl, "ttl", "", "new time to live from now, e.g. 48h")
	cmd.Flags().BoolVar(&keep, "keep", false, "set envdeck:keep=true (never expires, protected); --keep=false clears it")
	addMutationFlags(cmd, &m)
	return cmd
}

// destroyedBy finds the newest journal in which an apply on this account
// deleted resources of env (a redeploy journal holds stages it changed, not deleted).
func (a *app) destroyedBy(ctx context.Context, account, env string) (journal.Info, bool) {
	js, err := a.journals(ctx)
	if err != nil {
		return journal.Info{}, false
	}
	list, err := js.List(ctx)
	if err != nil {
		return journal.Info{}, false
	}
	for _, j := range list { // newest first
		if j.Meta.Account == account && j.Deleted > 0 && j.Meta.Kind != model.PlanKindRedeploy && slices.Contains(j.Envs, env) {
			return j, true
		}
	}
	return journal.Info{}, false
}

func addMutationFlags(cmd *cobra.Command, m *mutation) {
	cmd.Flags().BoolVar(&m.dryRun, "dry-run", false, "print the plan and change nothing")
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().StringVar(&m.planOut, "plan-out", "", "save the plan to FILE instead of applying it (envdeck apply FILE)")
	addOutputFlag(cmd, &m.format)
}

func osUser(a *app) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if v := a.env("USER"); v != "" {
		return v
	}
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "unknown"
}
