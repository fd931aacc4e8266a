package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// loader reads the account for the console: the cheap lists first, then
// target health in batches (all of it on a full read, what api_budget
// allows on an auto-refresh), caching each target group's health between
// refreshes. Every read is a generation: a result of an older one is
// dropped. The root model embeds it and rebuilds the inventory when it
// reports new data.
type loader struct {
	ctx  *programContext
	b    Backend
	opts Options

	snap      *model.Snapshot // the last lists read
	health    map[string]healthEntry
	healthErr []model.SourceError
	lastRead  time.Time
	loadErr   error

	discovering bool
	healthQueue []string
	healthBusy  bool
	healthTotal int // size of the current health read (progress)
	healthDone  int
}

// healthEntry is the cached health of one target group and when it was read.
type healthEntry struct {
	targets []model.Target
	at      time.Time
}

func newLoader(ctx *programContext, b Backend, opts Options) loader {
	return loader{ctx: ctx, b: b, opts: opts, health: map[string]healthEntry{}, discovering: true}
}

// first is the first, cheap read (the program's Init).
func (l *loader) first() tea.Cmd {
	return discoverCmd(l.ctx, l.b, l.ctx.nextGen(), true)
}

func (l *loader) busy() bool { return l.discovering || l.healthBusy }

// start begins a new generation of reads: the lists, then health (all of
// it when full, else what the budget allows).
func (l *loader) start(full bool) tea.Cmd {
	gen := l.ctx.nextGen()
	l.discovering = true
	l.healthBusy = false
	l.healthQueue = nil
	return discoverCmd(l.ctx, l.b, gen, full)
}

// lists takes a list read; it reports whether the data changed (false: a
// stale or failed read).
func (l *loader) lists(msg listsMsg) bool {
	if msg.gen != l.ctx.gen {
		return false // stale
	}
	l.discovering = false
	if msg.err != nil || msg.snap == nil {
		l.loadErr = msg.err
		if l.loadErr == nil {
			l.loadErr = fmt.Errorf("discovery returned nothing")
		}
		return false
	}
	l.loadErr = nil
	l.snap = msg.snap
	l.ctx.identify(msg.snap)
	l.lastRead = l.ctx.now()
	if msg.full {
		l.health = map[string]healthEntry{}
		l.healthErr = nil
	}
	l.healthQueue = l.healthPlan(msg.full)
	l.healthTotal, l.healthDone = len(l.healthQueue), 0
	return true
}

// healthPlan orders the target groups whose health to read: those never
// read first, then the oldest reads; an incremental refresh stops at the
// budget of one tick.
func (l *loader) healthPlan(full bool) []string {
	var fresh, cached []string
	seen := map[string]bool{}
	for _, g := range l.snap.TargetGroups {
		seen[g.ARN] = true
		if g.HealthRead && !full {
			continue // the backend read it already
		}
		if _, ok := l.health[g.ARN]; ok {
			cached = append(cached, g.ARN)
		} else {
			fresh = append(fresh, g.ARN)
		}
	}
	for arn := range l.health { // forget deleted target groups
		if !seen[arn] {
			delete(l.health, arn)
		}
	}
	slices.SortStableFunc(cached, func(a, b string) int { return l.health[a].at.Compare(l.health[b].at) })
	queue := append(fresh, cached...)
	if !full {
		queue = queue[:min(len(queue), l.healthBudget())]
	}
	return queue
}

// healthBudget is how many DescribeTargetHealth calls one auto-refresh may
// make: api_budget of the account's ELB rate (the backend's HealthRate)
// over the interval, less the list calls of the refresh itself.
func (l *loader) healthBudget() int {
	pacer, ok := l.b.(HealthPacer)
	if !ok {
		return math.MaxInt
	}
	budget := l.ctx.cfg.APIBudget
	if budget <= 0 {
		budget = 0.2
	}
	interval := l.opts.refresh()
	if interval <= 0 {
		interval = DefaultRefresh
	}
	lists := 0
	for k, n := range l.snap.Calls {
		if strings.HasPrefix(k, "elbv2:") && !strings.HasSuffix(k, "DescribeTargetHealth") {
			lists += n
		}
	}
	if lists == 0 {
		lists = 5
	}
	return max(1, int(budget*pacer.HealthRate()*interval.Seconds())-lists)
}

// healthBatch sizes health reads: small batches stream in quickly; large
// platforms use larger ones so the inventory is rebuilt about ten times.
func healthBatch(total int) int { return max(20, total/10) }

// pump starts the next health batch (nil: one is running, or none is left).
func (l *loader) pump() tea.Cmd {
	if l.healthBusy || len(l.healthQueue) == 0 {
		return nil
	}
	n := min(len(l.healthQueue), healthBatch(l.healthTotal))
	batch := l.healthQueue[:n]
	l.healthQueue = l.healthQueue[n:]
	l.healthBusy = true
	return healthCmd(l.ctx, l.b, l.ctx.gen, batch)
}

// healthRead takes a health batch; it reports whether the data changed.
func (l *loader) healthRead(msg healthMsg) bool {
	if msg.gen != l.ctx.gen {
		return false // stale
	}
	l.healthBusy = false
	l.healthDone += len(msg.arns)
	for arn, ts := range msg.targets {
		l.health[arn] = healthEntry{targets: ts, at: msg.at}
	}
	if len(msg.errs) > 0 {
		l.healthErr = msg.errs
	} else if len(l.healthQueue) == 0 {
		l.healthErr = nil
	}
	return true
}
