package model

import (
	"sort"
	"time"
)

// JournalRecord is what the forecast needs of one stored journal: the
// account it was made in ("" for a journal that did not record one) and
// its entries.
type JournalRecord struct {
	Account string
	Entries []JournalEntry
}

// JournalHistory returns the environments the journals of account remember
// (deleted ones included) with their created-at and expires-at tags (under
// the configured prefix: keys), one per environment and creation time,
// oldest first, for the forecast. Journals of other accounts are left out;
// one without an account is kept (it predates the field).
func JournalHistory(journals []JournalRecord, keys TagKeys, account string) []EnvLifetime {
	type key struct {
		name    string
		created time.Time
	}
	seen := map[key]bool{}
	var out []EnvLifetime
	for _, j := range journals {
		if j.Account != "" && account != "" && j.Account != account {
			continue
		}
		for _, e := range j.Entries {
			life, ok := lifetimeOf(e, keys)
			if !ok || seen[key{life.Name, life.CreatedAt}] {
				continue
			}
			seen[key{life.Name, life.CreatedAt}] = true
			out = append(out, life)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// lifetimeOf reads an entry's environment and its created-at and
// expires-at tags; false when the entry names no environment or no
// creation time.
func lifetimeOf(e JournalEntry, keys TagKeys) (EnvLifetime, bool) {
	if e.Step.Env == "" {
		return EnvLifetime{}, false
	}
	tags := e.Def.Tags()
	created, ok := TagTime(tags, keys.CreatedAt)
	if !ok {
		return EnvLifetime{}, false
	}
	expires, _ := TagTime(tags, keys.ExpiresAt) // zero when absent
	return EnvLifetime{Name: e.Step.Env, CreatedAt: created, ExpiresAt: expires}, true
}
