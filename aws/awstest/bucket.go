package awstest

import (
	"time"

	"golang.org/x/time/rate"
)

// Bucket is an account-wide token bucket as AWS applies it: each matching
// call takes a token; with none left the call gets the service's throttling
// error. Tokens refill continuously at RefillPerSecond up to Capacity.
type Bucket struct {
	Service         string // "" = any
	Action          string // "" = any; glob such as "Describe*"
	Capacity        float64
	RefillPerSecond float64
}

// AWSBuckets are the documented rates envdeck shares with the account:
// ELBv2 Describe* one bucket of 40 refilled at 10/s; API Gateway's control
// plane 10 requests/s with a burst of 40.
func AWSBuckets() []Bucket {
	return []Bucket{
		{Service: ServiceELBv2, Action: "Describe*", Capacity: 40, RefillPerSecond: 10},
		{Service: ServiceAPIGateway, Capacity: 40, RefillPerSecond: 10},
	}
}

// FloorSeconds is the least time n calls can take through a bucket that
// starts full: (n − capacity) / rate, or 0.
func (b Bucket) FloorSeconds(n int) float64 {
	if float64(n) <= b.Capacity || b.RefillPerSecond <= 0 {
		return 0
	}
	return (float64(n) - b.Capacity) / b.RefillPerSecond
}

type bucketState struct {
	Bucket
	lim    *rate.Limiter
	last   time.Time // the last call's time
	taken  int       // calls admitted
	denied int       // calls throttled
}

func newBucketState(b Bucket, now time.Time) *bucketState {
	return &bucketState{Bucket: b, lim: NewLimiter(b.Capacity, b.RefillPerSecond, now), last: now}
}

// NewLimiter is a full bucket of capacity tokens at now, refilled at
// perSecond: the one token bucket the proxies share.
func NewLimiter(capacity, perSecond float64, now time.Time) *rate.Limiter {
	lim := rate.NewLimiter(rate.Limit(perSecond), int(capacity))
	lim.SetBurstAt(now, int(capacity))
	return lim
}

func (b *bucketState) matches(req *Request) bool {
	return (b.Service == "" || b.Service == req.Service) && (b.Action == "" || globMatch(b.Action, req.Action))
}

// take takes one token at now, or counts a throttled call.
func (b *bucketState) take(now time.Time) bool {
	if now.After(b.last) {
		b.last = now
	}
	if b.lim.AllowN(now, 1) {
		b.taken++
		return true
	}
	b.denied++
	return false
}

// tokens left at the last call.
func (b *bucketState) tokens() float64 { return b.lim.TokensAt(b.last) }

// BucketStats is one emulated bucket's state.
type BucketStats struct {
	Bucket
	Tokens    float64 // left at the last call
	Admitted  int
	Throttled int
}
