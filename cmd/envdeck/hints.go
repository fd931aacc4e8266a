package main

import (
	"io"
	"regexp"
	"strings"

	"github.com/envdeck/envdeck/model"
)

// cli writes an envdeck command line for a hint ("apply it with: …"). In
// sandbox mode it carries --sandbox and --sandbox-state, so a hint pasted
// as printed acts on the sandbox: without them it would act on the
// configured AWS account.
func (a *app) cli(args ...string) string {
	g := a.givenFlags()
	parts := []string{"envdeck"}
	if name := a.platformName(); name != "" {
		parts = append(parts, "--platform", shellQuote(name))
	}
	if g.sandbox {
		parts = append(parts, "--sandbox")
		if g.sandboxState != "" {
			parts = append(parts, "--sandbox-state", shellQuote(g.sandboxState))
		}
	}
	for _, arg := range args {
		parts = append(parts, shellQuote(arg))
	}
	return strings.Join(parts, " ")
}

// hintWriter writes to w with the envdeck command lines of what it writes
// (an error's "see it with envdeck show X", a step's message) carrying
// this account's flags, as a.cli does.
func (a *app) hintWriter(w io.Writer) io.Writer { return hintWriter{w: w, cli: a.cli()} }

type hintWriter struct {
	w   io.Writer
	cli string
}

func (h hintWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(h.w, model.WithCLI(string(p), h.cli)); err != nil {
		return 0, err
	}
	return len(p), nil
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9@%+=:,./_-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
