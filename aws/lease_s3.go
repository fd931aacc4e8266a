package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/envdeck/envdeck/model"
)

// S3LeaseAPI is what the shared refresh needs of S3: conditional writes and
// reads of two objects.
type S3LeaseAPI interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

var _ S3LeaseAPI = S3API(nil)

// S3Leases keeps the lease and the published snapshot under
// s3://bucket/prefix (the config's cache key), for consoles on several
// machines: PREFIX/lease.json is taken with a conditional write
// (If-None-Match: * creates it only when absent; If-Match: ETag replaces
// only the version read), so of two consoles racing one wins and the
// other gets 412 PreconditionFailed; PREFIX/published.json is what its
// holder read, and another console's refresh is one GetObject of it.
func S3Leases(api S3LeaseAPI, bucket, prefix string) LeaseStore {
	return s3Leases{api: api, bucket: bucket, prefix: strings.Trim(prefix, "/")}
}

type s3Leases struct {
	api            S3LeaseAPI
	bucket, prefix string
}

func (s s3Leases) key(name string) string {
	if s.prefix == "" {
		return name
	}
	return s.prefix + "/" + name
}

func (s s3Leases) Where() string { return "s3://" + s.bucket + "/" + s.key("") }

func (s s3Leases) Acquire(ctx context.Context, holder string, p model.LeasePolicy, now time.Time) (model.Lease, bool, error) {
	return acquire(ctx, s, holder, p, now)
}

func (s s3Leases) Release(ctx context.Context, holder string, now time.Time) error {
	return release(ctx, s, holder, now)
}

func (s s3Leases) read(ctx context.Context) (model.Lease, string, bool, error) {
	b, etag, err := s.get(ctx, leaseFile)
	if err != nil || b == nil {
		return model.Lease{}, "", false, err
	}
	var l model.Lease
	if json.Unmarshal(b, &l) != nil {
		l = model.Lease{} // torn or foreign: free
	}
	return l, etag, true, nil
}

func (s s3Leases) create(ctx context.Context, l model.Lease) (bool, error) {
	return s.putLease(ctx, l, func(in *s3.PutObjectInput) { in.IfNoneMatch = awssdk.String("*") })
}

func (s s3Leases) replace(ctx context.Context, version string, l model.Lease) (bool, error) {
	return s.putLease(ctx, l, func(in *s3.PutObjectInput) { in.IfMatch = awssdk.String(version) })
}

// putLease writes the lease on a condition; a condition that does not
// hold (412, 409 for a concurrent conditional write, 404 for If-Match on
// an object deleted meanwhile) is a lost race, not an error.
func (s s3Leases) putLease(ctx context.Context, l model.Lease, cond func(*s3.PutObjectInput)) (bool, error) {
	b, err := json.Marshal(l)
	if err != nil {
		return false, err
	}
	in := s.putInput(leaseFile, b)
	cond(in)
	if _, err := s.api.PutObject(ctx, in); err != nil {
		if lostRace(err) {
			return false, nil
		}
		return false, fmt.Errorf("lease %s: %w", s.Where(), err)
	}
	return true, nil
}

func lostRace(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "PreconditionFailed", "ConditionalRequestConflict", "NoSuchKey":
			return true
		}
	}
	var missing *s3types.NoSuchKey
	return errors.As(err, &missing)
}

func (s s3Leases) putInput(name string, b []byte) *s3.PutObjectInput {
	return &s3.PutObjectInput{
		Bucket: awssdk.String(s.bucket), Key: awssdk.String(s.key(name)), Body: bytes.NewReader(b),
		ContentType: awssdk.String("application/json"), ServerSideEncryption: s3types.ServerSideEncryptionAes256,
	}
}

func (s s3Leases) Publish(ctx context.Context, data []byte) error {
	if _, err := s.api.PutObject(ctx, s.putInput(publishedFile, data)); err != nil {
		return fmt.Errorf("publish to %s: %w", s.Where(), err)
	}
	return nil
}

func (s s3Leases) Fetch(ctx context.Context) ([]byte, error) {
	b, _, err := s.get(ctx, publishedFile)
	return b, err
}

// get reads one object and its ETag; nil when it does not exist.
func (s s3Leases) get(ctx context.Context, name string) ([]byte, string, error) {
	out, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: awssdk.String(s.bucket), Key: awssdk.String(s.key(name))})
	if err != nil {
		var missing *s3types.NoSuchKey
		if errors.As(err, &missing) {
			return nil, "", nil
		}
		return nil, "", fmt.Errorf("read %s%s: %w", s.Where(), name, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, "", fmt.Errorf("read %s%s: %w", s.Where(), name, err)
	}
	return b, awssdk.ToString(out.ETag), nil
}
