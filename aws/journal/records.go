package journal

import (
	"context"

	"github.com/envdeck/envdeck/model"
)

// Records reads every journal of the store once (the listing reads
// them), for model.JournalHistory: each one's account and entries, newest
// first. No journal is no record.
func Records(ctx context.Context, js Store) ([]model.JournalRecord, error) {
	list, err := js.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]model.JournalRecord, 0, len(list))
	for _, info := range list {
		out = append(out, model.JournalRecord{Account: info.Meta.Account, Entries: info.entries})
	}
	return out, nil
}

// AccountEntries returns the entries of every journal made in
// account (a journal without an account is included), oldest journal first:
// what restore resolves references against. A journal torn by a crash
// gives the entries before the tear; an unreadable one is skipped.
func AccountEntries(ctx context.Context, js Store, account string) ([]model.JournalEntry, error) {
	list, err := js.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.JournalEntry
	for i := len(list) - 1; i >= 0; i-- {
		if m := list[i].Meta.Account; m != "" && account != "" && m != account {
			continue
		}
		out = append(out, list[i].entries...)
	}
	return out, nil
}
