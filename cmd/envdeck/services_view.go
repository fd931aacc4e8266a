package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// anyServices: some environment counts services (the config lists them),
// so ls shows the SERVICES column.
func anyServices(envs []model.Environment) bool {
	for _, e := range envs {
		if len(e.Services) > 0 {
			return true
		}
	}
	return false
}

// writeServicesLine is show's "services" line: each service, and those
// missing their rule or target group.
func writeServicesLine(w io.Writer, e *model.Environment) {
	if len(e.Services) == 0 {
		return
	}
	names := make([]string, len(e.Services))
	for i, s := range e.Services {
		names[i] = s.Name
	}
	line := fmt.Sprintf("  services   %s %s", e.ServicesSummary(), strings.Join(names, ", "))
	if len(e.MissingServices) > 0 {
		line += " (missing their rule or target group: " + strings.Join(e.MissingServices, ", ") + ")"
	}
	fmt.Fprintln(w, line)
}

// completeServices offers the config's service names to --services.
func (a *app) completeServices(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	cfg, err := a.config()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return cfg.ServiceNames(), cobra.ShellCompDirectiveNoFileComp
}
