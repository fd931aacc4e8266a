// Package journal stores the journals of applies: before each delete,
// the full definition of what is deleted, so that restore can bring it
// back. A journal lives in a local folder (Local) or in S3, shared by the
// team (S3); what the journals mean (restore plans, the forecast's
// history) is model's.
package journal

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/envdeck/envdeck/model"
)

// Meta is the first line of a journal file: where and what was applied.
type Meta struct {
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Profile string    `json:"profile"`
	Kind    string    `json:"kind"`
	Time    time.Time `json:"time"`
}

// Info describes one journal for `envdeck restore` without an ID.
type Info struct {
	ID      string   `json:"id"`
	Path    string   `json:"path"` // a file, or s3://bucket/key
	Meta    Meta     `json:"meta"`
	Deleted int      `json:"deleted"` // definitions journaled (one per delete)
	Envs    []string `json:"envs"`    // environments of those entries, sorted

	entries []model.JournalEntry // as read by the listing, so nothing reads twice
}

// ext is the suffix of journal files in the journal directory.
const ext = ".jsonl"

// idLayout is the sortable timestamp part of a journal ID.
const idLayout = "20060102T150405Z"

// Dir is where journals live: $XDG_STATE_HOME/envdeck, else
// ~/.local/state/envdeck.
func Dir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "envdeck")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "envdeck-state")
	}
	return filepath.Join(home, ".local", "state", "envdeck")
}

// fileJournal is one journal file: append-only, each line synced. The file is
// made at the first entry, so a run that deletes nothing leaves no journal.
type fileJournal struct {
	mu   sync.Mutex
	dir  string
	meta Meta
	id   string
	f    *os.File
	path string
	// onCreate is told the ID when the file is made.
	onCreate func(id string)
	// err: a write failed, maybe leaving a torn line that a reader stops
	// at; nothing after it may be journaled (nor deleted).
	err error
}

// newID returns a sortable timestamp plus a short random suffix.
func newID(now time.Time) string {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms; keep IDs unique anyway.
		return now.UTC().Format(idLayout) + fmt.Sprintf("-%04x", now.Nanosecond()&0xffff)
	}
	return now.UTC().Format(idLayout) + "-" + hex.EncodeToString(b[:])
}

// createFile makes dir (0700, tightened when it is looser, and its
// journals 0600) and returns the journal that holds meta once its first
// entry is written. A directory that cannot be made fails here, before any
// change.
func createFile(dir string, meta Meta) (*fileJournal, error) {
	if dir == "" {
		return nil, errors.New("journal: no directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal: create %s: %w", dir, err)
	}
	if err := tightenDir(dir); err != nil {
		return nil, err
	}
	return &fileJournal{dir: dir, meta: meta}, nil
}

// tightenDir makes dir 0700 and its journal files 0600 when they are
// looser: journals hold full definitions of an account's resources.
func tightenDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("journal: %s is not a directory", dir)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("journal: chmod %s: %w", dir, err)
		}
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("journal: list %s: %w", dir, err)
	}
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ext) {
			continue
		}
		if info, err := de.Info(); err == nil && info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(filepath.Join(dir, de.Name()), 0o600); err != nil {
				return fmt.Errorf("journal: chmod %s: %w", de.Name(), err)
			}
		}
	}
	return nil
}

// open makes the journal file (0600) and writes its header; caller holds mu.
func (j *fileJournal) open() error {
	for attempt := 0; ; attempt++ {
		id := newID(j.meta.Time)
		path := filepath.Join(j.dir, id+ext)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if errors.Is(err, os.ErrExist) && attempt < 10 {
			continue
		}
		if err != nil {
			return fmt.Errorf("journal: create %s: %w", path, err)
		}
		// The umask may have narrowed the mode, never widened it; make it exact.
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return fmt.Errorf("journal: chmod %s: %w", path, err)
		}
		j.id, j.f, j.path = id, f, path
		if err := j.write(j.meta); err != nil {
			return err
		}
		if j.onCreate != nil {
			j.onCreate(id)
		}
		return nil
	}
}

// append writes one entry and syncs it to disk before returning.
func (j *fileJournal) Append(e model.JournalEntry) error { return j.writeLine(e) }

func (j *fileJournal) writeLine(v any) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return j.err
	}
	if j.f == nil {
		if err := j.open(); err != nil {
			j.err = err // a torn header would hide every entry
			return err
		}
	}
	if err := j.write(v); err != nil {
		j.err = err
		return err
	}
	return nil
}

