// Command latencyproxy is the bench's stand-in for the distance to AWS: a
// reverse proxy in front of moto_server that adds a fixed latency to every
// call, can emulate AWS's per-account throttling buckets (answering in each
// protocol's own error form), and counts calls and throttles by
// "service:Action" (GET /_stats; POST /_reset zeroes counts and refills the
// buckets).
//
//	latencyproxy -upstream http://127.0.0.1:5000 -latency 50ms [-memo] [-quotas] [-throttle] [-bucket svc:Glob=cap/rate]... [-addr-file F]
//
// Calls are named as the fault proxy names them (awstest.Identify), and
// throttled in each protocol's own wire form (awstest.ErrorReply).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
)

type bucketFlags []string

func (b *bucketFlags) String() string     { return strings.Join(*b, ",") }
func (b *bucketFlags) Set(s string) error { *b = append(*b, s); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "latencyproxy:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("latencyproxy", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on (port 0 = a free port)")
	upstream := fs.String("upstream", "", "moto_server URL, e.g. http://127.0.0.1:5000 (required)")
	latency := fs.Duration("latency", 0, "latency added to every call, e.g. 50ms")
	throttle := fs.Bool("throttle", false, "emulate AWS's documented buckets: "+strings.Join(defaultBuckets(), ", "))
	addrFile := fs.String("addr-file", "", "write the proxy's URL to this file once listening")
	verbose := fs.Bool("v", false, "log every call to stderr")
	quotas := fs.Bool("quotas", false, "answer Service Quotas GetServiceQuota/GetAWSDefaultServiceQuota with AWS's default values (moto answers 500 or NoSuchResource)")
	memoReads := fs.Bool("memo", false, "answer repeated read calls (Describe*/Get*/List*) from memory after the first, so a read costs only -latency; any other call empties the memo")
	var extra bucketFlags
	fs.Var(&extra, "bucket", "extra throttling bucket service:ActionGlob=capacity/rate (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *upstream == "" {
		return errors.New("-upstream is required")
	}
	up, err := url.Parse(*upstream)
	if err != nil || up.Host == "" {
		return fmt.Errorf("-upstream %q: not a URL", *upstream)
	}
	specs := []string(extra)
	if *throttle {
		specs = append(defaultBuckets(), specs...)
	}
	p := &proxy{upstream: up, latency: *latency, stats: newStats(), verbose: *verbose, quotas: *quotas}
	if *memoReads {
		p.memo = newMemo()
	}
	for _, s := range specs {
		b, err := parseBucket(s)
		if err != nil {
			return err
		}
		p.buckets = append(p.buckets, b)
	}
	p.rp = httputil.NewSingleHostReverseProxy(up)
	p.rp.Transport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	addr := "http://" + ln.Addr().String()
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(addr+"\n"), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", *addrFile, err)
		}
	}
	fmt.Fprintf(os.Stderr, "latencyproxy: %s -> %s, latency %s, buckets %v, memo %v, quotas %v\n", addr, up, *latency, specs, *memoReads, *quotas)

	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

type proxy struct {
	upstream *url.URL
	latency  time.Duration
	buckets  []*bucket
	stats    *stats
	rp       *httputil.ReverseProxy
	memo     *memo // nil unless -memo
	quotas   bool  // answer Service Quotas reads from defaultQuotas
	verbose  bool
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_") {
		p.serveStats(w, r)
		return
	}
	start := time.Now()
	c, body, err := classify(r)
	if err != nil {
		http.Error(w, "read request: "+err.Error(), http.StatusBadGateway)
		return
	}
	key := c.key()
	p.stats.begin(key)
	sw := &statusWriter{ResponseWriter: w}
	throttled := false
	defer func() {
		p.stats.end(key, sw.status, throttled)
		if p.verbose {
			log.Printf("%s %d throttled=%v %s", key, sw.status, throttled, time.Since(start).Round(time.Millisecond))
		}
	}()
	if p.latency > 0 {
		t := time.NewTimer(p.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			sw.status = 499
			return
		}
	}
	now := time.Now()
	for _, b := range p.buckets {
		if b.matches(c) && !b.take(now) {
			throttled = true
			writeThrottle(sw, c)
			return
		}
	}
	if p.quotas && c.Service == awstest.ServiceServiceQuotas {
		serveQuota(sw, c, body, regionOf(r))
		return
	}
	p.forward(sw, r, c, body)
}

// regionOf reads the region of the SigV4 credential scope.
func regionOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		parts := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
		if len(parts) >= 5 {
			return parts[2]
		}
	}
	return "us-east-1"
}

// forward sends the call to moto, or answers it from the memo.
func (p *proxy) forward(w http.ResponseWriter, r *http.Request, c call, body []byte) {
	if p.memo == nil {
		p.rp.ServeHTTP(w, r)
		return
	}
	if !isRead(c.Action) {
		p.memo.clear()
		p.rp.ServeHTTP(w, r)
		return
	}
	k := requestKey(r, c, body)
	if e, ok := p.memo.get(k); ok {
		e.write(w)
		return
	}
	rec := &recorder{ResponseWriter: w}
	p.rp.ServeHTTP(rec, r)
	if rec.status == http.StatusOK {
		p.memo.put(k, &memoEntry{status: rec.status, header: w.Header().Clone(), body: rec.body.Bytes()})
	}
}
