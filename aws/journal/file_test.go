package journal

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

func TestJournalDir(t *testing.T) {
	tests := map[string]struct {
		xdg, home, want string
	}{
		"xdg set":      {xdg: "/state", home: "/home/u", want: "/state/envdeck"},
		"xdg relative": {xdg: "rel", home: "/home/u", want: "/home/u/.local/state/envdeck"},
		"xdg unset":    {xdg: "", home: "/home/u", want: "/home/u/.local/state/envdeck"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("XDG_STATE_HOME", tc.xdg)
			t.Setenv("HOME", tc.home)
			if got := Dir(); got != tc.want {
				t.Fatalf("Dir() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJournalRoundTripAndModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "envdeck")
	now := time.Date(2026, 11, 25, 7, 15, 0, 0, time.UTC)
	meta := Meta{Account: "123456789012", Region: "eu-west-1", Profile: "dev", Kind: "gc", Time: now}
	j, err := createFile(dir, meta)
	if err != nil {
		t.Fatal(err)
	}
	rule := &model.Rule{ARN: "arn:rule/1", Priority: 1200, Tags: map[string]string{"envdeck:env": "a"}}
	tg := &model.TargetGroup{ARN: "arn:tg/1", Name: "env-b", Targets: []model.Target{{ID: "arn:lambda:x"}}}
	entries := []model.JournalEntry{
		{Time: now, Step: model.Step{Action: model.StepDelete, Type: model.TypeRule, ID: rule.ARN, Env: "a"}, Def: model.Definition{Rule: rule}},
		{Time: now.Add(time.Second), Step: model.Step{Action: model.StepDelete, Type: model.TypeTargetGroup, ID: tg.ARN, Env: "b"}, Def: model.Definition{TargetGroup: tg}},
	}
	for _, e := range entries {
		if err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	if want := "20261125T071500Z-"; len(j.id) != len(want)+4 || j.id[:len(want)] != want {
		t.Fatalf("journal id %q: want %sXXXX", j.id, want)
	}
	st, err := os.Stat(j.path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("journal file mode %o, want 600", st.Mode().Perm())
	}
	dst, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("journal dir mode %o, want 700", dst.Mode().Perm())
	}

	got, gotMeta, err := ReadFile(dir, j.id)
	if err != nil {
		t.Fatal(err)
	}
	if !gotMeta.Time.Equal(now) || gotMeta.Account != meta.Account || gotMeta.Kind != "gc" || gotMeta.Profile != "dev" || gotMeta.Region != "eu-west-1" {
		t.Fatalf("meta = %+v, want %+v", gotMeta, meta)
	}
	if len(got) != 2 {
		t.Fatalf("%d entries, want 2", len(got))
	}
	if got[0].Def.Fingerprint() != entries[0].Def.Fingerprint() || got[1].Def.Fingerprint() != entries[1].Def.Fingerprint() {
		t.Fatalf("definitions changed through the journal: %+v", got)
	}
	if got[1].Def.TargetGroup.Targets[0].ID != "arn:lambda:x" {
		t.Fatalf("targets lost: %+v", got[1].Def.TargetGroup)
	}

	// A second journal sorts first; a foreign file is ignored.
	j2, err := createFile(dir, Meta{Kind: "destroy", Time: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := j2.Append(entries[0]); err != nil {
		t.Fatal(err)
	}
	j2.Close()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := ListDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != j2.id || list[1].ID != j.id {
		t.Fatalf("ListDir = %+v", list)
	}
	if list[1].Deleted != 2 || len(list[1].Envs) != 2 || list[1].Envs[0] != "a" || list[1].Envs[1] != "b" {
		t.Fatalf("journal info = %+v", list[1])
	}
	if l, err := ListDir(filepath.Join(dir, "missing")); err != nil || l != nil {
		t.Fatalf("missing dir: %v %v", l, err)
	}
	if _, _, err := ReadFile(dir, "../etc/passwd"); err == nil {
		t.Fatal("ReadFile accepted a path")
	}
}

// Only a run that deleted something leaves a journal; a journal directory
// (and journal) readable by others is tightened to 0700 (0600) by the next run.
func TestJournalWrittenOnlyWhenSomethingIsDeleted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "envdeck")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "20261101T000000Z-0000.jsonl")
	if err := os.WriteFile(loose, []byte(`{"kind":"gc"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o644); err != nil {
		t.Fatal(err)
	}
	created := ""
	j, err := createFile(dir, Meta{Kind: "create", Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	j.onCreate = func(id string) { created = id }
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, loose: 0o600} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Fatalf("%s: mode %v (%v), want %o", path, st.Mode().Perm(), err, want)
		}
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 || created != "" || j.id != "" {
		t.Fatalf("a run without deletes left a journal: %v %q", des, created)
	}
}

func TestJournalHistory(t *testing.T) {
	dir := t.TempDir()
	keys := (&model.Config{}).Keys()
	created := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	tags := keys.For("feat-a", "alice", created, created.Add(72*time.Hour), "")
	j, err := createFile(dir, Meta{Kind: "destroy", Time: created.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []model.Definition{
		{Rule: &model.Rule{ARN: "r", Tags: tags}},
		{TargetGroup: &model.TargetGroup{ARN: "tg", Tags: tags}},
		{Record: &model.Record{Name: "x"}},
	} {
		if err := j.Append(model.JournalEntry{Time: created, Step: model.Step{Action: model.StepDelete, Env: "feat-a"}, Def: d}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	records, err := Records(context.Background(), Local(dir))
	if err != nil {
		t.Fatal(err)
	}
	h := model.JournalHistory(records, keys, "")
	if len(h) != 1 || h[0].Name != "feat-a" || !h[0].CreatedAt.Equal(created) || !h[0].ExpiresAt.Equal(created.Add(72*time.Hour)) {
		t.Fatalf("history %+v", h)
	}
	if h, err := Records(context.Background(), Local(t.TempDir()+"/none")); err != nil || len(h) != 0 {
		t.Fatalf("no journals: %v %v", h, err)
	}
}
