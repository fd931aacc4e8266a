package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

const (
	ruleColPrio = iota
	ruleColEnv
	ruleColOwner
	ruleColCond
	ruleColAction
	ruleColFinding
	ruleColListener
)

// rulesView lists the listener rules by priority with their environment,
// owner (envdeck, another tool or none) and findings (shadowed,
// conflict, unmanaged).
type rulesView struct {
	filterTable
	x *index
}

func newRulesView(ctx *programContext) *rulesView {
	ownStyle := func(t *Theme, s string) lipgloss.Style {
		switch s {
		case model.ManagedByValue:
			return t.OK
		case "-":
			return t.Dim
		}
		return t.Warn // another tool's: never changed by envdeck
	}
	findStyle := func(t *Theme, s string) lipgloss.Style {
		if s == "-" {
			return t.Dim
		}
		return t.Warn
	}
	cols := []column{
		ruleColPrio:     {title: "PRIO", right: true},
		ruleColEnv:      {title: "ENV"},
		ruleColOwner:    {title: "OWNER", flex: true, min: 14, max: 28, style: ownStyle},
		ruleColCond:     {title: "CONDITIONS", fill: true, min: 30},
		ruleColAction:   {title: "ACTION", flex: true, min: 8, max: 30, prio: 2},
		ruleColFinding:  {title: "FINDING", flex: true, min: 10, max: 36, style: findStyle},
		ruleColListener: {title: "LISTENER", flex: true, min: 8, max: 26, prio: 3},
	}
	t := newTable(cols, ruleColEnv, ruleColCond)
	return &rulesView{filterTable: newFilterTable(ctx, "Listener rules", "env, conditions", t)}
}

func (v *rulesView) title() string  { return "rules" }
func (v *rulesView) captures() bool { return v.filtering }
func (v *rulesView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Filter, k.Enter, k.Describe, k.Copy}
}

func (v *rulesView) setData(x *index) {
	v.x = x
	rules := model.RuleRows(x.inv, v.ctx.cfg.Keys())
	rows := make([]row, 0, len(rules))
	for i, r := range rules {
		owner := orDash(r.Owner)
		var kinds []string
		for _, f := range r.Findings {
			kinds = append(kinds, f.Kind)
		}
		finding := "-"
		if len(kinds) > 0 {
			finding = strings.Join(kinds, ",")
		}
		rows = append(rows, row{id: r.Rule.ARN, cells: []string{
			ruleColPrio: r.Priority, ruleColEnv: orDash(r.Environment), ruleColOwner: owner, ruleColCond: r.Conditions,
			ruleColAction: r.Actions, ruleColFinding: finding, ruleColListener: r.Listener,
		}, keys: []string{ruleColPrio: fmt.Sprintf("%06d", i)}})
	}
	v.tbl.setRows(rows)
}

func (v *rulesView) update(msg tea.Msg) tea.Cmd {
	if cmd, done := v.handle(msg); done {
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	describe := func(r row) describeDoc {
		rule := v.x.rule[r.id]
		return describeRule(v.x, *rule, r.cells[ruleColOwner] == model.ManagedByValue)
	}
	open := func(r row) tea.Cmd {
		if env := r.cells[ruleColEnv]; env != "-" {
			return intent(openDetailMsg{env: env})
		}
		return nil // no environment: enter describes the rule
	}
	cmd, _ := v.rowKeys(key, describe, open)
	return cmd
}

func (v *rulesView) render(width, height int) string { return v.filterTable.render(width, height, "") }
