package aws

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/envdeck/envdeck/model"
)

// The console's tag cache: entries are read again after consoleTagMaxAge,
// one DescribeTags call of re-reads per refresh interval at most; quota
// limits are read again after consoleLimitsMaxAge.
const (
	consoleTagMaxAge    = 5 * time.Minute
	consoleLimitsMaxAge = 10 * time.Minute
)

// ConsoleOptions wire a Console. Only Clients and Config are required; the
// hooks let the front end keep what is its own (a sandbox state file, the
// journals' history) without the console knowing it.
type ConsoleOptions struct {
	Clients  Clients // the account's clients at the full rate
	Config   *model.Config
	ReadOnly bool             // refuse every apply
	Now      func() time.Time // nil: time.Now
	// Sandbox: the in-memory account is not an account's shared budget, so
	// reads are neither paced nor cached.
	Sandbox bool
	Refresh time.Duration // the console's refresh interval (spreads tag re-reads)
	Debug   io.Writer     // one line per call of the budget-paced reads
	// Shared: the consoles of the account share one refresh budget
	// through it (nil: this console reads on its own).
	Shared *SharedRefresh

	// Journals opens the journal store of an apply (required to apply).
	Journals func(context.Context) (Journals, error)
	// Reload runs before each read (another process may have changed the
	// account's state).
	Reload func() error
	// Annotate adds to each snapshot what discovery cannot know (profile,
	// history).
	Annotate func(context.Context, *model.Snapshot)
	// Lock runs before an apply; the apply calls release when done.
	Lock func() (release func(), err error)
	// Applied runs after an apply (persist state, forget cached history);
	// its error is returned when the apply itself had none.
	Applied func() error
}

// Console is the console's way to the account (it implements tui.Backend).
//
// docs/CONTRACT.md § Refresh and API budget: a one-shot read may use the
// account's whole rate, the console's background refresh only api_budget
// of it. So the console holds the account's clients (paced at the full
// rate) for the first load and for applies, and a second instrumentation
// of the same clients paced at api_budget for every read after the first
// load. Both read through a tag cache, so an incremental refresh re-reads
// only the cheap lists (and the tags of new resources) plus the health the
// budget leaves.
type Console struct {
	o  ConsoleOptions
	c  Clients // the account's clients at the full rate: applies
	fg Clients // c through the tag cache: the first load
	bg Clients // paced at api_budget, through the tag cache: every later read

	tags *TagCache // nil in the sandbox

	mu       sync.Mutex
	loaded   bool            // the first load (lists + every health) is done
	pending  map[string]bool // target groups whose health the first load has not read
	limits   []model.Limit   // last quota limits read without error
	limitsAt time.Time

	shared sharedState
}

// NewConsole builds the console's backend over o.Clients.
func NewConsole(o ConsoleOptions) *Console {
	if o.Now == nil {
		o.Now = time.Now
	}
	b := &Console{o: o, c: o.Clients, fg: o.Clients, bg: o.Clients}
	if !o.Sandbox {
		b.tags = NewTagCache(consoleTagMaxAge, o.Refresh)
		bg := Instrument(o.Clients, InstrumentOptions{
			ReadOnly: o.ReadOnly, Debug: o.Debug, Pace: true, Budget: o.Config.APIBudget})
		b.fg, b.bg = b.tags.Clients(o.Clients), b.tags.Clients(bg)
	}
	return b
}

func (b *Console) Config() *model.Config { return b.o.Config }
func (b *Console) ReadOnly() bool        { return b.o.ReadOnly }
func (b *Console) Now() time.Time        { return b.o.Now() }

// HealthRate is the account's documented ELBv2 Describe rate (calls per
// second); the console's background refresh spends api_budget of it.
func (b *Console) HealthRate() float64 { return ELBDescribeRate() }

// ELBDescribeRate is the documented ELBv2 Describe rate of an account, in
// calls per second (the pacing table's entry).
func ELBDescribeRate() float64 { return documentedRates[svcELB].PerSecond }

// FirstLoadDone says whether the first load (lists and every target
// group's health) is in, so reads are now paced at api_budget.
func (b *Console) FirstLoadDone() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.loaded
}

// reader returns the clients of the next read: the full rate until the
// first load is done, then api_budget.
func (b *Console) reader() (Clients, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.loaded {
		return b.bg, false
	}
	return b.fg, true
}

// Discover reads the lists (and every health when withHealth is set).
func (b *Console) Discover(ctx context.Context, withHealth bool) (*model.Snapshot, error) {
	if b.o.Reload != nil {
		if err := b.o.Reload(); err != nil {
			return nil, err
		}
	}
	if snap := b.fromShared(ctx); snap != nil {
		b.noteLists(snap, !b.FirstLoadDone(), false)
		if b.o.Annotate != nil {
			b.o.Annotate(ctx, snap)
		}
		return snap, nil
	}
	c, firstLoad := b.reader()
	o := DiscoverOptions{SkipHealth: !withHealth}
	b.mu.Lock()
	if b.limits != nil && b.o.Now().Sub(b.limitsAt) < consoleLimitsMaxAge {
		o.Limits = b.limits // they change rarely: one ELB call less per refresh
	}
	b.mu.Unlock()
	snap := Discover(ctx, c, b.o.Config, o)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.noteLists(snap, firstLoad, o.Limits == nil)
	b.publishLists(ctx, snap)
	if b.o.Annotate != nil {
		b.o.Annotate(ctx, snap)
	}
	return snap, nil
}

// noteLists records the quota limits read and, for the first load, the
// target groups whose health it still has to read.
func (b *Console) noteLists(snap *model.Snapshot, firstLoad, readLimits bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if readLimits {
		b.limits = nil
		if !hasSourceError(snap.Errors, model.SourceQuotas) && len(snap.Limits) > 0 {
			b.limits, b.limitsAt = snap.Limits, b.o.Now()
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

func hasSourceError(errs []model.SourceError, source string) bool {
	for _, e := range errs {
		if e.Source == source {
			return true
		}
	}
	return false
}

// ReadHealth reads the health of the given target groups.
func (b *Console) ReadHealth(ctx context.Context, arns []string) (map[string][]model.Target, []model.SourceError) {
	if out, ok := b.sharedHealth(arns); ok {
		return out, nil
	}
	c, firstLoad := b.reader()
	out, errs := ReadHealth(ctx, c, arns)
	b.publishHealth(ctx, out)
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
func (b *Console) BeginFullRead() {
	if b.tags != nil {
		b.tags.Forget()
	}
	b.mu.Lock()
	b.loaded, b.pending = false, nil
	b.mu.Unlock()
}
