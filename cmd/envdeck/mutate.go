package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// mutation carries the flags every mutating command shares.
type mutation struct {
	yes     bool
	dryRun  bool
	planOut string
	format  string   // -o
	exit    exitPlan // --detailed-exitcode, --fail-on
}

// printPlan writes the plan for people: account first, so nobody acts on the wrong one.
func (a *app) printPlan(w io.Writer, p model.Plan) {
	pal := palette{a.colour()}
	on := ""
	if p.Platform != "" {
		on = "platform " + p.Platform + ", "
	}
	fmt.Fprintf(w, "Plan (%s) for %saccount %s, region %s, profile %s:\n", p.Kind, on, orDash(p.Account), orDash(p.Region), orDash(p.Profile))
	t := &table{header: []string{"", "ACTION", "TYPE", "ID", "REASON"}}
	for _, s := range p.Steps {
		t.add(pal.word(model.StepSymbol(s.Action)), pal.word(s.Action), string(s.Type), s.ID, s.Reason)
	}
	t.write(w, pal)
	fmt.Fprintln(w, p.Summary())
}

// execute shows the plan, saves it, or checks the account (snap is the read
// the plan was built from), asks, and applies it. It returns the apply
// result (nil when nothing ran).
func (a *app) execute(ctx context.Context, snap *model.Snapshot, p model.Plan, m mutation, planOut io.Writer) (*model.ApplyResult, error) {
	// Commands read through readToChange; this catches one that does not.
	if err := model.CheckComplete(snap, p.Kind); err != nil {
		return nil, err
	}
	if len(p.Steps) == 0 {
		fmt.Fprintln(planOut, "Nothing to do.")
		return nil, nil
	}
	if a.cfg != nil {
		p.Platform = a.cfg.Platform // apply refuses the file on another platform
	}
	a.printPlan(planOut, p)
	if m.planOut != "" {
		if err := savePlan(m.planOut, p); err != nil {
			return nil, err
		}
		fmt.Fprintf(planOut, "Plan saved to %s; apply it with: %s\n", m.planOut, a.cli("apply", m.planOut))
		return nil, nil
	}
	if m.dryRun {
		return nil, nil
	}
	if a.flags.readOnly {
		if a.cfg != nil && a.cfg.ReadOnly {
			return nil, exitCode(1, "read-only: platform %s is read_only in the configuration (no flag lifts it): refusing to apply this plan", platformLabel(a.cfg.Platform))
		}
		return nil, exitCode(1, "read-only: refusing to apply this plan")
	}
	if err := a.guardAccount(snap, nil); err != nil {
		return nil, err
	}
	if !m.yes {
		c := model.ConfirmationFor(p) // the console asks the same
		if !a.terminal() {
			return nil, exitCode(1, "no terminal to confirm on: nothing changed; rerun with --yes to apply this plan")
		}
		fmt.Fprintf(planOut, "\nApply this plan to account %s? %s: ", p.Account, c.Prompt)
		line, err := bufio.NewReader(a.stdin).ReadString('\n')
		if err != nil && line == "" {
			return nil, exitCode(1, "no answer: nothing changed")
		}
		if strings.TrimSpace(line) != c.Answer {
			return nil, exitCode(1, "confirmation did not match: nothing changed")
		}
	}
	return a.apply(ctx, p, planOut)
}

// apply runs the plan, streaming one line per finished step.
func (a *app) apply(ctx context.Context, p model.Plan, progress io.Writer) (*model.ApplyResult, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	c, err := a.connect(ctx)
	if err != nil {
		return nil, err
	}
	release, err := a.lockSandbox()
	if err != nil {
		return nil, err
	}
	defer release()
	js, err := a.journals(ctx)
	if err != nil {
		return nil, err
	}
	pal := palette{a.colour()}
	progress = a.hintWriter(progress)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stall := newStallGuard(a.flags.timeout, cancel)
	events := make(chan model.StepEvent, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range events {
			stall.progress()
			if ev.State == model.EventRunning {
				continue
			}
			mark := pal.paint(green, "✓")
			switch ev.State {
			case model.EventFailed:
				mark = pal.paint(red, "✗")
			case model.EventDrift:
				mark = pal.paint(yellow, "!")
			case model.EventSkipped:
				mark = pal.paint(faint, "·")
			}
			line := fmt.Sprintf("%s %s %s %s", mark, ev.Step.Action, ev.Step.Type, ev.Step.ID)
			if ev.Message != "" {
				line += ": " + oneLine(ev.Message)
			}
			fmt.Fprintf(progress, "%s (%s)\n", line, pal.word(ev.State))
		}
	}()
	res, applyErr := aws.Apply(ctx, c, cfg, p, js, events)
	a.historyRead = false // this apply may have journaled
	close(events)
	<-done
	if stall.stop() && applyErr != nil {
		applyErr = fmt.Errorf("no progress for %s (--timeout), stopped: %w", a.flags.timeout, applyErr)
	}
	if err := a.saveSandbox(); err != nil && applyErr == nil {
		applyErr = err
	}
	fmt.Fprint(progress, res.Summary())
	if res.JournalID != "" {
		fmt.Fprintf(progress, " Journal %s (%s).", res.JournalID, a.cli("restore", res.JournalID))
	}
	fmt.Fprintln(progress)
	if applyErr != nil {
		return &res, applyErr
	}
	if n := res.Count(model.EventDrift); n > 0 {
		return &res, exitCode(1, "%d step(s) skipped because the resource changed since the plan was made", n)
	}
	return &res, nil
}

func savePlan(path string, p model.Plan) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

func loadPlan(path string) (model.Plan, error) {
	var p model.Plan
	b, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("read plan: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("plan %s: %w", path, err)
	}
	if p.Kind == "" || p.Account == "" {
		return p, fmt.Errorf("plan %s: not an envdeck plan (no kind or account)", path)
	}
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("plan %s: %w", path, err)
	}
	return p, nil
}

// guardAccount makes aws.Apply's account check before the plan is
// confirmed (p: a saved plan, nil for one made now). A read whose STS call
// failed never gets here: CheckComplete refuses it.
func (a *app) guardAccount(snap *model.Snapshot, p *model.Plan) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	planAccount := ""
	if p != nil {
		planAccount = p.Account
	}
	return aws.CheckAccount(cfg, snap.Account, planAccount)
}
