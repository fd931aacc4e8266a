package model

import (
	"strings"
	"testing"
)

func TestParseTargets(t *testing.T) {
	const fn = "arn:aws:lambda:us-east-1:123456789012:function:app-pr-12"
	cases := []struct {
		kind   string
		values []string
		want   []Target
		err    string
	}{
		{"lambda", []string{fn}, []Target{{ID: fn}}, ""},
		{"lambda", []string{fn + ":live"}, []Target{{ID: fn + ":live"}}, ""},
		{"lambda", []string{fn, fn + "-2"}, nil, "a lambda target group takes one function, got 2"},
		{"lambda", []string{"10.0.0.1"}, nil, `--target "10.0.0.1": want a Lambda function ARN`},
		{"ip", []string{"10.0.1.7", "10.0.1.8:8080", "[fd00::1]:443", "fd00::2"},
			[]Target{{ID: "10.0.1.7"}, {ID: "10.0.1.8", Port: 8080}, {ID: "fd00::1", Port: 443}, {ID: "fd00::2"}}, ""},
		{"ip", []string{"10.0.1.300"}, nil, "want an IP address"},
		{"ip", []string{"10.0.1.7:0"}, nil, `port "0" is not 1-65535`},
		{"instance", []string{"i-0abc12345678", "i-0abc12345679:81"}, []Target{{ID: "i-0abc12345678"}, {ID: "i-0abc12345679", Port: 81}}, ""},
		{"instance", []string{"web-1"}, nil, "want an instance ID"},
		{"alb", []string{"x"}, nil, `target group type "alb" takes no targets`},
		{"lambda", nil, nil, ""},
	}
	for _, tc := range cases {
		got, err := ParseTargets(tc.kind, tc.values)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %v: error %v, want %q", tc.kind, tc.values, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%s %v: %v %v", tc.kind, tc.values, got, err)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s %v: %+v, want %+v", tc.kind, tc.values, got[i], tc.want[i])
			}
		}
	}
}

func TestPlanCreateTargets(t *testing.T) {
	const fn = "arn:aws:lambda:us-east-1:123456789012:function:app-feat-a"
	p, err := PlanCreate(planInventory(), planConfig(), CreateRequest{Name: "feat-a", Owner: "alice", Targets: []string{fn}}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	tg := p.Steps[0].Def.TargetGroup
	if p.Steps[0].Type != TypeTargetGroup || len(tg.Targets) != 1 || tg.Targets[0].ID != fn || !strings.HasSuffix(p.Steps[0].Reason, ", registers "+fn) {
		t.Fatalf("first step %+v with targets %+v", p.Steps[0], tg.Targets)
	}
	if _, err := PlanCreate(planInventory(), planConfig(), CreateRequest{Name: "feat-a", Targets: []string{"i-0abc12345678"}}, planNow); err == nil ||
		!strings.Contains(err.Error(), `cannot create "feat-a": --target "i-0abc12345678": want a Lambda function ARN`) {
		t.Fatalf("an instance in a lambda group: %v", err)
	}
}
