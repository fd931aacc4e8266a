package aws

import (
	"context"
	"errors"

	"github.com/envdeck/envdeck/model"
)

// Apply executes plan at the account's full rate, after judging a fresh
// read by the same policy as the CLI's: the plan was made from the
// screen's read, which may be older or partial. The account is checked by
// aws.Apply (the plan names the account it was read from).
func (b *Console) Apply(ctx context.Context, plan model.Plan, events chan<- model.StepEvent) (model.ApplyResult, error) {
	if b.o.ReadOnly {
		return model.ApplyResult{}, errors.New("read-only: refusing to apply")
	}
	if b.o.Lock != nil {
		release, err := b.o.Lock()
		if err != nil {
			return model.ApplyResult{}, err
		}
		defer release()
	}
	snap := Discover(ctx, b.c, b.o.Config, DiscoverOptions{SkipHealth: true})
	if err := model.CheckComplete(snap, plan.Kind); err != nil {
		return model.ApplyResult{}, err
	}
	var js Journals
	if b.o.Journals != nil {
		var err error
		if js, err = b.o.Journals(ctx); err != nil {
			return model.ApplyResult{}, err
		}
	}
	res, err := Apply(ctx, b.c, b.o.Config, plan, js, events)
	// The console's read after an apply is one the user waits for: at the
	// full rate, like the first load.
	b.BeginFullRead()
	if b.o.Applied != nil {
		if aerr := b.o.Applied(); aerr != nil && err == nil {
			err = aerr
		}
	}
	return res, err
}
