package model

import (
	"errors"
	"fmt"
)

// planKinds are the kinds of plan envdeck makes.
var planKinds = []string{PlanKindGC, PlanKindDestroy, PlanKindCreate, PlanKindExtend, PlanKindRedeploy, PlanKindRestore, PlanKindTouch}

// Validate checks a plan's shape before any step runs. A plan file may be
// truncated, edited by hand or written by another version; a step found
// unrunnable only when its turn came would leave the steps before it done,
// so a plan with one bad step changes nothing.
func (p Plan) Validate() error {
	known := false
	for _, k := range planKinds {
		known = known || k == p.Kind
	}
	if !known {
		return fmt.Errorf("unknown plan kind %q", p.Kind)
	}
	for i, st := range p.Steps {
		if err := st.validate(); err != nil {
			return fmt.Errorf("step %d (%s %s %s): %w", i+1, st.Action, st.Type, st.ID, err)
		}
	}
	return nil
}

// validate checks one step: a known kind and action, a resource id, and
// the definition its action needs (a create's or an update's is the
// desired resource; a delete's, when present, the current one).
func (st Step) validate() error {
	k := kindOf(st.Type)
	switch {
	case k == nil:
		return fmt.Errorf("unknown resource type %q", st.Type)
	case st.ID == "":
		return errors.New("no resource id")
	case st.Def != nil && !k.holds(*st.Def):
		return fmt.Errorf("its definition is not a %s", st.Type)
	}
	switch st.Action {
	case StepCreate:
		if st.Def == nil {
			return errors.New("a create holds no definition")
		}
	case StepUpdate:
		if st.Def == nil {
			return errors.New("an update holds no definition")
		}
		if !k.Taggable {
			return fmt.Errorf("a %s has no tags to update", st.Type)
		}
	case StepDelete:
	default:
		return fmt.Errorf("unknown action %q", st.Action)
	}
	return nil
}
