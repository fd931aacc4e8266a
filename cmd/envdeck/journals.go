package main

import (
	"context"
	"errors"

	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// journals is where this account's journals are kept: the config's
// journal: s3://bucket/prefix, shared by the team, else the local state
// folder. The sandbox's are always local.
func (a *app) journals(ctx context.Context) (journal.Store, error) {
	if a.flags.sandbox {
		return journal.Local(a.journalDir()), nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	if cfg.Journal == "" {
		return journal.Local(a.journalDir()), nil
	}
	bucket, prefix, err := model.ParseJournalLocation(cfg.Journal)
	if err != nil {
		return nil, err
	}
	c, err := a.connect(ctx)
	if err != nil {
		return nil, err
	}
	if c.S3 == nil {
		return nil, errors.New("journal: " + cfg.Journal + ": these clients have no S3")
	}
	return journal.S3(c.S3, bucket, prefix), nil
}

// history is the environments the journals of account remember, for the
// forecast (model.JournalHistory). The journals are read once per process
// (a journal store in S3 costs a call per apply it holds) and again after
// this process applied something. A store that cannot be read gives no
// history: the forecast then counts the live environments only.
func (a *app) history(ctx context.Context, cfg *model.Config, account string) []model.EnvLifetime {
	if a.historyRead {
		return model.JournalHistory(a.historyCache, cfg.Keys(), account)
	}
	js, err := a.journals(ctx)
	if err != nil {
		return nil
	}
	records, err := journal.Records(ctx, js)
	if err != nil {
		return nil
	}
	a.historyCache, a.historyRead = records, true
	return model.JournalHistory(records, cfg.Keys(), account)
}
