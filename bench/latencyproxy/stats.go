package main

import (
	"encoding/json"
	"net/http"
	"sort"
	"sync"
)

// stats counts calls and throttles by "service:Action".
type stats struct {
	mu        sync.Mutex
	calls     map[string]int
	throttled map[string]int
	status    map[int]int
	inflight  int
	peak      int
}

func newStats() *stats {
	s := &stats{}
	s.reset()
	return s
}

func (s *stats) reset() {
	s.mu.Lock()
	s.calls, s.throttled, s.status = map[string]int{}, map[string]int{}, map[int]int{}
	s.peak = s.inflight
	s.mu.Unlock()
}

func (s *stats) begin(key string) {
	s.mu.Lock()
	s.calls[key]++
	s.inflight++
	if s.inflight > s.peak {
		s.peak = s.inflight
	}
	s.mu.Unlock()
}

func (s *stats) end(key string, status int, throttled bool) {
	s.mu.Lock()
	s.inflight--
	s.status[status]++
	if throttled {
		s.throttled[key]++
	}
	s.mu.Unlock()
}

// statsReport is the JSON of GET /_stats.
type statsReport struct {
	Calls          map[string]int `json:"calls"`
	Throttled      map[string]int `json:"throttled"`
	Status         map[int]int    `json:"status"`
	TotalCalls     int            `json:"total_calls"`
	TotalThrottled int            `json:"total_throttled"`
	PeakInflight   int            `json:"peak_inflight"`
	LatencyMS      float64        `json:"latency_ms"`
	Buckets        []string       `json:"buckets"`
	MemoHits       int            `json:"memo_hits"`
}

func (s *stats) report() statsReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := statsReport{Calls: map[string]int{}, Throttled: map[string]int{}, Status: map[int]int{}, PeakInflight: s.peak}
	for k, v := range s.calls {
		r.Calls[k] = v
		r.TotalCalls += v
	}
	for k, v := range s.throttled {
		r.Throttled[k] = v
		r.TotalThrottled += v
	}
	for k, v := range s.status {
		r.Status[k] = v
	}
	return r
}

// serveStats answers GET /_stats (counts as JSON) and POST /_reset (zero the
// counts, refill every bucket).
func (p *proxy) serveStats(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_reset" && r.Method == http.MethodPost:
		p.stats.reset()
		if p.memo != nil {
			p.memo.mu.Lock()
			p.memo.hits = 0
			p.memo.mu.Unlock()
		}
		for _, b := range p.buckets {
			b.refill()
		}
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_stats":
		rep := p.stats.report()
		rep.LatencyMS = float64(p.latency.Microseconds()) / 1000
		rep.Buckets = []string{}
		for _, b := range p.buckets {
			rep.Buckets = append(rep.Buckets, b.String())
		}
		sort.Strings(rep.Buckets)
		if p.memo != nil {
			p.memo.mu.Lock()
			rep.MemoHits = p.memo.hits
			p.memo.mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	default:
		http.Error(w, "unknown control endpoint (GET /_stats, POST /_reset)", http.StatusNotFound)
	}
}
