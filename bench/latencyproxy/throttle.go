package main

import (
	"fmt"
	"github.com/envdeck/envdeck/aws/awstest"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// bucket is an AWS-style token bucket: Capacity tokens, refilled at Rate per
// second, starting full. A call that finds it empty is throttled (not queued).
type bucket struct {
	Service string  // short name, e.g. elbv2; "*" = any
	Action  string  // glob on the action, e.g. Describe*
	Cap     float64 // burst
	Rate    float64 // tokens per second

	mu  sync.Mutex
	lim *rate.Limiter // nil until the first call: the bucket starts full then
}

// parseBucket reads "service:ActionGlob=capacity/rate", e.g.
// "elbv2:Describe*=40/10" (service names as awstest.Identify gives them;
// "*" = any).
func parseBucket(s string) (*bucket, error) {
	lhs, rhs, ok := strings.Cut(s, "=")
	if !ok {
		return nil, fmt.Errorf("bucket %q: want service:ActionGlob=capacity/rate", s)
	}
	svc, act, ok := strings.Cut(lhs, ":")
	if !ok || svc == "" || act == "" {
		return nil, fmt.Errorf("bucket %q: want service:ActionGlob before '='", s)
	}
	c, r, ok := strings.Cut(rhs, "/")
	if !ok {
		return nil, fmt.Errorf("bucket %q: want capacity/rate after '='", s)
	}
	capacity, err := strconv.ParseFloat(c, 64)
	if err != nil || capacity <= 0 {
		return nil, fmt.Errorf("bucket %q: capacity %q is not a positive number", s, c)
	}
	perSecond, err := strconv.ParseFloat(r, 64)
	if err != nil || perSecond <= 0 {
		return nil, fmt.Errorf("bucket %q: rate %q is not a positive number", s, r)
	}
	if _, err := path.Match(act, "x"); err != nil {
		return nil, fmt.Errorf("bucket %q: bad action glob: %w", s, err)
	}
	return &bucket{Service: svc, Action: act, Cap: capacity, Rate: perSecond}, nil
}

func (b *bucket) String() string {
	return fmt.Sprintf("%s:%s=%g/%g", b.Service, b.Action, b.Cap, b.Rate)
}

func (b *bucket) matches(c call) bool {
	if b.Service != "*" && b.Service != c.Service {
		return false
	}
	ok, _ := path.Match(b.Action, c.Action)
	return ok
}

// take spends one token if there is one.
func (b *bucket) take(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lim == nil {
		b.lim = awstest.NewLimiter(b.Cap, b.Rate, now)
	}
	return b.lim.AllowN(now, 1)
}

// refill makes the bucket full again (between bench runs).
func (b *bucket) refill() {
	b.mu.Lock()
	b.lim = nil
	b.mu.Unlock()
}

// defaultBuckets are the rates AWS documents (awstest.AWSBuckets: ELBv2
// Describe* share one bucket of 40 refilled at 10/s; the API Gateway control
// plane allows 10 requests/s with a burst of 40), as -bucket specs.
func defaultBuckets() []string {
	var out []string
	for _, b := range awstest.AWSBuckets() {
		svc, act := b.Service, b.Action
		if svc == "" {
			svc = "*"
		}
		if act == "" {
			act = "*"
		}
		out = append(out, fmt.Sprintf("%s:%s=%g/%g", svc, act, b.Capacity, b.RefillPerSecond))
	}
	return out
}

// writeThrottle answers a throttled call the way the service itself does
// (awstest.ErrorReply: query and REST-XML "Throttling" 400, API Gateway
// "TooManyRequestsException" 429, Service Quotas "TooManyRequestsException" 400).
func writeThrottle(w http.ResponseWriter, c call) {
	status, code, msg := http.StatusBadRequest, "Throttling", "Rate exceeded"
	switch c.Service {
	case awstest.ServiceAPIGateway:
		status, code, msg = http.StatusTooManyRequests, "TooManyRequestsException", "Too Many Requests"
	case awstest.ServiceServiceQuotas:
		code = "TooManyRequestsException"
	case awstest.ServiceEC2:
		status, code, msg = http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded."
	}
	writeReply(w, awstest.ErrorReply(c.Service, status, code, msg))
}
