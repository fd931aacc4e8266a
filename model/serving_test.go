package model

import "testing"

func TestCountServing(t *testing.T) {
	groups := map[string]*TargetGroup{
		"ip":      {ARN: "ip", HealthRead: true, HealthCheckEnabled: true, Targets: []Target{{State: "healthy"}, {State: "unhealthy"}}},
		"lambda":  {ARN: "lambda", HealthRead: true, Targets: []Target{{State: "unavailable", Reason: "Target.HealthCheckDisabled"}}},
		"unread":  {ARN: "unread"},
		"nobody":  {ARN: "nobody", HealthRead: true},
		"nocheck": {ARN: "nocheck", HealthRead: true, Targets: []Target{{State: "unavailable"}}},
	}
	env := func(arns ...string) *Environment {
		e := &Environment{}
		for _, a := range arns {
			e.Resources = append(e.Resources, ResourceRef{Type: TypeTargetGroup, ID: a})
		}
		return e
	}
	lookup := func(arn string) (*TargetGroup, bool) { g, ok := groups[arn]; return g, ok }
	for name, tc := range map[string]struct {
		e     *Environment
		cell  string
		ratio float64
	}{
		"no target group":          {env(), "-", -1},
		"one of two healthy":       {env("ip"), "1/2", 0.5},
		"lambda, checks off":       {env("lambda"), "1/1", 1},
		"unavailable, checks off":  {env("nocheck"), "1/1", 1},
		"still reading":            {env("unread"), "…", -1},
		"read so far, more coming": {env("ip", "unread"), "1/2…", 0.5},
		"no targets":               {env("nobody"), "0/0", 0},
		"unknown group":            {env("gone"), "0/0", 0},
	} {
		c := CountServing(tc.e, lookup)
		if c.String() != tc.cell || c.Ratio() != tc.ratio {
			t.Errorf("%s: %q %v, want %q %v", name, c.String(), c.Ratio(), tc.cell, tc.ratio)
		}
	}
}
