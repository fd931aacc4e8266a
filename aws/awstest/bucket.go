package awstest

import (
	"math"
	"time"
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
	tokens float64
	last   time.Time
	taken  int // calls admitted
	denied int // calls throttled
}

func newBucketState(b Bucket, now time.Time) *bucketState {
	return &bucketState{Bucket: b, tokens: b.Capacity, last: now}
}

func (b *bucketState) matches(req *Request) bool {
	return (b.Service == "" || b.Service == req.Service) && (b.Action == "" || globMatch(b.Action, req.Action))
}

// take refills for the time since the last call and takes one token.
func (b *bucketState) take(now time.Time) bool {
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(b.Capacity, b.tokens+dt*b.RefillPerSecond)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		b.taken++
		return true
	}
	b.denied++
	return false
}

// BucketStats is one emulated bucket's state.
type BucketStats struct {
	Bucket
	Tokens    float64 // left at the last call
	Admitted  int
	Throttled int
}
