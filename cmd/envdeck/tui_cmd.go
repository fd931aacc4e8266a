package main

import (
	"context"
	"errors"
	"fmt"

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

// runTUI opens the console; the TUI reaches AWS only through aws.Console.
func (a *app) runTUI(ctx context.Context, demo bool) error {
	if demo {
		a.flags.sandbox = true
	}
	debugLog := ""
	if a.flags.debug {
		path, closeLog, err := a.openDebugLog()
		if err != nil {
			return err
		}
		defer closeLog()
		debugLog = path
	}
	b, opts, err := a.console(ctx)
	if err != nil {
		return err
	}
	opts.DebugLog = debugLog
	opts.CLI = a.cli()
	if a.switcher != nil {
		a.switcher.debugLog, a.switcher.current = debugLog, b
	}
	defer func() { // hand the shared refresh's lease over at once
		if a.switcher != nil {
			b = a.switcher.shown()
		}
		b.Close(context.WithoutCancel(ctx))
	}()
	if !a.terminal() {
		return errors.New("the console needs a terminal; for scripts use " + a.cli("ls") + ", quota, slots or gc")
	}
	m := tui.New(b, opts)
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)}
	if a.flags.noColor || a.env("NO_COLOR") != "" {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(m, popts...)
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("console: %w", err)
	}
	return nil // every apply saved the sandbox state already
}

// console builds the console's backend and options (runTUI's wiring;
// tests drive the same backend headless): aws.Console over this account's
// clients, with the CLI's sandbox state, journals and annotations.
func (a *app) console(ctx context.Context) (*aws.Console, tui.Options, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, tui.Options{}, err
	}
	c, err := a.connect(ctx)
	if err != nil {
		return nil, tui.Options{}, err
	}
	refresh := a.refresh
	if refresh <= 0 {
		refresh = tui.DefaultRefresh
	}
	b := aws.NewConsole(aws.ConsoleOptions{
		Clients: c, Config: cfg, ReadOnly: a.flags.readOnly, Now: a.clock,
		Sandbox: a.flags.sandbox, Refresh: refresh, Debug: a.debugWriter(),
		Shared:   a.sharedRefresh(cfg, c, refresh),
		Journals: a.journals,
		Reload:   a.reloadSandbox, // a CLI may have changed it
		Annotate: func(ctx context.Context, snap *model.Snapshot) {
			a.readCache().Bind(snap.Account, snap.Region)
			a.annotate(ctx, snap, cfg)
		},
		Lock: a.lockSandbox,
		Applied: func() error {
			a.historyRead = false // this apply may have journaled
			return a.saveSandbox()
		},
	})
	opts := tui.Options{Refresh: refresh, Sandbox: a.flags.sandbox, Platform: cfg.Platform, Theme: cfg.Theme,
		Owner: osUser(a)} // who creates, as create --owner defaults it
	if s := a.platformSwitcher(); s != nil {
		opts.Platforms = s
	}
	return b, opts, nil
}
