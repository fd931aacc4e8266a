package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// How a read that failed becomes a failure: the model decides which
// sources an answer or a change needs (model/completeness.go); these are
// the command layer's only uses of that policy.

// readToChange reads what a change of kind needs (tags as they are now,
// never from the read cache) and refuses it — before anything is planned
// or called — when a source its plan rests on failed. Every mutating
// command reads through here.
func (a *app) readToChange(ctx context.Context, kind string, needs model.Needs) (*model.Snapshot, *model.Inventory, error) {
	needs.ForChange = true
	snap, inv, err := a.readFor(ctx, needs)
	if err != nil {
		return nil, nil, err
	}
	if err := a.changeable(snap, kind); err != nil {
		return nil, nil, err
	}
	return snap, inv, nil
}

// changeable prints the read's source errors, as the dry run does, and
// refuses a change of kind on a partial read.
func (a *app) changeable(snap *model.Snapshot, kind string) error {
	a.warnErrors(snap.Errors)
	return model.CheckComplete(snap, kind)
}

// incomplete fails a read command (after its answer is printed) when a
// source the answer needs could not be read.
func (a *app) incomplete(errs []model.SourceError, view string) error {
	failed := model.ReadFailures(errs, view)
	if len(failed) == 0 {
		return nil
	}
	code := 1
	if view == model.ViewQuota {
		code = 3
	}
	return exitCode(code, "%s could not be read: the answer is incomplete", model.SourceNames(failed))
}

// withDeadline bounds a read of the account by --timeout (0: no bound).
func (a *app) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.flags.timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, a.flags.timeout)
}

// readError turns what ended a read early into one line: the deadline
// (naming the endpoint that did not answer and the sources left unread), an
// interrupt, or err itself.
func (a *app) readError(ctx context.Context, err error, snap *model.Snapshot) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		var ee *aws.EndpointError
		endpoint := a.flags.endpointURL
		if errors.As(err, &ee) && ee.Endpoint != "" {
			endpoint = ee.Endpoint
		}
		if endpoint == "" {
			endpoint = "AWS"
		}
		msg := fmt.Sprintf("no answer from %s within %s (--timeout)", endpoint, a.flags.timeout)
		if snap != nil && len(snap.Errors) > 0 {
			msg += ": " + model.SourceNames(snap.Errors) + " not read"
		}
		return errors.New(msg)
	case ctx.Err() != nil:
		return fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return err
}

// mfaPrompt asks for a profile's MFA code on the terminal; nil (no one to
// ask) makes the credentials fail with one line saying so.
func (a *app) mfaPrompt(profile string) func() (string, error) {
	if !a.canAsk() {
		return nil
	}
	return func() (string, error) {
		fmt.Fprintf(a.stderr, "MFA code for profile %s: ", profile)
		line, err := readLine(a.stdin)
		if err != nil && line == "" {
			return "", fmt.Errorf("no MFA code: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
}

// canAsk reports a terminal on stdin to ask a question on.
func (a *app) canAsk() bool {
	if a.isTerminal != nil {
		return a.isTerminal()
	}
	in, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(in.Fd())
}

// readLine reads up to a newline one byte at a time, so nothing meant for
// a later question (the confirmation) is swallowed by a buffer.
func readLine(r io.Reader) (string, error) {
	var sb strings.Builder
	b := make([]byte, 1)
	for {
		n, err := r.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				return sb.String(), nil
			}
			sb.WriteByte(b[0])
		}
		if err != nil {
			return sb.String(), err
		}
	}
}

// stallGuard cancels an apply that makes no progress (no step event) for
// the timeout: a dead endpoint mid-apply ends the command, a long plan
// that keeps moving does not.
type stallGuard struct {
	timer   *time.Timer
	timeout time.Duration
	once    sync.Once
	fired   chan struct{}
}

func newStallGuard(timeout time.Duration, cancel context.CancelFunc) *stallGuard {
	g := &stallGuard{timeout: timeout, fired: make(chan struct{})}
	if timeout > 0 {
		g.timer = time.AfterFunc(timeout, func() {
			g.once.Do(func() { close(g.fired) })
			cancel()
		})
	}
	return g
}

// progress restarts the wait.
func (g *stallGuard) progress() {
	if g.timer != nil {
		g.timer.Reset(g.timeout)
	}
}

// stop ends the guard and reports whether it stopped the apply.
func (g *stallGuard) stop() bool {
	if g.timer == nil {
		return false
	}
	g.timer.Stop()
	select {
	case <-g.fired:
		return true
	default:
		return false
	}
}
