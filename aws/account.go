package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/envdeck/envdeck/model"
)

// WrongAccountError: the caller is not in the account the plan (or the
// configured account_id) is for. Nothing was changed.
type WrongAccountError struct {
	Caller string // "" when STS could not say
	Want   string
	Source string // "plan" | "account_id"
}

func (e *WrongAccountError) Error() string {
	switch {
	case e.Caller == "" && e.Source == "plan":
		return fmt.Sprintf("caller account unknown (STS failed), the plan is for account %s: refusing to change anything", e.Want)
	case e.Caller == "":
		return fmt.Sprintf("caller account unknown (STS failed), configured account_id is %s: refusing to change anything", e.Want)
	case e.Source == "plan":
		return fmt.Sprintf("the plan is for account %s but the caller is in %s: refusing to change anything", e.Want, e.Caller)
	}
	return fmt.Sprintf("account %s is not the configured account_id %s: refusing to change anything", e.Caller, e.Want)
}

// CheckAccount is envdeck's one account check: the caller's account (as
// STS named it; "" when it could not) must be the one the plan was made
// for (planAccount; "" when there is no plan yet) and the configured
// account_id. It returns a *WrongAccountError, or nil. Apply makes it
// before any change; the CLI makes it too before asking to confirm.
func CheckAccount(cfg *model.Config, caller, planAccount string) error {
	if planAccount != "" && caller != planAccount {
		return &WrongAccountError{Caller: caller, Want: planAccount, Source: "plan"}
	}
	if cfg != nil && cfg.AccountID != "" && caller != cfg.AccountID {
		return &WrongAccountError{Caller: caller, Want: cfg.AccountID, Source: "account_id"}
	}
	return nil
}

// checkCaller asks STS who the caller is, now, and makes the account check
// (no call when neither the plan nor the config names an account).
func checkCaller(ctx context.Context, c Clients, cfg *model.Config, plan model.Plan) error {
	if plan.Account == "" && cfg.AccountID == "" {
		return nil
	}
	caller := ""
	if c.STS != nil {
		out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return fmt.Errorf("%w (%s)", CheckAccount(cfg, "", plan.Account), OneLine(err))
		}
		caller = awssdk.ToString(out.Account)
	}
	return CheckAccount(cfg, caller, plan.Account)
}
