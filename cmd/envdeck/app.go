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

	cfg     *model.Config
	clients *aws.Clients
	account *sandbox.Account // with --sandbox
	state   sandboxFile      // --sandbox-state as last loaded or saved
	cache   *aws.ReadCache   // see readCache

	historyCache []model.JournalRecord // the journals, once read (for the forecast's history)
	historyRead  bool
}

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now().UTC()
	}
	return time.Now().UTC()
}

// config loads and validates the configuration once.
func (a *app) config() (*model.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	// The sandbox never reads ./envdeck.yaml nor the XDG config: only a
	// --config given with it.
	path := a.flags.config
	if !a.flags.sandbox {
		var err error
		if path, err = a.configPath(); err != nil {
			return nil, err
		}
	}
	var cfg *model.Config
	switch {
	case path == "" && a.flags.sandbox:
		cfg = sandbox.DemoConfig()
	case path == "":
		return nil, errors.New("no configuration: pass --config FILE, create ./envdeck.yaml or $XDG_CONFIG_HOME/envdeck/config.yaml, or try `envdeck demo`")
	default:
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		cfg, err = model.LoadConfig(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	// Flags, then the standard AWS environment, override the file.
	if v := first(a.flags.profile, a.env("AWS_PROFILE")); v != "" {
		cfg.Profile = v
	}
	if v := first(a.flags.region, a.env("AWS_REGION"), a.env("AWS_DEFAULT_REGION")); v != "" {
		cfg.Region = v
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
		return filepath.Join(aws.JournalDir(), "sandbox", a.sandboxKey())
	}
	return aws.JournalDir()
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
