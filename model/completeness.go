package model

import (
	"fmt"
	"strings"
)

// Which failed sources an answer or a change can live with. Every source
// not listed as optional is needed, so a source added later fails closed
// until someone decides otherwise.

// optionalForChange: a plan does not rest on these.
//   - Service Quotas only bound the headroom a create checks; a failed read
//     falls back to AWS defaults and AWS still enforces the real limit.
//   - Unread target health never makes a target group an orphan (the
//     finding needs health that was read), so no deletion rests on it.
var optionalForChange = map[string]bool{SourceQuotas: true, SourceTargetHealth: true}

// optionalForRead: every read answer (environments, their status, findings,
// slots) needs everything but the quota limits, whose failed read falls
// back to AWS defaults and says so on each limit.
var optionalForRead = map[string]bool{SourceQuotas: true}

// optionalForQuota: the quota view counts resources and reads limits; it
// does not look at target health.
var optionalForQuota = map[string]bool{SourceQuotas: true, SourceTargetHealth: true}

// Read views whose needs differ (ReadFailures).
const (
	ViewQuota = "quota"
)

// ChangeBlockers returns the errors of snap that every plan (create,
// destroy, extend, gc, restore, and any later kind) rests on: the sources
// its facts come from — ownership, protection over the whole environment,
// names and priorities taken, the caller's account. Any of them makes the
// change refuse before its first call.
func ChangeBlockers(snap *Snapshot) []SourceError {
	return failedNeeded(snap.Errors, optionalForChange)
}

// ReadFailures returns the errors that make a read command's answer
// incomplete (the command still prints it, then fails).
func ReadFailures(errs []SourceError, view string) []SourceError {
	if view == ViewQuota {
		return failedNeeded(errs, optionalForQuota)
	}
	return failedNeeded(errs, optionalForRead)
}

func failedNeeded(errs []SourceError, optional map[string]bool) []SourceError {
	var out []SourceError
	for _, e := range errs {
		if !optional[e.Source] {
			out = append(out, e)
		}
	}
	return out
}

// IncompleteError refuses a change made on a partial read.
type IncompleteError struct {
	Kind   string // the plan kind refused
	Failed []SourceError
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("refusing to %s: %s could not be read, so what is safe to change is not known; nothing was changed",
		e.Kind, SourceNames(e.Failed))
}

// CheckComplete returns an *IncompleteError when a source a plan of kind
// rests on failed, else nil.
func CheckComplete(snap *Snapshot, kind string) error {
	if failed := ChangeBlockers(snap); len(failed) > 0 {
		return &IncompleteError{Kind: kind, Failed: failed}
	}
	return nil
}

// SourceNames lists the distinct sources of errs in order: "elbv2, apigateway".
func SourceNames(errs []SourceError) string {
	var names []string
	seen := map[string]bool{}
	for _, e := range errs {
		if !seen[e.Source] {
			seen[e.Source] = true
			names = append(names, e.Source)
		}
	}
	return strings.Join(names, ", ")
}
