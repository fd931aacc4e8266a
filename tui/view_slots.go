package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/envdeck/envdeck/model"
)

const (
	slotColHost = iota
	slotColState
	slotColEnv
	slotColReason
)

// slotsView lists every prepared hostname: free, claimed by whom, or
// broken and why.
type slotsView struct {
	filterTable
	free, claimed, broken int
	slots                 map[string]model.Slot
}

func newSlotsView(ctx *programContext) *slotsView {
	cols := []column{
		slotColHost:   {title: "HOSTNAME"},
		slotColState:  {title: "STATE", style: func(t *Theme, s string) lipgloss.Style { return t.SlotState(s) }},
		slotColEnv:    {title: "ENVIRONMENT"},
		slotColReason: {title: "REASON", fill: true, min: 10},
	}
	t := newTable(cols, slotColHost)
	return &slotsView{filterTable: newFilterTable(ctx, "Slots", "hostname", t)}
}

func (v *slotsView) title() string  { return "slots" }
func (v *slotsView) captures() bool { return v.filtering }
func (v *slotsView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Filter, k.Enter, k.Describe, k.Copy}
}

func (v *slotsView) setData(x *index) {
	v.free, v.claimed, v.broken = 0, 0, 0
	v.slots = map[string]model.Slot{}
	rows := make([]row, 0, len(x.inv.Slots))
	for i, s := range x.inv.Slots {
		v.slots[s.Host] = s
		switch s.State {
		case model.SlotFree:
			v.free++
		case model.SlotClaimed:
			v.claimed++
		case model.SlotBroken:
			v.broken++
		}
		rows = append(rows, row{id: s.Host, cells: []string{
			slotColHost: s.Host, slotColState: s.State, slotColEnv: orDash(s.Environment), slotColReason: orDash(s.Reason),
		}, keys: []string{slotColHost: fmt.Sprintf("%06d", i)}})
	}
	v.tbl.setRows(rows)
}

func (v *slotsView) update(msg tea.Msg) tea.Cmd {
	if cmd, done := v.handle(msg); done {
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	describe := func(r row) describeDoc { return describeSlot(v.slots[r.id]) }
	open := func(r row) tea.Cmd {
		if env := r.cells[slotColEnv]; env != "-" {
			return intent(openDetailMsg{env: env})
		}
		return nil // free or broken: enter describes the slot
	}
	cmd, _ := v.rowKeys(key, describe, open)
	return cmd
}

func (v *slotsView) render(width, height int) string {
	th := v.ctx.theme
	sum := th.OK.Render(fmt.Sprintf("%d free", v.free)) + th.Dim.Render(" · ") +
		th.Info.Render(fmt.Sprintf("%d claimed", v.claimed)) + th.Dim.Render(" · ") +
		th.Error.Render(fmt.Sprintf("%d broken", v.broken))
	if len(v.tbl.rows) == 0 && v.ctx.cfg.CloudFront == nil || (v.ctx.cfg.CloudFront != nil && v.ctx.cfg.CloudFront.Slots == nil && len(v.tbl.rows) == 0) {
		return th.Section.Render("Slots") + "\n\n" + th.Dim.Render("  no slot pool configured (cloudfront.slots)")
	}
	return v.filterTable.render(width, height, sum)
}
