package main

import (
	"context"
	"errors"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// journals is where this account's journals are kept: the config's
// journal: s3://bucket/prefix, shared by the team, else the local state
// folder. The sandbox's are always local.
func (a *app) journals(ctx context.Context) (aws.Journals, error) {
	if a.flags.sandbox {
		return aws.LocalJournals(a.journalDir()), nil
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	if cfg.Journal == "" {
		return aws.LocalJournals(a.journalDir()), nil
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
	return aws.S3Journals(c.S3, bucket, prefix), nil
}

// history is the environments the journals remember, for the forecast:
// read once per process (a journal store in S3 costs a call per apply it
// holds) and again after this process applied something. A store that
// cannot be read gives no history: the forecast then counts the live
// environments only.
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
