package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

func newLsCommand(a *app) *cobra.Command {
	var format string
	var lf lsFilterFlags
	cmd := &cobra.Command{
		Use:   "ls",
		Short: "List environments with their status and resources",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			filter, err := lf.parse()
			if err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			_, inv, err := a.readFor(cmd.Context(), model.Needs{})
			if err != nil {
				return err
			}
			envs := filter.Filter(inv.Environments, a.clock())
			if isData(format) {
				out := lsJSON{Environments: []envJSON{}, Unassigned: []unassignedJSON{}, Errors: toErrorsJSON(inv.Errors)}
				for _, e := range envs {
					j := toEnvJSON(e)
					addHealthTimes(&j, inv.Snapshot)
					out.Environments = append(out.Environments, j)
				}
				for _, r := range lf.unassigned(filter, inv) {
					out.Unassigned = append(out.Unassigned, toUnassignedJSON(inv, r))
				}
				if err := a.writeData(out); err != nil {
					return err
				}
				return a.incomplete(inv.Errors, "ls")
			}
			p := palette{a.colour()}
			header := []string{"NAME", "STATUS", "ROUTING", "OWNER", "AGE", "EXPIRES", "RESOURCES"}
			withServices := anyServices(envs)
			if withServices {
				header = append(header, "SERVICES")
			}
			t := newTable(format, header, "LISTENER", "CREATED", "EXPIRES AT", "URL")
			now := a.clock()
			for _, e := range envs {
				routing := e.Routing
				if e.Slot != "" {
					routing += " (" + e.Slot + ")"
				} else if e.Hostname != "" {
					routing += " (" + e.Hostname + ")"
				}
				row := []string{e.Name, p.word(e.Status), routing, orDash(e.Owner), model.FormatAge(e.CreatedAt, now), model.FormatExpiry(e.ExpiresAt, e.Keep, now), resourceSummary(e.Resources)}
				if withServices {
					row = append(row, orDash(e.ServicesSummary()))
				}
				t.row(row, orDash(e.Listener), wideTime(e.CreatedAt), wideTime(e.ExpiresAt), orDash(model.EnvURL(cfg, e, inv.Snapshot)))
			}
			t.write(a.stdout, p)
			lf.footer(a.stdout, filter, inv, len(envs), a.cli("gc"))
			a.warnErrors(inv.Errors)
			return a.incomplete(inv.Errors, "ls")
		},
	}
	addOutputFlag(cmd, &format)
	lf.add(cmd)
	return a.withAllPlatforms(cmd)
}

func newShowCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:               "show ENV",
		Short:             "Show one environment: every resource with its live details and findings",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeEnvs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			snap, inv, err := a.readFor(cmd.Context(), model.EnvNeeds(args[0]))
			if err != nil {
				return err
			}
			e, ok := inv.Env(args[0])
			if !ok {
				if err := a.incomplete(inv.Errors, "show"); err != nil {
					a.warnErrors(inv.Errors) // it may be in what could not be read
					return err
				}
				return fmt.Errorf("no environment %q in account %s (%s lists them)", args[0], snap.Account, a.cli("ls"))
			}
			findings := inv.FindingsFor(e.Name)
			if isData(format) {
				out := toEnvJSON(*e)
				addHealthTimes(&out, snap)
				for i, r := range e.Resources {
					out.Resources[i].Details = details(snap, r)
				}
				out.Findings = toFindingsJSON(findings)
				if out.Findings == nil {
					out.Findings = []findingJSON{}
				}
				if err := writeShowJSON(a, out, inv.Errors); err != nil {
					return err
				}
				return a.incomplete(inv.Errors, "show")
			}
			p := palette{a.colour()}
			now := a.clock()
			fmt.Fprintf(a.stdout, "%s  %s\n", p.paint(bold, e.Name), p.word(e.Status))
			fmt.Fprintf(a.stdout, "  owner      %s\n  created    %s (%s ago)\n  expires    %s\n  routing    %s\n",
				orDash(e.Owner), model.FormatTime(e.CreatedAt), model.FormatAge(e.CreatedAt, now), expiresText(e, now), e.Routing)
			fmt.Fprintf(a.stdout, "  serving    %s\n", model.CountServing(e, snapGroup(snap)))
			if e.Hostname != "" {
				fmt.Fprintf(a.stdout, "  hostname   %s\n", e.Hostname)
			}
			if e.Slot != "" {
				fmt.Fprintf(a.stdout, "  slot       %s\n", e.Slot)
			}
			writeServicesLine(a.stdout, e)
			if e.Listener != "" {
				fmt.Fprintf(a.stdout, "  listener   %s\n", model.ListenerLabel(e.Listener, snap))
			}
			fmt.Fprintln(a.stdout)
			t := newTable(format, []string{"TYPE", "OWNED", "ID", "DETAILS"})
			for _, r := range e.Resources {
				t.add(string(r.Type), yesNo(r.Owned), r.ID, detailText(snap, r))
			}
			t.write(a.stdout, p)
			if len(findings) > 0 {
				fmt.Fprintln(a.stdout)
				ft := newTable(format, []string{"FINDING", "SEVERITY", "ACTION", "REASON"})
				for _, f := range findings {
					ft.add(f.Kind, p.word(f.Severity), f.Action, f.Reason)
				}
				ft.write(a.stdout, p)
			}
			a.warnErrors(inv.Errors)
			return a.incomplete(inv.Errors, "show")
		},
	}
	addOutputFlag(cmd, &format)
	return cmd
}

