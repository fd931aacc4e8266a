package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// demoPlatforms opens the demo's two platforms as cmd does: aws.Console
// over each platform's own sandbox account (created once, as cmd keeps
// one app per platform), a new Console on every open.
type demoPlatforms struct {
	t     *testing.T
	accts map[string]*sandbox.Account
	cfgs  *model.Platforms
	opens []string
}

func newDemoPlatforms(t *testing.T) *demoPlatforms {
	return &demoPlatforms{t: t, cfgs: sandbox.DemoPlatforms(), accts: map[string]*sandbox.Account{
		"dev": sandbox.Demo(demoNow), "staging": sandbox.DemoStaging(demoNow),
	}}
}

func (p *demoPlatforms) List() []PlatformInfo {
	var out []PlatformInfo
	for _, n := range p.cfgs.Names() {
		c := p.cfgs.Config(n)
		out = append(out, PlatformInfo{Name: n, Account: c.AccountID, Region: c.Region, Theme: c.Theme, ReadOnly: c.ReadOnly})
	}
	return out
}

func (p *demoPlatforms) Open(_ context.Context, name string) (Backend, Options, error) {
	p.opens = append(p.opens, name)
	cfg, err := p.cfgs.Select(name)
	if err != nil {
		return nil, Options{}, err
	}
	journal := p.t.TempDir()
	c := envaws.NewConsole(envaws.ConsoleOptions{
		Clients: p.accts[name].Clients(), Config: cfg, Sandbox: true, ReadOnly: cfg.ReadOnly,
		Now:      func() time.Time { return demoNow },
		Journals: func(context.Context) (envaws.Journals, error) { return envaws.LocalJournals(journal), nil },
	})
	return c, Options{Refresh: -1, Sandbox: true, Platform: name, Theme: cfg.Theme, Platforms: p}, nil
}

// :ctx lists the platforms, completes their names, and :ctx staging
// replaces the whole console: the header names staging (read-only, its
// account), the rows are staging's only, and neither the cursor row, the
// filter nor the row count of dev survives.
func TestCtxSwitchesPlatform(t *testing.T) {
	p := newDemoPlatforms(t)
	b, opts, err := p.Open(context.Background(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	s := startSessionOpts(t, b, &fakeBackend{}, ptr(modelEngine()), opts, 110, 30)
	s.waitText("refreshed", "Environments", " dev ", "feat-checkout")
	s.press("G")
	s.waitText("row 69/69")
	s.press("/")
	s.typeText("release")
	s.press("enter")
	s.waitText("filter release", "› release-2-3")

	s.press(":")
	s.typeText("ctx")
	s.press("enter")
	s.waitText("platforms: *dev  staging (read-only)")

	s.press(":")
	s.typeText("ctx st")
	s.press("tab")
	s.waitText(":ctx staging")
	s.press("enter")
	f := s.waitText("switched to platform staging", "refreshed", "int-payments")
	for _, want := range []string{" staging ", "READ-ONLY", sandbox.DemoStagingAccountID, "row 1/9", "› hotfix-sso"} {
		if !strings.Contains(f, want) {
			t.Errorf("after the switch the frame lacks %q:\n%s", want, f)
		}
	}
	for _, stale := range []string{" dev ", "feat-checkout", "filter release", "release-2-3", "row 69", sandbox.DefaultAccountID} {
		if strings.Contains(f, stale) {
			t.Errorf("after the switch the frame still shows %q:\n%s", stale, f)
		}
	}
	if strings.Join(p.opens, ",") != "dev,staging" {
		t.Errorf("opens %v", p.opens)
	}
}

// An unknown name is refused with the known ones, and nothing switches.
func TestCtxUnknownPlatform(t *testing.T) {
	p, s := devSession(t, 30)
	s.press(":")
	s.typeText("ctx prod")
	s.press("enter")
	s.waitText(`unknown platform "prod" (known: dev, staging)`)
	if len(p.opens) != 1 {
		t.Fatalf("opens %v", p.opens)
	}
}

func ptr[T any](v T) *T { return &v }

// failingPlatforms cannot open staging (its credentials are gone).
type failingPlatforms struct{ *demoPlatforms }

func (f failingPlatforms) Open(ctx context.Context, name string) (Backend, Options, error) {
	if name == "staging" {
		return nil, Options{}, errorf("credentials for profile platform-stg have expired")
	}
	return f.demoPlatforms.Open(ctx, name)
}

// A platform that cannot be opened leaves the console where it was, with
// the reason on the status line.
func TestCtxOpenFailureStays(t *testing.T) {
	p := failingPlatforms{newDemoPlatforms(t)}
	b, opts, _ := p.Open(context.Background(), "dev")
	opts.Platforms = p
	s := startSessionOpts(t, b, &fakeBackend{}, ptr(modelEngine()), opts, 110, 30)
	s.waitText("refreshed", "feat-checkout")
	s.press(":")
	s.typeText("ctx staging")
	s.press("enter")
	f := s.waitText("platform staging: credentials for profile platform-stg have expired")
	if !strings.Contains(f, " dev ") || !strings.Contains(f, "feat-checkout") {
		t.Fatalf("the console left dev:\n%s", f)
	}
}

// Help lists the command line's words, :ctx among them when there are
// platforms; the fixture without platforms never advertises it.
func TestHelpListsCommands(t *testing.T) {
	_, s := devSession(t, 40)
	s.press("?")
	s.waitText("COMMANDS", ":quotas", ":ctx", "platforms (:ctx NAME switches)")

	plain := fixtureSession(t, false)
	plain.loaded()
	plain.press("?")
	if f := plain.waitText("COMMANDS", ":quotas"); strings.Contains(f, ":ctx") {
		t.Errorf("help without platforms advertises :ctx:\n%s", f)
	}
}

// devSession is a console on the demo's dev platform, loaded, 110 columns
// by height, with its platforms to switch to.
func devSession(t *testing.T, height int) (*demoPlatforms, *session) {
	p := newDemoPlatforms(t)
	b, opts, err := p.Open(context.Background(), "dev")
	if err != nil {
		t.Fatal(err)
	}
	s := startSessionOpts(t, b, &fakeBackend{}, ptr(modelEngine()), opts, 110, height)
	s.waitText("refreshed", "feat-checkout")
	return p, s
}
