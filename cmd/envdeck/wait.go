package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// waitFlag is create's --wait[=5m].
type waitFlag struct{ text string }

const defaultWait = "5m"

func (w *waitFlag) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&w.text, "wait", "", "after creating, wait (--wait="+defaultWait+" when given alone) until every target group has a serving target and a new alias is Deployed; exit 1 at the timeout")
	cmd.Flags().Lookup("wait").NoOptDefVal = defaultWait
}

// timeout is the wait asked for; 0 without --wait. A bad value is an error
// before any AWS call.
func (w *waitFlag) timeout() (time.Duration, error) {
	if w.text == "" {
		return 0, nil
	}
	d, err := model.ParseDuration(w.text)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--wait %q: want a positive duration such as 5m (write --wait=5m)", w.text)
	}
	return d, nil
}

// waitServing polls r's target health (and distribution status), with
// backoff, until it is ready or timeout passes. It shows a progress line on
// a terminal and nothing on a pipe; at the timeout it fails (exit 1) with
// the last states.
func (a *app) waitServing(ctx context.Context, env string, r model.Readiness, timeout time.Duration) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	deadline := start.Add(timeout)
	prog := a.progressLine()
	defer prog.clear()
	for reads := 1; ; reads++ {
		last, readErr := aws.ReadReadiness(ctx, c, r)
		if readErr == nil && last.Ready() {
			prog.clear()
			fmt.Fprintf(a.human(), "%s is serving: %s (%s, %s).\n", env, last.Summary(), readCount(reads), model.FormatSpan(time.Since(start)))
			return nil
		}
		states := last.Summary()
		if readErr != nil {
			states += "; last read failed: " + oneLine(readErr.Error())
		}
		left := time.Until(deadline)
		if left <= 0 {
			return exitCode(1, "%s is not serving after %s (%s): %s", env, model.FormatDuration(timeout), readCount(reads), states)
		}
		prog.show(fmt.Sprintf("Waiting for %s (%s left): %s", env, model.FormatSpan(left), states))
		t := time.NewTimer(min(model.WaitPoll(reads), left))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("wait for %s: %w (last: %s)", env, ctx.Err(), states)
		case <-t.C:
		}
	}
}

func readCount(n int) string {
	if n == 1 {
		return "1 read"
	}
	return fmt.Sprintf("%d reads", n)
}

// progressLine rewrites one line of stderr when it is a terminal.
type progressLine struct {
	w     io.Writer // nil: not a terminal, show nothing
	width int
	shown bool
}

func (a *app) progressLine() *progressLine {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return &progressLine{}
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 20 {
		width = 80
	}
	return &progressLine{w: f, width: width}
}

func (p *progressLine) show(s string) {
	if p.w == nil {
		return
	}
	if r := []rune(s); len(r) > p.width-1 {
		s = string(r[:p.width-2]) + "…"
	}
	fmt.Fprint(p.w, "\r\x1b[K"+s)
	p.shown = true
}

func (p *progressLine) clear() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
