package aws_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// leaseStores returns a fresh store of each kind: a directory, and a
// bucket in moto behind the logging proxy. moto 5.2.1 honours
// If-None-Match: * and If-Match on PutObject as S3 does (412
// PreconditionFailed when the condition fails, 404 NoSuchKey for If-Match
// on a missing key; checked by TestS3ConditionalWritesOnMoto), so the S3
// store is tested on moto itself.
func leaseStores(t *testing.T) map[string]aws.LeaseStore {
	t.Helper()
	_, c, bucket := leaseBucket(t)
	return map[string]aws.LeaseStore{
		"file": aws.FileLeases(t.TempDir()),
		"s3":   aws.S3Leases(c.S3, bucket, "envdeck/123456789012/us-east-1/"),
	}
}

var leaseBuckets atomic.Int32

// leaseBucket creates a new bucket in an empty moto and returns it with a proxy in
// front of moto and clients through the proxy.
func leaseBucket(t *testing.T) (*awstest.Proxy, aws.Clients, string) {
	t.Helper()
	return leaseBucketOn(t, awstest.SharedMoto(t)) // SharedMoto empties moto
}

// leaseBucketOn is leaseBucket on a moto already in use.
func leaseBucketOn(t *testing.T, moto string) (*awstest.Proxy, aws.Clients, string) {
	t.Helper()
	bucket := fmt.Sprintf("team-cache-%d", leaseBuckets.Add(1))
	c := awstest.MotoClients(t, moto)
	_, err := awstest.SDKOf(t, c).S3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: awssdk.String(bucket)})
	must(t, err)
	p := awstest.NewProxy(t, moto)
	return p, p.Clients(t), bucket
}

// One console takes the lease, renews it, and holds it until it stops
// renewing; another takes it over only once it expired by more than the
// skew margin (a holder that died), judged by its own clock; a released
// lease is taken at once.
func TestLeaseExpiryHandOverAndRelease(t *testing.T) {
	p := model.NewLeasePolicy(5 * time.Second) // TTL 15 s, skew 5 s
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for name, st := range leaseStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			steps := []struct {
				who      string
				at       time.Duration
				wantHeld bool
				wantBy   string
			}{
				{"a", 0, true, "a"},
				{"b", time.Second, false, "a"},
				{"a", 5 * time.Second, true, "a"}, // renewed: expires at 20 s
				{"b", 21 * time.Second, false, "a"},
				// b's clock is 5 s behind a's: at a's 25 s, b sees 20 s and
				// must not take it; at its own 26 s it may (a died at 5 s).
				{"b", 25*time.Second - p.Skew, false, "a"},
				{"b", 26 * time.Second, true, "b"},
				{"a", 27 * time.Second, false, "b"}, // a woke up: it lost the lease
			}
			for i, s := range steps {
				l, held, err := st.Acquire(ctx, s.who, p, t0.Add(s.at))
				if err != nil || held != s.wantHeld || l.Holder != s.wantBy {
					t.Fatalf("step %d (%s at %v): held %v by %q (%v), want %v by %q", i, s.who, s.at, held, l.Holder, err, s.wantHeld, s.wantBy)
				}
			}
			must(t, st.Release(ctx, "a", t0.Add(28*time.Second))) // not a's: no effect
			if _, held, _ := st.Acquire(ctx, "c", p, t0.Add(28*time.Second)); held {
				t.Fatal("c took b's live lease after a's release")
			}
			must(t, st.Release(ctx, "b", t0.Add(29*time.Second)))
			if l, held, err := st.Acquire(ctx, "c", p, t0.Add(29*time.Second)); !held || err != nil {
				t.Fatalf("c did not take the released lease: %+v %v", l, err)
			}
		})
	}
}

// Consoles racing for a free lease: exactly one wins, every time.
func TestLeaseRaceHasOneWinner(t *testing.T) {
	p := model.NewLeasePolicy(5 * time.Second)
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for name, st := range leaseStores(t) {
		t.Run(name, func(t *testing.T) {
			for round := 0; round < 3; round++ {
				// round 0 races to create the lease, later rounds to take
				// over an expired one (a replace on the version read).
				at := now.Add(time.Duration(round) * time.Hour)
				var wg sync.WaitGroup
				var mu sync.Mutex
				won := 0
				for i := 0; i < 3; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, held, err := st.Acquire(context.Background(), string(rune('a'+i))+string(rune('0'+round)), p, at)
						if err != nil {
							t.Errorf("acquire: %v", err)
						}
						mu.Lock()
						defer mu.Unlock()
						if held {
							won++
						}
					}()
				}
				wg.Wait()
				if won != 1 {
					t.Errorf("round %d: %d consoles hold the lease, want 1", round, won)
				}
			}
		})
	}
}

// moto 5.2.1 implements S3's conditional writes; this pins it, so the
// lease tests above keep testing what S3 does.
func TestS3ConditionalWritesOnMoto(t *testing.T) {
	_, c, bucket := leaseBucket(t)
	sdk := awstest.SDKOf(t, c).S3
	ctx := context.Background()
	put := func(cond func(*s3.PutObjectInput)) (string, error) {
		in := &s3.PutObjectInput{Bucket: awssdk.String(bucket), Key: awssdk.String("probe"), Body: nil}
		cond(in)
		out, err := sdk.PutObject(ctx, in)
		if err != nil {
			return "", err
		}
		return awssdk.ToString(out.ETag), nil
	}
	etag, err := put(func(in *s3.PutObjectInput) { in.IfNoneMatch = awssdk.String("*") })
	must(t, err)
	if _, err := put(func(in *s3.PutObjectInput) { in.IfNoneMatch = awssdk.String("*") }); !isCode(err, "PreconditionFailed") {
		t.Errorf("second If-None-Match: * write: %v, want PreconditionFailed", err)
	}
	if _, err := put(func(in *s3.PutObjectInput) { in.IfMatch = awssdk.String(`"0123"`) }); !isCode(err, "PreconditionFailed") {
		t.Errorf("If-Match on a wrong ETag: %v, want PreconditionFailed", err)
	}
	if _, err := put(func(in *s3.PutObjectInput) { in.IfMatch = awssdk.String(etag) }); err != nil {
		t.Errorf("If-Match on the current ETag: %v", err)
	}
}

func isCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}
