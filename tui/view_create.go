package tui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

const (
	fieldName = iota
	fieldOwner
	fieldTTL
	fieldRouting
	fieldStage
	fieldCount
)

// createView is the create form: live validation of the name and the TTL
// and a plan preview recomputed (purely, in model) on every keystroke.
type createView struct {
	ctx     *programContext
	x       *index
	eng     *engine
	inputs  [3]textinput.Model // name, owner, ttl
	focus   int
	routing string
	noStage bool

	nameErr, ttlErr, planErr string
	plan                     model.Plan
	planOK                   bool
}

func newCreateView(ctx *programContext, eng *engine) *createView {
	v := &createView{ctx: ctx, eng: eng}
	// hints, not values: each starts with a blank (the cursor's cell) and
	// says what the field wants, so an empty field never reads as filled
	for i, p := range []string{" (required)", " (optional)", " (e.g. 72h, 7d)"} {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = p
		v.inputs[i] = in
	}
	return v
}

func (v *createView) title() string  { return "create" }
func (v *createView) captures() bool { return true }
func (v *createView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.NextField, k.PrevField, k.Toggle, k.Submit, k.Cancel}
}
func (v *createView) setData(x *index) { v.x = x; v.revalidate() }

// open resets the form.
func (v *createView) open() tea.Cmd {
	cfg := v.ctx.cfg
	v.inputs[fieldName].SetValue("")
	v.inputs[fieldOwner].SetValue("")
	ttl := cfg.Naming.DefaultTTL.Duration
	if ttl == 0 {
		ttl = 72 * time.Hour
	}
	v.inputs[fieldTTL].SetValue(fmtTTL(ttl))
	v.routing = cfg.ALB.Routing
	if v.routing == "" {
		v.routing = model.RoutingPath
	}
	v.noStage = false
	v.focus = fieldName
	v.revalidate()
	return v.focusCmd()
}

func (v *createView) focusCmd() tea.Cmd {
	var cmd tea.Cmd
	for i := range v.inputs {
		if i == v.focus {
			cmd = v.inputs[i].Focus()
		} else {
			v.inputs[i].Blur()
		}
	}
	return cmd
}

// fmtTTL renders a duration as the config writes it ("72h", "7d", "90m").
func fmtTTL(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}

// parseTTL reads a TTL as the config writes it (model.ParseDuration:
// "72h", "7d", "90m"); it must be positive.
func parseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("ttl is empty (e.g. 72h, 7d, 90m)")
	}
	d, err := model.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("ttl %q: must be positive", s)
	}
	return d, nil
}

func (v *createView) request() (createInput, bool) {
	name := strings.TrimSpace(v.inputs[fieldName].Value())
	ttl, err := parseTTL(v.inputs[fieldTTL].Value())
	owner := cmp.Or(strings.TrimSpace(v.inputs[fieldOwner].Value()), v.ctx.owner) // as the CLI's --owner default
	return createInput{Name: name, Owner: owner, TTL: ttl,
		Routing: v.routing, NoStage: v.noStage}, err == nil
}

// revalidate recomputes the field errors and the plan preview.
func (v *createView) revalidate() {
	v.nameErr, v.ttlErr, v.planErr, v.planOK = "", "", "", false
	name := strings.TrimSpace(v.inputs[fieldName].Value())
	switch {
	case name == "":
		v.nameErr = "name is required"
	default:
		if err := v.eng.validateName(v.ctx.cfg, name); err != nil {
			v.nameErr = err.Error()
		} else if v.ctx.cfg.IsProtectedName(name) {
			v.nameErr = name + " is a protected name (naming.protected)"
		}
	}
	if _, err := parseTTL(v.inputs[fieldTTL].Value()); err != nil {
		v.ttlErr = err.Error()
	}
	if v.nameErr != "" || v.ttlErr != "" || v.x == nil {
		return
	}
	req, _ := v.request()
	plan, err := v.eng.planCreate(v.x.inv, v.ctx.cfg, req, v.ctx.now())
	if err != nil {
		v.planErr = err.Error()
		return
	}
	v.plan, v.planOK = plan, true
}

