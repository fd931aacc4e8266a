package main

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
)

// memo remembers moto's answers to read calls so that, after a warm-up, a read
// costs the configured latency and nothing else, at any concurrency, as on AWS
// (moto answers one call at a time, in 30–250 ms for a 100-environment
// platform). Any non-read call empties it, so it never serves stale state.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
	hits    int
}

type memoEntry struct {
	status int
	header http.Header
	body   []byte
}

func newMemo() *memo { return &memo{entries: map[string]*memoEntry{}} }

func isRead(action string) bool {
	for _, p := range []string{"Describe", "Get", "List"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// requestKey identifies a request by what it asks, not how it is signed.
func requestKey(r *http.Request, c call, body []byte) string {
	return c.key() + "\x00" + r.Method + "\x00" + r.URL.RequestURI() + "\x00" + r.Header.Get("X-Amz-Target") + "\x00" + string(body)
}

func (m *memo) get(k string) (*memoEntry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[k]
	if ok {
		m.hits++
	}
	return e, ok
}

func (m *memo) put(k string, e *memoEntry) {
	m.mu.Lock()
	m.entries[k] = e
	m.mu.Unlock()
}

func (m *memo) clear() {
	m.mu.Lock()
	m.entries = map[string]*memoEntry{}
	m.mu.Unlock()
}

func (e *memoEntry) write(w http.ResponseWriter) {
	for k, v := range e.header {
		w.Header()[k] = v
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(e.body)
}

// recorder captures a response while passing it through.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
