package aws

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/envdeck/envdeck/model"
)

// The read cache's files in its account/region directory.
const (
	cacheTagsFile   = "tags.json"
	cacheHealthFile = "health.json"
	cacheLimitsFile = "limits.json"
	// cacheKeep: entries older than this are dropped when a file is written
	// (resources deleted long ago).
	cacheKeep = 24 * time.Hour
)

type tagFileEntry struct {
	Tags map[string]string `json:"tags"`
	At   time.Time         `json:"at"`
}

// loadLocked reads what the directory holds, newer entries winning; a file
// that is missing, unreadable or corrupt counts as empty.
func (rc *ReadCache) loadLocked() {
	if tags := map[string]tagFileEntry{}; readCacheFile(rc.path, cacheTagsFile, &tags) {
		rc.tags.merge(fromTagFile(tags))
	}
	if health := map[string]healthEntry{}; readCacheFile(rc.path, cacheHealthFile, &health) {
		mergeHealth(rc.health, health)
	}
	var limits limitsEntry
	if readCacheFile(rc.path, cacheLimitsFile, &limits) && (rc.limits == nil || limits.At.After(rc.limits.At)) {
		rc.limits = &limits
	}
}

// save writes what this process holds, merged with what other processes
// wrote meanwhile. Failing to write is not an error: the next command reads
// the account directly.
func (rc *ReadCache) save() {
	if rc == nil {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.path == "" || rc.path == "-" {
		return
	}
	if err := os.MkdirAll(rc.path, 0o700); err != nil {
		return
	}
	rc.loadLocked()
	cutoff := rc.now().Add(-cacheKeep)
	tags := map[string]tagFileEntry{}
	for a, e := range rc.tags.export() {
		if e.at.After(cutoff) {
			tags[a] = tagFileEntry{Tags: toTags(e.tags), At: e.at}
		}
	}
	health := map[string]healthEntry{}
	for a, e := range rc.health {
		if e.At.After(cutoff) {
			health[a] = e
		}
	}
	writeCacheFile(rc.path, cacheTagsFile, tags)
	writeCacheFile(rc.path, cacheHealthFile, health)
	if rc.limits != nil {
		writeCacheFile(rc.path, cacheLimitsFile, rc.limits)
	}
}

// forgetOnDiskLocked drops arns from the files on disk.
func (rc *ReadCache) forgetOnDiskLocked(arns []string) {
	if rc.path == "" || rc.path == "-" {
		return
	}
	tags := map[string]tagFileEntry{}
	if readCacheFile(rc.path, cacheTagsFile, &tags) {
		for _, a := range arns {
			delete(tags, a)
		}
		writeCacheFile(rc.path, cacheTagsFile, tags)
	}
	health := map[string]healthEntry{}
	if readCacheFile(rc.path, cacheHealthFile, &health) {
		for _, a := range arns {
			delete(health, a)
		}
		writeCacheFile(rc.path, cacheHealthFile, health)
	}
}

func readCacheFile(dir, name string, v any) bool {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

// writeCacheFile writes v to dir/name atomically (writeFileAtomic); a
// failure is not an error: the next command reads the account directly.
func writeCacheFile(dir, name string, v any) {
	if b, err := json.Marshal(v); err == nil {
		_ = writeFileAtomic(dir, name, b)
	}
}

// writeFileAtomic writes b to dir/name atomically: a temporary file (0600)
// in the same directory, renamed over the old one.
func writeFileAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if werr != nil {
		_ = os.Remove(f.Name())
	}
	return werr
}

func fromTagFile(in map[string]tagFileEntry) map[string]tagEntry {
	out := make(map[string]tagEntry, len(in))
	for a, e := range in {
		if e.Tags != nil {
			out[a] = tagEntry{tags: sdkTags(e.Tags), at: e.At}
		}
	}
	return out
}

func mergeHealth(into, from map[string]healthEntry) {
	for a, e := range from {
		if have, ok := into[a]; !ok || e.At.After(have.At) {
			if e.Targets == nil {
				e.Targets = []model.Target{}
			}
			into[a] = e
		}
	}
}

// sortByAge orders arns oldest entry first.
func sortByAge(arns []string, health map[string]healthEntry) {
	sort.SliceStable(arns, func(i, j int) bool { return health[arns[i]].At.Before(health[arns[j]].At) })
}
