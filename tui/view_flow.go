package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
	scroll  scroller
	// seenEnd: the last step has been on screen; only then does the
	// confirmation take a typed answer.
	seenEnd bool
}

func newFlowView(ctx *programContext) *flowView {
	in := textinput.New()
	in.Prompt = "› "
	return &flowView{ctx: ctx, input: in, spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), scroll: scroller{ctx: ctx}}
}

// open starts a review of plan; confirm is what the user must type.
func (v *flowView) open(heading string, plan model.Plan, confirm string) tea.Cmd {
	v.heading, v.plan, v.confirm = heading, plan, confirm
	v.state, v.refusal, v.err, v.scroll.offset = flowReview, "", nil, 0
	v.result = model.ApplyResult{}
	v.steps = make([]model.StepEvent, len(plan.Steps))
	for i, s := range plan.Steps {
		v.steps[i] = model.StepEvent{Index: i, Step: s}
	}
	// No placeholder: a hint under the cursor reads as typed text.
	v.input.SetValue("")
	v.input.Placeholder = ""
	v.input.Blur()
	v.seenEnd = false
	return v.checkEnd()
}

// checkEnd notes when the last step is on screen (at the size of the
// last frame) and then gives the confirmation its focus.
func (v *flowView) checkEnd() tea.Cmd {
	if v.seenEnd || v.state != flowReview {
		return nil
	}
	lines, _ := v.planLines(v.ctx.width)
	if v.scroll.offset+v.bodyHeight(v.ctx.bodyHeight) < len(lines) {
		return nil
	}
	v.seenEnd = true
	return v.input.Focus()
}

func (v *flowView) title() string  { return "plan" }
func (v *flowView) captures() bool { return v.state == flowReview }
func (v *flowView) bindings() []Binding {
	k := v.ctx.keys
	switch v.state {
	case flowReview:
		if !v.seenEnd {
			return []Binding{k.Down, k.PageDown, k.Bottom, k.Cancel}
		}
		return []Binding{k.Submit, k.Cancel, k.Down, k.PageDown}
	case flowDone:
		return []Binding{k.Back, k.Down, k.PageDown}
	}
	return []Binding{k.Down, k.PageDown}
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
		return v.review(key)
	case flowRunning:
		if key.String() == "esc" {
			return statusCmd("apply in progress: wait for it to finish", true)
		}
	case flowDone:
		if key.String() == "esc" || key.String() == "enter" {
			return intent(backMsg{})
		}
	}
	v.scroll.key(key)
	return nil
}

