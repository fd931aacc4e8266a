package model

import (
	"fmt"
	"regexp"
	"strings"
)

// reBucket is an S3 bucket name: 3-63 lowercase letters, digits, dots and
// hyphens, starting and ending with a letter or digit.
var reBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// ParseJournalLocation reads the journal key: s3://BUCKET or
// s3://BUCKET/PREFIX (slashes around the prefix do not matter).
func ParseJournalLocation(s string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q: want s3://bucket/prefix (absent: the local state folder)", s)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !reBucket.MatchString(bucket) || strings.Contains(bucket, "..") {
		return "", "", fmt.Errorf("%q: %q is not an S3 bucket name", s, bucket)
	}
	prefix = strings.Trim(prefix, "/")
	for _, seg := range strings.Split(prefix, "/") {
		if prefix != "" && (seg == "" || seg == "." || seg == "..") {
			return "", "", fmt.Errorf("%q: the prefix has an empty, . or .. segment", s)
		}
	}
	return bucket, prefix, nil
}
