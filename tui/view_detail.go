package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// detailView shows one environment: every resource with its live
// attributes, the findings that concern it and its actions.
type detailView struct {
	ctx    *programContext
	env    string
	x      *index
	scroll scroller
}

func newDetailView(ctx *programContext) *detailView {
	return &detailView{ctx: ctx, scroll: scroller{ctx: ctx}}
}

func (v *detailView) open(env string) { v.env, v.scroll.offset = env, 0 }

func (v *detailView) title() string { return "environment " + v.env }

func (v *detailView) captures() bool { return false }

func (v *detailView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Destroy, k.Extend, k.Keep, k.Redeploy, k.Describe, k.Copy, k.Up, k.Down}
}

func (v *detailView) setData(x *index) { v.x = x }

func (v *detailView) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if v.scroll.key(key) {
		return nil
	}
	k := v.ctx.keys
	switch {
	case k.Destroy.matches(key):
		return intent(destroyMsg{env: v.env})
	case k.Extend.matches(key):
		return intent(extendMsg{env: v.env})
	case k.Keep.matches(key):
		return intent(keepMsg{env: v.env})
	case k.Redeploy.matches(key):
		return intent(redeployMsg{env: v.env})
	case k.Copy.matches(key):
		return copyCmd(v.env)
	case k.Describe.matches(key) && v.x != nil && v.x.env[v.env] != nil:
		return intent(describeMsg{doc: describeEnv(v.x, v.x.env[v.env])})
	}
	return nil
}

func (v *detailView) render(width, height int) string {
	lines := wrapIndented(v.lines(), width)
	if len(lines) <= height {
		return strings.Join(lines, "\n")
	}
	shown, first, last := v.scroll.window(lines, height-1)
	more := v.ctx.theme.Dim.Render(fmt.Sprintf("lines %d–%d of %d · ↓ pgdn G scroll", first, last, len(lines)))
	return strings.Join(append(shown, more), "\n")
}

