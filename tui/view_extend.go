package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// extendView asks for the new TTL of an environment (counted from now)
// and builds the plan through the plan engine (model.PlanExtend).
type extendView struct {
	ctx   *programContext
	x     *index
	eng   *engine
	env   string
	input textinput.Model
	err   string
}

func newExtendView(ctx *programContext, eng *engine) *extendView {
	in := textinput.New()
	in.Prompt = "ttl › "
	return &extendView{ctx: ctx, eng: eng, input: in}
}

func (v *extendView) open(env string) tea.Cmd {
	v.env, v.err = env, ""
	ttl := v.ctx.cfg.Naming.DefaultTTL.Duration
	if ttl == 0 {
		ttl = 72 * time.Hour
	}
	v.input.SetValue(fmtTTL(ttl))
	v.input.CursorEnd()
	return v.input.Focus()
}

func (v *extendView) title() string    { return "extend" }
func (v *extendView) captures() bool   { return true }
func (v *extendView) setData(x *index) { v.x = x }
func (v *extendView) bindings() []Binding {
	return []Binding{v.ctx.keys.Submit, v.ctx.keys.Cancel}
}

func (v *extendView) update(msg tea.Msg) tea.Cmd {
	if key, ok := msg.(tea.KeyPressMsg); ok {
		switch key.String() {
		case "esc":
			return intent(backMsg{})
		case "enter":
			ttl, err := parseTTL(v.input.Value())
			if err != nil {
				v.err = err.Error()
				return nil
			}
			plan, err := v.eng.planExtend(v.x.inv, v.ctx.cfg, v.env, ttl, nil, v.ctx.now())
			if err != nil {
				v.err = err.Error()
				return nil
			}
			return intent(planReadyMsg{title: "Extend " + v.env + " by " + fmtTTL(ttl) + " from now", plan: plan})
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if _, err := parseTTL(v.input.Value()); err != nil {
		v.err = err.Error()
	} else {
		v.err = ""
	}
	return cmd
}

func (v *extendView) render(width, height int) string {
	th := v.ctx.theme
	lines := []string{th.Section.Render("Extend " + v.env), "", "  new expiry = now + ttl", "  " + v.input.View()}
	if v.err != "" {
		lines = append(lines, "  "+th.Error.Render("✗ "+model.WithCLI(v.err, v.ctx.cli)))
	} else {
		if ttl, err := parseTTL(v.input.Value()); err == nil {
			at := v.ctx.now().Add(ttl)
			lines = append(lines, "  "+th.OK.Render("✓")+" expires "+model.FormatTime(&at))
		}
	}
	lines = append(lines, "", th.Dim.Render("  enter to plan · esc cancels"))
	return strings.Join(lines, "\n")
}
