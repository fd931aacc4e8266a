package aws

import (
	"context"
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// notDangling reads the account's distributions again just before a step
// that deletes a record because no distribution held its name
// (model.Step.RequireDangling): a distribution that holds it now makes the
// record live, and the step drift. It returns why ("" when the record is
// still dangling); an error when the distributions cannot be read (nothing
// is deleted on a guess).
func (a *applier) notDangling(ctx context.Context, st model.Step) (string, error) {
	if !st.RequireDangling || st.Def == nil || st.Def.Record == nil {
		return "", nil
	}
	ds, err := readAccountDistributions(ctx, a.c, DefaultConcurrency)
	if err != nil {
		return "", fmt.Errorf("re-read the account's distributions: %w", err)
	}
	name := st.Def.Record.Name
	if id := model.RecordHeldBy(ds, name); id != "" {
		return fmt.Sprintf("record %s is no longer dangling: distribution %s holds it as an alias now", name, id), nil
	}
	return "", nil
}
