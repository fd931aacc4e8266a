package model

import "time"

// Plan is every mutation envdeck makes: ordered steps, pure data, shown to
// the user before anything runs. aws.Apply executes it step by step.
type Plan struct {
	Kind    string `json:"kind"` // create | destroy | gc | restore | extend
	Account string `json:"account"`
	Region  string `json:"region"`
	Profile string `json:"profile"`
	// Platform is the configuration's platform the plan was made on
	// ("" for a file without platforms); apply refuses it on another.
	Platform    string    `json:"platform,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Fingerprint string    `json:"fingerprint"` // of the snapshot the plan was built from
	Steps       []Step    `json:"steps"`
}

// Step actions (words in JSON; + ~ - only in human output).
const (
	StepCreate = "create"
	StepUpdate = "update"
	StepDelete = "delete"
)

type Step struct {
	Action string       `json:"action"`
	Type   ResourceType `json:"type"`
	ID     string       `json:"id"`
	Env    string       `json:"env,omitempty"`
	Reason string       `json:"reason,omitempty"`
	// Def: the desired definition (create/update) or the current one (delete,
	// journaled before the call).
	Def *Definition `json:"def,omitempty"`
	// Expect is the fingerprint of the resource when planned (update/delete);
	// apply re-reads the resource and skips the step as drift if it differs.
	Expect string `json:"expect,omitempty"`
	// RequireEmpty: target groups that must still have no registered target
	// when the step runs (an orphan rule goes only while the groups it
	// forwards to are empty); apply reads their health again just before.
	RequireEmpty []string `json:"require_empty,omitempty"`
	// RequireExpired: the step deletes a resource only because its
	// environment expired; apply reads the environment's expires-at again
	// just before and skips the step as drift once it is extended (an
	// alias or record carries no tags, so its own re-check cannot see it).
	RequireExpired bool `json:"require_expired,omitempty"`
	// RequireDangling: the step deletes a record only because no
	// distribution of the account holds its name; apply reads the
	// account's distributions again just before, and a record one of them
	// holds now serves it: drift.
	RequireDangling bool `json:"require_dangling,omitempty"`
	// RequireNoRule: the step deletes an orphan stage, whose environment
	// had no ALB rule; apply reads the rules again just before, and an
	// environment that has one now keeps its stage: drift.
	RequireNoRule bool `json:"require_no_rule,omitempty"`
}

// Definition is the full definition of one resource: enough to recreate it.
type Definition struct {
	Rule        *Rule        `json:"rule,omitempty"`
	TargetGroup *TargetGroup `json:"target_group,omitempty"`
	Stage       *Stage       `json:"stage,omitempty"`
	HTTPStage   *HTTPStage   `json:"http_stage,omitempty"`
	Alias       *Alias       `json:"alias,omitempty"`
	Record      *Record      `json:"record,omitempty"`
}

// Step event states, streamed by apply for a live progress view.
const (
	EventRunning = "running"
	EventDone    = "done"
	EventSkipped = "skipped" // already in the desired state (exists / gone)
	EventDrift   = "drift"   // changed since planning: not forced
	EventFailed  = "failed"
	EventUndone  = "undone" // made, then deleted again because a later step of its create failed
)

type StepEvent struct {
	Index   int    `json:"index"`
	Step    Step   `json:"step"`
	State   string `json:"state"`
	Message string `json:"message,omitempty"`
	// Result: the ID of what a create made (e.g. the new ARN).
	Result string `json:"result,omitempty"`
}

type ApplyResult struct {
	JournalID string      `json:"journal"`
	Events    []StepEvent `json:"events"` // the final event of each step
}

// StepSymbol is a step action in human output, Terraform style: + ~ -.
func StepSymbol(action string) string {
	switch action {
	case StepCreate:
		return "+"
	case StepUpdate:
		return "~"
	case StepDelete:
		return "-"
	}
	return "?"
}