// writeShowJSON adds the errors of the read to the environment object.
func writeShowJSON(a *app, e envJSON, errs []model.SourceError) error {
	type withErrors struct {
		envJSON
		Errors []errorJSON `json:"errors"`
	}
	return a.writeData(withErrors{e, toErrorsJSON(errs)})
}

func newQuotaCommand(a *app) *cobra.Command {
	var format string
	var warn, crit float64
	cmd := &cobra.Command{
		Use:   "quota",
		Short: "Quota headroom, environments that still fit, and when the platform runs out",
		Long: `Quota headroom, environments that still fit, and the forecast.
-o prometheus writes the text exposition format (node_exporter's textfile collector);
-o nagios one plugin status line with performance data.
Exit status: 0 ok, 1 a quota at or above --warn, 2 at or above --crit, 3 unknown.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			defer func() { err = a.nagiosUnknown(format, err) }()
			if err := checkQuotaFormat(format); err != nil {
				return err
			}
			if warn <= 0 || crit <= 0 || warn > 100 || crit > 100 || warn > crit {
				return fmt.Errorf("--warn %g --crit %g: thresholds are percentages with 0 < warn <= crit <= 100", warn, crit)
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			_, inv, err := a.readFor(cmd.Context(), model.QuotaNeeds(cfg))
			if err != nil {
				return err
			}
			a.exit = model.QuotaStatus(inv.Quotas, warn, crit)
			if isQuotaMetrics(format) {
				return a.writeQuotaMetrics(format, inv, warn, crit)
			}
			if isData(format) {
				q := inv.Quotas
				if q == nil {
					q = []model.QuotaUsage{}
				}
				if err := a.writeData(quotaJSON{Quotas: q, Capacity: inv.Capacity, Forecast: toForecastJSON(inv.Forecast), Errors: toErrorsJSON(inv.Errors)}); err != nil {
					return err
				}
				return a.incomplete(inv.Errors, model.ViewQuota)
			}
			p := palette{a.colour()}
			t := newTable(format, []string{"QUOTA", "SCOPE", "USED", "LIMIT", "PERCENT", "ENVS LEFT", "SOURCE"}, "CODE")
			for _, q := range inv.Quotas {
				pct := fmt.Sprintf("%.1f%%", q.Percent)
				switch {
				case q.Percent >= crit:
					pct = p.paint(red, pct)
				case q.Percent >= warn:
					pct = p.paint(yellow, pct)
				default:
					pct = p.paint(green, pct)
				}
				t.row([]string{q.Name, q.Scope, fmt.Sprint(q.Used), fmt.Sprint(q.Limit), pct, fmt.Sprint(q.EnvsRemaining), q.Source}, orDash(q.Code))
			}
			t.write(a.stdout, p)
			fits := fmt.Sprintf("%d more environments fit", inv.Capacity.EnvsRemaining)
			if inv.Capacity.EnvsRemaining == 1 {
				fits = "1 more environment fits"
			}
			fmt.Fprintf(a.stdout, "\n%s; the bottleneck is %s.\n", fits, orDash(inv.Capacity.Bottleneck))
			f := inv.Forecast
			fmt.Fprintf(a.stdout, "Forecast: %.1f creations/day x %.1f h mean lifetime = %.1f environments at steady state; ",
				f.CreationsPerDay, f.MeanLifetimeHours, f.SteadyStateEnvs)
			if f.FullOn != nil {
				fmt.Fprintf(a.stdout, "%s is full on %s at the current rate.\n", orDash(inv.Capacity.Bottleneck), f.FullOn.Format("2006-01-02"))
			} else {
				fmt.Fprintln(a.stdout, "never full at this rate.")
			}
			a.warnErrors(inv.Errors)
			return a.incomplete(inv.Errors, model.ViewQuota)
		},
	}
	addOutputFlag(cmd, &format)
	cmd.Flags().Lookup("output").Usage = "output format: table|wide|json|yaml|prometheus|nagios"
	cmd.Flags().Float64Var(&warn, "warn", model.QuotaWarnPercent, "warn at this percentage of a quota (exit 1)")
	cmd.Flags().Float64Var(&crit, "crit", model.QuotaCritPercent, "critical at this percentage of a quota (exit 2)")
	return a.withAllPlatforms(cmd)
}

func newSlotsCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "slots",
		Short: "The prepared hostname pool: free, claimed by whom, broken and why",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if cfg.CloudFront == nil || cfg.CloudFront.Slots == nil {
				return fmt.Errorf("no slot pool configured (cloudfront.slots)")
			}
			_, inv, err := a.readFor(cmd.Context(), model.SlotNeeds())
			if err != nil {
				return err
			}
			if isData(format) {
				out := slotsJSON{Slots: []slotJSON{}, Errors: toErrorsJSON(inv.Errors)}
				for _, s := range inv.Slots {
					out.Slots = append(out.Slots, slotJSON{Host: s.Host, State: s.State, Environment: strOrNil(s.Environment), Reason: s.Reason})
				}
				if err := a.writeData(out); err != nil {
					return err
				}
				return a.incomplete(inv.Errors, "slots")
			}
			p := palette{a.colour()}
			t := &table{header: []string{"HOST", "STATE", "ENVIRONMENT", "REASON"}}
			counts := map[string]int{}
			for _, s := range inv.Slots {
				counts[s.State]++
				t.add(s.Host, p.word(s.State), orDash(s.Environment), orDash(s.Reason))
			}
			t.write(a.stdout, p)
			fmt.Fprintf(a.stdout, "\n%d free, %d claimed, %d broken\n", counts[model.SlotFree], counts[model.SlotClaimed], counts[model.SlotBroken])
			a.warnErrors(inv.Errors)
			return a.incomplete(inv.Errors, "slots")
		},
	}
	addOutputFlag(cmd, &format)
	return cmd
}

func (a *app) warnErrors(errs []model.SourceError) {
	for _, e := range errs {
		fmt.Fprintf(a.stderr, "warning: %s could not be read: %s\n", e.Source, oneLine(e.Message))
	}
}

// completeEnvs completes environment names from a live read.
func (a *app) completeEnvs(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	_, inv, err := a.readFor(cmd.Context(), model.Needs{Health: model.HealthNone})
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, e := range inv.Environments {
		names = append(names, e.Name)
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

func resourceSummary(rs []model.ResourceRef) string {
	counts := map[model.ResourceType]int{}
	for _, r := range rs {
		counts[r.Type]++
	}
	var parts []string
	for _, k := range model.Kinds() {
		if n := counts[k.Type]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k.Label))
		}
	}
	return strings.Join(parts, ", ")
}

func detailText(snap *model.Snapshot, r model.ResourceRef) string {
	def, ok := snap.Lookup(r.Type, r.ID)
	if !ok {
		return "missing"
	}
	switch {
	case def.Rule != nil:
		var conds []string
		for _, c := range def.Rule.Conditions {
			conds = append(conds, c.Field+"="+strings.Join(c.Values, ","))
		}
		return fmt.Sprintf("priority %d, %s", def.Rule.Priority, strings.Join(conds, " & "))
	case def.TargetGroup != nil:
		tg := def.TargetGroup
		if !tg.HealthRead {
			return tg.TargetType + ", health unknown"
		}
		states := map[string]int{}
		for _, t := range tg.Targets {
			state := t.State
			if state != "healthy" && model.Serving(tg, t) {
				state = "serving (health checks off)" // Lambda targets usually are
			}
			states[state]++
		}
		keys := make([]string, 0, len(states))
		for k := range states {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d %s", states[k], k))
		}
		if len(parts) == 0 {
			parts = []string{"no targets"}
		}
		return tg.TargetType + ", " + strings.Join(parts, ", ")
	case def.Stage != nil:
		return snap.DeploymentText(*def.Stage)
	case def.HTTPStage != nil:
		return model.HTTPDeploymentText(*def.HTTPStage)
	case def.Alias != nil:
		if recordFor(snap, def.Alias.Name) == nil {
			return "alias without record"
		}
		return "alias with record"
	case def.Record != nil:
		return def.Record.Type + " -> " + def.Record.Target()
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// expiresText is the expiry time and how far it is, as the console's
// detail shows it ("never" without an expiry).
func expiresText(e *model.Environment, now time.Time) string {
	if e.ExpiresAt == nil || e.ExpiresAt.IsZero() {
		return "never"
	}
	return model.FormatTime(e.ExpiresAt) + " (" + model.FormatExpiry(e.ExpiresAt, e.Keep, now) + ")"
}

// wideTime is a -o wide timestamp: RFC 3339, one cell a script can parse.
func wideTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// snapGroup finds a target group of snap by ARN.
func snapGroup(snap *model.Snapshot) func(string) (*model.TargetGroup, bool) {
	return func(arn string) (*model.TargetGroup, bool) {
		def, ok := snap.Lookup(model.TypeTargetGroup, arn)
		if !ok || def.TargetGroup == nil {
			return nil, false
		}
		return def.TargetGroup, true
	}
}
