package model

import "testing"

func TestShortARNs(t *testing.T) {
	cases := map[string]string{
		"rule arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shared-alb/5b23d9fb/07a8e837/6a072e61 (priority 3)": "rule rule/6a072e61 (priority 3)",
		"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/env-feat-ghost/7240bd1e690e79c1":                               "targetgroup/env-feat-ghost",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/b9a5/3db5":                                         "listener/shared-alb/3db5",
		"a1b2c3/feat-x": "a1b2c3/feat-x",
	}
	for in, want := range cases {
		if got := ShortenARNs(in); got != want {
			t.Errorf("ShortenARNs(%q) = %q, want %q", in, got, want)
		}
	}
}
