package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
)

// platformJSON is one platform of `envdeck platforms -o json`.
type platformJSON struct {
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	Region    string `json:"region"`
	Profile   string `json:"profile"`
	ReadOnly  bool   `json:"read_only"`
	Default   bool   `json:"default"`
	Theme     string `json:"theme,omitempty"`
}

type platformsJSON struct {
	Platforms []platformJSON `json:"platforms"`
}

func newPlatformsCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "platforms",
		Short: "The configuration's platforms: account, region, profile, read-only, default (no AWS call)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			rows, err := a.platformRows()
			if err != nil {
				return err
			}
			if isData(format) {
				return a.writeData(platformsJSON{Platforms: rows})
			}
			p := palette{a.colour()}
			t := &table{header: []string{"", "NAME", "ACCOUNT", "REGION", "PROFILE", "READ-ONLY"}}
			for _, r := range rows {
				mark := ""
				if r.Default {
					mark = "*"
				}
				t.add(mark, orDash(r.Name), orDash(r.AccountID), orDash(r.Region), orDash(r.Profile), strconv.FormatBool(r.ReadOnly))
			}
			t.write(a.stdout, p)
			if len(rows) > 1 {
				fmt.Fprintln(a.stdout, "\n* default; pick another with --platform NAME or ENVDECK_PLATFORM")
			}
			return nil
		},
	}
	addOutputFlag(cmd, &format)
	return cmd
}

// platformRows lists every platform as this command line would reach it
// (flags and environment applied), the default marked.
func (a *app) platformRows() ([]platformJSON, error) {
	ps, err := a.platformSet()
	if err != nil {
		return nil, err
	}
	names := ps.Names()
	if !ps.Named() {
		names = []string{""}
	}
	def, err := ps.Select("")
	defName := ""
	if err == nil {
		defName = def.Platform
	}
	rows := make([]platformJSON, 0, len(names))
	for _, n := range names {
		cfg, err := a.resolvePlatform(ps, n)
		if err != nil {
			return nil, err
		}
		rows = append(rows, platformJSON{
			Name: n, AccountID: cfg.AccountID, Region: cfg.Region, Profile: first(cfg.Profile, "default"),
			ReadOnly: cfg.ReadOnly, Default: n == defName, Theme: cfg.Theme,
		})
	}
	return rows, nil
}
