package main

import (
	"regexp"
	"strings"
)

// cli writes an envdeck command line for a hint ("apply it with: …"). It
// carries the flags that chose the account of this run (--sandbox and its
// state file, --config, --profile, --region, --endpoint-url), so a hint
// pasted as printed acts on the same account: without --sandbox a sandbox
// hint would act on the configured AWS account.
func (a *app) cli(args ...string) string {
	g := a.flags
	parts := []string{"envdeck"}
	if g.sandbox {
		parts = append(parts, "--sandbox")
		if g.sandboxState != "" {
			parts = append(parts, "--sandbox-state", shellQuote(g.sandboxState))
		}
	}
	for _, f := range []struct{ name, value string }{
		{"--config", g.config}, {"--profile", g.profile}, {"--region", g.region}, {"--endpoint-url", g.endpointURL},
	} {
		if f.value != "" {
			parts = append(parts, f.name, shellQuote(f.value))
		}
	}
	for _, arg := range args {
		parts = append(parts, shellQuote(arg))
	}
	return strings.Join(parts, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9@%+=:,./_-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
