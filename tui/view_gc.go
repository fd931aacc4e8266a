package tui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

// findingOrder is the order of the kinds in the GC view: collectable
// first, then the reports.
var findingOrder = []string{
	model.FindingExpired, model.FindingOrphanRule, model.FindingOrphanTargetGroup, model.FindingOrphanStage,
	model.FindingDanglingRecord, model.FindingBrokenSlot, model.FindingAliasWithoutRecord, model.FindingShadowedRule,
	model.FindingTagConflict, model.FindingSplitEnvironment, model.FindingUnmanaged, model.FindingQuotaPressure,
}

const (
	gcColSel = iota
	gcColSeverity
	gcColAction
	gcColKind
	gcColEnv
	gcColReason
	gcColResource
)

// gcView lists the findings, collectable ones (action delete) first; they
// can be selected and turned into a plan. It is a filter table like the
// others: '/' filters by kind, environment and resource.
type gcView struct {
	filterTable
	x        *index
	byID     map[string]model.Finding
	selected map[model.FindingKey]bool
}

func newGCView(ctx *programContext) *gcView {
	sevStyle := func(t *Theme, s string) lipgloss.Style { return t.Severity(s) }
	actStyle := func(t *Theme, s string) lipgloss.Style {
		if s == "delete" {
			return t.StepDel
		}
		return t.Dim
	}
	markStyle := func(t *Theme, _ string) lipgloss.Style { return t.Mark }
	cols := []column{
		gcColSel:      {title: "SEL", style: markStyle},
		gcColSeverity: {title: "SEVERITY", style: sevStyle, prio: 3},
		gcColAction:   {title: "ACTION", style: actStyle, prio: 4},
		gcColKind:     {title: "KIND"},
		gcColEnv:      {title: "ENV"},
		gcColReason:   {title: "REASON", fill: true, min: 40},
		gcColResource: {title: "RESOURCE", flex: true, min: 12, max: 40, prio: 5},
	}
	t := newTable(cols, gcColKind, gcColEnv, gcColResource)
	t.sortCol = gcColKind
	return &gcView{
		filterTable: newFilterTable(ctx, "Findings", "kind, env, resource", t),
		selected:    map[model.FindingKey]bool{},
	}
}

func (v *gcView) title() string  { return "gc" }
func (v *gcView) captures() bool { return v.filtering }
func (v *gcView) bindings() []Binding {
	k := v.ctx.keys
	bs := []Binding{k.Filter, k.Select, k.SelectAll}
	if len(v.selected) > 0 {
		bs = append(bs, k.Plan) // enter plans the selection; without one it describes
	} else {
		bs = append(bs, k.Enter)
	}
	return append(bs, k.Describe, k.Copy)
}

func collectable(f model.Finding) bool { return f.Action == model.ActionDelete }

func rowID(k model.FindingKey) string { return k.Kind + "|" + k.Env + "|" + k.Resource }

func (v *gcView) setData(x *index) {
	v.x = x
	present := map[model.FindingKey]bool{}
	for _, f := range x.inv.Findings {
		present[model.KeyOf(f)] = true
	}
	for k := range v.selected { // a finding that went away is no longer selected
		if !present[k] {
			delete(v.selected, k)
		}
	}
	v.refreshRows()
}

// refreshRows rebuilds the rows (the selection marks change with them).
func (v *gcView) refreshRows() {
	v.byID = map[string]model.Finding{}
	rows := make([]row, 0, len(v.x.inv.Findings))
	for _, f := range v.x.inv.Findings {
		id := rowID(model.KeyOf(f))
		v.byID[id] = f
		sel, action := "", "report"
		if collectable(f) {
			sel, action = "[ ]", "delete"
			if v.selected[model.KeyOf(f)] {
				sel = "[x]"
			}
		}
		res := string(f.Resource.Type)
		if f.Resource.ID != "" {
			res += " " + model.ShortenARNs(f.Resource.ID)
		}
		order := slices.Index(findingOrder, f.Kind)
		if order < 0 {
			order = len(findingOrder)
		}
		rows = append(rows, row{id: id, cells: []string{
			gcColSel: sel, gcColSeverity: f.Severity, gcColAction: action, gcColKind: f.Kind,
			gcColEnv: orDash(f.Environment), gcColReason: model.ShortenARNs(f.Reason), gcColResource: res,
		}, keys: []string{gcColKind: fmt.Sprintf("%03d %s", order, f.Kind)}})
	}
	v.tbl.setRows(rows)
}

