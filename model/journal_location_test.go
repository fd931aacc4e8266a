package model

import (
	"strings"
	"testing"
)

func TestParseJournalLocation(t *testing.T) {
	for _, tc := range []struct {
		in, bucket, prefix string
		err                string
	}{
		{"s3://team-journals", "team-journals", "", ""},
		{"s3://team-journals/", "team-journals", "", ""},
		{"s3://team-journals/envdeck/prod/", "team-journals", "envdeck/prod", ""},
		{"s3://a.b-c/x", "a.b-c", "x", ""},
		{"team-journals/envdeck", "", "", "want s3://"},
		{"/var/lib/envdeck", "", "", "want s3://"},
		{"s3://", "", "", "not an S3 bucket name"},
		{"s3://Team/x", "", "", "not an S3 bucket name"},
		{"s3://ab/x", "", "", "not an S3 bucket name"},
		{"s3://a..b/x", "", "", "not an S3 bucket name"},
		{"s3://bucket/a//b", "", "", "empty, . or .."},
		{"s3://bucket/a/../b", "", "", "empty, . or .."},
	} {
		b, p, err := ParseJournalLocation(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || b != tc.bucket || p != tc.prefix {
			t.Errorf("%q = %q, %q, %v; want %q, %q", tc.in, b, p, err, tc.bucket, tc.prefix)
		}
	}
	cfg := planConfig()
	cfg.Journal = "journals/envdeck"
	if err := cfg.Validate(); err == nil || !strings.HasPrefix(err.Error(), "journal: ") {
		t.Errorf("a journal that is no s3:// location: %v", err)
	}
	cfg.Journal = "s3://team-journals/envdeck"
	if err := cfg.Validate(); err != nil {
		t.Errorf("s3://team-journals/envdeck: %v", err)
	}
}
