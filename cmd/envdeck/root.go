package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"
)

// globalFlags are the global flags of docs/CONTRACT.md.
type globalFlags struct {
	config       string
	platform     string
	profile      string
	region       string
	endpointURL  string
	sandbox      bool
	sandboxState string
	readOnly     bool
	noColor      bool
	debug        bool
	maxAge       time.Duration
	timeout      time.Duration // bounds each read of the account, and an apply's wait for its next step
}

// run is main without os.Exit, so tests drive the real command layer.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: os.Getenv}
	return a.main(args)
}

// main runs one command line and returns the exit code.
func (a *app) main(args []string) (code int) {
	defer func() {
		// No panic reaches the user as a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(a.stderr, "envdeck: internal error: %v\n", r)
			code = 70
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a.args = args
	root := newRootCommand(a)
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		code = reportError(a.hintWriter(a.stderr), err)
		if cmd != nil && cmd.Name() == "quota" {
			// Monitors read 1 and 2 as quota pressure: every error is unknown.
			code = 3
		}
		return code
	}
	return a.exit
}

func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "envdeck",
		Short: "Operations console for feature environments on shared AWS edge infrastructure",
		Long: `envdeck maps every ALB rule, target group, API Gateway stage, CloudFront alias and
Route 53 record of a shared edge platform to its environment, shows quota headroom,
finds orphans and dangling DNS, and creates and collects environments behind
plan-and-confirm flows. Without a command it opens the terminal UI.`,
		Version:       currentBuild().versionLine(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd.Context(), false)
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if a.flags.timeout < 0 {
				return fmt.Errorf("--timeout %s: want a positive duration such as 60s, or 0 for no limit", a.flags.timeout)
			}
			if err := a.checkSandboxFlags(cmd.Name() == "demo"); err != nil {
				return err
			}
			return a.resolveOutput(cmd)
		},
	}
	// No SetVersionTemplate: a template would link text/template's
	// reflection and keep every SDK operation alive in the binary.
	f := root.PersistentFlags()
	g := &a.flags
	f.StringVar(&g.config, "config", "", "config file (default ./envdeck.yaml, then $XDG_CONFIG_HOME/envdeck/config.yaml)")
	f.StringVar(&g.platform, "platform", "", "the configuration's platform to act on (also ENVDECK_PLATFORM; default: default_platform)")
	_ = root.RegisterFlagCompletionFunc("platform", a.completePlatforms)
	f.StringVar(&g.profile, "profile", "", "AWS profile (overrides config and AWS_PROFILE)")
	f.StringVar(&g.region, "region", "", "AWS region (overrides config and AWS_REGION)")
	f.StringVar(&g.endpointURL, "endpoint-url", "", "send every AWS call to this endpoint (moto, LocalStack)")
	f.BoolVar(&g.sandbox, "sandbox", false, "use the built-in sandbox account instead of AWS")
	f.StringVar(&g.sandboxState, "sandbox-state", "", "with --sandbox: load and save the sandbox account in this file")
	f.BoolVar(&g.readOnly, "read-only", false, "refuse every mutating AWS call")
	f.BoolVar(&g.noColor, "no-color", false, "no colour in output (also NO_COLOR)")
	f.StringVar(&a.out.jq, "jq", "", "filter -o json output with a jq expression (e.g. '.environments[].name')")
	f.BoolVar(&g.debug, "debug", false, "print every API call to stderr (credentials redacted)")
	f.DurationVar(&a.refresh, "refresh", 30*time.Second, "console auto-refresh interval")
	f.DurationVar(&g.maxAge, "max-age", 30*time.Second, "reuse target health and tags other envdeck commands read less than this ago (0: always read)")
	f.DurationVar(&g.timeout, "timeout", 60*time.Second, "give up reading the account after this long, or an apply after this long without progress (0: never)")
	root.AddCommand(
		newDemoCommand(a),
		newLsCommand(a),
		newShowCommand(a),
		newQuotaCommand(a),
		newSlotsCommand(a),
		newGCCommand(a),
		newCreateCommand(a),
		newDestroyCommand(a),
		newExtendCommand(a),
		newTouchCommand(a),
		newRedeployCommand(a),
		newApplyCommand(a),
		newRestoreCommand(a),
		newRulesCommand(a),
		newPlatformsCommand(a),
		newVersionCommand(a),
		newManCommand(a),
	)
	return root
}
