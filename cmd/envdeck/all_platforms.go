package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/envdeck/envdeck/aws"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"
)

const flagAllPlatforms = "all-platforms"

// withAllPlatforms adds --all-platforms to a read command: with it, the
// command runs once per platform (runAllPlatforms) instead.
func (a *app) withAllPlatforms(cmd *cobra.Command) *cobra.Command {
	var all bool
	cmd.Flags().BoolVar(&all, flagAllPlatforms, false, "run on every platform of the configuration, concurrently: one table or JSON object per platform")
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if !all {
			return run(c, args)
		}
		return a.runAllPlatforms(c.Flags().Lookup("output").Value.String())
	}
	return cmd
}

// platformRun is one platform's run of the command: its own app (its own
// clients, so its own account's pacing), its output and exit code.
type platformRun struct {
	row            platformJSON
	stdout, stderr bytes.Buffer
	code           int
}

// runAllPlatforms runs this command line once per platform, as
// `--platform NAME` would, all at once. A platform that fails is reported
// after its own output and does not hide the others; the exit code is the
// worst of them (ls: 1 when one failed; quota: 3 when one is unknown).
func (a *app) runAllPlatforms(format string) error {
	if a.flags.platform != "" {
		return fmt.Errorf("--all-platforms and --platform: give one of them")
	}
	if format != formatTable && format != formatWide && !isData(format) {
		return fmt.Errorf("--all-platforms: -o %s is not supported (use table, wide, json or yaml)", format)
	}
	rows, err := a.platformRows()
	if err != nil {
		return err
	}
	runs := make([]*platformRun, len(rows))
	pacers := aws.NewAccountPacers() // platforms of one account share its buckets
	var g errgroup.Group
	for i, r := range rows {
		runs[i] = &platformRun{row: r}
		run := runs[i]
		g.Go(func() error {
			sub := &app{stdin: strings.NewReader(""), stdout: &run.stdout, stderr: &run.stderr, env: a.env,
				now: a.now, isTerminal: func() bool { return false }, dataOnly: true, pacers: pacers}
			run.code = sub.main(platformArgs(a.args, r.Name))
			return nil
		})
	}
	_ = g.Wait()
	worst := 0
	for _, r := range runs {
		worst = max(worst, r.code)
	}
	if isData(format) {
		err = a.writeAllPlatformsData(runs)
	} else {
		a.writeAllPlatformsTables(runs)
	}
	a.exit = worst
	return err
}

// platformArgs is args for one platform: --all-platforms dropped,
// --platform NAME added ("" for a file without platforms).
func platformArgs(args []string, name string) []string {
	out := make([]string, 0, len(args)+2)
	for _, arg := range args {
		if arg == "--"+flagAllPlatforms || strings.HasPrefix(arg, "--"+flagAllPlatforms+"=") {
			continue
		}
		out = append(out, arg)
	}
	if name != "" {
		out = append(out, "--platform", name)
	}
	return out
}

func (a *app) writeAllPlatformsTables(runs []*platformRun) {
	for i, r := range runs {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintf(a.stdout, "== platform %s (account %s, region %s) ==\n", platformLabel(r.row.Name), orDash(r.row.AccountID), orDash(r.row.Region))
		_, _ = a.stdout.Write(r.stdout.Bytes())
		prefixLines(a.stderr, &r.stderr, "envdeck: platform "+platformLabel(r.row.Name)+": ")
	}
}

// writeAllPlatformsData writes {"platforms": [...]}: each platform's own
// JSON object with its name, account, region, exit code and error added.
func (a *app) writeAllPlatformsData(runs []*platformRun) error {
	out := struct {
		Platforms []map[string]any `json:"platforms"`
	}{Platforms: []map[string]any{}}
	for _, r := range runs {
		obj := map[string]any{}
		if r.stdout.Len() > 0 {
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(r.stdout.Bytes(), &fields); err != nil {
				return fmt.Errorf("platform %s: output is not JSON: %w", platformLabel(r.row.Name), err)
			}
			for k, v := range fields {
				obj[k] = v
			}
		}
		obj["platform"], obj["account_id"], obj["region"] = r.row.Name, r.row.AccountID, r.row.Region
		obj["exit_code"] = r.code
		obj["error"] = nil
		if msg := strings.TrimSpace(r.stderr.String()); msg != "" {
			obj["error"] = strings.TrimPrefix(lastLine(msg), "envdeck: ")
		}
		prefixLines(a.stderr, &r.stderr, "envdeck: platform "+platformLabel(r.row.Name)+": ")
		out.Platforms = append(out.Platforms, obj)
	}
	return a.writeData(out)
}

// prefixLines copies r to w line by line, the "envdeck: " of each line
// replaced by prefix.
func prefixLines(w io.Writer, r io.Reader, prefix string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fmt.Fprintln(w, prefix+strings.TrimPrefix(sc.Text(), "envdeck: "))
	}
}

func lastLine(s string) string {
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}
