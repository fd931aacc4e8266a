package aws

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// StepError is the failure of one step of a plan. Apply goes on with the
// steps that do not need it; a rerun of the same plan finishes the work.
type StepError struct {
	Index int
	Step  model.Step
	Err   error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("step %d (%s %s %s): %s", e.Index+1, e.Step.Action, e.Step.Type, e.Step.ID, OneLine(e.Err))
}

func (e *StepError) Unwrap() error { return e.Err }

// StepsFailedError: at least one step failed. Apply ran every other step
// that did not need a failed one; Drifted are the steps skipped as drift.
type StepsFailedError struct {
	Failed  []*StepError
	Drifted []int
}

func (e *StepsFailedError) Error() string {
	msg := e.Failed[0].Error()
	if n := len(e.Failed) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more failed step(s))", n)
	}
	if n := len(e.Drifted); n > 0 {
		msg += fmt.Sprintf("; %d step(s) skipped as drift", n)
	}
	return msg
}

func (e *StepsFailedError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		errs[i] = f
	}
	return errs
}

// NotOwnedError: a create found the resource already there, and not as
// envdeck's resource of the same environment; envdeck never adopts it.
type NotOwnedError struct {
	Type   model.ResourceType
	ID     string
	Reason string
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("%s %s already exists and %s: not touching it", e.Type, e.ID, e.Reason)
}

// SlotClaimedError: another create claimed the same slot at the same time;
// this one rolled back its rule and target group.
type SlotClaimedError struct {
	Slot string
	By   string // the rule that holds the slot
}

func (e *SlotClaimedError) Error() string {
	return fmt.Sprintf("slot %s was claimed concurrently by %s", e.Slot, e.By)
}

// DriftError: Apply ran every step it could, but some were skipped because
// their resource changed since planning (never forced).
type DriftError struct {
	Steps []int // indexes of the drifted steps
}

func (e *DriftError) Error() string {
	return fmt.Sprintf("%d step(s) skipped: the resource changed since the plan was made (drift); re-plan to act on it", len(e.Steps))
}

// UnsupportedUpdateError: an update step asks for more than tag changes.
type UnsupportedUpdateError struct {
	Type model.ResourceType
	ID   string
}

func (e *UnsupportedUpdateError) Error() string {
	return fmt.Sprintf("update of %s %s changes more than its tags: only tag updates are supported", e.Type, e.ID)
}

// applier is one run of Apply.
type applier struct {
	c      Clients
	cfg    *model.Config
	keys   model.TagKeys
	plan   model.Plan
	j      journal.Writer
	events chan<- model.StepEvent
	now    func() time.Time
	// tgARNs maps target group names to ARNs made or adopted by this run.
	tgARNs map[string]string
	// madeTGs: target groups this run created, by env (rolled back on a lost slot race).
	madeTGs map[string][]string
	// drifted: env → first drifted step; later steps of that env are not run.
	drifted map[string]int
	// needs: per step, the earlier steps it needs (model.Plan.Needs);
	// states: the final state of each step run so far.
	needs  [][]int
	states []string
	// cur is the step running; made: what this run created, in order (a
	// failed create deletes it again).
	cur   int
	made  []made
	guard guard
}

// outcome is the final state of one step.
type outcome struct {
	state, message, result string
	err                    error
}

func done(msg, result string) outcome {
	return outcome{state: model.EventDone, message: msg, result: result}
}
func skipped(msg, result string) outcome {
	return outcome{state: model.EventSkipped, message: msg, result: result}
}
func drift(msg string) outcome { return outcome{state: model.EventDrift, message: msg} }
func failed(err error) outcome {
	return outcome{state: model.EventFailed, message: OneLine(err), err: err}
}

