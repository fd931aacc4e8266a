package aws

import "github.com/envdeck/envdeck/aws/journal"

// Journals is the journal store Apply writes to before each delete
// (package journal: a local folder or an S3 prefix).
type Journals = journal.Store

// LocalJournals keeps journals in dir on this machine (journal.Local).
func LocalJournals(dir string) Journals { return journal.Local(dir) }

// S3Journals keeps journals under s3://bucket/prefix (journal.S3) with the
// account's S3 client.
func S3Journals(api S3API, bucket, prefix string) Journals { return journal.S3(api, bucket, prefix) }
