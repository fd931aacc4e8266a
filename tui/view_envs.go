package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

// expiringMark follows the expiry of an environment that expires within
// model.ExpiringSoon.
const expiringMark = "⚠"

// Environment table columns.
const (
	envColName = iota
	envColStatus
	envColRouting
	envColRules
	envColHealth
	envColStage
	envColOwner
	envColAge
	envColExpires
)

// envsView is the default screen: one row per environment, sortable,
// fuzzy-filtered over the name (every column with "-a ").
type envsView struct {
	filterTable
	x *index
}

func newEnvsView(ctx *programContext) *envsView {
	statusStyle := func(t *Theme, s string) lipgloss.Style { return t.EnvStatus(s) }
	healthStyle := func(t *Theme, s string) lipgloss.Style {
		a, b, ok := splitRatio(s)
		switch {
		case !ok:
			return t.Dim
		case a == b && b > 0:
			return t.OK
		case a == 0:
			return t.Error
		}
		return t.Warn
	}
	expStyle := func(t *Theme, s string) lipgloss.Style {
		switch {
		case strings.HasSuffix(s, " ago"):
			return t.Error
		case strings.HasSuffix(s, expiringMark):
			return t.Warn
		}
		return t.Value
	}
	cols := []column{
		envColName:    {title: "NAME"}, // the identity: never cut
		envColStatus:  {title: "STATUS", style: statusStyle},
		envColRouting: {title: "ROUTING", flex: true, min: 10, max: 40, prio: 3},
		envColRules:   {title: "RULES", right: true, prio: 5},
		envColHealth:  {title: "HEALTH", right: true, style: healthStyle},
		envColStage:   {title: "STAGE", flex: true, min: 5, max: 20, prio: 4},
		envColOwner:   {title: "OWNER", flex: true, min: 6, max: 20, prio: 2},
		envColAge:     {title: "AGE", right: true, prio: 1},
		envColExpires: {title: "EXPIRES", style: expStyle},
	}
	if ctx.cfg != nil && ctx.cfg.HasServices() {
		cols[envColRules].title = "SERVICES" // complete/configured, e.g. 2/2
	}
	t := newTable(cols, envColName)
	return &envsView{filterTable: newFilterTable(ctx, "Environments", "name", t)}
}

func splitRatio(s string) (int, int, bool) {
	var a, b int
	if n, _ := fmt.Sscanf(s, "%d/%d", &a, &b); n != 2 {
		return 0, 0, false
	}
	return a, b, true
}

func (v *envsView) title() string { return "environments" }

func (v *envsView) captures() bool { return v.filtering }

func (v *envsView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Enter, k.Filter, k.Describe, k.Copy, k.Create, k.Destroy, k.Extend, k.Keep, k.Redeploy,
		k.SortName, k.SortStatus, k.SortOwner, k.SortAge, k.SortExpires, k.SortHealth}
}

func (v *envsView) setData(x *index) {
	v.x = x
	now := v.ctx.now()
	rows := make([]row, 0, len(x.inv.Environments))
	for i := range x.inv.Environments {
		e := &x.inv.Environments[i]
		health, ratio := x.health(e)
		owner := e.Owner
		if owner == "" {
			owner = "-"
		}
		expires := model.FormatExpiry(e.ExpiresAt, e.Keep, now)
		if model.ExpiresWithin(e, now, model.ExpiringSoon) {
			expires += " " + expiringMark
		}
		r := row{id: e.Name, cells: []string{
			envColName:    e.Name,
			envColStatus:  e.Status,
			envColRouting: x.routing(e),
			envColRules:   rulesCell(e),
			envColHealth:  health,
			envColStage:   stageName(e),
			envColOwner:   owner,
			envColAge:     model.FormatAge(e.CreatedAt, now),
			envColExpires: expires,
		}}
		r.keys = make([]string, len(r.cells))
		r.keys[envColRules] = fmt.Sprintf("%06d", count(e, "alb-rule"))
		if len(e.Services) > 0 {
			r.keys[envColRules] = fmt.Sprintf("%06d", len(e.Services)-len(e.MissingServices))
		}
		r.keys[envColHealth] = fmt.Sprintf("%08.4f", ratio+1)
		if e.CreatedAt != nil {
			// older first when ascending
			r.keys[envColAge] = fmt.Sprintf("%020d", e.CreatedAt.Unix()+1<<40)
		}
		switch {
		case e.Keep:
			r.keys[envColExpires] = "~"
		case e.ExpiresAt != nil:
			r.keys[envColExpires] = fmt.Sprintf("%020d", e.ExpiresAt.Unix()+1<<40)
		default:
			r.keys[envColExpires] = "}"
		}
		rows = append(rows, r)
	}
	v.tbl.setRows(rows)
}

// selected returns the environment under the cursor.
func (v *envsView) selected() (string, bool) {
	r, ok := v.tbl.selected()
	return r.id, ok
}

func (v *envsView) update(msg tea.Msg) tea.Cmd {
	if cmd, done := v.handle(msg); done {
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	describe := func(r row) describeDoc { return describeEnv(v.x, v.x.env[r.id]) }
	open := func(r row) tea.Cmd { return intent(openDetailMsg{env: r.id}) }
	if cmd, done := v.rowKeys(key, describe, open); done {
		return cmd
	}
	k := v.ctx.keys
	env, has := v.selected()
	if !has && (k.Destroy.matches(key) || k.Extend.matches(key) || k.Keep.matches(key) || k.Redeploy.matches(key)) {
		return statusCmd(v.noRow(), true)
	}
	switch {
	case k.Create.matches(key):
		return intent(createMsg{})
	case k.Destroy.matches(key):
		return intent(destroyMsg{env: env})
	case k.Extend.matches(key):
		return intent(extendMsg{env: env})
	case k.Keep.matches(key):
		return intent(keepMsg{env: env})
	case k.Redeploy.matches(key):
		return intent(redeployMsg{env: env})
	case k.SortName.matches(key):
		v.tbl.sortBy(envColName)
	case k.SortStatus.matches(key):
		v.tbl.sortBy(envColStatus)
	case k.SortOwner.matches(key):
		v.tbl.sortBy(envColOwner)
	case k.SortAge.matches(key):
		v.tbl.sortBy(envColAge)
	case k.SortExpires.matches(key):
		v.tbl.sortBy(envColExpires)
	case k.SortHealth.matches(key):
		v.tbl.sortBy(envColHealth)
	}
	return nil
}

func (v *envsView) render(width, height int) string {
	return v.filterTable.render(width, height, "")
}
