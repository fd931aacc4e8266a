package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// openRedeploy reviews the plan pointing env's stale stages at their API's
// newest deployment (model.PlanRedeploy, as envdeck redeploy ENV), or says
// why there is nothing to do.
func (m *Model) openRedeploy(env string, now time.Time) tea.Cmd {
	rp, err := m.eng.planRedeploy(m.x.inv, m.ctx.cfg, model.RedeployRequest{Envs: []string{env}}, now)
	if err != nil {
		return statusCmd("refused: "+err.Error(), true)
	}
	if len(rp.Steps) == 0 {
		why := "no stale stage of " + env + ": every stage is on its API's newest deployment"
		if len(rp.Skipped) > 0 {
			why = "nothing envdeck may redeploy: " + rp.Skipped[0].Reason
		}
		return statusCmd(why, len(rp.Skipped) > 0)
	}
	return m.openFlow("Redeploy "+env, rp.Plan)
}
