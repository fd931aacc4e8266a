package tui

import (
	"time"

	"github.com/envdeck/envdeck/model"
)

// createInput is what the create form collects (model.CreateRequest).
type createInput = model.CreateRequest

// engine is the pure domain logic the TUI calls (all in package model). It
// is a struct of funcs so tests can pin an inventory; New fills it with the
// model functions. inventory runs in a tea.Cmd, off the UI goroutine
// (tui/rebuild.go): it must only read its arguments.
type engine struct {
	inventory    func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory
	planGC       func(inv *model.Inventory, cfg *model.Config, now time.Time) model.Plan
	planDestroy  func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error)
	planCreate   func(inv *model.Inventory, cfg *model.Config, in createInput, now time.Time) (model.Plan, error)
	planExtend   func(inv *model.Inventory, cfg *model.Config, env string, ttl time.Duration, keep *bool, now time.Time) (model.Plan, error)
	planRedeploy func(inv *model.Inventory, cfg *model.Config, req model.RedeployRequest, now time.Time) (model.RedeployPlan, error)
	validateName func(cfg *model.Config, name string) error
}

// modelEngine wires the model package's functions: the TUI and the CLI
// share one plan engine.
func modelEngine() engine {
	return engine{
		inventory:    model.BuildInventory,
		planGC:       model.PlanGC,
		planDestroy:  model.PlanDestroy,
		planCreate:   model.PlanCreate,
		planExtend:   model.PlanExtend,
		planRedeploy: model.PlanRedeploy,
		validateName: func(cfg *model.Config, name string) error { return cfg.ValidateEnvName(name) },
	}
}
