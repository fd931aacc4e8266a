package main

import (
	"context"
	"sync"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/tui"
)

// consolePlatforms opens the configuration's platforms for the console's
// :ctx. Each platform is an app of its own, kept for the session (its
// clients and, in the sandbox, its account, so switching back finds it as
// it was left); each switch builds a new aws.Console over it, so no
// console state (tag cache, health, limits) crosses platforms.
type consolePlatforms struct {
	root     *app
	debugLog string

	mu      sync.Mutex
	apps    map[string]*app
	current *aws.Console // the console on screen (closed when another opens)
}

// shown is the console on screen.
func (p *consolePlatforms) shown() *aws.Console {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current
}

// platformSwitcher is the console's Platforms: nil for a file with fewer
// than two platforms (nothing to switch to).
func (a *app) platformSwitcher() *consolePlatforms {
	if a.switcher != nil || a.plats == nil || len(a.plats.Names()) < 2 || a.cfg == nil {
		return a.switcher
	}
	a.switcher = &consolePlatforms{root: a, apps: map[string]*app{a.cfg.Platform: a}}
	return a.switcher
}

func (p *consolePlatforms) List() []tui.PlatformInfo {
	rows, err := p.root.platformRows()
	if err != nil {
		return nil
	}
	out := make([]tui.PlatformInfo, 0, len(rows))
	for _, r := range rows {
		out = append(out, tui.PlatformInfo{Name: r.Name, Account: r.AccountID, Region: r.Region, Theme: r.Theme, ReadOnly: r.ReadOnly})
	}
	return out
}

func (p *consolePlatforms) Open(ctx context.Context, name string) (tui.Backend, tui.Options, error) {
	p.mu.Lock()
	sub := p.apps[name]
	if sub == nil {
		sub = p.root.platformApp(name)
		p.apps[name] = sub
	}
	p.mu.Unlock()
	b, opts, err := sub.console(ctx)
	if err != nil {
		return nil, tui.Options{}, err
	}
	opts.DebugLog, opts.CLI = p.debugLog, sub.cli()
	p.mu.Lock()
	old := p.current
	p.current = b
	p.mu.Unlock()
	if old != nil {
		old.Close(context.WithoutCancel(ctx)) // its shared refresh's lease goes at once
	}
	return b, opts, nil
}

// platformApp is a new app for platform name with the flags as given (so
// another platform's read_only does not carry over) and nobody to ask
// (the console owns the terminal).
func (a *app) platformApp(name string) *app {
	sub := &app{stdin: a.stdin, stdout: a.stdout, stderr: a.stderr, env: a.env, flags: a.givenFlags(),
		now: a.now, isTerminal: func() bool { return false }, refresh: a.refresh, debugOut: a.debugOut,
		plats: a.plats, switcher: a.switcher}
	sub.flags.platform = name
	return sub
}
