package model

import (
	"fmt"
	"time"
)

// JournalEntry is one line of an apply journal: the full definition of a
// resource, written (and synced) just before the step that deletes it, so
// that PlanRestore can recreate it. Unrecoverable names what the definition
// cannot hold (a secret AWS never returns); restore asks for it or refuses.
type JournalEntry struct {
	Time          time.Time  `json:"time"`
	Step          Step       `json:"step"`
	Def           Definition `json:"def"`
	Unrecoverable []string   `json:"unrecoverable,omitempty"`
	// State is empty on the line written before the delete. A later line
	// for the same step with State JournalFailed says that delete failed
	// and the resource, read again, was still there: it was not deleted.
	State string `json:"state,omitempty"`
	Error string `json:"error,omitempty"` // why it failed (JournalFailed lines)
}

// Unrecoverable names what of d a restore cannot bring back from the
// definition alone: the client secret of each authenticate-oidc action (AWS
// never returns it) and a stage's WAF web ACL association (made through WAF).
func (d Definition) Unrecoverable() []string {
	var out []string
	if d.Rule != nil {
		for i, a := range d.Rule.Actions {
			if a.OIDC != nil {
				out = append(out, fmt.Sprintf("action %d (authenticate-oidc, client %s): the client secret, which AWS never returns", actionNumber(a, i), a.OIDC.ClientID))
			}
		}
	}
	if d.Stage != nil && d.Stage.WebACLARN != "" {
		out = append(out, "the WAF web ACL association "+d.Stage.WebACLARN+" (re-associate it through WAF)")
	}
	return out
}

// actionNumber is the action's order as AWS numbers it, else its position.
func actionNumber(a Action, i int) int {
	if a.Order > 0 {
		return a.Order
	}
	return i + 1
}

// JournalFailed marks a journal line: the step's delete failed, the
// resource is still there, and restore has nothing to recreate.
const JournalFailed = "failed"
