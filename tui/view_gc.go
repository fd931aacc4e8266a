package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// findingOrder is the order of the kinds in the GC view: collectable
// first, then the reports.
var findingOrder = []string{
	model.FindingExpired, model.FindingOrphanRule, model.FindingOrphanTargetGroup, model.FindingOrphanStage,
	model.FindingDanglingRecord, model.FindingBrokenSlot, model.FindingAliasWithoutRecord, model.FindingShadowedRule,
	model.FindingTagConflict, model.FindingUnmanaged, model.FindingQuotaPressure,
}

// gcItem is a line of the GC list: a kind heading or a finding.
type gcItem struct {
	heading string
	count   int
	f       model.Finding
}

// gcView lists findings grouped by kind; collectable ones (action delete)
// can be selected and turned into a plan.
type gcView struct {
	ctx      *programContext
	x        *index
	items    []gcItem
	cursor   int // index into items, always on a finding
	offset   int
	selected map[findingKey]bool
}

func newGCView(ctx *programContext) *gcView {
	return &gcView{ctx: ctx, selected: map[findingKey]bool{}}
}

func (v *gcView) title() string  { return "gc" }
func (v *gcView) captures() bool { return false }
func (v *gcView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Select, k.SelectAll, k.Plan}
}

func (v *gcView) setData(x *index) {
	v.x = x
	var keep findingKey
	if v.cursor < len(v.items) {
		keep = keyOf(v.items[v.cursor].f)
	}
	groups := map[string][]model.Finding{}
	var extra []string
	for _, f := range x.inv.Findings {
		if _, ok := groups[f.Kind]; !ok && !slices.Contains(findingOrder, f.Kind) {
			extra = append(extra, f.Kind)
		}
		groups[f.Kind] = append(groups[f.Kind], f)
	}
	v.items = v.items[:0]
	present := map[findingKey]bool{}
	for _, kind := range append(slices.Clone(findingOrder), extra...) {
		fs := groups[kind]
		if len(fs) == 0 {
			continue
		}
		v.items = append(v.items, gcItem{heading: kind, count: len(fs)})
		for _, f := range fs {
			v.items = append(v.items, gcItem{f: f})
			present[keyOf(f)] = true
		}
	}
	for k := range v.selected { // a finding that went away is no longer selected
		if !present[k] {
			delete(v.selected, k)
		}
	}
	v.cursor = 0
	for i, it := range v.items {
		if it.heading == "" && keyOf(it.f) == keep {
			v.cursor = i
		}
	}
	v.fixCursor(1)
}

func collectable(f model.Finding) bool { return f.Action == model.ActionDelete }

// fixCursor moves the cursor off headings in direction dir.
func (v *gcView) fixCursor(dir int) {
	if len(v.items) == 0 {
		v.cursor = 0
		return
	}
	v.cursor = max(0, min(v.cursor, len(v.items)-1))
	for i := v.cursor; i >= 0 && i < len(v.items); i += dir {
		if v.items[i].heading == "" {
			v.cursor = i
			return
		}
	}
	if dir > 0 {
		v.fixCursor(-1)
	}
}

// selection returns the selected findings in list order.
func (v *gcView) selection() []findingKey {
	var out []findingKey
	for _, it := range v.items {
		if it.heading == "" && v.selected[keyOf(it.f)] {
			out = append(out, keyOf(it.f))
		}
	}
	return out
}

