package aws

import (
	"context"

	"github.com/envdeck/envdeck/model"
)

// kindOp is what apply does with one kind of resource. Adding a kind is
// one entry here and one in model's kind table (docs/ARCHITECTURE.md §
// Adding a resource kind). A restore is a create whose definition is the
// journaled one.
type kindOp struct {
	// create makes (or adopts, when it is this environment's already) the
	// resource of a create step.
	create func(a *applier, ctx context.Context, st model.Step) outcome
	// recheck reads the resource a step acts on again, by the step's ID,
	// as discovery would have converted it.
	recheck func(a *applier, ctx context.Context, st model.Step) (current, error)
	// delete makes the delete call for a resource journaled and re-read as cur.
	delete func(a *applier, ctx context.Context, st model.Step, cur current) outcome
	// retag sets and removes tags (nil for kinds that carry none).
	retag func(a *applier, ctx context.Context, st model.Step, cur current, set map[string]string, remove []string) error
}

// kindOps holds the operations of every resource kind, by type.
var kindOps = map[model.ResourceType]kindOp{
	model.TypeRule: {
		create: (*applier).createRule, recheck: (*applier).recheckRule,
		delete: (*applier).deleteRule, retag: (*applier).retagELB,
	},
	model.TypeTargetGroup: {
		create: (*applier).createTargetGroup, recheck: (*applier).recheckTargetGroup,
		delete: (*applier).deleteTargetGroup, retag: (*applier).retagELB,
	},
	model.TypeStage: {
		create: (*applier).createStage, recheck: (*applier).recheckStage,
		delete: (*applier).deleteStage, retag: (*applier).retagStage,
	},
	model.TypeHTTPStage: {
		create: (*applier).createHTTPStage, recheck: (*applier).recheckHTTPStage,
		delete: (*applier).deleteHTTPStage, retag: (*applier).retagHTTPStage,
	},
	model.TypeAlias: {
		create: (*applier).createAlias, recheck: (*applier).recheckAlias,
		delete: (*applier).deleteAliasStep,
	},
	model.TypeRecord: {
		create: (*applier).createRecord, recheck: (*applier).recheckRecord,
		delete: (*applier).deleteRecord,
	},
}
