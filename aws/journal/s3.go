package journal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/envdeck/envdeck/model"
)

// S3API is what a shared store needs of S3: one object per apply, listed
// and read by restore and the forecast (aws.S3API, the account's client,
// satisfies it).
type S3API interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	ListObjectsV2(context.Context, *s3.ListObjectsV2Input, ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// S3 keeps journals under s3://bucket/prefix, where every runner
// and laptop of the team finds them: one object per apply, PREFIX/ID.jsonl,
// the same lines as a local journal file. S3 cannot append, so each entry
// rewrites the whole object: it is always a complete journal, and reading
// one back (restore, and the forecast on every read) costs one GetObject
// per apply instead of one per entry. Objects ask for server-side
// encryption (AES256): they hold full definitions of the account's
// resources.
func S3(api S3API, bucket, prefix string) Store {
	return s3Store{api: api, bucket: bucket, prefix: strings.Trim(prefix, "/")}
}

type s3Store struct {
	api            S3API
	bucket, prefix string
}

func (s s3Store) Where() string {
	if s.prefix == "" {
		return "s3://" + s.bucket
	}
	return "s3://" + s.bucket + "/" + s.prefix
}

// listPrefix is what every journal key starts with.
func (s s3Store) listPrefix() string {
	if s.prefix == "" {
		return ""
	}
	return s.prefix + "/"
}

func (s s3Store) key(id string) string { return s.listPrefix() + id + ext }

func (s s3Store) List(ctx context.Context) ([]Info, error) {
	var out []Info
	in := &s3.ListObjectsV2Input{Bucket: awssdk.String(s.bucket), Prefix: awssdk.String(s.listPrefix())}
	for {
		page, err := s.api.ListObjectsV2(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list journals in %s: %w", s.Where(), err)
		}
		for _, obj := range page.Contents {
			name := strings.TrimPrefix(awssdk.ToString(obj.Key), s.listPrefix())
			if strings.Contains(name, "/") || !strings.HasSuffix(name, ext) {
				continue
			}
			id := strings.TrimSuffix(name, ext)
			entries, meta, err := s.Read(ctx, id)
			if err != nil && entries == nil && meta.Time.IsZero() {
				if ctx.Err() != nil {
					return nil, err
				}
				continue // unreadable: not one of ours
			}
			out = append(out, newInfo(id, "s3://"+s.bucket+"/"+s.key(id), entries, meta))
		}
		if !awssdk.ToBool(page.IsTruncated) || page.NextContinuationToken == nil {
			break
		}
		in.ContinuationToken = page.NextContinuationToken
	}
	sortInfos(out)
	return out, nil
}

func (s s3Store) Read(ctx context.Context, id string) ([]model.JournalEntry, Meta, error) {
	if err := checkID(id); err != nil {
		return nil, Meta{}, err
	}
	id = strings.TrimSuffix(id, ext)
	obj, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: awssdk.String(s.bucket), Key: awssdk.String(s.key(id))})
	if err != nil {
		var missing *s3types.NoSuchKey
		if errors.As(err, &missing) {
			return nil, Meta{}, fmt.Errorf("journal %s: not in %s", id, s.Where())
		}
		return nil, Meta{}, fmt.Errorf("journal %s: read %s: %w", id, s.Where(), err)
	}
	defer obj.Body.Close()
	return parse(id, obj.Body)
}

func (s s3Store) Begin(ctx context.Context, meta Meta, onCreate func(string)) (Writer, error) {
	return &s3Journal{ctx: ctx, store: s, meta: meta, onCreate: onCreate}, nil
}

// s3Journal is one apply's journal object, rewritten whole by each entry.
type s3Journal struct {
	ctx      context.Context // the apply's: a journal write is part of its step
	store    s3Store
	meta     Meta
	onCreate func(id string)

	mu    sync.Mutex
	id    string
	lines []byte // header and entries so far, one JSON document per line
	err   error  // the first failed write: every later entry fails with it
}

func (j *s3Journal) Append(e model.JournalEntry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("journal: encode: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return j.err
	}
	first := j.id == ""
	if first {
		header, err := json.Marshal(j.meta)
		if err != nil {
			return fmt.Errorf("journal: encode: %w", err)
		}
		j.id = newID(j.meta.Time)
		j.lines = append(header, '\n')
	}
	j.lines = append(append(j.lines, line...), '\n')
	if err := j.put(); err != nil {
		// Nothing after a failed write may delete: its entry is not stored.
		j.err = err
		return err
	}
	if first && j.onCreate != nil {
		j.onCreate(j.id)
	}
	return nil
}

// put stores the journal as it is now; caller holds mu.
func (j *s3Journal) put() error {
	key := j.store.key(j.id)
	_, err := j.store.api.PutObject(j.ctx, &s3.PutObjectInput{
		Bucket:               awssdk.String(j.store.bucket),
		Key:                  awssdk.String(key),
		Body:                 bytes.NewReader(j.lines),
		ContentType:          awssdk.String("application/x-ndjson"),
		ServerSideEncryption: s3types.ServerSideEncryptionAes256,
	})
	if err != nil {
		return fmt.Errorf("journal: write s3://%s/%s: %w", j.store.bucket, key, err)
	}
	return nil
}

func (j *s3Journal) Close() error { return nil }
