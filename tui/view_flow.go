package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

type flowState int

const (
	flowReview flowState = iota
	flowRunning
	flowDone
)

// flowView is the plan → typed confirmation → live progress → summary
// screen shared by gc, destroy, create, extend and keep.
type flowView struct {
	ctx     *programContext
	heading string
	plan    model.Plan
	confirm string // what must be typed to apply
	input   textinput.Model
	state   flowState
	op      int
	refusal string

	steps   []model.StepEvent // latest event per step
	result  model.ApplyResult
	err     error
	spinner spinner.Model
	offset  int
}

func newFlowView(ctx *programContext) *flowView {
	in := textinput.New()
	in.Prompt = "› "
	return &flowView{ctx: ctx, input: in, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// open starts a review of plan; confirm is what the user must type.
func (v *flowView) open(heading string, plan model.Plan, confirm string) tea.Cmd {
	v.heading, v.plan, v.confirm = heading, plan, confirm
	v.state, v.refusal, v.err, v.offset = flowReview, "", nil, 0
	v.result = model.ApplyResult{}
	v.steps = make([]model.StepEvent, len(plan.Steps))
	for i, s := range plan.Steps {
		v.steps[i] = model.StepEvent{Index: i, Step: s}
	}
	v.input.SetValue("")
	v.input.Placeholder = confirm
	return v.input.Focus()
}

func (v *flowView) title() string  { return "plan" }
func (v *flowView) captures() bool { return v.state == flowReview }
func (v *flowView) bindings() []Binding {
	k := v.ctx.keys
	switch v.state {
	case flowReview:
		return []Binding{k.Submit, k.Cancel}
	case flowDone:
		return []Binding{k.Back}
	}
	return nil
}

// start marks the flow running under operation op.
func (v *flowView) start(op int) tea.Cmd {
	v.state, v.op = flowRunning, op
	v.input.Blur()
	return v.spinner.Tick
}

// event records one progress event of the running operation.
func (v *flowView) event(ev model.StepEvent) {
	if ev.Index >= 0 && ev.Index < len(v.steps) {
		if ev.Step.ID == "" {
			ev.Step = v.steps[ev.Index].Step
		}
		v.steps[ev.Index] = ev
	}
}

// finish records the apply result.
func (v *flowView) finish(res model.ApplyResult, err error) {
	v.state, v.result, v.err = flowDone, res, err
	for _, ev := range res.Events {
		v.event(ev)
	}
}

func (v *flowView) update(msg tea.Msg) tea.Cmd {
	if t, ok := msg.(spinner.TickMsg); ok {
		if v.state != flowRunning {
			return nil
		}
		var cmd tea.Cmd
		v.spinner, cmd = v.spinner.Update(t)
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if v.state == flowReview {
			var cmd tea.Cmd
			v.input, cmd = v.input.Update(msg)
			return cmd
		}
		return nil
	}
	switch v.state {
	case flowReview:
		switch key.String() {
		case "esc":
			return intent(backMsg{})
		case "enter":
			if strings.TrimSpace(v.input.Value()) != v.confirm {
				v.refusal = fmt.Sprintf("confirmation refused: %q is not %q; nothing was changed", v.input.Value(), v.confirm)
				v.input.SetValue("")
				return nil
			}
			v.refusal = ""
			return intent(confirmedMsg{})
		}
		var cmd tea.Cmd
		v.input, cmd = v.input.Update(msg)
		return cmd
	case flowRunning:
		if key.String() == "esc" {
			return statusCmd("apply in progress: wait for it to finish", true)
		}
	case flowDone:
		if key.String() == "esc" || key.String() == "enter" {
			return intent(backMsg{})
		}
	}
	k := v.ctx.keys
	switch {
	case k.Up.matches(key):
		v.offset = max(v.offset-1, 0)
	case k.Down.matches(key):
		v.offset++
	}
	return nil
}

// stepSymbol is the Terraform-style action rune.
func (v *flowView) stepSymbol(a string) string {
	th := v.ctx.theme
	switch a {
	case model.StepCreate:
		return th.StepCreate.Render("+")
	case model.StepUpdate:
		return th.StepUpdate.Render("~")
	case model.StepDelete:
		return th.StepDel.Render("-")
	}
	return "?"
}

func (v *flowView) stepState(ev model.StepEvent) string {
	th := v.ctx.theme
	switch ev.State {
	case "":
		if v.state == flowReview {
			return ""
		}
		return th.Dim.Render("·")
	case model.EventRunning:
		if v.state == flowDone {
			return th.Warn.Render("?")
		}
		return v.spinner.View()
	case model.EventDone:
		return th.OK.Render("✓")
	case model.EventSkipped:
		return th.OK.Render("✓") + th.Dim.Render(" already")
	case model.EventDrift:
		return th.Warn.Render("! drift")
	case model.EventFailed:
		return th.Error.Render("✗")
	}
	return ev.State
}

func (v *flowView) render(width, height int) string {
	th := v.ctx.theme
	var head []string
	p := v.plan
	head = append(head, th.Section.Render(v.heading)+"  "+kv(th, "account", orDash(p.Account), "region", orDash(p.Region), "steps", fmt.Sprint(len(p.Steps))))
	var lines []string
	add, chg, del := 0, 0, 0
	for i, s := range p.Steps {
		switch s.Action {
		case model.StepCreate:
			add++
		case model.StepUpdate:
			chg++
		case model.StepDelete:
			del++
		}
		ev := v.steps[i]
		line := fmt.Sprintf("  %s %s %s", v.stepSymbol(s.Action), th.Bold.Render(string(s.Type)), stepID(s))
		if s.Env != "" {
			line += th.Dim.Render("  env " + s.Env)
		}
		if st := v.stepState(ev); st != "" {
			line = pad(st, 9, false) + line
		}
		lines = append(lines, line)
		if s.Reason != "" && v.state == flowReview {
			lines = append(lines, "      "+th.Dim.Render(s.Reason))
		}
		if ev.Message != "" && (ev.State == model.EventFailed || ev.State == model.EventDrift) {
			lines = append(lines, "          "+th.Error.Render(ev.Message))
		}
	}
	var foot []string
	foot = append(foot, "", fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy.", add, chg, del))
	switch v.state {
	case flowReview:
		if len(p.Steps) == 0 {
			foot = append(foot, th.Warn.Render("nothing to do"), th.Dim.Render("esc to go back"))
			break
		}
		foot = append(foot, th.Bold.Render("Type "+th.Mark.Render(v.confirm)+" and press enter to apply")+th.Dim.Render(" (esc cancels)"), v.input.View())
		if v.refusal != "" {
			foot = append(foot, th.Error.Render(v.refusal))
		}
	case flowRunning:
		foot = append(foot, v.spinner.View()+" applying…")
	case flowDone:
		foot = append(foot, v.summary())
	}
	bodyH := max(height-len(head)-len(foot), 1)
	shown, off := window(lines, v.offset, bodyH)
	if v.state == flowRunning {
		// follow the running step
		for i, ev := range v.steps {
			if ev.State == model.EventRunning && (i < off || i >= off+bodyH) {
				shown, off = window(lines, i-bodyH/2, bodyH)
			}
		}
	}
	v.offset = off
	return strings.Join(append(append(head, shown...), foot...), "\n")
}

func (v *flowView) summary() string {
	th := v.ctx.theme
	n := map[string]int{}
	for _, ev := range v.steps {
		n[ev.State]++
	}
	s := fmt.Sprintf("%d done, %d already, %d drift, %d failed", n[model.EventDone], n[model.EventSkipped], n[model.EventDrift], n[model.EventFailed])
	var parts []string
	if v.err != nil || n[model.EventFailed] > 0 {
		parts = append(parts, th.Error.Render("✗ "+s))
	} else {
		parts = append(parts, th.OK.Render("✓ "+s))
	}
	if v.err != nil {
		parts = append(parts, th.Error.Render("apply failed: "+v.err.Error()))
	}
	if v.result.JournalID != "" {
		parts = append(parts, kv(th, "journal", v.result.JournalID)+th.Dim.Render("  (envdeck restore "+v.result.JournalID+")"))
	}
	parts = append(parts, th.Dim.Render("esc to go back"))
	return strings.Join(parts, "\n")
}

// stepID renders a step's resource readably (from its definition when
// the resource does not exist yet).
func stepID(s model.Step) string {
	if s.Action == model.StepCreate && s.Def != nil {
		switch {
		case s.Def.Rule != nil:
			return fmt.Sprintf("priority %d %s", s.Def.Rule.Priority, conditions(s.Def.Rule.Conditions))
		case s.Def.TargetGroup != nil:
			return s.Def.TargetGroup.Name
		}
	}
	return shortID(model.ResourceRef{Type: s.Type, ID: s.ID})
}