func (v *gcView) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := v.ctx.keys
	switch {
	case k.Up.matches(key):
		v.cursor--
		v.fixCursor(-1)
	case k.Down.matches(key):
		v.cursor++
		v.fixCursor(1)
	case k.PageUp.matches(key):
		v.cursor -= max(v.ctx.height-8, 1)
		v.fixCursor(-1)
	case k.PageDown.matches(key):
		v.cursor += max(v.ctx.height-8, 1)
		v.fixCursor(1)
	case k.Top.matches(key):
		v.cursor = 0
		v.fixCursor(1)
	case k.Bottom.matches(key):
		v.cursor = len(v.items) - 1
		v.fixCursor(-1)
	case k.Select.matches(key):
		if v.cursor < len(v.items) {
			f := v.items[v.cursor].f
			if !collectable(f) {
				return statusCmd(f.Kind+" is report-only: envdeck never deletes it", true)
			}
			kf := keyOf(f)
			v.selected[kf] = !v.selected[kf]
			if !v.selected[kf] {
				delete(v.selected, kf)
			}
			v.cursor++
			v.fixCursor(1)
		}
	case k.SelectAll.matches(key):
		all := true
		for _, it := range v.items {
			if it.heading == "" && collectable(it.f) && !v.selected[keyOf(it.f)] {
				all = false
			}
		}
		for _, it := range v.items {
			if it.heading == "" && collectable(it.f) {
				if all {
					delete(v.selected, keyOf(it.f))
				} else {
					v.selected[keyOf(it.f)] = true
				}
			}
		}
	case k.Plan.matches(key):
		sel := v.selection()
		if len(sel) == 0 {
			return statusCmd("select findings first (space, or a for all collectable)", true)
		}
		return intent(planGCMsg{selected: sel})
	}
	return nil
}

func (v *gcView) render(width, height int) string {
	th := v.ctx.theme
	if v.x == nil {
		return th.Dim.Render("loading…")
	}
	nCollect := 0
	for _, it := range v.items {
		if it.heading == "" && collectable(it.f) {
			nCollect++
		}
	}
	head := th.Section.Render("Findings") + th.Dim.Render(fmt.Sprintf(" %d", len(v.x.inv.Findings))) +
		"  " + th.Label.Render("collectable ") + fmt.Sprint(nCollect) +
		"  " + th.Label.Render("selected ") + th.Mark.Render(fmt.Sprint(len(v.selected)))
	if len(v.items) == 0 {
		return head + "\n\n  " + th.OK.Render("no findings: nothing to collect")
	}
	var lines []string
	cursorLine := 0
	for i, it := range v.items {
		if it.heading != "" {
			lines = append(lines, th.Bold.Render(it.heading)+th.Dim.Render(fmt.Sprintf(" (%d)", it.count)))
			continue
		}
		if i == v.cursor {
			cursorLine = len(lines)
		}
		lines = append(lines, v.findingLine(it.f, i == v.cursor, width))
	}
	h := height - 1
	if cursorLine < v.offset {
		v.offset = cursorLine
	}
	if cursorLine >= v.offset+h {
		v.offset = cursorLine - h + 1
	}
	// keep a group's heading visible when its first finding is on top
	if v.offset > 0 && v.offset == cursorLine && v.items[v.cursor-1].heading != "" {
		v.offset--
	}
	shown, off := window(lines, v.offset, h)
	v.offset = off
	return head + "\n" + strings.Join(shown, "\n")
}

func (v *gcView) findingLine(f model.Finding, cursor bool, width int) string {
	th := v.ctx.theme
	box := "   "
	if collectable(f) {
		box = "[ ]"
		if v.selected[keyOf(f)] {
			box = "[x]"
		}
	}
	env := orDash(f.Environment)
	res := string(f.Resource.Type)
	if res == "" {
		res = "quota"
	}
	if f.Resource.ID != "" {
		res += " " + shortID(f.Resource)
	}
	action := "delete"
	if !collectable(f) {
		action = "report"
	}
	plain := fmt.Sprintf("%s %-8s %-7s %-16s %s — %s", box, f.Severity, action, env, res, f.Reason)
	if cursor {
		return th.Mark.Render("›") + " " + th.Cursor.Render(plain)
	}
	boxS := th.Mark.Render(box)
	actS := th.Dim.Render(pad(action, 7, false))
	if collectable(f) {
		actS = th.StepDel.Render(pad(action, 7, false))
	}
	return "  " + boxS + " " + th.Severity(f.Severity).Render(pad(f.Severity, 8, false)) + " " + actS + " " +
		pad(env, 16, false) + " " + res + th.Dim.Render(" — "+f.Reason)
}

// shortID keeps the readable part of a resource ID.
func shortID(r model.ResourceRef) string {
	switch r.Type {
	case model.TypeRule:
		if parts := strings.Split(r.ID, "/"); len(parts) > 1 {
			return "…/" + parts[len(parts)-1]
		}
	case model.TypeTargetGroup:
		parts := strings.Split(r.ID, "/")
		if len(parts) >= 2 {
			return parts[len(parts)-2]
		}
	}
	return r.ID
}
