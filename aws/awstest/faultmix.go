package awstest

import (
	"math/rand/v2"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
)

// FaultMix draws, once per request and from a seeded source, whether the
// proxy throttles it (each protocol's own form; Route 53 alternates
// Throttling and PriorRequestNotComplete), answers HTTP 500 or 503, or
// forwards it. One request (same service, method, path and body: a call and
// its retries) is never faulted more than maxStreak times in a row, so every
// call gets through within the retryer's attempts: a CI test must not leave
// a 1-in-300,000 outright failure per call to chance over thousands of calls.
type FaultMix struct {
	throttle, serverError float64

	mu        sync.Mutex
	rng       *rand.Rand
	maxStreak int
	streak    map[string]int
	decided   map[int]string // request seq → "throttle" | "500" | "503" | ""
	withheld  int
}

// NewFaultMix faults the share throttle of requests with throttling and the
// share serverError with HTTP 5xx (half 500, half 503).
func NewFaultMix(seed uint64, throttle, serverError float64, maxStreak int) *FaultMix {
	return &FaultMix{
		throttle: throttle, serverError: serverError,
		rng: rand.New(rand.NewPCG(seed, seed)), maxStreak: maxStreak,
		streak: map[string]int{}, decided: map[int]string{},
	}
}

func (f *FaultMix) decide(r *Request) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.decided[r.Seq]; ok {
		return d
	}
	key := r.Service + " " + r.HTTP.Method + " " + r.HTTP.URL.RequestURI() + " " + string(r.Body)
	d := ""
	switch x := f.rng.Float64(); {
	case x < f.throttle:
		d = "throttle"
	case x < f.throttle+f.serverError/2:
		d = "500"
	case x < f.throttle+f.serverError:
		d = "503"
	}
	if d != "" && f.streak[key] >= f.maxStreak {
		d = ""
		f.withheld++
	}
	if d == "" {
		delete(f.streak, key)
	} else {
		f.streak[key]++
	}
	f.decided[r.Seq] = d
	return d
}

// Rules are the proxy rules applying the draws, labelled "throttle",
// "prior-request", "http-500" and "http-503" in the request log.
func (f *FaultMix) Rules() []Rule {
	on := func(kind string, e Effect) Rule {
		return Rule{Match: func(r *Request) bool { return f.decide(r) == kind }, Effect: e}
	}
	prior := Rule{Match: func(r *Request) bool {
		return r.Service == ServiceRoute53 && r.Seq%2 == 0 && f.decide(r) == "throttle"
	}, Effect: PriorRequestNotComplete()}
	return []Rule{prior, on("throttle", Throttle()), on("500", ServerError(500)), on("503", ServerError(503))}
}

// Withheld counts the faults the streak limit held back.
func (f *FaultMix) Withheld() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.withheld
}

// FastBackoff keeps a retryer's decisions (which errors, how many attempts)
// with a millisecond backoff, so a test absorbs hundreds of faults in
// seconds. Use with WithRetryer.
func FastBackoff(newRetryer func() sdkaws.Retryer) func() sdkaws.Retryer {
	return func() sdkaws.Retryer { return fastBackoff{newRetryer()} }
}

type fastBackoff struct{ sdkaws.Retryer }

func (fastBackoff) RetryDelay(attempt int, _ error) (time.Duration, error) {
	return time.Duration(attempt) * time.Millisecond, nil
}
