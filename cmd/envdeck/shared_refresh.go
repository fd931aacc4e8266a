package main

import (
	"path"
	"path/filepath"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// sharedRefresh is how this console shares one refresh budget with the
// account's other consoles (docs/ARCHITECTURE.md § Shared refresh): through
// the config's cache: s3://bucket/prefix when set (a team), else the read
// cache directory (one machine). Consoles meet by the listener's account
// and region and the configuration's key. None for the sandbox, and none
// when there is no place to meet (then each console reads on its own).
func (a *app) sharedRefresh(cfg *model.Config, c aws.Clients, refresh time.Duration) *aws.SharedRefresh {
	if a.flags.sandbox {
		return nil
	}
	account, region, ok := model.ListenerAccount(cfg)
	if !ok {
		return nil
	}
	key := model.SharedRefreshKey(cfg)
	if scope := a.cacheScope(); scope != "" {
		region += "@" + scope
	}
	var store aws.LeaseStore
	if cfg.Cache != "" {
		bucket, prefix, err := model.ParseJournalLocation(cfg.Cache)
		if err != nil || c.S3 == nil {
			return nil
		}
		store = aws.S3Leases(c.S3, bucket, path.Join(prefix, account, region, key))
	} else {
		base := a.cacheBase()
		if base == "" {
			return nil
		}
		store = aws.FileLeases(filepath.Join(base, account, region, "shared-"+key))
	}
	return aws.NewSharedRefresh(store, model.NewLeasePolicy(refresh), aws.NewHolderID())
}
