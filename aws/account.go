package aws

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// CheckAccount refuses to mutate an account other than the configured
// account_id (nil when none is configured). An unknown caller account
// (STS failed) is refused too when account_id is set.
func CheckAccount(cfg *model.Config, account string) error {
	if cfg == nil || cfg.AccountID == "" {
		return nil
	}
	if account == "" {
		return fmt.Errorf("caller account unknown (STS failed), configured account_id is %s: refusing to change anything", cfg.AccountID)
	}
	if account != cfg.AccountID {
		return fmt.Errorf("account %s is not the configured account_id %s: refusing to change anything", account, cfg.AccountID)
	}
	return nil
}

// GuardAccount refuses to mutate an account that a read could not name
// (STS failed), other than the configured one, or other than the one plan
// was made for (nil: no plan yet).
func GuardAccount(cfg *model.Config, account string, plan *model.Plan) error {
	if account == "" {
		return fmt.Errorf("the caller's account is unknown (STS failed): refusing to change anything")
	}
	if err := CheckAccount(cfg, account); err != nil {
		return err
	}
	if plan != nil && plan.Account != account {
		return fmt.Errorf("plan was made for account %s but the caller is in %s: refusing", plan.Account, account)
	}
	return nil
}
