package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/goccy/go-yaml"
	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
)

// Machine output: -o json, -o yaml, and --jq EXPR over the JSON (as gh
// does). One JSON document is built per command; YAML and jq are views of
// it, so the three never disagree.

const (
	formatYAML = "yaml"
	formatWide = "wide"
)

// isData reports a machine-readable format.
func isData(f string) bool { return f == formatJSON || f == formatYAML }

// output is the resolved output of the running command.
type output struct {
	format string // the command's -o, "" when it has none
	jq     string // --jq EXPR
}

// resolveOutput reads the running command's -o and the global --jq, and
// refuses --jq where it cannot apply.
func (a *app) resolveOutput(cmd *cobra.Command) error {
	if f := cmd.Flags().Lookup("output"); f != nil {
		a.out.format = f.Value.String()
	}
	if a.dataOnly { // the --all-platforms run writes the combined output
		a.out.jq = ""
		if isData(a.out.format) {
			a.out.format = formatJSON
		}
	}
	if a.out.jq == "" {
		return nil
	}
	if a.out.format != formatJSON {
		return fmt.Errorf("--jq needs -o json (this command's output is %q)", orDash(a.out.format))
	}
	if _, err := gojq.Parse(a.out.jq); err != nil {
		return fmt.Errorf("--jq %q: %w", a.out.jq, err)
	}
	return nil
}

// writeData writes v as the command's machine output.
func (a *app) writeData(v any) error {
	var buf bytes.Buffer
	if err := writeJSON(&buf, v); err != nil {
		return err
	}
	switch {
	case a.out.jq != "":
		return runJQ(a.stdout, a.out.jq, buf.Bytes())
	case a.out.format == formatYAML:
		y, err := yaml.JSONToYAML(buf.Bytes())
		if err != nil {
			return fmt.Errorf("yaml output: %w", err)
		}
		_, err = a.stdout.Write(y)
		return err
	}
	_, err := a.stdout.Write(buf.Bytes())
	return err
}

// runJQ prints each result of expr over doc: strings raw, anything else as
// compact JSON, one per line (gh's --jq).
func runJQ(w io.Writer, expr string, doc []byte) error {
	q, err := gojq.Parse(expr)
	if err != nil {
		return fmt.Errorf("--jq %q: %w", expr, err)
	}
	var in any
	if err := json.Unmarshal(doc, &in); err != nil {
		return fmt.Errorf("--jq: %w", err)
	}
	iter := q.Run(in)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := v.(error); isErr {
			return fmt.Errorf("--jq %q: %w", expr, err)
		}
		if s, isStr := v.(string); isStr {
			fmt.Fprintln(w, s)
			continue
		}
		b, err := gojq.Marshal(v)
		if err != nil {
			return fmt.Errorf("--jq %q: %w", expr, err)
		}
		fmt.Fprintln(w, string(b))
	}
}
