package main

import (
	"fmt"
	"io"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newRedeployCommand(a *app) *cobra.Command {
	var m mutation
	var api string
	cmd := &cobra.Command{
		Use:   "redeploy [ENV...]",
		Short: "Point stale stages at their API's newest deployment (owned REST stages; without ENV, every one)",
		Long: `Point every stale stage (stale-stage finding: an owned REST stage on an
older deployment than its API's newest) of the environments named, or of
every environment, at its API's newest deployment (UpdateStage replace
/deploymentId). Each stage is re-checked just before its call and its old
deployment is journaled first: restore JOURNAL-ID points it back. A stale
stage envdeck does not own is reported and never changed; HTTP API stages
auto-deploy and are never stale.`,
		ValidArgsFunction: a.completeEnvs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.check(cmd); err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			snap, inv, err := a.readToChange(cmd.Context(), model.PlanKindRedeploy, model.ChangeNeeds())
			if err != nil {
				return err
			}
			plan, err := model.PlanRedeploy(inv, cfg, model.RedeployRequest{Envs: args, API: api}, a.clock())
			if err != nil {
				return err
			}
			printSkipped(a.human(), palette{a.colour()}, plan.Skipped)
			res, err := a.execute(cmd.Context(), snap, plan.Plan, m, a.human())
			if err == nil {
				err = a.settle(m.exit, plan.Plan, nil, inv.Errors)
			}
			doc := redeployJSON{Skipped: toSkippedJSON(plan.Skipped), applyJSON: toApplyJSON(plan.Plan, res, nil)}
			return a.report(doc, res, err)
		},
	}
	cmd.Flags().StringVar(&api, "api", "", "only the stages of this REST API")
	addMutationFlags(cmd, &m)
	addDetailedExitFlags(cmd, &m.exit)
	return cmd
}

// redeployJSON is redeploy's document: besides the apply, the stale stages
// it leaves alone and why.
type redeployJSON struct {
	Skipped []refusedJSON `json:"skipped"`
	applyJSON
}

func toSkippedJSON(ss []model.RedeploySkip) []refusedJSON {
	out := []refusedJSON{}
	for _, s := range ss {
		out = append(out, refusedJSON{Type: s.Type, ID: s.ID, Env: strOrNil(s.Env), Reason: s.Reason})
	}
	return out
}

// printSkipped says, before anything runs, which stale stages stay as they are.
func printSkipped(w io.Writer, p palette, skipped []model.RedeploySkip) {
	if len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "Stale, not redeployed (%d):\n", len(skipped))
	for _, s := range skipped {
		fmt.Fprintf(w, "  %s %s %s: %s\n", p.paint(yellow, "!"), s.Type, s.ID, s.Reason)
	}
}
