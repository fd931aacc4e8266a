package model

import "time"

// JournalEntry is one line of an apply journal: the full definition of a
// resource, written (and synced) just before the step that deletes it, so
// that PlanRestore can recreate it.
type JournalEntry struct {
	Time time.Time  `json:"time"`
	Step Step       `json:"step"`
	Def  Definition `json:"def"`
}
