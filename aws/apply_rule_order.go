package aws

import (
	"context"
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// A create places one environment's rules most specific first
// (docs/ARCHITECTURE.md § Services). When another process takes a planned
// priority before apply, the rule moves to a free one, but only inside the
// window its environment's rules on the listener leave it
// (model.RuleWindow): an upward move past a wider rule of the environment,
// or a search that wraps to the range's bottom, would let the wider rule
// shadow the specific one. With no free priority there, the create fails
// and is undone. A restore keeps the same order: its journaled priorities
// were placed against no rule there now, so it reads its environment's
// rules by their tags at once, and keeps clear of the journaled places of
// the rules it is still to make; with no free priority there, that rule's
// step fails and stays in the journal for a later restore.

// RuleOrderError: no free priority keeps the rule between the rules of its
// environment it must follow and precede; the create makes no rule that
// would shadow, or be shadowed by, another of the environment.
type RuleOrderError struct {
	Env      string
	Rule     string // the rule's step id
	From, To int    // where the rule may go (From > To: nowhere)
}

func (e *RuleOrderError) Error() string {
	why := fmt.Sprintf("every priority in [%d, %d] is taken", e.From, e.To)
	if e.From > e.To {
		why = "they leave none between them"
	}
	return fmt.Sprintf("no free priority keeps this rule after the more specific rules of %s and before its wider ones (%s): not making a shadowed rule", e.Env, why)
}

// ruleOrder is the window of a rule create: where the rule may go.
type ruleOrder struct {
	from, to int
	tagged   bool // the environment's rules were found by their tags
}

// orderWindow is where rc's rule may go among its environment's rules on
// the listener as last read, within [lo, hi]. Without tagged those are the
// rules this run made (no call); with it, also every rule there tagged as
// the environment's that must keep an order with this one (a half-made
// environment's, or an earlier run's), read by DescribeTags. Only a create
// or a restore plan keeps the order (a restore always with tagged, and
// with its rules still to come): other plans place rules as planned.
func (a *applier) orderWindow(ctx context.Context, rc *ruleCreate, lo, hi int, tagged bool) (ruleOrder, error) {
	switch a.plan.Kind {
	case model.PlanKindCreate:
	case model.PlanKindRestore:
		tagged = true
	default:
		return ruleOrder{from: lo, to: hi, tagged: tagged}, nil
	}
	made := map[string]bool{}
	for _, m := range a.made {
		if m.undo.Type == model.TypeRule && m.undo.Env == rc.st.Env {
			made[m.undo.ID] = true
		}
	}
	var env []model.Rule
	var unknown []string
	for _, r := range rc.rules {
		switch {
		case r.IsDefault || !model.RulesOrdered(rc.def.Conditions, r.Conditions):
		case made[r.ARN]:
			env = append(env, r)
		case tagged:
			unknown = append(unknown, r.ARN)
		}
	}
	if len(unknown) > 0 {
		tags, _, err := readTags(ctx, a.c.ELB, unknown, DefaultConcurrency)
		if err != nil {
			return ruleOrder{}, fmt.Errorf("create rule %s: tags of the listener's rules: %w", rc.st.ID, err)
		}
		for _, r := range rc.rules {
			if t, ok := tags[r.ARN]; ok {
				if mine, _ := a.ours(t, rc.st.Env); mine {
					env = append(env, r)
				}
			}
		}
	}
	from, to := model.RuleWindow(rc.def.Conditions, append(env, a.restoresToCome(rc)...), lo, hi)
	return ruleOrder{from: from, to: to, tagged: tagged}, nil
}

// restoresToCome are the rules a restore plan makes after rc's, of its
// environment on its listener and in order with it, at their journaled
// priorities: rc's rule keeps clear of their places, so each of them
// keeps its own when it is free.
func (a *applier) restoresToCome(rc *ruleCreate) []model.Rule {
	if a.plan.Kind != model.PlanKindRestore {
		return nil
	}
	var out []model.Rule
	for _, st := range a.plan.Steps[a.cur+1:] {
		if st.Action != model.StepCreate || st.Type != model.TypeRule || st.Env != rc.st.Env || st.Def == nil || st.Def.Rule == nil {
			continue
		}
		if r := st.Def.Rule; r.ListenerARN == rc.def.ListenerARN && model.RulesOrdered(rc.def.Conditions, r.Conditions) {
			out = append(out, model.Rule{Priority: r.Priority, Conditions: r.Conditions})
		}
	}
	return out
}

// movedPriority is the first free priority at or after start, wrapping
// inside the rule's window (orderWindow, the environment's rules read by
// their tags once); 0 when the window is the whole range and full (the
// caller's *PriorityExhaustedError), a *RuleOrderError when a narrower
// window has no free priority.
func (a *applier) movedPriority(ctx context.Context, rc *ruleCreate, lo, hi, start int, taken map[int]bool) (int, error) {
	if !rc.order.tagged {
		w, err := a.orderWindow(ctx, rc, lo, hi, true)
		if err != nil {
			return 0, err
		}
		rc.order = w
	}
	w := rc.order
	p := 0
	if w.from <= w.to {
		p = model.FreePriority(w.from, w.to, start, taken)
	}
	if p == 0 && (w.from != lo || w.to != hi) {
		return 0, &RuleOrderError{Env: rc.st.Env, Rule: rc.st.ID, From: w.from, To: w.to}
	}
	return p, nil
}
