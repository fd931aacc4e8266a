package main

import (
	"fmt"
	"io"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// lsFilterFlags are ls's --expiring, --owner and --status.
type lsFilterFlags struct {
	expiring, owner, status string
}

func (f *lsFilterFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.expiring, "expiring", "", "only environments that expire within this duration, e.g. 24h (protected and kept ones never do)")
	fl.StringVar(&f.owner, "owner", "", "only environments of this owner (case-insensitive)")
	fl.StringVar(&f.status, "status", "", "only environments of these statuses, comma-separated: healthy, degraded, partial, expired, protected")
	_ = cmd.RegisterFlagCompletionFunc("status", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return model.Statuses, cobra.ShellCompDirectiveNoFileComp
	})
}

// parse checks the flags before any AWS call.
func (f *lsFilterFlags) parse() (model.EnvFilter, error) {
	return model.ParseEnvFilter(f.expiring, f.owner, f.status)
}

// unassigned lists what belongs to no environment: none when the listing
// is filtered, since no such resource has an owner, a status or an expiry.
func (f *lsFilterFlags) unassigned(filter model.EnvFilter, inv *model.Inventory) []model.ResourceRef {
	if !filter.IsZero() {
		return nil
	}
	return inv.Unassigned
}

// footer sums up the listing: "N environments" or "N of M environments";
// gcHint is the gc command line of this account.
func (f *lsFilterFlags) footer(w io.Writer, filter model.EnvFilter, inv *model.Inventory, shown int, gcHint string) {
	if filter.IsZero() {
		fmt.Fprintf(w, "\n%d environments, %d unassigned resources, %d findings (%s)\n",
			len(inv.Environments), len(inv.Unassigned), len(inv.Findings), gcHint)
		return
	}
	fmt.Fprintf(w, "\n%d of %d environments match\n", shown, len(inv.Environments))
}
