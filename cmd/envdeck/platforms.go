package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// platformName is the platform asked for: --platform, else
// ENVDECK_PLATFORM, else "" (the file's default).
func (a *app) platformName() string {
	return first(a.flags.platform, a.env("ENVDECK_PLATFORM"))
}

// platformSet loads the configuration file's platforms once. The sandbox
// never reads ./envdeck.yaml nor the XDG config: only a --config given
// with it, else its demo platforms.
func (a *app) platformSet() (*model.Platforms, error) {
	if a.plats != nil {
		return a.plats, nil
	}
	path := a.flags.config
	if !a.flags.sandbox {
		var err error
		if path, err = a.configPath(); err != nil {
			return nil, err
		}
	}
	switch {
	case path == "" && a.flags.sandbox:
		a.plats = sandbox.DemoPlatforms()
	case path == "":
		return nil, errors.New("no configuration: pass --config FILE, create ./envdeck.yaml or $XDG_CONFIG_HOME/envdeck/config.yaml, or try `envdeck demo`")
	default:
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		ps, err := model.LoadPlatforms(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		a.plats = ps
	}
	return a.plats, nil
}

// selectPlatform picks the platform asked for and applies the overrides
// (resolvePlatform); a platform's read_only cannot be lifted by any flag.
func (a *app) selectPlatform(ps *model.Platforms) (*model.Config, error) {
	cfg, err := a.resolvePlatform(ps, a.platformName())
	if err != nil {
		var ue *model.UnknownPlatformError
		if errors.As(err, &ue) && ue.Name == "" {
			return nil, fmt.Errorf("%w: pass --platform NAME or set ENVDECK_PLATFORM", err)
		}
		return nil, err
	}
	if a.given == nil {
		given := a.flags
		a.given = &given
	}
	if cfg.ReadOnly {
		a.flags.readOnly = true // --read-only=false does not lift it
	}
	if a.flags.sandbox && a.flags.sandboxState != "" && ps.Named() && cfg.Platform != ps.Default {
		a.flags.sandboxState = platformStatePath(a.flags.sandboxState, cfg.Platform)
	}
	return cfg, nil
}

// resolvePlatform is platform name's configuration with what overrides the
// file: flags first, then the standard AWS environment. A named platform's
// own profile and region come before the environment (an AWS_PROFILE
// exported for one account must not send every platform there).
func (a *app) resolvePlatform(ps *model.Platforms, name string) (*model.Config, error) {
	cfg, err := ps.Select(name)
	if err != nil {
		return nil, err
	}
	envProfile := a.env("AWS_PROFILE")
	envRegion := first(a.env("AWS_REGION"), a.env("AWS_DEFAULT_REGION"))
	if cfg.Platform != "" {
		cfg.Profile = first(a.flags.profile, cfg.Profile, envProfile)
		cfg.Region = first(a.flags.region, cfg.Region, envRegion)
	} else {
		cfg.Profile = first(a.flags.profile, envProfile, cfg.Profile)
		cfg.Region = first(a.flags.region, envRegion, cfg.Region)
	}
	return cfg, nil
}

// platformStatePath is the --sandbox-state file of a platform other than
// the default: state.json → state.staging.json, one sandbox account each.
func platformStatePath(path, platform string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "." + platform + ext
}

// sandboxAccountID is the account the selected platform names, so each demo
// platform gets its own sandbox account.
func (a *app) sandboxAccountID() string {
	if a.cfg == nil {
		return ""
	}
	return a.cfg.AccountID
}

// givenFlags are the flags as given on the command line, before the
// platform's read_only or its own sandbox state file changed them.
func (a *app) givenFlags() globalFlags {
	if a.given != nil {
		return *a.given
	}
	return a.flags
}

// guardPlanPlatform refuses, before any call, a saved plan made on another
// platform or for another account than the configured one.
func (a *app) guardPlanPlatform(p model.Plan) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if p.Platform != cfg.Platform {
		return fmt.Errorf("plan was made on platform %s but this is platform %s: refusing, nothing changed", platformLabel(p.Platform), platformLabel(cfg.Platform))
	}
	if cfg.AccountID != "" && p.Account != cfg.AccountID {
		return fmt.Errorf("plan was made for account %s but platform %s is account %s: refusing, nothing changed", p.Account, platformLabel(cfg.Platform), cfg.AccountID)
	}
	return nil
}

func platformLabel(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// completePlatforms completes --platform with the configuration's platforms
// (no AWS call).
func (a *app) completePlatforms(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	ps, err := a.platformSet()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return ps.Names(), cobra.ShellCompDirectiveNoFileComp
}