func (v *detailView) lines() []string {
	th := v.ctx.theme
	if v.x == nil {
		return []string{th.Dim.Render("loading…")}
	}
	e, ok := v.x.env[v.env]
	if !ok {
		return []string{th.Section.Render(v.env), "", th.Warn.Render("this environment no longer exists (refreshed away)")}
	}
	now := v.ctx.now()
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	owner := e.Owner
	if owner == "" {
		owner = "-"
	}
	add(th.Section.Render(e.Name) + "  " + th.EnvStatus(e.Status).Render(e.Status) + "  " +
		kv(th, "owner", owner, "routing", v.x.routing(e)))
	exp := model.FormatExpiry(e.ExpiresAt, e.Keep, now)
	add(kv(th, "created", model.FormatTime(e.CreatedAt)+" ("+model.FormatAge(e.CreatedAt, now)+" ago)", "expires", model.FormatTime(e.ExpiresAt)+" ("+exp+")"))
	add(kv(th, "protected", yesNo(e.Protected), "keep", yesNo(e.Keep)))
	add(serviceLines(th, e)...)
	if len(v.ctx.pool) > 1 {
		add(kv(th, "load balancer", model.EnvLoadBalancerLabel(e)))
	}
	add("", th.Section.Render(fmt.Sprintf("Resources (%d)", len(e.Resources))))
	for _, r := range e.Resources {
		add(v.resourceLines(r)...)
	}
	if e.Slot != "" {
		add("  " + th.Bold.Render("slot") + " " + e.Slot + " " + th.Dim.Render("(prepared: released on destroy, never deleted)"))
	}
	fs := v.x.byEnv[e.Name]
	add("", th.Section.Render(fmt.Sprintf("Findings (%d)", len(fs))))
	if len(fs) == 0 {
		add("  " + th.OK.Render("none"))
	}
	for _, f := range fs {
		add("  " + th.Severity(f.Severity).Render(pad(f.Severity, 8, false)) + " " + th.Bold.Render(f.Kind) + "  " + f.Reason)
	}
	add("", th.Section.Render("Actions"))
	var acts []string
	for _, b := range []Binding{v.ctx.keys.Destroy, v.ctx.keys.Extend, v.ctx.keys.Keep, v.ctx.keys.Redeploy} {
		if b.Enabled() {
			acts = append(acts, th.Key.Render(b.Help().Key)+" "+th.KeyDesc.Render(b.Help().Desc))
		}
	}
	if len(acts) == 0 {
		add("  " + th.Dim.Render("none: read-only session"))
	} else {
		add("  " + strings.Join(acts, "   "))
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (v *detailView) resourceLines(r model.ResourceRef) []string {
	th := v.ctx.theme
	own := th.Dim.Render("unowned")
	if r.Owned {
		own = th.OK.Render("owned")
	}
	head := "  " + th.Bold.Render(string(r.Type)) + " "
	var out []string
	switch r.Type {
	case model.TypeRule:
		rule, ok := v.x.rule[r.ID]
		if !ok {
			return []string{head + r.ID + " " + th.Warn.Render("(not in snapshot)")}
		}
		out = append(out, head+fmt.Sprintf("priority %d  ", rule.Priority)+own)
		out = append(out, "      "+th.Label.Render("if ")+model.ConditionsText(rule.Conditions))
		out = append(out, "      "+th.Label.Render("then ")+model.ActionsText(rule.Actions, v.x.tgNames))
		out = append(out, "      "+th.Dim.Render(model.ShortARN(rule.ARN)))
	case model.TypeTargetGroup:
		g, ok := v.x.tg[r.ID]
		if !ok {
			return []string{head + v.x.tgName(r.ID) + " " + th.Warn.Render("(not in snapshot)")}
		}
		out = v.targetGroupLines(g, head, own)
	case model.TypeStage:
		st, ok := v.x.stage[r.ID]
		if !ok {
			return []string{head + r.ID + " " + th.Warn.Render("(not in snapshot)")}
		}
		out = append(out, head+st.Name+"  "+v.x.snap.DeploymentText(*st)+"  "+own)
		out = append(out, v.variableLines(st.Variables)...)
	case model.TypeHTTPStage:
		def, ok := v.x.snap.Lookup(r.Type, r.ID)
		if !ok {
			return []string{head + r.ID + " " + th.Warn.Render("(not in snapshot)")}
		}
		st := def.HTTPStage
		out = append(out, head+st.ID()+"  "+model.HTTPDeploymentText(*st)+"  "+own)
		out = append(out, v.variableLines(st.Variables)...)
	case model.TypeAlias:
		_, alias, _ := strings.Cut(r.ID, "/")
		status := ""
		if d := v.x.snap.Distribution; d != nil {
			status = "  distribution " + d.ID + " " + d.Status
		}
		out = append(out, head+alias+status+"  "+own)
	case model.TypeRecord:
		rec, ok := v.x.rec[r.ID]
		if !ok {
			return []string{head + r.ID + " " + th.Warn.Render("(not in snapshot)")}
		}
		out = append(out, head+rec.Name+" "+rec.Type+" → "+rec.Target()+"  "+own)
	default:
		out = append(out, head+r.ID+"  "+own)
	}
	for _, f := range v.x.byRes[r.ID] {
		out = append(out, "      "+th.Severity(f.Severity).Render("! "+f.Kind))
	}
	return out
}

// variableLines is a stage's variables, sorted (none: no line).
func (v *detailView) variableLines(vars map[string]string) []string {
	var kvs []string
	for k, val := range vars {
		kvs = append(kvs, k+"="+val)
	}
	if len(kvs) == 0 {
		return nil
	}
	sort.Strings(kvs)
	return []string{"      " + v.ctx.theme.Label.Render("variables ") + strings.Join(kvs, " ")}
}

// targetGroupLines: the group's health check, then each target and its
// state (serving ones in the OK style).
func (v *detailView) targetGroupLines(g *model.TargetGroup, head, own string) []string {
	th := v.ctx.theme
	hc := "health checks off"
	if g.HealthCheckEnabled {
		hc = "health check " + g.HealthCheckPath
	}
	out := []string{head + g.Name + "  " + g.TargetType + "  " + hc + "  " + own}
	switch {
	case !g.HealthRead:
		out = append(out, "      "+th.Dim.Render("targets: reading health…"))
	case len(g.Targets) == 0:
		out = append(out, "      "+th.Error.Render("no registered targets"))
	}
	ts := append([]model.Target(nil), g.Targets...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].ID < ts[j].ID })
	for _, t := range ts {
		st := th.Error
		if model.Serving(g, t) {
			st = th.OK
		}
		id := t.ID
		if t.Port > 0 {
			id = fmt.Sprintf("%s:%d", t.ID, t.Port)
		}
		line := "      " + id + "  " + st.Render(t.State)
		if t.Reason != "" {
			line += " " + th.Dim.Render(t.Reason)
		}
		out = append(out, line)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
