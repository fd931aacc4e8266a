package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// restoreFlags are restore's own flags.
type restoreFlags struct {
	env          string
	secretEnvVar string
	keepExpiry   bool
}

func newRestoreCommand(a *app) *cobra.Command {
	var m mutation
	var f restoreFlags
	cmd := &cobra.Command{
		Use:   "restore [JOURNAL-ID]",
		Short: "Recreate what an apply deleted, from its journal (or --env NAME: from every journal); without either, list the journals",
		Long: `Recreate what an apply deleted, each resource equal to its journaled definition.

A journal's references resolve against every journal of the account and the
account itself: a rule whose target group another run deleted brings that
group back too. Restore never routes to, or attaches to, a resource envdeck
does not own; such a resource is refused (with the rules that need it) and
the rest is restored, exit 1. A restored environment expires its original
TTL from now (--keep-expiry keeps the journaled expires-at). AWS never
returns an authenticate-oidc client secret: give it with
--oidc-client-secret-from ENVVAR, or such a rule is refused.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.check(cmd); err != nil {
				return err
			}
			if len(args) == 0 && f.env == "" {
				return a.listJournals(cmd.Context())
			}
			if len(args) == 1 && f.env != "" {
				return exitCode(2, "restore takes a journal ID or --env NAME, not both")
			}
			return a.restore(cmd.Context(), args, f, m)
		},
	}
	addMutationFlags(cmd, &m)
	cmd.Flags().StringVar(&f.env, "env", "", "restore everything the journals hold of environment NAME, newest definition first")
	cmd.Flags().StringVar(&f.secretEnvVar, "oidc-client-secret-from", "", "read the client secret of authenticate-oidc actions from environment variable ENVVAR")
	cmd.Flags().BoolVar(&f.keepExpiry, "keep-expiry", false, "keep the journaled expires-at instead of now + the original TTL")
	return cmd
}

func (a *app) listJournals(ctx context.Context) error {
	js, err := a.journals(ctx)
	if err != nil {
		return err
	}
	list, err := js.List(ctx)
	if err != nil {
		return err
	}
	if isData(a.out.format) {
		return a.writeData(toJournalsJSON(list))
	}
	if len(list) == 0 {
		fmt.Fprintf(a.stdout, "No journals in %s.\n", js.Where())
		return nil
	}
	p := palette{a.colour()}
	t := &table{header: []string{"ID", "TIME", "KIND", "ACCOUNT", "REGION", "PROFILE", "DELETED", "ENVIRONMENTS"}}
	for _, j := range list {
		t.add(j.ID, j.Meta.Time.UTC().Format("2006-01-02 15:04:05"), j.Meta.Kind, j.Meta.Account, j.Meta.Region, orDash(j.Meta.Profile), fmt.Sprint(j.Deleted), orDash(strings.Join(j.Envs, ",")))
	}
	t.write(a.stdout, p)
	return nil
}

// restore plans from one journal (or an environment's journals) against a
// fresh read and every journal of the account, prints what it refuses,
// and applies the rest.
func (a *app) restore(ctx context.Context, args []string, f restoreFlags, m mutation) error {
	req := model.RestoreRequest{Env: f.env, KeepExpiry: f.keepExpiry, OIDCSecret: f.secretEnvVar != ""}
	ctx, err := a.withOIDCSecret(ctx, f.secretEnvVar)
	if err != nil {
		return err
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	js, err := a.journals(ctx)
	if err != nil {
		return err
	}
	var meta journal.Meta
	if len(args) == 1 {
		if req.Entries, meta, err = js.Read(ctx, args[0]); err != nil {
			return err
		}
	}
	snap, _, err := a.readToChange(ctx, model.PlanKindRestore, model.ChangeNeeds())
	if err != nil {
		return err
	}
	if meta.Account != "" && snap.Account != "" && meta.Account != snap.Account {
		return fmt.Errorf("journal %s is of account %s but the caller is in %s: refusing", args[0], meta.Account, snap.Account)
	}
	if req.Library, err = journal.AccountEntries(ctx, js, snap.Account); err != nil {
		return err
	}
	if f.env != "" {
		req.Entries = req.Library
	}
	plan, err := model.PlanRestore(req, snap, cfg, a.clock())
	if err != nil {
		return err
	}
	printRefused(a.human(), palette{a.colour()}, plan.Refused)
	res, err := a.execute(ctx, snap, plan.Plan, m, a.human())
	doc := restoreJSON{Refused: toRefusedJSON(plan.Refused), applyJSON: toApplyJSON(plan.Plan, res, nil)}
	if err := a.report(doc, res, err); err != nil {
		return err
	}
	if len(plan.Refused) > 0 {
		return exitCode(1, "%d resource(s) not restored: %s", len(plan.Refused), plan.Refused[0].Reason)
	}
	return nil
}

// withOIDCSecret carries the client secret read from environment variable
// name (none when name is empty); an unset or empty variable is refused.
func (a *app) withOIDCSecret(ctx context.Context, name string) (context.Context, error) {
	if name == "" {
		return ctx, nil
	}
	secret := a.env(name)
	if secret == "" {
		return ctx, exitCode(2, "--oidc-client-secret-from %s: the environment variable is empty or not set", name)
	}
	return aws.WithOIDCClientSecret(ctx, secret), nil
}

// printRefused says, before anything runs, what restore does not bring back.
func printRefused(w io.Writer, p palette, refused []model.RestoreRefusal) {
	if len(refused) == 0 {
		return
	}
	fmt.Fprintf(w, "Not restored (%d):\n", len(refused))
	for _, r := range refused {
		fmt.Fprintf(w, "  %s %s %s: %s\n", p.paint(red, "✗"), r.Type, r.ID, r.Reason)
	}
}
