package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// exitError carries a specific exit code (quota thresholds, refusals).
type exitError struct {
	code int
	msg  string // printed to stderr when not empty
}

func (e *exitError) Error() string { return e.msg }

func exitCode(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// reportError prints err as one readable line and returns the exit code.
func reportError(stderr io.Writer, err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "envdeck: "+oneLine(ee.msg))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "envdeck: "+oneLine(err.Error()))
	return 1
}

// oneLine folds a multi-line message into one line.
func oneLine(s string) string {
	fields := strings.Fields(strings.ReplaceAll(s, "\n", " "))
	return strings.Join(fields, " ")
}
