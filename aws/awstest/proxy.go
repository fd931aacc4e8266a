package awstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
)

// Call is one request as the proxy saw it.
type Call struct {
	Seq      int
	Service  string
	Action   string
	Method   string
	Path     string // with the query
	Status   int    // what the client got; 0 when the connection was dropped
	Injected string // "" when forwarded untouched; else the effects, comma-separated
	Time     time.Time
	Duration time.Duration
}

// Proxy is a reverse proxy on a free loopback port in front of moto (or any
// endpoint). It names each request's service and action (Identify), applies
// fault rules and an optional AWS throttling emulation, and logs every call.
// Point clients at p.URL (MotoClients(t, p.URL)).
type Proxy struct {
	URL string

	upstream  *url.URL
	srv       *httptest.Server
	transport *http.Transport

	mu      sync.Mutex
	seq     int
	rules   []*ruleState
	rng     *rand.Rand
	buckets []*bucketState
	clock   func() time.Time
	log     []Call
}

// NewProxy starts a proxy to upstream with rules (tried in order) and stops
// it when the test ends. Its random source is seeded with 1; see Seed.
func NewProxy(t testing.TB, upstream string, rules ...Rule) *Proxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil || u.Host == "" {
		t.Fatalf("awstest: proxy upstream %q is no URL: %v", upstream, err)
	}
	p := &Proxy{
		upstream:  u,
		transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
		rng:       newRand(1),
		clock:     time.Now,
	}
	p.SetRules(rules...)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	t.Cleanup(p.Close)
	return p
}

// Close stops the proxy (also done at test cleanup).
func (p *Proxy) Close() {
	p.srv.CloseClientConnections()
	p.srv.Close()
	p.transport.CloseIdleConnections()
}

// Clients returns SDK clients (MotoClients) pointed at the proxy.
func (p *Proxy) Clients(t testing.TB, opts ...ClientOption) aws.Clients {
	t.Helper()
	return MotoClients(t, p.URL, opts...)
}

// SetRules replaces the rules (and their counters).
func (p *Proxy) SetRules(rules ...Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = p.rules[:0]
	for _, r := range rules {
		p.rules = append(p.rules, &ruleState{Rule: r})
	}
}

// AddRules appends rules after the current ones.
func (p *Proxy) AddRules(rules ...Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range rules {
		p.rules = append(p.rules, &ruleState{Rule: r})
	}
}

// Seed reseeds the source of rule probabilities (runs are reproducible for
// a given seed and request order).
func (p *Proxy) Seed(seed uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rng = newRand(seed)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// EmulateThrottling makes the proxy throttle as AWS does with the given
// buckets (AWSBuckets() when none), full at the start. clock is the time
// the buckets refill by (nil = time.Now); a test may pass a fake clock.
// Calling it again restarts the buckets; with no buckets and clock nil it
// still installs AWSBuckets — use StopThrottling to remove them.
func (p *Proxy) EmulateThrottling(clock func() time.Time, buckets ...Bucket) {
	if clock == nil {
		clock = time.Now
	}
	if len(buckets) == 0 {
		buckets = AWSBuckets()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clock = clock
	now := clock()
	p.buckets = p.buckets[:0]
	for _, b := range buckets {
		p.buckets = append(p.buckets, newBucketState(b, now))
	}
}

// StopThrottling removes the emulated buckets.
func (p *Proxy) StopThrottling() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buckets = nil
}

// Buckets reports the emulated buckets' state, in EmulateThrottling order.
func (p *Proxy) Buckets() []BucketStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]BucketStats, len(p.buckets))
	for i, b := range p.buckets {
		out[i] = BucketStats{Bucket: b.Bucket, Tokens: b.tokens(), Admitted: b.taken, Throttled: b.denied}
	}
	return out
}

// Log returns a copy of every call so far, in arrival order.
func (p *Proxy) Log() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.log...)
}

// ResetLog forgets the calls logged so far (rule counters are kept).
func (p *Proxy) ResetLog() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = nil
}

// Count is the number of calls to service and action ("" = any; action may
// be a glob), injected ones included.
func (p *Proxy) Count(service, action string) int {
	return p.CountWhere(func(c Call) bool {
		return (service == "" || c.Service == service) && (action == "" || globMatch(action, c.Action))
	})
}

// CountInjected is the number of calls that got an injected effect whose
// label starts with kind ("throttle", "access-denied", "http-5", "drop",
// "bucket-throttle", ...; "" = any injection).
func (p *Proxy) CountInjected(kind string) int {
	return p.CountWhere(func(c Call) bool {
		if c.Injected == "" {
			return false
		}
		for _, l := range strings.Split(c.Injected, ",") {
			if strings.HasPrefix(l, kind) {
				return true
			}
		}
		return false
	})
}

// CountWhere counts the logged calls f accepts.
func (p *Proxy) CountWhere(f func(Call) bool) int {
	n := 0
	for _, c := range p.Log() {
		if f(c) {
			n++
		}
	}
	return n
}

