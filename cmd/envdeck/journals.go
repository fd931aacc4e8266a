package main

import (
	"context"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// journals is where this account's journals are kept: the local state
// folder (the sandbox's apart).
func (a *app) journals(context.Context) (aws.Journals, error) {
	return aws.LocalJournals(a.journalDir()), nil
}

// history is the environments the journals remember, for the forecast:
// read once per process and again after this process applied something. A
// store that cannot be read gives no history: the forecast then counts the
// live environments only.
func (a *app) history(ctx context.Context) []model.EnvLifetime {
	if a.historyRead {
		return a.historyCache
	}
	js, err := a.journals(ctx)
	if err != nil {
		return nil
	}
	h, err := aws.JournalHistory(ctx, js)
	if err != nil {
		return nil
	}
	a.historyCache, a.historyRead = h, true
	return h
}