// Apply executes plan step by step, in order. Before each step it re-reads
// the resource: a delete of something gone is skipped, a resource whose
// ownership or definition changed since planning is reported as drift and
// left alone, a create of something that exists as this environment's is
// adopted. Before the first delete of an environment it decides the
// environment's protection again, from cfg and the tags of all its
// resources as they are now: a protected environment's steps are drift.
// Before any delete, the resource's full definition is appended (and
// stored) to a new journal in journals; a delete that fails on a resource
// still there is marked failed in it. Each step sends a running event and
// then one final event on events (if not nil).
//
// A failed step does not stop the plan: the steps that do not need it
// (model.Plan.Needs) still run, and Apply returns a *StepsFailedError at the
// end; a rerun of the same plan finishes the work. A create plan is the
// exception: its first failure stops it and undoes what the run made (see
// CreateFailedError). Steps skipped as drift make it return a *DriftError
// after the other steps ran. A caller outside the plan's account (or the
// configured account_id) is refused with a *WrongAccountError before any
// change.
func Apply(ctx context.Context, c Clients, cfg *model.Config, plan model.Plan, journals Journals, events chan<- model.StepEvent) (model.ApplyResult, error) {
	res := model.ApplyResult{Events: []model.StepEvent{}}
	if len(plan.Steps) == 0 {
		return res, nil
	}
	if cfg == nil {
		return res, errors.New("apply: no config")
	}
	if err := plan.Validate(); err != nil {
		return res, fmt.Errorf("apply: the plan cannot run, nothing was changed: %w", err)
	}
	if err := checkCaller(ctx, c, cfg, plan); err != nil {
		return res, err
	}
	profile := plan.Profile
	if profile == "" {
		profile = c.Profile
	}
	region := plan.Region
	if region == "" {
		region = c.Region
	}
	if journals == nil {
		return res, errors.New("apply: no journal store")
	}
	meta := journal.Meta{Account: plan.Account, Region: region, Profile: profile, Kind: plan.Kind, Time: time.Now().UTC()}
	j, err := journals.Begin(ctx, meta, func(id string) { res.JournalID = id })
	if err != nil {
		return res, fmt.Errorf("apply: %w", err)
	}
	defer j.Close()

	a := &applier{
		c: c, cfg: cfg, keys: cfg.Keys(), plan: plan, j: j, events: events,
		now:    func() time.Time { return time.Now().UTC() },
		tgARNs: map[string]string{}, madeTGs: map[string][]string{}, drifted: map[string]int{},
		needs: plan.Needs(), states: make([]string, len(plan.Steps)),
		guard: guard{verdict: map[string]string{}},
	}
	err = a.run(ctx, &res)
	return res, err
}

// run runs every step, recording each final event in res.
func (a *applier) run(ctx context.Context, res *model.ApplyResult) error {
	var failures []*StepError
	var drifted []int
	for i, st := range a.plan.Steps {
		if err := ctx.Err(); err != nil {
			return &StepError{Index: i, Step: st, Err: err}
		}
		if err := a.emit(ctx, model.StepEvent{Index: i, Step: st, State: model.EventRunning}); err != nil {
			return &StepError{Index: i, Step: st, Err: err}
		}
		a.cur = i
		o := a.runStep(ctx, i, st)
		a.states[i] = o.state
		ev := model.StepEvent{Index: i, Step: st, State: o.state, Message: o.message, Result: o.result}
		res.Events = append(res.Events, ev)
		emitErr := a.emit(ctx, ev)
		switch o.state {
		case model.EventFailed:
			se := &StepError{Index: i, Step: st, Err: o.err}
			if a.plan.Kind == model.PlanKindCreate {
				return a.abandonCreate(ctx, res, se)
			}
			failures = append(failures, se)
		case model.EventDrift:
			drifted = append(drifted, i)
			if _, ok := a.drifted[st.Env]; !ok && st.Env != "" {
				a.drifted[st.Env] = i
			}
		}
		if emitErr != nil {
			return &StepError{Index: i, Step: st, Err: emitErr}
		}
	}
	if se := a.adoptedGone(ctx, res); se != nil {
		return a.abandonCreate(ctx, res, se)
	}
	switch {
	case len(failures) > 0:
		return &StepsFailedError{Failed: failures, Drifted: drifted}
	case len(drifted) > 0:
		return &DriftError{Steps: drifted}
	}
	return nil
}

// runStep runs step i unless its environment is protected now or drifted,
// or a step it needs did not succeed.
func (a *applier) runStep(ctx context.Context, i int, st model.Step) outcome {
	if why := a.protectedNow(ctx, i, st); why != "" {
		return drift(why + ": not run")
	}
	if why := a.gcFactsNow(st); why != "" {
		return drift(why + ": not run")
	}
	if first, ok := a.drifted[st.Env]; ok && st.Env != "" {
		return drift(fmt.Sprintf("not run: step %d of %s drifted", first+1, st.Env))
	}
	for _, n := range a.needs[i] {
		switch a.states[n] {
		case model.EventFailed:
			return failed(fmt.Errorf("not run: it needs step %d (%s %s), which failed", n+1, a.plan.Steps[n].Action, a.plan.Steps[n].Type))
		case model.EventDrift:
			return drift(fmt.Sprintf("not run: it needs step %d (%s %s), which drifted", n+1, a.plan.Steps[n].Action, a.plan.Steps[n].Type))
		}
	}
	return a.step(ctx, st)
}

// emit sends ev unless events is nil; it gives up when ctx ends.
func (a *applier) emit(ctx context.Context, ev model.StepEvent) error {
	if a.events == nil {
		return nil
	}
	select {
	case a.events <- ev:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// step runs one step.
func (a *applier) step(ctx context.Context, st model.Step) outcome {
	switch st.Action {
	case model.StepCreate: // Apply validated the plan: a create holds its definition
		if op, ok := kindOps[st.Type]; ok {
			return op.create(a, ctx, st)
		}
	case model.StepDelete:
		return a.delete(ctx, st)
	case model.StepUpdate:
		return a.update(ctx, st)
	}
	return failed(fmt.Errorf("unsupported step %s %s", st.Action, st.Type))
}
