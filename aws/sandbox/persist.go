package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
)

// stateVersion is the format of a saved account.
const stateVersion = 1

type savedAccount struct {
	Version int    `json:"version"`
	State   *state `json:"state"`
}

// Save writes the account's state as JSON (for --sandbox-state).
func (a *Account) Save(w io.Writer) error {
	a.mu.Lock()
	b, err := json.MarshalIndent(savedAccount{Version: stateVersion, State: a.st}, "", "  ")
	a.mu.Unlock()
	if err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	return nil
}

// Load reads an account saved with Save. Options are the zero Options (no
// latency, real clock); change them with SetOptions.
func Load(r io.Reader) (*Account, error) {
	var sa savedAccount
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sa); err != nil {
		return nil, fmt.Errorf("load sandbox state: %w", err)
	}
	if sa.Version != stateVersion || sa.State == nil {
		return nil, fmt.Errorf("load sandbox state: unsupported version %d (want %d)", sa.Version, stateVersion)
	}
	st := sa.State
	if st.AccountID == "" || st.Region == "" {
		return nil, fmt.Errorf("load sandbox state: account_id and region are required")
	}
	// Quotas added since the file was written get their defaults.
	for _, q := range defaultQuotas() {
		if st.quota(q.ServiceCode, q.QuotaCode) == nil {
			st.Quotas = append(st.Quotas, q)
		}
	}
	opts := Options{AccountID: st.AccountID, Region: st.Region}.withDefaults()
	return &Account{opts: opts, st: st}, nil
}

// Replace gives a the state of b: the account a process loaded again from
// its state file after another process saved it. Clients of a see the new
// state from their next call.
func (a *Account) Replace(b *Account) {
	b.mu.Lock()
	st := b.st
	b.mu.Unlock()
	a.mu.Lock()
	a.st = st
	a.mu.Unlock()
}
