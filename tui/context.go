package tui

import (
	"cmp"
	"context"
	"time"

	"github.com/envdeck/envdeck/model"
)

// programContext is shared by the root and every view (gh-dash's
// ProgramContext): screen size, theme, keys, account identity, mode,
// clock and the generation counters of in-flight commands. Views read it;
// only the root changes it.
type programContext struct {
	width, height int
	// bodyHeight is the height the screens had in the last frame (the
	// terminal's less header and footer).
	bodyHeight int
	theme      *Theme
	keys       KeyMap
	cfg        *model.Config
	readOnly   bool
	sandbox    bool
	cli        string // "envdeck" and the flags of this account, for hints
	owner      string // who creates (Options.Owner)
	// platform and its theme colour (Options.Platform, Options.Theme)
	platform, platformTheme string
	now                     func() time.Time

	// identity, from the latest snapshot
	account, region, profile, listener string
	// pool: the configured listeners (alb.listener_arns, or listener_arn).
	pool []string

	// gen numbers every data read (discover + health); a result carrying an
	// older generation is dropped. opGen numbers plans being applied, invGen
	// inventory builds.
	gen, opGen, invGen int

	// base is cancelled when the program quits.
	base   context.Context
	cancel context.CancelFunc
}

func newProgramContext(b Backend, opts Options) *programContext {
	cfg := b.Config()
	if cfg == nil {
		cfg = &model.Config{}
	}
	base, cancel := context.WithCancel(context.Background())
	ro := b.ReadOnly()
	c := &programContext{
		width: 100, height: 30, bodyHeight: 26,
		theme:    newTheme(true, noColorEnv()),
		keys:     DefaultKeyMap(ro),
		cfg:      cfg,
		readOnly: ro,
		sandbox:  opts.Sandbox,
		cli:      cmp.Or(opts.CLI, "envdeck"),
		owner:    opts.Owner,
		platform: opts.Platform, platformTheme: opts.Theme,
		now:      b.Now,
		account:  cfg.AccountID,
		region:   cfg.Region,
		profile:  cfg.Profile,
		listener: cfg.ALB.ListenerARN,
		pool:     cfg.ALB.Pool(),
		base:     base,
		cancel:   cancel,
	}
	if opts.Sandbox {
		c.profile = "sandbox"
	}
	return c
}

// identify takes the account identity from a snapshot.
func (c *programContext) identify(s *model.Snapshot) {
	if s == nil {
		return
	}
	if s.Account != "" {
		c.account = s.Account
	}
	if s.Region != "" {
		c.region = s.Region
	}
	if s.Profile != "" {
		c.profile = s.Profile
	}
	if c.sandbox {
		c.profile = "sandbox"
	}
}

func (c *programContext) nextGen() int    { c.gen++; return c.gen }
func (c *programContext) nextOpGen() int  { c.opGen++; return c.opGen }
func (c *programContext) nextInvGen() int { c.invGen++; return c.invGen }
