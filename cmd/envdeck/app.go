package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// app is what every command shares: flags, the loaded config and the
// account's clients, built once and lazily (bad config fails before any
// AWS client exists).
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	flags          globalFlags
	out            output           // the running command's -o and --jq
	exit           int              // exit code of a command that succeeded with a status (quota)
	now            func() time.Time // nil: time.Now
	isTerminal     func() bool      // nil: stdin and stdout are terminals
	refresh        time.Duration    // TUI auto-refresh
	debugOut       io.Writer        // --debug in the console: its log file (the screen is the console's)

	args     []string // the command line, for --all-platforms to run again per platform
	dataOnly bool     // a run of --all-platforms: JSON for -o json|yaml, no --jq

	cfg      *model.Config
	plats    *model.Platforms   // the configuration file's platforms
	given    *globalFlags       // the flags as given, before a platform's read_only
	switcher *consolePlatforms  // the console's :ctx (platformSwitcher)
	pacers   *aws.AccountPacers // shared by the apps of --all-platforms
	clients  *aws.Clients
	account  *sandbox.Account // with --sandbox
	state    sandboxFile      // --sandbox-state as last loaded or saved
	cache    *aws.ReadCache   // see readCache

	historyCache []model.JournalRecord // the journals, once read (for the forecast's history)
	historyRead  bool
}

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now().UTC()
	}
	return time.Now().UTC()
}

// config loads and validates the configuration of the selected platform
// once (platforms.go).
func (a *app) config() (*model.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	ps, err := a.platformSet()
	if err != nil {
		return nil, err
	}
	cfg, err := a.selectPlatform(ps)
	if err != nil {
		return nil, err
	}
	a.cfg = cfg
	return cfg, nil
}

// configPath: --config, else ./envdeck.yaml, else the XDG location; "" when none exists.
func (a *app) configPath() (string, error) {
	if a.flags.config != "" {
		return a.flags.config, nil
	}
	candidates := []string{"envdeck.yaml"}
	if x := a.env("XDG_CONFIG_HOME"); x != "" {
		candidates = append(candidates, filepath.Join(x, "envdeck", "config.yaml"))
	} else if h := a.env("HOME"); h != "" {
		candidates = append(candidates, filepath.Join(h, ".config", "envdeck", "config.yaml"))
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("config %s: %w", c, err)
		}
	}
	return "", nil
}

// connect builds the account's clients: the sandbox or the real SDK
// clients, both behind aws.Instrument (counting, pacing, read-only).
func (a *app) connect(ctx context.Context) (aws.Clients, error) {
	if a.clients != nil {
		// What envdeck changes, the read cache forgets.
		return a.readCache().Clients(*a.clients), nil
	}
	cfg, err := a.config()
	if err != nil {
		return aws.Clients{}, err
	}
	var c aws.Clients
	if a.flags.sandbox {
		acct, err := a.sandboxAccount()
		if err != nil {
			return aws.Clients{}, err
		}
		// No pacing: the sandbox is not the account's shared API budget.
		c = aws.Instrument(acct.Clients(), aws.InstrumentOptions{ReadOnly: a.flags.readOnly, Debug: a.debugWriter()})
	} else {
		c, err = aws.NewClients(ctx, aws.Options{
			Profile:     cfg.Profile,
			Region:      cfg.Region,
			EndpointURL: a.flags.endpointURL,
			ReadOnly:    a.flags.readOnly,
			Debug:       a.debugWriter(),
			Pace:        true,
			Budget:      1,
			Pacers:      a.pacers, // --all-platforms: one account's platforms share its buckets
			Account:     cfg.AccountID,
			MFAToken:    a.mfaPrompt(first(cfg.Profile, "default")),
		})
		if err != nil {
			return aws.Clients{}, err
		}
	}
	a.clients = &c
	return a.readCache().Clients(c), nil
}

func (a *app) debugWriter() io.Writer {
	if a.debugOut != nil {
		return a.debugOut
	}
	if a.flags.debug {
		return a.stderr
	}
	return nil
}

// read discovers the whole account for a plan that changes it (tags read
// as they are now) and builds the inventory.
func (a *app) read(ctx context.Context) (*model.Snapshot, *model.Inventory, error) {
	return a.readFor(ctx, model.ChangeNeeds())
}

// readFor discovers what a command's answer needs, within --timeout, and
// builds the inventory. Credentials that cannot be used and an endpoint
// that does not answer stop it with one line; a source that fails is left
// in snap.Errors for the command to judge.
func (a *app) readFor(ctx context.Context, needs model.Needs) (*model.Snapshot, *model.Inventory, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := a.withDeadline(ctx)
	defer cancel()
	c, err := a.connect(ctx)
	if err != nil {
		return nil, nil, a.readError(ctx, err, nil)
	}
	snap, err := aws.DiscoverAccount(ctx, c, cfg, aws.DiscoverOptions{Needs: needs, Cache: a.readCache(), Now: a.clock})
	if ctx.Err() != nil || err != nil {
		return nil, nil, a.readError(ctx, err, snap)
	}
	a.annotate(ctx, snap, cfg)
	return snap, model.BuildInventory(snap, cfg, a.clock()), nil
}

// annotate adds what discovery cannot know: the profile shown in plans and
// headers, and the journals' history of environments for the forecast.
func (a *app) annotate(ctx context.Context, snap *model.Snapshot, cfg *model.Config) {
	if a.flags.sandbox {
		snap.Profile = "sandbox"
	} else if snap.Profile == "" {
		snap.Profile = first(cfg.Profile, "default")
	}
	snap.History = a.history(ctx, cfg, snap.Account)
}

func (a *app) journalDir() string {
	if a.flags.sandbox {
		// Each sandbox account's journals live apart from the real
		// accounts' and from every other sandbox's.
		return filepath.Join(journal.Dir(), "sandbox", a.sandboxKey())
	}
	return journal.Dir()
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
