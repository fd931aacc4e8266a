package aws

import (
	"errors"
	"testing"

	"github.com/envdeck/envdeck/model"
)

func TestCheckAccount(t *testing.T) {
	cases := map[string]struct {
		configured, caller string
		want               string
	}{
		"not configured": {"", "111", ""},
		"same":           {"222", "222", ""},
		"other account":  {"222", "111", "account 111 is not the configured account_id 222: refusing to change anything"},
		"caller unknown": {"222", "", "caller account unknown (STS failed), configured account_id is 222: refusing to change anything"},
		"nothing at all": {"", "", ""},
	}
	for name, tc := range cases {
		err := CheckAccount(&model.Config{AccountID: tc.configured}, tc.caller, "")
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: %q", name, got)
		}
	}
	if CheckAccount(nil, "1", "") != nil {
		t.Error("nil config")
	}
}

// The plan's account is checked first; each refusal is a *WrongAccountError
// saying which account was wanted and why.
func TestCheckAccountAgainstThePlan(t *testing.T) {
	cfg := &model.Config{AccountID: "222"}
	cases := map[string]struct {
		caller, plan string
		want         string
	}{
		"plan and config agree":  {"222", "222", ""},
		"plan for another":       {"222", "333", "the plan is for account 333 but the caller is in 222: refusing to change anything"},
		"caller unknown, plan":   {"", "222", "caller account unknown (STS failed), the plan is for account 222: refusing to change anything"},
		"no plan yet, wrong one": {"111", "", "account 111 is not the configured account_id 222: refusing to change anything"},
	}
	for name, tc := range cases {
		err := CheckAccount(cfg, tc.caller, tc.plan)
		got := ""
		if err != nil {
			got = err.Error()
			var wrong *WrongAccountError
			if !errors.As(err, &wrong) {
				t.Errorf("%s: %T is not a *WrongAccountError", name, err)
			}
		}
		if got != tc.want {
			t.Errorf("%s: %q", name, got)
		}
	}
}