// write appends one line and syncs it; caller holds mu.
func (j *fileJournal) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("journal: encode: %w", err)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal: write %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: sync %s: %w", j.path, err)
	}
	return nil
}

func (j *fileJournal) Close() error {
	if j == nil || j.f == nil {
		return nil
	}
	return j.f.Close()
}

// ReadFile reads the journal id in dir: the entries of its deletes in
// the order they were written (a delete journaled as failed, whose resource
// was still there, is left out: there is nothing to restore), and its header.
func ReadFile(dir, id string) ([]model.JournalEntry, Meta, error) {
	if err := checkID(id); err != nil {
		return nil, Meta{}, err
	}
	path := filepath.Join(dir, strings.TrimSuffix(id, ext)+ext)
	f, err := os.Open(path)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("journal %s: %w", id, err)
	}
	defer f.Close()
	return parse(id, f)
}

// checkID refuses an ID that could name something else than a
// journal of the store (a path, a hidden file).
func checkID(id string) error {
	if id == "" || strings.ContainsAny(id, `/\`) || strings.HasPrefix(id, ".") {
		return fmt.Errorf("journal %q: not a journal ID", id)
	}
	return nil
}

// parse reads journal id from r: its header line, then its entries
// (see ReadFile).
func parse(id string, r io.Reader) ([]model.JournalEntry, Meta, error) {
	var meta Meta
	var entries []model.JournalEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		if line == 1 {
			if err := json.Unmarshal(b, &meta); err != nil {
				return nil, Meta{}, fmt.Errorf("journal %s: header: %w", id, err)
			}
			continue
		}
		var e model.JournalEntry
		if err := json.Unmarshal(b, &e); err != nil {
			// A crash can leave a torn last line: everything before it is intact.
			return withoutFailed(entries), meta, fmt.Errorf("journal %s: line %d: %w", id, line, err)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return withoutFailed(entries), meta, fmt.Errorf("journal %s: %w", id, err)
	}
	if line == 0 {
		return nil, Meta{}, fmt.Errorf("journal %s: empty file", id)
	}
	return withoutFailed(entries), meta, nil
}

// withoutFailed drops each failed mark and the line of the delete it marks
// (the latest one before it for the same resource).
func withoutFailed(entries []model.JournalEntry) []model.JournalEntry {
	drop := make([]bool, len(entries))
	for i, e := range entries {
		if e.State != model.JournalFailed {
			continue
		}
		drop[i] = true
		for k := i - 1; k >= 0; k-- {
			p := entries[k]
			if !drop[k] && p.State == "" && p.Step.Type == e.Step.Type && p.Step.ID == e.Step.ID {
				drop[k] = true
				break
			}
		}
	}
	out := entries[:0:0]
	for i, e := range entries {
		if !drop[i] {
			out = append(out, e)
		}
	}
	return out
}

// ListDir lists the journals in dir, newest first. A missing directory
// is no journal at all, not an error.
func ListDir(dir string) ([]Info, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list journals in %s: %w", dir, err)
	}
	var out []Info
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ext) {
			continue
		}
		id := strings.TrimSuffix(de.Name(), ext)
		entries, meta, err := ReadFile(dir, id)
		if err != nil && entries == nil && meta.Time.IsZero() {
			continue // unreadable: not one of ours
		}
		out = append(out, newInfo(id, filepath.Join(dir, de.Name()), entries, meta))
	}
	sortInfos(out)
	return out, nil
}

// newInfo describes journal id, read from path.
func newInfo(id, path string, entries []model.JournalEntry, meta Meta) Info {
	info := Info{ID: id, Path: path, Meta: meta, Deleted: len(entries), entries: entries}
	seen := map[string]bool{}
	for _, e := range entries {
		if e.Step.Env != "" && !seen[e.Step.Env] {
			seen[e.Step.Env] = true
			info.Envs = append(info.Envs, e.Step.Env)
		}
	}
	sort.Strings(info.Envs)
	return info
}

// sortInfos puts the newest first: by the header's time (IDs only
// resolve seconds), then ID.
func sortInfos(list []Info) {
	sort.Slice(list, func(i, j int) bool {
		if !list[i].Meta.Time.Equal(list[j].Meta.Time) {
			return list[i].Meta.Time.After(list[j].Meta.Time)
		}
		return list[i].ID > list[j].ID
	})
}
