package journal

import (
	"context"

	"github.com/envdeck/envdeck/model"
)

// Store is where the journals of applies are kept: a folder of this
// machine (Local) or an S3 prefix the team shares (S3).
// Both behave the same: an apply that deletes something gets one journal,
// made with its first entry, and each entry is stored before the delete it
// precedes; List and Read give back what was stored, newest first.
type Store interface {
	// Where names the store in messages: a folder or s3://bucket/prefix.
	Where() string
	// List describes every journal of the store, newest first. A store
	// that does not exist yet holds no journal; one that cannot be read is
	// an error.
	List(ctx context.Context) ([]Info, error)
	// Read returns the entries and header of journal id (see ReadFile).
	Read(ctx context.Context, id string) ([]model.JournalEntry, Meta, error)
	// Begin prepares the journal of one apply; onCreate is told its ID
	// when its first entry is stored.
	Begin(ctx context.Context, meta Meta, onCreate func(id string)) (Writer, error)
}

// Writer is one apply's journal: Append returns once the entry is
// stored durably (synced, or acknowledged by S3).
type Writer interface {
	Append(e model.JournalEntry) error
	Close() error
}

// Local keeps journals in dir on this machine (0700, files 0600).
func Local(dir string) Store { return localStore{dir: dir} }

type localStore struct{ dir string }

func (l localStore) Where() string { return l.dir }

func (l localStore) List(context.Context) ([]Info, error) { return ListDir(l.dir) }

func (l localStore) Read(_ context.Context, id string) ([]model.JournalEntry, Meta, error) {
	return ReadFile(l.dir, id)
}

// begin makes the folder now, so one that cannot be made fails before any change.
func (l localStore) Begin(_ context.Context, meta Meta, onCreate func(string)) (Writer, error) {
	j, err := createFile(l.dir, meta)
	if err != nil {
		return nil, err
	}
	j.onCreate = onCreate
	return j, nil
}
