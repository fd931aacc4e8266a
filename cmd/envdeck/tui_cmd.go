package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// Tag cache of the console: entries are read again after tagMaxAge, one
// DescribeTags call of re-reads per refresh interval at most; quota limits
// are read again after limitsMaxAge.
const (
	tagMaxAge    = 5 * time.Minute
	limitsMaxAge = 10 * time.Minute
)

// console builds the TUI's backend and options (runTUI's wiring; tests
// drive the same backend headless).
//
// docs/CONTRACT.md § Refresh and API budget: a one-shot read may use the
// account's whole rate, the TUI's background refresh only api_budget of
// it. So the backend holds the account's clients (paced at the full rate)
// for the first load and for applies, and a second instrumentation of the
// same clients paced at api_budget for every read after the first load.
// Both read through a tag cache, so an incremental refresh re-reads only
// the cheap lists (and the tags of new resources) plus the health the
// budget leaves.
func (a *app) console(ctx context.Context) (*tuiBackend, tui.Options, error) {
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
		refresh = 30 * time.Second
	}
	b := &tuiBackend{a: a, c: c, fg: c, bg: c, cfg: cfg}
	if !a.flags.sandbox {
		// The sandbox is not the account's shared budget: no pacing, no cache.
		b.tags = aws.NewTagCache(tagMaxAge, refresh)
		bg := aws.Instrument(c, aws.InstrumentOptions{
			ReadOnly: a.flags.readOnly, Debug: a.debugWriter(), Pace: true, Budget: cfg.APIBudget})
		b.fg, b.bg = b.tags.Clients(c), b.tags.Clients(bg)
	}
	return b, tui.Options{Refresh: refresh, Sandbox: a.flags.sandbox}, nil
}

// tuiBackend is the small interface the TUI uses to reach the account.
type tuiBackend struct {
	a   *app
	c   aws.Clients // the account's clients at the full rate: applies
	fg  aws.Clients // c through the tag cache: the first load
	bg  aws.Clients // paced at api_budget, through the tag cache: every later read
	cfg *model.Config

	tags *aws.TagCache // nil in the sandbox

	mu       sync.Mutex
	loaded   bool            // the first load (lists + every health) is done
	pending  map[string]bool // target groups whose health the first load has not read
	limits   []model.Limit   // last quota limits read without error
	limitsAt time.Time
}

func (b *tuiBackend) Config() *model.Config { return b.cfg }
func (b *tuiBackend) ReadOnly() bool        { return b.a.flags.readOnly }
func (b *tuiBackend) Now() time.Time        { return b.a.clock() }

// reader returns the clients of the next read: the full rate until the
// first load is done, then api_budget.
func (b *tuiBackend) reader() (aws.Clients, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.loaded {
		return b.bg, false
	}
	return b.fg, true
}

func (b *tuiBackend) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	if err := b.a.reloadSandbox(); err != nil { // a CLI may have changed it
		return nil, err
	}
	c, firstLoad := b.reader()
	o := aws.DiscoverOptions{SkipHealth: !withHealth}
	b.mu.Lock()
	if b.limits != nil && b.a.clock().Sub(b.limitsAt) < limitsMaxAge {
		o.Limits = b.limits // they change rarely: one ELB call less per refresh
	}
	b.mu.Unlock()
	snap := aws.Discover(ctx, c, b.cfg, o)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.noteLists(snap, firstLoad, o.Limits == nil)
	b.a.readCache().Bind(snap.Account, snap.Region)
	b.a.annotate(ctx, snap, b.cfg)
	return snap, nil
}

// noteLists records the quota limits read and, for the first load, the
// target groups whose health it still has to read.
func (b *tuiBackend) noteLists(snap *model.Snapshot, firstLoad, readLimits bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if readLimits {
		b.limits = nil
		if !hasSource(snap.Errors, model.SourceQuotas) && len(snap.Limits) > 0 {
			b.limits, b.limitsAt = snap.Limits, b.a.clock()
		}
	}
	if !firstLoad || b.loaded {
		return
	}
	b.pending = map[string]bool{}
	for _, g := range snap.TargetGroups {
		if !g.HealthRead {
			b.pending[g.ARN] = true
		}
	}
	b.loaded = len(b.pending) == 0
}

func hasSource(errs []model.SourceError, source string) bool {
	for _, e := range errs {
		if e.Source == source {
			return true
		}
	}
	return false
}

func (b *tuiBackend) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	c, firstLoad := b.reader()
	out, errs := aws.ReadHealth(ctx, c, arns)
	if firstLoad && ctx.Err() == nil {
		b.mu.Lock()
		if b.pending != nil { // nil: the first load's lists are not read yet
			for _, a := range arns {
				delete(b.pending, a)
			}
			b.loaded = len(b.pending) == 0
		}
		b.mu.Unlock()
	}
	return out, errs
}

// BeginFullRead makes the next read one the user waits for ('r', or the
// read after an apply): at the account's full rate, with tags read again,
// until every target group's health is in; then back to api_budget.
func (b *tuiBackend) BeginFullRead() {
	if b.tags != nil {
		b.tags.Forget()
	}
	b.mu.Lock()
	b.loaded, b.pending = false, nil
	b.mu.Unlock()
}

func (b *tuiBackend) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	if b.a.flags.readOnly {
		return model.ApplyResult{}, errors.New("read-only: refusing to apply")
	}
	release, err := b.a.lockSandbox()
	if err != nil {
		return model.ApplyResult{}, err
	}
	defer release()
	// A fresh read, judged by the same policy as the CLI's: the plan was
	// made from the screen's read, which may be older or partial.
	snap := aws.Discover(ctx, b.c, b.cfg, aws.DiscoverOptions{SkipHealth: true})
	if err := model.CheckComplete(snap, plan.Kind); err != nil {
		return model.ApplyResult{}, err
	}
	if err := b.a.guardAccount(snap, &plan); err != nil {
		return model.ApplyResult{}, err
	}
	js, err := b.a.journals(ctx)
	if err != nil {
		return model.ApplyResult{}, err
	}
	res, err := aws.Apply(ctx, b.c, b.cfg, plan, js, events)
	b.a.historyRead = false // this apply may have journaled
	// The console's read after an apply is one the user waits for: at the
	// full rate, like the first load.
	b.BeginFullRead()
	if serr := b.a.saveSandbox(); serr != nil && err == nil {
		err = serr
	}
	return res, err
}
