package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// The console's mutations: each plans through the plan engine (model's
// planners), reviews the plan in the flow view and applies it through
// the backend. Nothing here reads or changes the account itself.

// toggleKeep plans keeping env (or no longer keeping it) and reviews it.
func (m *Model) toggleKeep(env string, now time.Time) tea.Cmd {
	e, ok := m.x.env[env]
	if !ok {
		return statusCmd("unknown environment "+env, true)
	}
	keep := !e.Keep
	plan, err := m.eng.planExtend(m.x.inv, m.ctx.cfg, env, 0, &keep, now)
	if err != nil {
		return statusCmd("refused: "+err.Error(), true)
	}
	verb := "Keep"
	if !keep {
		verb = "Stop keeping"
	}
	return m.openFlow(verb+" "+env, plan)
}

// startApply applies the reviewed plan, streaming its step events.
func (m *Model) startApply() tea.Cmd {
	op := m.ctx.nextOpGen()
	m.events = make(chan model.StepEvent, 64)
	m.applying = true
	return tea.Batch(m.flow.start(op), applyCmd(m.ctx, m.b, op, m.flow.plan, m.events), listenCmd(op, m.events), m.spinner.Tick)
}

// openExtend opens the TTL form, or refuses at once what no TTL could make
// possible (nothing owned to tag), saying why.
func (m *Model) openExtend(env string, now time.Time) tea.Cmd {
	if _, err := m.eng.planExtend(m.x.inv, m.ctx.cfg, env, time.Hour, nil, now); err != nil {
		return statusCmd("refused: "+err.Error(), true)
	}
	m.extend.open(env)
	m.push(viewExtend)
	return m.extend.input.Focus()
}

func (m *Model) openDestroy(env string, now time.Time) tea.Cmd {
	plan, err := m.eng.planDestroy(m.x.inv, m.ctx.cfg, env, now)
	if err != nil {
		return statusCmd("refused: "+err.Error(), true)
	}
	return m.openFlow("Destroy "+env, plan)
}

// openGC reviews the steps of the GC plan that collect the selection.
func (m *Model) openGC(selected []model.FindingKey, now time.Time) tea.Cmd {
	plan := model.PlanGCFor(m.eng.planGC(m.x.inv, m.ctx.cfg, now), selected, m.x.snap)
	if len(plan.Steps) == 0 {
		return statusCmd("the selected findings need no deletion now (refresh?)", true)
	}
	return m.openFlow(fmt.Sprintf("Collect %d findings", len(selected)), plan)
}

// openFlow reviews plan; what must be typed to apply it is the model's
// confirmation for its kind.
func (m *Model) openFlow(title string, plan model.Plan) tea.Cmd {
	cmd := m.flow.open(title, plan, model.ConfirmationFor(plan).Answer)
	m.push(viewFlow)
	return cmd
}

// refuseWrite refuses a mutation in a read-only session (the keys are off
// already; this guards every other path to a plan), or on a partial read.
func (m *Model) refuseWrite(what string) bool {
	if m.ctx.readOnly {
		m.status, m.statusErr = "read-only session: "+what+" refused", true
		return true
	}
	// A plan made from a partial read is refused by the same policy as the
	// CLI's (the backend judges its own fresh read again before applying).
	if m.x != nil && m.x.inv != nil {
		if err := model.CheckComplete(m.x.inv.Snapshot, what); err != nil {
			m.status, m.statusErr = err.Error(), true
			return true
		}
	}
	return false
}
