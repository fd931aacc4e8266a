package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// viewID names a screen; the root keeps a stack of them.
type viewID string

const (
	viewEnvs   viewID = "envs"
	viewDetail viewID = "detail"
	viewRules  viewID = "rules"
	viewSlots  viewID = "slots"
	viewQuotas viewID = "quotas"
	viewGC     viewID = "gc"
	viewCreate viewID = "create"
	viewFlow   viewID = "plan"
	viewHelp   viewID = "help"
	viewExtend viewID = "extend"
	// viewDescribe shows the full record of a row
	viewDescribe viewID = "describe"
)

// jumpViews are the views the ':' command line opens.
var jumpViews = []viewID{viewEnvs, viewRules, viewSlots, viewQuotas, viewGC}

// screen is one view model. The root forwards messages to the focused
// screen and composes its render between the header and the footer.
type screen interface {
	title() string
	// bindings are the screen's own keys (hints and help).
	bindings() []Binding
	// captures reports a focused text input: keys go to the screen first.
	captures() bool
	update(msg tea.Msg) tea.Cmd
	render(width, height int) string
}

// dataScreen is a screen showing the inventory.
type dataScreen interface {
	screen
	setData(x *index)
}

// Intents: a screen asks the root for something by returning one of these.
type (
	openDetailMsg struct{ env string }
	destroyMsg    struct{ env string }
	extendMsg     struct{ env string }
	keepMsg       struct{ env string }
	redeployMsg   struct{ env string }
	createMsg     struct{}
	planGCMsg     struct{ selected []model.FindingKey }
	// confirmedMsg starts the apply of the flow's plan.
	confirmedMsg struct{}
	// backMsg closes the focused screen.
	backMsg struct{}
	// planReadyMsg opens the plan flow with a plan built by a screen.
	planReadyMsg struct {
		title string
		plan  model.Plan
	}
)

func intent(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }
