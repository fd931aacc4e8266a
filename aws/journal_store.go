package aws

import (
	"context"

	"github.com/envdeck/envdeck/model"
)

// Journals is where the journals of applies are kept: a folder of this
// machine (LocalJournals) or an S3 prefix the team shares (S3Journals).
// Both behave the same: an apply that deletes something gets one journal,
// made with its first entry, and each entry is stored before the delete it
// precedes; List and Read give back what was stored, newest first.
type Journals interface {
	// Where names the store in messages: a folder or s3://bucket/prefix.
	Where() string
	// List describes every journal of the store, newest first. A store
	// that does not exist yet holds no journal; one that cannot be read is
	// an error.
	List(ctx context.Context) ([]JournalInfo, error)
	// Read returns the entries and header of journal id (see ReadJournal).
	Read(ctx context.Context, id string) ([]model.JournalEntry, JournalMeta, error)
	// begin prepares the journal of one apply; onCreate is told its ID
	// when its first entry is stored.
	begin(ctx context.Context, meta JournalMeta, onCreate func(id string)) (journalWriter, error)
}

// journalWriter is one apply's journal: append returns once the entry is
// stored durably (synced, or acknowledged by S3).
type journalWriter interface {
	append(e model.JournalEntry) error
	close() error
}

// LocalJournals keeps journals in dir on this machine (0700, files 0600).
func LocalJournals(dir string) Journals { return localJournals{dir: dir} }

type localJournals struct{ dir string }

func (l localJournals) Where() string { return l.dir }

func (l localJournals) List(context.Context) ([]JournalInfo, error) { return ListJournals(l.dir) }

func (l localJournals) Read(_ context.Context, id string) ([]model.JournalEntry, JournalMeta, error) {
	return ReadJournal(l.dir, id)
}

// begin makes the folder now, so one that cannot be made fails before any change.
func (l localJournals) begin(_ context.Context, meta JournalMeta, onCreate func(string)) (journalWriter, error) {
	j, err := createJournal(l.dir, meta)
	if err != nil {
		return nil, err
	}
	j.onCreate = onCreate
	return j, nil
}
