package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/envdeck/envdeck/model"
)

// output formats.
const (
	formatTable = "table"
	formatJSON  = "json"
)

func addOutputFlag(cmd *cobra.Command, target *string) {
	cmd.Flags().StringVarP(target, "output", "o", formatTable, "output format: table|wide|json|yaml")
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{formatTable, formatWide, formatJSON, formatYAML}, cobra.ShellCompDirectiveNoFileComp
	})
}

func checkFormat(f string) error {
	switch f {
	case formatTable, formatWide, formatJSON, formatYAML:
		return nil
	}
	return fmt.Errorf("--output %q: use table, wide, json or yaml", f)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// colour decides whether human output is coloured: not with --no-color,
// NO_COLOR, or when stdout is not a terminal.
func (a *app) colour() bool {
	if a.flags.noColor || a.env("NO_COLOR") != "" {
		return false
	}
	f, ok := a.stdout.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// terminal reports whether the user can answer a prompt.
func (a *app) terminal() bool {
	if a.isTerminal != nil {
		return a.isTerminal()
	}
	in, ok1 := a.stdin.(*os.File)
	out, ok2 := a.stdout.(*os.File)
	return ok1 && ok2 && term.IsTerminal(in.Fd()) && term.IsTerminal(out.Fd())
}

// palette colours words in human output.
type palette struct{ on bool }

var (
	green  = lipgloss.NewStyle().Foreground(lipgloss.Color("2"))
	yellow = lipgloss.NewStyle().Foreground(lipgloss.Color("3"))
	red    = lipgloss.NewStyle().Foreground(lipgloss.Color("1"))
	blue   = lipgloss.NewStyle().Foreground(lipgloss.Color("4"))
	faint  = lipgloss.NewStyle().Faint(true)
	bold   = lipgloss.NewStyle().Bold(true)
)

func (p palette) paint(s lipgloss.Style, text string) string {
	if !p.on || text == "" {
		return text
	}
	return s.Render(text)
}

// word colours a status, severity, slot state or plan action by meaning.
func (p palette) word(w string) string {
	switch w {
	case "healthy", "free", "ok", "done", "create", "+":
		return p.paint(green, w)
	case "degraded", "partial", "warning", "warn", "skipped", "update", "~", "drift":
		return p.paint(yellow, w)
	case "expired", "broken", "critical", "crit", "failed", "delete", "-":
		return p.paint(red, w)
	case "protected", "claimed", "info":
		return p.paint(blue, w)
	}
	return w
}

// table writes aligned columns; cells may already carry colour.
type table struct {
	header []string
	rows   [][]string
	wide   bool // -o wide: the extra columns, ARNs whole
}

// newTable starts a command's table; under -o wide (as kubectl's) it gains
// the wide columns and keeps ARNs whole, so a cell can be pasted into the
// AWS CLI.
func newTable(format string, header []string, wideHeader ...string) *table {
	t := &table{header: header, wide: format == formatWide}
	if t.wide {
		t.header = append(append([]string(nil), header...), wideHeader...)
	}
	return t
}

// add appends a row; ELB ARNs are shortened for people (JSON keeps them whole).
func (t *table) add(cells ...string) {
	for i, c := range cells {
		if !t.wide {
			cells[i] = model.ShortenARNs(c)
		}
	}
	t.rows = append(t.rows, cells)
}

// row appends a row and, under -o wide, its wide cells.
func (t *table) row(cells []string, wideCells ...string) {
	if t.wide {
		cells = append(cells, wideCells...)
	}
	t.add(cells...)
}

func (t *table) write(w io.Writer, p palette) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = len(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			if n := lipgloss.Width(c); i < len(widths) && n > widths[i] {
				widths[i] = n
			}
		}
	}
	line := func(cells []string, style func(string) string) {
		var b strings.Builder
		for i, c := range cells {
			if i == len(cells)-1 {
				b.WriteString(style(c))
				break
			}
			b.WriteString(style(c))
			b.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.header, func(s string) string { return p.paint(bold, s) })
	for _, r := range t.rows {
		line(r, func(s string) string { return s })
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
