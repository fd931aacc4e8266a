package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// Every AWS call is a tea.Cmd built from plain values captured here, never
// from the model, and carries a generation so stale results are dropped.

func discoverCmd(c *programContext, b Backend, gen int, full bool) tea.Cmd {
	ctx := c.base
	return func() tea.Msg {
		if fr, ok := b.(FullReader); ok && full {
			fr.BeginFullRead()
		}
		snap, err := b.Discover(ctx, false)
		return listsMsg{gen: gen, full: full, snap: snap, err: err}
	}
}

func healthCmd(c *programContext, b Backend, gen int, arns []string) tea.Cmd {
	ctx := c.base
	arns = append([]string(nil), arns...)
	return func() tea.Msg {
		targets, errs := b.ReadHealth(ctx, arns)
		return healthMsg{gen: gen, arns: arns, targets: targets, errs: errs, at: b.Now()}
	}
}

func tickCmd(d time.Duration, gen int) tea.Cmd {
	if d <= 0 {
		return nil
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

func ageTickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return ageTickMsg{} })
}

// applyCmd runs the plan and closes events when Apply returns; listenCmd
// (re-armed after every event, the superfile pattern) streams the events.
func applyCmd(c *programContext, b Backend, op int, plan model.Plan, events chan model.StepEvent) tea.Cmd {
	ctx := c.base
	return func() tea.Msg {
		res, err := b.Apply(ctx, plan, events)
		close(events)
		return appliedMsg{op: op, result: res, err: err}
	}
}

func listenCmd(op int, events <-chan model.StepEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return stepsClosedMsg{op: op}
		}
		return stepMsg{op: op, ev: ev}
	}
}

func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: isErr} }
}