// review handles a key while the plan waits for its confirmation: the
// answer is taken only once the last step has been on screen.
func (v *flowView) review(key tea.KeyPressMsg) tea.Cmd {
	if key.String() == "esc" {
		return intent(backMsg{})
	}
	if !v.seenEnd {
		if v.scroll.key(key) {
			return v.checkEnd()
		}
		return statusCmd("refused: read the plan to its last step first ("+v.position()+"; ↓ pgdn G scroll)", true)
	}
	if typingFree(key) {
		v.scroll.key(key)
		return nil
	}
	if key.String() == "enter" {
		if strings.TrimSpace(v.input.Value()) != v.confirm {
			v.refusal = fmt.Sprintf("confirmation refused: %q is not %q; nothing was changed", v.input.Value(), v.confirm)
			v.input.SetValue("")
			return nil
		}
		v.refusal = ""
		return intent(confirmedMsg{})
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(key)
	return cmd
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

// planLines renders the steps, each line wrapped to width (nothing acted
// on is cut), and the step index of each line.
func (v *flowView) planLines(width int) (lines []string, stepOf []int) {
	th := v.ctx.theme
	// text is wrapped plain, then each line takes style: a style never
	// spans a line break
	add := func(i int, indent, text string, style func(...string) string) {
		for _, l := range wrapLines(text, max(width-ansi.StringWidth(indent), 10)) {
			lines, stepOf = append(lines, indent+style(l)), append(stepOf, i)
		}
	}
	plain := func(s ...string) string { return strings.Join(s, " ") }
	for i, s := range v.plan.Steps {
		ev := v.steps[i]
		line := v.stepSymbol(s.Action) + " " + th.Bold.Render(string(s.Type)) + " " + stepID(s)
		if s.Env != "" {
			line += th.Dim.Render("  env " + s.Env)
		}
		indent := "  "
		if st := v.stepState(ev); st != "" {
			indent = pad(st, 9, false) + "  "
		}
		add(i, indent, line, plain)
		if s.Reason != "" && v.state == flowReview {
			add(i, "      ", model.ShortenARNs(s.Reason), th.Dim.Render)
		}
		if ev.Message != "" && (ev.State == model.EventFailed || ev.State == model.EventDrift) {
			add(i, "          ", model.WithCLI(ev.Message, v.ctx.cli), th.Error.Render)
		}
	}
	return lines, stepOf
}

// foot is what follows the steps: the summary line and the prompt (the
// same number of lines before and after the last step was seen).
func (v *flowView) foot() []string {
	th := v.ctx.theme
	foot := []string{"", v.plan.Summary()}
	switch v.state {
	case flowReview:
		switch {
		case len(v.plan.Steps) == 0:
			foot = append(foot, th.Warn.Render("nothing to do"), th.Dim.Render("esc to go back"))
		case !v.seenEnd:
			foot = append(foot, th.Bold.Render("Read the plan to its last step to confirm")+th.Dim.Render(" (↓ pgdn G scroll · esc cancels)"),
				th.Dim.Render("the answer is refused until the last step has been on screen"))
		default:
			foot = append(foot, th.Bold.Render("Type "+th.Mark.Render(v.confirm)+" and press enter to apply")+th.Dim.Render(" (esc cancels)"), v.input.View())
		}
		if v.refusal != "" {
			foot = append(foot, th.Error.Render(v.refusal))
		}
	case flowRunning:
		foot = append(foot, v.spinner.View()+" applying…")
	case flowDone:
		foot = append(foot, v.summary())
	}
	return foot
}

// bodyHeight is the room for steps in a screen body of height lines: less
// the heading, the position line and the foot.
func (v *flowView) bodyHeight(height int) int {
	return max(height-2-strings.Count(strings.Join(v.foot(), "\n"), "\n")-1, 1)
}

// position is "steps 1–8 of 12": the steps on screen.
func (v *flowView) position() string {
	lines, stepOf := v.planLines(v.ctx.width)
	if len(lines) == 0 {
		return "no steps"
	}
	_, off := window(lines, v.scroll.offset, v.bodyHeight(v.ctx.bodyHeight))
	end := min(off+v.bodyHeight(v.ctx.bodyHeight), len(lines)) - 1
	return fmt.Sprintf("steps %d–%d of %d", stepOf[off]+1, stepOf[end]+1, len(v.plan.Steps))
}

func (v *flowView) render(width, height int) string {
	th := v.ctx.theme
	p := v.plan
	head := th.Section.Render(v.heading) + "  " + kv(th, "account", orDash(p.Account), "region", orDash(p.Region), "steps", fmt.Sprint(len(p.Steps)))
	lines, stepOf := v.planLines(width)
	bodyH := v.bodyHeight(height)
	if v.state == flowRunning {
		// follow the running step
		for i, ev := range v.steps {
			if ev.State != model.EventRunning {
				continue
			}
			if first := slices.Index(stepOf, i); first >= 0 && (first < v.scroll.offset || first >= v.scroll.offset+bodyH) {
				v.scroll.offset = max(first-bodyH/2, 0)
			}
		}
	}
	shown, first, last := v.scroll.window(lines, bodyH)
	if v.state == flowReview && !v.seenEnd && last >= len(lines) {
		v.seenEnd = true
		v.input.Focus()
	}
	pos := th.Dim.Render("no steps")
	if len(shown) > 0 {
		pos = th.Dim.Render(fmt.Sprintf("steps %d–%d of %d", stepOf[first-1]+1, stepOf[last-1]+1, len(p.Steps)))
		if last < len(lines) {
			pos += th.Warn.Render(fmt.Sprintf("  ↓ %d more lines (pgdn, G)", len(lines)-last))
		}
	}
	out := append([]string{head}, shown...)
	out = append(out, pos)
	return strings.Join(append(out, v.foot()...), "\n")
}

func (v *flowView) summary() string {
	th := v.ctx.theme
	res := model.ApplyResult{Events: v.steps}
	s := res.Summary()
	var parts []string
	if v.err != nil || res.Count(model.EventFailed) > 0 {
		parts = append(parts, th.Error.Render("✗ "+s))
	} else {
		parts = append(parts, th.OK.Render("✓ "+s))
	}
	if v.err != nil {
		parts = append(parts, th.Error.Render("apply failed: "+model.WithCLI(v.err.Error(), v.ctx.cli)))
	}
	if v.result.JournalID != "" {
		parts = append(parts, kv(th, "journal", v.result.JournalID)+th.Dim.Render("  ("+v.ctx.cli+" restore "+v.result.JournalID+")"))
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
			return fmt.Sprintf("priority %d %s", s.Def.Rule.Priority, model.ConditionsText(s.Def.Rule.Conditions))
		case s.Def.TargetGroup != nil:
			return s.Def.TargetGroup.Name
		}
	}
	return model.ShortenARNs(s.ID)
}