func (v *gcView) current() (model.Finding, bool) {
	r, ok := v.tbl.selected()
	if !ok {
		return model.Finding{}, false
	}
	f, ok := v.byID[r.id]
	return f, ok
}

// selection returns the selected findings in list order.
func (v *gcView) selection() []model.FindingKey {
	var out []model.FindingKey
	for _, r := range v.tbl.rows {
		if f := v.byID[r.id]; v.selected[model.KeyOf(f)] {
			out = append(out, model.KeyOf(f))
		}
	}
	return out
}

// hiddenSelected counts selected findings the filter hides.
func (v *gcView) hiddenSelected() int {
	shown := 0
	for _, i := range v.tbl.visible {
		if v.selected[model.KeyOf(v.byID[v.tbl.rows[i].id])] {
			shown++
		}
	}
	return len(v.selected) - shown
}

func (v *gcView) update(msg tea.Msg) tea.Cmd {
	if cmd, done := v.handle(msg); done {
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok || v.x == nil {
		return nil
	}
	k := v.ctx.keys
	f, has := v.current()
	switch {
	case k.SelectAll.matches(key):
		v.selectAllShown()
	case k.Plan.matches(key) && len(v.selected) > 0:
		return intent(planGCMsg{selected: v.selection()})
	case !has && k.Select.matches(key):
		return statusCmd(v.noRow(), true)
	case k.Select.matches(key):
		if !collectable(f) {
			return statusCmd(f.Kind+" is report-only: envdeck never deletes it", true)
		}
		kf := model.KeyOf(f)
		if v.selected[kf] {
			delete(v.selected, kf)
		} else {
			v.selected[kf] = true
		}
		v.refreshRows()
		v.tbl.move(1)
	}
	cmd, _ := v.rowKeys(key, func(r row) describeDoc { return describeFinding(v.x, v.byID[r.id]) }, nil)
	return cmd
}

// selectAllShown selects every collectable finding the filter shows, or
// unselects them when all are selected already.
func (v *gcView) selectAllShown() {
	var shown []model.FindingKey
	all := true
	for _, i := range v.tbl.visible {
		f := v.byID[v.tbl.rows[i].id]
		if collectable(f) {
			shown = append(shown, model.KeyOf(f))
			all = all && v.selected[model.KeyOf(f)]
		}
	}
	for _, kf := range shown {
		if all {
			delete(v.selected, kf)
		} else {
			v.selected[kf] = true
		}
	}
	v.refreshRows()
}

func (v *gcView) render(width, height int) string {
	th := v.ctx.theme
	if v.x == nil {
		return th.Dim.Render("loading…")
	}
	if len(v.x.inv.Findings) == 0 {
		return th.Section.Render("Findings") + "\n\n  " + th.OK.Render("no findings: nothing to collect")
	}
	nCollect := 0
	for _, f := range v.x.inv.Findings {
		if collectable(f) {
			nCollect++
		}
	}
	sel := th.Mark.Render(fmt.Sprint(len(v.selected)))
	if n := v.hiddenSelected(); n > 0 {
		sel += th.Warn.Render(fmt.Sprintf(" (%d hidden by the filter)", n))
	}
	extra := th.Label.Render("collectable ") + fmt.Sprint(nCollect) + "  " + th.Label.Render("selected ") + sel
	return v.filterTable.render(width, height, extra)
}
