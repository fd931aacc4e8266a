package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newManCommand writes envdeck(1) in roff, built from the command tree so
// the page never disagrees with --help. Hidden: packagers call it.
func newManCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "man",
		Short:  "Write the envdeck(1) manual page (roff) to standard output",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeManPage(a.stdout, cmd.Root())
		},
	}
}

func writeManPage(w io.Writer, root *cobra.Command) error {
	var b strings.Builder
	b.WriteString(".TH ENVDECK 1 \"\" \"envdeck " + roffEscape(currentBuild().Version) + "\" \"envdeck manual\"\n")
	b.WriteString(".SH NAME\nenvdeck \\- " + roffEscape(root.Short) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B envdeck\n[\\fICOMMAND\\fR] [\\fIFLAGS\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffEscape(strings.ReplaceAll(root.Long, "\n", " ")) + "\n")
	b.WriteString(".SH COMMANDS\n")
	for _, c := range root.Commands() {
		if c.Hidden || !c.IsAvailableCommand() {
			continue
		}
		fmt.Fprintf(&b, ".TP\n.B envdeck %s\n%s\n", roffEscape(c.Use), roffEscape(c.Short))
		writeManFlags(&b, c.LocalNonPersistentFlags())
	}
	b.WriteString(".SH GLOBAL FLAGS\n")
	writeManFlags(&b, root.PersistentFlags())
	b.WriteString(manTail)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeManFlags(b *strings.Builder, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		name := "\\-\\-" + roffEscape(f.Name)
		if f.Shorthand != "" {
			name = "\\-" + f.Shorthand + ", " + name
		}
		fmt.Fprintf(b, ".RS\n.TP\n.B %s\n%s\n.RE\n", name, roffEscape(f.Usage))
	})
}

// roffEscape keeps text literal in roff: backslashes, leading dots and
// quotes, and hyphens (which roff would turn into typographic dashes).
func roffEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

const manTail = `.SH EXIT STATUS
.TP
.B 0
every source the answer needs was read; the command did what it says
.TP
.B 1
an error, or a needed source failed (what was read is still printed)
.TP
.B 2
with \-\-detailed\-exitcode: a non\-empty plan, or findings at or above \-\-fail\-on
.PP
.B envdeck quota
exits 0 ok, 1 warning, 2 critical, 3 unknown (every error).
.SH FILES
.TP
.I ./envdeck.yaml, $XDG_CONFIG_HOME/envdeck/config.yaml
configuration
.TP
.I $XDG_STATE_HOME/envdeck/
journals of every apply that deleted something (envdeck restore)
.SH ENVIRONMENT
AWS_PROFILE, AWS_REGION and the rest of the standard AWS environment; NO_COLOR.
.SH SEE ALSO
The README and docs/ of the source distribution.
`
