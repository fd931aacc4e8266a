package model

import "fmt"

// Exit codes of the CLI, for scripts and pipelines (the README's table).
const (
	ExitOK      = 0 // every needed source read; nothing to do (or done)
	ExitError   = 1 // an error, or a needed source failed
	ExitChanges = 2 // --detailed-exitcode: a non-empty plan, or findings at or above --fail-on
)

// severityRank orders severities; unknown ones rank lowest.
var severityRank = map[string]int{SeverityInfo: 1, SeverityWarning: 2, SeverityCritical: 3}

// ParseFailOn validates a --fail-on value: warning or critical.
func ParseFailOn(s string) (string, error) {
	switch s {
	case SeverityWarning, SeverityCritical:
		return s, nil
	}
	return "", fmt.Errorf("--fail-on %q: use warning or critical", s)
}

// DetailedExitCode is Terraform's -detailed-exitcode for a plan and the
// findings behind it: ExitChanges when the plan has steps or any finding is
// at or above failOn, else ExitOK. Errors are the caller's (ExitError).
func DetailedExitCode(plan Plan, findings []Finding, failOn string) int {
	if len(plan.Steps) > 0 {
		return ExitChanges
	}
	threshold := severityRank[failOn]
	if threshold == 0 {
		threshold = severityRank[SeverityWarning]
	}
	for _, f := range findings {
		if severityRank[f.Severity] >= threshold {
			return ExitChanges
		}
	}
	return ExitOK
}