func (v *createView) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if v.focus < len(v.inputs) {
			var cmd tea.Cmd
			v.inputs[v.focus], cmd = v.inputs[v.focus].Update(msg)
			return cmd
		}
		return nil
	}
	k := v.ctx.keys
	switch {
	case k.Cancel.matches(key):
		return intent(backMsg{})
	case k.NextField.matches(key), key.String() == "down":
		v.focus = (v.focus + 1) % fieldCount
		return v.focusCmd()
	case k.PrevField.matches(key), key.String() == "up":
		v.focus = (v.focus + fieldCount - 1) % fieldCount
		return v.focusCmd()
	case k.Submit.matches(key):
		v.revalidate()
		switch {
		case v.nameErr != "":
			v.focus = fieldName
			return tea.Batch(v.focusCmd(), statusCmd("refused: "+v.nameErr, true))
		case v.ttlErr != "":
			v.focus = fieldTTL
			return tea.Batch(v.focusCmd(), statusCmd("refused: "+v.ttlErr, true))
		case !v.planOK:
			return statusCmd("refused: "+v.planErr, true)
		}
		req, _ := v.request()
		return intent(planReadyMsg{title: "Create " + req.Name, plan: v.plan})
	}
	switch v.focus {
	case fieldRouting:
		if k.Toggle.matches(key) || key.String() == "left" || key.String() == "right" {
			if v.routing == model.RoutingHost {
				v.routing = model.RoutingPath
			} else {
				v.routing = model.RoutingHost
			}
			v.revalidate()
		}
		return nil
	case fieldStage:
		if k.Toggle.matches(key) || key.String() == "left" || key.String() == "right" {
			v.noStage = !v.noStage
			v.revalidate()
		}
		return nil
	}
	var cmd tea.Cmd
	v.inputs[v.focus], cmd = v.inputs[v.focus].Update(msg)
	v.revalidate()
	return cmd
}

func (v *createView) render(width, height int) string {
	th := v.ctx.theme
	label := func(i int, s string) string {
		l := pad(s, 9, false)
		if v.focus == i {
			return th.Mark.Render("›") + " " + th.Bold.Render(l)
		}
		return "  " + th.Label.Render(l)
	}
	check := func(errText string) string {
		if errText == "" {
			return th.OK.Render("✓")
		}
		return th.Error.Render("✗ " + errText)
	}
	var lines []string
	lines = append(lines, th.Section.Render("Create environment"), "")
	for i := range v.inputs {
		v.inputs[i].SetWidth(min(40, max(width-20, 10)))
	}
	lines = append(lines, label(fieldName, "name")+" "+v.inputs[fieldName].View())
	lines = append(lines, "            "+check(v.nameErr))
	lines = append(lines, label(fieldOwner, "owner")+" "+v.inputs[fieldOwner].View())
	lines = append(lines, label(fieldTTL, "ttl")+" "+v.inputs[fieldTTL].View())
	lines = append(lines, "            "+check(v.ttlErr))
	opt := func(on bool, s string) string {
		if on {
			return th.Mark.Render("(•) " + s)
		}
		return th.Dim.Render("( ) " + s)
	}
	lines = append(lines, label(fieldRouting, "routing")+" "+opt(v.routing == model.RoutingPath, "path")+"  "+opt(v.routing == model.RoutingHost, "host"))
	stage := "no API Gateway configured"
	if len(v.ctx.cfg.StageAPIs()) > 0 {
		stage = opt(!v.noStage, "with stage") + "  " + opt(v.noStage, "no stage")
	}
	lines = append(lines, label(fieldStage, "stage")+" "+stage, "")
	lines = append(lines, th.Section.Render("Plan preview"))
	switch {
	case v.nameErr != "" || v.ttlErr != "":
		lines = append(lines, "  "+th.Dim.Render("fix the fields above"))
	case v.planErr != "":
		lines = append(lines, "  "+th.Error.Render("✗ "+model.WithCLI(v.planErr, v.ctx.cli)))
	default:
		for _, s := range v.plan.Steps {
			lines = append(lines, "  "+th.StepCreate.Render(model.StepSymbol(s.Action))+" "+th.Bold.Render(string(s.Type))+" "+stepID(s))
		}
		lines = append(lines, "", th.Dim.Render("enter to review and confirm · tab next field · space toggles"))
	}
	return strings.Join(lines, "\n")
}
