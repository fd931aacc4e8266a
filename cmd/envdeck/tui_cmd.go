package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
	"github.com/envdeck/envdeck/tui"
	"github.com/spf13/cobra"
)

func newDemoCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Open the console on the built-in sandbox account (no AWS account needed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd.Context(), true)
		},
	}
}

// runTUI opens the console; the TUI reaches AWS only through tuiBackend.
func (a *app) runTUI(ctx context.Context, demo bool) error {
	if demo {
		a.flags.sandbox = true
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	if !a.terminal() {
		return errors.New("the console needs a terminal; for scripts use envdeck ls, quota, slots or gc")
	}
	refresh := a.refresh
	if refresh <= 0 {
		refresh = 30 * time.Second
	}
	b := &tuiBackend{a: a, c: c, cfg: cfg}
	m := tui.New(b, tui.Options{Refresh: refresh, Sandbox: a.flags.sandbox})
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)}
	if a.flags.noColor || a.env("NO_COLOR") != "" {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(m, opts...)
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("console: %w", err)
	}
	return a.saveSandbox()
}

// tuiBackend is the small interface the TUI uses to reach the account.
type tuiBackend struct {
	a   *app
	c   aws.Clients
	cfg *model.Config
}

func (b *tuiBackend) Config() *model.Config { return b.cfg }
func (b *tuiBackend) ReadOnly() bool        { return b.a.flags.readOnly }
func (b *tuiBackend) Now() time.Time        { return b.a.clock() }

func (b *tuiBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	snap := aws.Discover(ctx, b.c, b.cfg, aws.DiscoverOptions{SkipHealth: !withHealth})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if b.a.flags.sandbox {
		snap.Profile = "sandbox"
	} else if snap.Profile == "" {
		snap.Profile = first(b.cfg.Profile, "default")
	}
	if h, err := aws.JournalHistory(b.a.journalDir()); err == nil {
		snap.History = h
	}
	return snap, nil
}

func (b *tuiBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	return aws.ReadHealth(ctx, b.c, arns)
}

func (b *tuiBackend) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	if b.a.flags.readOnly {
		return model.ApplyResult{}, errors.New("read-only: refusing to apply")
	}
	snap := aws.Discover(ctx, b.c, b.cfg, aws.DiscoverOptions{SkipHealth: true})
	if err := b.a.guardAccount(snap, &plan); err != nil {
		return model.ApplyResult{}, err
	}
	res, err := aws.Apply(ctx, b.c, b.cfg, plan, b.a.journalDir(), events)
	if serr := b.a.saveSandbox(); serr != nil && err == nil {
		err = serr
	}
	return res, err
}
