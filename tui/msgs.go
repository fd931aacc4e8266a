package tui

import (
	"time"

	"github.com/envdeck/envdeck/model"
)

// listsMsg carries the lists (no target health) of one discovery.
type listsMsg struct {
	gen  int
	full bool // a full read: every target group's health follows
	snap *model.Snapshot
	err  error
}

// healthMsg carries the health of a batch of target groups.
type healthMsg struct {
	gen     int
	arns    []string
	targets map[string][]model.Target
	errs    []model.SourceError
	at      time.Time
}

// inventoryMsg carries an inventory built off the UI goroutine (and its
// index); gen orders the builds so an older one never replaces a newer.
type inventoryMsg struct {
	gen int
	inv *model.Inventory
	x   *index
}

// tickMsg is the auto-refresh tick of one generation of ticks.
type tickMsg struct{ gen int }

// ageTickMsg repaints the header's refresh age once a second.
type ageTickMsg struct{}

// stepMsg is one apply progress event; stepsClosedMsg ends the stream.
type stepMsg struct {
	op int
	ev model.StepEvent
}

type stepsClosedMsg struct{ op int }

// appliedMsg ends an apply.
type appliedMsg struct {
	op     int
	result model.ApplyResult
	err    error
}

// statusMsg sets the footer's status line.
type statusMsg struct {
	text string
	err  bool
}
