package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cli runs envdeck's real command layer in-process.
type cli struct {
	t      *testing.T
	env    map[string]string
	now    time.Time
	stdin  string
	onTerm bool // pretend stdin/stdout are a terminal
}

type result struct {
	stdout, stderr string
	code           int
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	home := t.TempDir()
	return &cli{t: t, env: map[string]string{
		"HOME":              home,
		"XDG_STATE_HOME":    filepath.Join(home, "state"),
		"XDG_CONFIG_HOME":   filepath.Join(home, "config"),
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
		"NO_COLOR": "1",
	}}
}

func (c *cli) run(args ...string) result {
	c.t.Helper()
	// The SDK and the journal read the process environment.
	for k, v := range c.env {
		c.t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(c.stdin), stdout: &out, stderr: &errb, env: func(k string) string { return c.env[k] }}
	if !c.now.IsZero() {
		now := c.now
		a.now = func() time.Time { return now }
	}
	onTerm := c.onTerm
	a.isTerminal = func() bool { return onTerm }
	code := a.main(args)
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