// Actions returns the distinct "service:Action" keys logged, each with its count.
func (p *Proxy) Actions() map[string]int {
	out := map[string]int{}
	for _, c := range p.Log() {
		out[c.Service+":"+c.Action]++
	}
	return out
}

// plan is what the proxy decided for one request.
type plan struct {
	delay    time.Duration
	final    *Effect // terminal effect, nil = forward
	rewrites []func(*Request, *Reply)
	labels   []string
}

func (p *Proxy) decide(req *Request) plan {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pl plan
	for _, rs := range p.rules {
		if !rs.matches(req) || !rs.fires(p.rng.Float64) {
			continue
		}
		e := rs.Effect
		switch e.kind {
		case effLatency:
			pl.delay += e.delay
			pl.labels = append(pl.labels, e.label())
			continue
		case effRewrite:
			pl.rewrites = append(pl.rewrites, e.rewrite)
			pl.labels = append(pl.labels, e.label())
			continue
		}
		pl.final = &e
		pl.labels = append(pl.labels, e.label())
		break
	}
	if pl.final == nil && len(p.buckets) > 0 {
		now := p.clock()
		for _, b := range p.buckets {
			if b.matches(req) && !b.take(now) {
				e := Throttle()
				pl.final = &e
				pl.labels = append(pl.labels, "bucket-throttle")
				break
			}
		}
	}
	return pl
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "awstest proxy: read body: "+err.Error(), http.StatusBadGateway)
		return
	}
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.mu.Unlock()
	service, action := Identify(r, body)
	req := &Request{Service: service, Action: action, HTTP: r, Body: body, Seq: seq}
	pl := p.decide(req)

	call := Call{Seq: seq, Service: service, Action: action, Method: r.Method, Path: r.URL.RequestURI(),
		Injected: strings.Join(pl.labels, ","), Time: start}
	defer func() {
		call.Duration = time.Since(start)
		p.mu.Lock()
		p.log = append(p.log, call)
		p.mu.Unlock()
	}()

	if pl.delay > 0 {
		t := time.NewTimer(pl.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}

	var reply Reply
	switch {
	case pl.final == nil:
		reply, err = p.forward(r.Context(), r, body)
	case pl.final.kind == effError:
		reply = pl.final.reply(service)
	case pl.final.kind == effRespond:
		reply = pl.final.respond(req)
	case pl.final.kind == effIntercept:
		reply, err = pl.final.handle(req, func() (Reply, error) { return p.forward(r.Context(), r, body) })
	case pl.final.kind == effDrop:
		hijackClose(w)
		return
	case pl.final.kind == effDropResponse:
		_, _ = p.forward(r.Context(), r, body)
		hijackClose(w)
		return
	}
	if err != nil {
		call.Status = http.StatusBadGateway
		http.Error(w, "awstest proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	if pl.final == nil {
		for _, f := range pl.rewrites {
			f(req, &reply)
		}
	}
	call.Status = reply.Status
	writeReply(w, reply)
}

// forward sends the request upstream and reads the whole answer.
func (p *Proxy) forward(ctx context.Context, r *http.Request, body []byte) (Reply, error) {
	u := *p.upstream
	u.Path = strings.TrimSuffix(u.Path, "/") + r.URL.Path
	u.RawPath = ""
	if r.URL.RawPath != "" {
		u.RawPath = strings.TrimSuffix(p.upstream.EscapedPath(), "/") + r.URL.RawPath
	}
	u.RawQuery = r.URL.RawQuery
	out, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return Reply{}, fmt.Errorf("build upstream request: %w", err)
	}
	for k, vs := range r.Header {
		if hopHeader(k) || strings.EqualFold(k, "Accept-Encoding") {
			continue
		}
		out.Header[k] = vs
	}
	out.ContentLength = int64(len(body))
	resp, err := p.transport.RoundTrip(out)
	if err != nil {
		return Reply{}, fmt.Errorf("upstream %s: %w", p.upstream.Host, err)
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, fmt.Errorf("read upstream answer: %w", err)
	}
	h := http.Header{}
	for k, vs := range resp.Header {
		if !hopHeader(k) {
			h[k] = vs
		}
	}
	return Reply{Status: resp.StatusCode, Header: h, Body: rb}, nil
}

func writeReply(w http.ResponseWriter, reply Reply) {
	for k, vs := range reply.Header {
		if hopHeader(k) || strings.EqualFold(k, "Content-Length") {
			continue
		}
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(reply.Body)))
	if reply.Status == 0 {
		reply.Status = http.StatusOK
	}
	w.WriteHeader(reply.Status)
	_, _ = w.Write(reply.Body)
}

// hijackClose closes the client connection without an answer.
func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // HTTP/2 or no hijacker: abort the stream
}

func hopHeader(k string) bool {
	switch http.CanonicalHeaderKey(k) {
	case "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
		"Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Encoding":
		return true
	}
	return false
}
