package model

import (
	"reflect"
	"testing"
	"time"
)

// The forecast's history reads created-at and expires-at under the
// configured prefix only, keeps this account's journals (and those that
// recorded none), and counts each environment and creation once.
func TestJournalHistory(t *testing.T) {
	keys := (&Config{Tags: TagsConfig{Prefix: "acme"}}).Keys()
	other := (&Config{}).Keys() // another installation's prefix on the same resources
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	entry := func(env string, tags map[string]string) JournalEntry {
		return JournalEntry{Step: Step{Action: StepDelete, Env: env}, Def: Definition{TargetGroup: &TargetGroup{ARN: "tg-" + env, Tags: tags}}}
	}
	both := keys.For("feat-a", "alice", day(10), day(13), "")
	for k, v := range other.For("feat-a", "alice", day(1), day(2), "") {
		both[k] = v
	}
	journals := []JournalRecord{
		{Account: "111", Entries: []JournalEntry{
			entry("feat-a", both),
			entry("feat-a", keys.For("feat-a", "alice", day(10), day(13), "")), // the same lifetime again
			entry("", keys.For("x", "", day(3), day(4), "")),                   // no environment
			entry("feat-b", other.For("feat-b", "", day(5), day(6), "")),       // not under our prefix
		}},
		{Account: "222", Entries: []JournalEntry{entry("feat-c", keys.For("feat-c", "", day(7), day(8), ""))}},
		{Account: "", Entries: []JournalEntry{entry("feat-d", keys.For("feat-d", "", day(9), time.Time{}, ""))}},
	}
	got := JournalHistory(journals, keys, "111")
	want := []EnvLifetime{
		{Name: "feat-d", CreatedAt: day(9)},
		{Name: "feat-a", CreatedAt: day(10), ExpiresAt: day(13)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history of 111:\n got  %+v\n want %+v", got, want)
	}
	if got := JournalHistory(journals, keys, "222"); len(got) != 2 || got[0].Name != "feat-c" {
		t.Errorf("history of 222: %+v", got)
	}
	if got := JournalHistory(nil, keys, "111"); len(got) != 0 {
		t.Errorf("no journals: %+v", got)
	}
}
