package model

import (
	"fmt"
	"strconv"
	"time"
)

// How both front ends present things: one formatter per fact, so the CLI
// and the console never disagree about an age, an expiry or a plan.

// FormatSpan renders a span of time compactly for tables: 45s, 12m, 5h,
// 3d4h, 12d (FormatDuration writes config-style durations).
func FormatSpan(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	days := int(d.Hours()) / 24
	if h := int(d.Hours()) % 24; h > 0 && days < 10 {
		return fmt.Sprintf("%dd%dh", days, h)
	}
	return fmt.Sprintf("%dd", days)
}

// FormatAge is how long ago t was ("-" when unknown).
func FormatAge(t *time.Time, now time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return FormatSpan(now.Sub(*t))
}

// FormatExpiry renders "in 2d3h", "4h ago", or "never" (kept, or no
// expiry tag: such an environment never expires).
func FormatExpiry(t *time.Time, keep bool, now time.Time) string {
	switch {
	case keep, t == nil, t.IsZero():
		return "never"
	case t.After(now):
		return "in " + FormatSpan(t.Sub(now))
	}
	return FormatSpan(now.Sub(*t)) + " ago"
}

// FormatTime renders a timestamp in UTC ("-" when unknown).
func FormatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// Serving reports a target that serves traffic: healthy, or registered
// with health checks disabled (Lambda targets usually are).
func Serving(tg *TargetGroup, t Target) bool { return servingTarget(tg, t) }

// Quota levels.
const (
	LevelOK       = "ok"
	LevelWarning  = "warning"
	LevelCritical = "critical"
)

// QuotaLevel is the level of a quota used at percent, for thresholds warn
// and crit (percent).
func QuotaLevel(percent, warn, crit float64) string {
	switch {
	case percent >= crit:
		return LevelCritical
	case percent >= warn:
		return LevelWarning
	}
	return LevelOK
}

// Summary counts a plan the way Terraform does: "Plan: 1 to add, 0 to
// change, 2 to destroy."
func (p Plan) Summary() string {
	counts := map[string]int{}
	for _, s := range p.Steps {
		counts[s.Action]++
	}
	return fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy.", counts[StepCreate], counts[StepUpdate], counts[StepDelete])
}

// Summary counts what an apply did, by final state of each step.
func (r ApplyResult) Summary() string {
	return fmt.Sprintf("Applied: %d done, %d already so, %d drifted (not forced), %d failed.",
		r.Count(EventDone), r.Count(EventSkipped), r.Count(EventDrift), r.Count(EventFailed))
}

// Count is the number of steps whose event is in state.
func (r ApplyResult) Count(state string) int {
	n := 0
	for _, ev := range r.Events {
		if ev.State == state {
			n++
		}
	}
	return n
}

// Confirmation is what a person must type before a plan runs.
type Confirmation struct {
	Prompt string // said to the user
	Answer string // the exact answer
}

// ConfirmationFor a plan follows its kind: destroying an environment asks
// for its name, collecting for the number of resources, anything else for
// "yes". A saved plan asks the same as if it was made now.
func ConfirmationFor(p Plan) Confirmation {
	switch p.Kind {
	case PlanKindDestroy:
		if len(p.Steps) > 0 && p.Steps[0].Env != "" {
			env := p.Steps[0].Env
			return Confirmation{Prompt: fmt.Sprintf("type the environment name (%s)", env), Answer: env}
		}
	case PlanKindGC:
		n := strconv.Itoa(len(p.Steps))
		return Confirmation{Prompt: fmt.Sprintf("type the number of resources to delete (%s)", n), Answer: n}
	}
	return Confirmation{Prompt: `type "yes"`, Answer: "yes"}
}
