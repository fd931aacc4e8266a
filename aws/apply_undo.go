package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/envdeck/envdeck/model"
)

// A create that fails half-way must not leave a half-built environment
// behind: it deletes again, newest first and journaled, what this run made.
// Only when the connection itself was lost does it leave things as they
// are (what the lost call did is unknown, and the next call would most
// likely be lost too), and it says which command finishes the environment
// and which removes it.

// made is one resource this run created, and the step that made it.
type made struct {
	index int        // the plan step that made it
	undo  model.Step // the delete that undoes it
}

// madeNow records that the running step created the resource (typ, id).
func (a *applier) madeNow(typ model.ResourceType, id string) {
	st := a.plan.Steps[a.cur]
	a.made = append(a.made, made{index: a.cur, undo: model.Step{
		Action: model.StepDelete, Type: typ, ID: id, Env: st.Env,
		Reason: fmt.Sprintf("undo: step %d of a create that failed", a.cur+1),
	}})
}

// CreateFailedError: a create plan failed at a step. Undone says whether
// everything the run had made was deleted again; Left lists what could not
// be; Kept what it left because another create of the environment uses
// it; Lost says the connection was lost, so nothing was undone.
type CreateFailedError struct {
	Cause  *StepError
	Env    string
	Undone int
	Left   []string
	Kept   []string
	Lost   bool
	// MadeSome: this run made at least one resource before the failure.
	MadeSome bool
}

func (e *CreateFailedError) Error() string {
	msg := e.Cause.Error()
	finish := fmt.Sprintf("envdeck create %s", e.Env)
	remove := fmt.Sprintf("envdeck destroy %s", e.Env)
	if len(e.Kept) > 0 {
		msg += "; kept " + strings.Join(e.Kept, "; ")
	}
	switch {
	case e.Lost && e.MadeSome:
		return msg + fmt.Sprintf("; the connection was lost, so what exists of %s is unknown: finish it with `%s`, or remove it with `%s`", e.Env, finish, remove)
	case e.Lost:
		return msg + fmt.Sprintf("; the connection was lost: run `%s` again once it is back", finish)
	case len(e.Left) > 0:
		return msg + fmt.Sprintf("; undoing it failed for %s: remove what is left with `%s`, or finish it with `%s`", strings.Join(e.Left, ", "), remove, finish)
	case e.Undone > 0:
		return msg + fmt.Sprintf("; undone: the %d resource(s) this run made were deleted again, nothing is left behind", e.Undone)
	case len(e.Kept) > 0:
		return msg + fmt.Sprintf("; `%s` finishes it", finish)
	}
	return msg + "; nothing was made"
}

func (e *CreateFailedError) Unwrap() error { return e.Cause }

// abandonCreate ends a create plan that failed at cause: it undoes what the
// run made, unless the connection was lost, and records each undone step's
// new final state (undone) in res.
func (a *applier) abandonCreate(ctx context.Context, res *model.ApplyResult, cause *StepError) error {
	e := &CreateFailedError{Cause: cause, Env: cause.Step.Env, MadeSome: len(a.made) > 0, Lost: connectionLost(cause.Err)}
	if e.Lost || len(a.made) == 0 {
		return e
	}
	if why := a.anotherCreate(ctx, cause.Index); why != "" {
		var ids []string
		for _, m := range a.made {
			ids = append(ids, fmt.Sprintf("%s %s", m.undo.Type, m.undo.ID))
			ev := res.Events[m.index]
			ev.Message += "; kept: " + why
			res.Events[m.index] = ev
		}
		e.Kept = append(e.Kept, fmt.Sprintf("what this run made (%s): %s", strings.Join(ids, ", "), why))
		return e
	}
	for k := len(a.made) - 1; k >= 0; k-- {
		m := a.made[k]
		ev := res.Events[m.index]
		if user, err := a.usedByAnother(ctx, m.undo); err != nil || user != "" {
			if err != nil {
				e.Left = append(e.Left, fmt.Sprintf("%s %s (%s)", m.undo.Type, m.undo.ID, OneLine(err)))
				ev.State, ev.Message = model.EventFailed, "made, but could not be undone: "+OneLine(err)
			} else {
				e.Kept = append(e.Kept, fmt.Sprintf("%s %s: another create of %s made it meanwhile and uses it (rule %s forwards to it)", m.undo.Type, m.undo.ID, e.Env, user))
				ev.State, ev.Message = model.EventSkipped, "kept: rule "+user+", which this run did not make, forwards to it"
			}
			res.Events[m.index] = ev
			continue
		}
		o := a.delete(ctx, m.undo)
		switch o.state {
		case model.EventDone, model.EventSkipped:
			e.Undone++
			if m.index == cause.Index {
				ev.Message += "; what it made was deleted again"
			} else {
				ev.State, ev.Message = model.EventUndone, fmt.Sprintf("undone: deleted again because step %d failed", cause.Index+1)
			}
		default:
			e.Left = append(e.Left, fmt.Sprintf("%s %s (%s)", m.undo.Type, m.undo.ID, o.message))
			ev.State, ev.Message = model.EventFailed, "made, but could not be undone: "+o.message
		}
		// Not sent on events: a caller sizes its buffer for two events a
		// step. The result holds the step's final state.
		res.Events[m.index] = ev
	}
	return e
}

// connectionLost reports a failure of the connection itself (refused,
// reset, closed before the answer, timed out): the call may or may not have
// happened, and the service could not be reached to find out.
func connectionLost(err error) bool {
	if err == nil {
		return false
	}
	var send *smithyhttp.RequestSendError
	var netErr net.Error
	return errors.As(err, &send) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}

// usedByAnother returns a rule this run did not make that forwards to the
// target group the undo step would delete, read on the listeners of the
// plan's rules ("" for other kinds, or none). Another create of the same
// environment planned in the same second makes a group that reads as this
// plan's (same tags): once its rule uses it, the group is that create's.
func (a *applier) usedByAnother(ctx context.Context, undo model.Step) (string, error) {
	if undo.Type != model.TypeTargetGroup {
		return "", nil
	}
	mine := map[string]bool{}
	for _, m := range a.made {
		mine[m.undo.ID] = true
	}
	for _, l := range a.planListeners() {
		rules, err := a.listRules(ctx, l)
		if err != nil {
			return "", err
		}
		for _, r := range rules {
			if !mine[r.ARN] && forwardsTo(r, undo.ID) {
				return r.ARN, nil
			}
		}
	}
	return "", nil
}

// planListeners are the listeners the plan's rule steps create rules on.
func (a *applier) planListeners() []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range a.plan.Steps {
		if st.Type != model.TypeRule || st.Def == nil || st.Def.Rule == nil {
			continue
		}
		l := st.Def.Rule.ListenerARN
		if pool := a.cfg.ALB.Pool(); l == "" && len(pool) > 0 {
			l = pool[0]
		}
		if l != "" && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// forwardsTo reports whether one of the rule's actions forwards to tgARN.
func forwardsTo(r model.Rule, tgARN string) bool {
	for _, act := range r.Actions {
		for _, t := range act.TargetGroups {
			if t.ARN == tgARN {
				return true
			}
		}
	}
	return false
}
