package tui

import (
	"errors"
	"time"

	"github.com/envdeck/envdeck/model"
)

// createInput is what the create form collects (mirrors model.CreateRequest).
type createInput struct {
	Name, Owner string
	TTL         time.Duration
	Routing     string // path | host
	NoStage     bool
}

// engine is the pure domain logic the TUI calls (all in package model). It
// is a struct of funcs so tests can pin an inventory; New fills it with the
// model functions.
type engine struct {
	inventory    func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory
	planGC       func(inv *model.Inventory, cfg *model.Config, now time.Time) model.Plan
	planDestroy  func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error)
	planCreate   func(inv *model.Inventory, cfg *model.Config, in createInput, now time.Time) (model.Plan, error)
	planExtend   func(inv *model.Inventory, cfg *model.Config, env string, ttl time.Duration, keep *bool, now time.Time) (model.Plan, error)
	validateName func(cfg *model.Config, name string) error
}

var errNotAvailable = errors.New("not available in this build")

// modelEngine wires the model package's functions.
func modelEngine() engine {
	return engine{
		inventory: func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory {
			return &model.Inventory{Snapshot: snap, Errors: snap.Errors}
		},
		planGC: func(inv *model.Inventory, cfg *model.Config, now time.Time) model.Plan {
			return model.Plan{Kind: "gc"}
		},
		planDestroy: func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error) {
			return model.Plan{}, errNotAvailable
		},
		planCreate: func(inv *model.Inventory, cfg *model.Config, in createInput, now time.Time) (model.Plan, error) {
			return model.Plan{}, errNotAvailable
		},
		planExtend: func(inv *model.Inventory, cfg *model.Config, env string, ttl time.Duration, keep *bool, now time.Time) (model.Plan, error) {
			return model.Plan{}, errNotAvailable
		},
		validateName: func(cfg *model.Config, name string) error { return nil },
	}
}
