package aws

import (
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
		err := CheckAccount(&model.Config{AccountID: tc.configured}, tc.caller)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: %q", name, got)
		}
	}
	if CheckAccount(nil, "1") != nil {
		t.Error("nil config")
	}
}
