package journal

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// A write that fails half-way (a full disk) can leave a torn line, and a
// reader stops at a torn line: an entry written after it could never be
// restored. So once a write fails, every later Append of the run fails
// too (apply then deletes nothing more), even when the disk has room
// again; the entries before the failure still read back. The failure is
// made by swapping the journal's file for a read-only handle (the tests
// run as root, so permissions cannot make it) and a torn fragment.
func TestFileJournalStopsAfterAFailedWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "envdeck")
	now := time.Date(2026, 11, 25, 7, 15, 0, 0, time.UTC)
	j, err := createFile(dir, Meta{Account: "123456789012", Region: "eu-west-1", Kind: "gc", Time: now})
	if err != nil {
		t.Fatal(err)
	}
	entry := func(n string) model.JournalEntry {
		return model.JournalEntry{Time: now, Step: model.Step{Action: model.StepDelete, Type: model.TypeRule, ID: "arn:rule/" + n},
			Def: model.Definition{Rule: &model.Rule{ARN: "arn:rule/" + n, Priority: 1200}}}
	}
	if err := j.Append(entry("1")); err != nil {
		t.Fatal(err)
	}
	good := j.f
	ro, err := os.Open(j.path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	j.f = ro
	if err := j.Append(entry("2")); err == nil {
		t.Fatal("append on a failing file: no error")
	}
	if _, err := good.WriteString(`{"time":"2026-11-25T07:1`); err != nil { // what the failed write left
		t.Fatal(err)
	}
	j.f = good // the disk has room again
	if err := j.Append(entry("3")); err == nil {
		t.Error("append after a failed write succeeded: its entry would sit behind a torn line")
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	got, _, _ := ReadFile(dir, j.id)
	if len(got) != 1 || got[0].Step.ID != "arn:rule/1" {
		t.Errorf("entries read back %+v, want the first only", got)
	}
}
