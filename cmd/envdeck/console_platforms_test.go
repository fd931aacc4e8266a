package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// The console's platforms in the demo: dev is the default and not
// read-only; opening staging gives a read-only backend over staging's own
// sandbox account (--read-only=false does not lift it); opening dev again
// finds dev's account as the session left it (one app per platform).
func TestConsoleOpensDemoPlatforms(t *testing.T) {
	c := newCLI(t)
	c.run() // sets the process environment for the console below
	a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		env: func(k string) string { return c.env[k] }}
	a.flags.sandbox = true
	b, opts, err := a.console(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Platform != "dev" || opts.Platforms == nil || b.ReadOnly() {
		t.Fatalf("dev: platform %q, platforms %v, read-only %v", opts.Platform, opts.Platforms, b.ReadOnly())
	}
	names := []string{}
	for _, p := range opts.Platforms.List() {
		names = append(names, p.Name)
	}
	if strings.Join(names, ",") != "dev,staging" {
		t.Fatalf("platforms %v", names)
	}
	stg, stgOpts, err := opts.Platforms.Open(t.Context(), "staging")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := stg.Discover(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if !stg.ReadOnly() || stgOpts.Platform != "staging" || stgOpts.Theme != "red" || snap.Account != sandbox.DemoStagingAccountID {
		t.Fatalf("staging: read-only %v, platform %q, theme %q, account %s", stg.ReadOnly(), stgOpts.Platform, stgOpts.Theme, snap.Account)
	}
	if _, err := stg.Apply(t.Context(), model.Plan{Kind: "destroy", Account: snap.Account, Steps: []model.Step{{Action: model.StepDelete}}}, nil); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("staging applied a plan: %v", err)
	}
	// a change on dev, then back from staging: the same account
	devSnap, _ := b.Discover(t.Context(), false)
	inv := model.BuildInventory(devSnap, b.Config(), a.clock())
	plan, err := model.PlanDestroy(inv, b.Config(), "feat-video", a.clock())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(t.Context(), plan, nil); err != nil {
		t.Fatal(err)
	}
	dev, _, err := stgOpts.Platforms.Open(t.Context(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	again, err := dev.Discover(t.Context(), false)
	if err != nil || hasRuleOf(again, "feat-video") || again.Account != sandbox.DefaultAccountID {
		t.Fatalf("dev reopened: %v, account %s, feat-video still there: %v", err, again.Account, hasRuleOf(again, "feat-video"))
	}
}
