package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// describeDoc is the full record of one row: every field at full length
// (ARNs, reasons, conditions), wrapped, never cut.
type describeDoc struct {
	title  string
	id     string // what y copies
	fields []describeField
}

type describeField struct{ label, value string }

func (d *describeDoc) add(label, value string) {
	if value != "" {
		d.fields = append(d.fields, describeField{label, value})
	}
}

// describeMsg asks the root to open the describe view.
type describeMsg struct{ doc describeDoc }

// describeView shows a describeDoc (k9s's describe): it scrolls, and y
// copies the record's ID.
type describeView struct {
	ctx    *programContext
	doc    describeDoc
	scroll scroller
}

func newDescribeView(ctx *programContext) *describeView {
	return &describeView{ctx: ctx, scroll: scroller{ctx: ctx}}
}

func (v *describeView) open(doc describeDoc) { v.doc, v.scroll.offset = doc, 0 }

func (v *describeView) title() string  { return "describe" }
func (v *describeView) captures() bool { return false }
func (v *describeView) bindings() []Binding {
	k := v.ctx.keys
	return []Binding{k.Copy, k.Down, k.PageDown, k.Back}
}

func (v *describeView) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok || v.scroll.key(key) {
		return nil
	}
	if v.ctx.keys.Copy.matches(key) {
		return copyCmd(v.doc.id)
	}
	return nil
}

// copyCmd puts id on the clipboard (OSC 52: the terminal's clipboard,
// over ssh too) and says so.
func copyCmd(id string) tea.Cmd {
	if id == "" {
		return statusCmd("nothing to copy: this row has no ID", true)
	}
	return tea.Batch(tea.SetClipboard(id), statusCmd("copied "+id+" (OSC 52: needs a terminal that allows it)", false))
}

// lines lays the fields out as "label  value", values wrapped to width.
func (v *describeView) lines(width int) []string {
	th := v.ctx.theme
	labelW := 0
	for _, f := range v.doc.fields {
		labelW = max(labelW, ansi.StringWidth(f.label))
	}
	labelW = min(labelW, 18)
	valueW := max(width-labelW-4, 20)
	var out []string
	for _, f := range v.doc.fields {
		label := th.Label.Render(pad(f.label, labelW, false))
		for i, part := range strings.Split(f.value, "\n") {
			for j, l := range wrapLines(part, valueW) {
				if i == 0 && j == 0 {
					out = append(out, "  "+label+"  "+l)
				} else {
					out = append(out, "  "+strings.Repeat(" ", labelW)+"  "+l)
				}
			}
		}
	}
	return out
}

func (v *describeView) render(width, height int) string {
	th := v.ctx.theme
	lines := v.lines(width)
	bodyH := max(height-1, 1)
	shown, first, last := v.scroll.window(lines, bodyH)
	title := th.Section.Render(v.doc.title)
	if len(lines) > bodyH {
		title += th.Dim.Render(fmt.Sprintf("  lines %d–%d of %d", first, last, len(lines)))
	}
	return title + "\n" + strings.Join(shown, "\n")
}
