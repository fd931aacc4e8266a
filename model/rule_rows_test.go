package model

import "testing"

func TestConditionsAndActionsText(t *testing.T) {
	names := map[string]string{"arn:tg/a": "env-a"}
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"no conditions", ConditionsText(nil), "-"},
		{"path", ConditionsText([]Condition{{Field: "path-pattern", Values: []string{"/a/*", "/b/*"}}}), "path-pattern=/a/*,/b/*"},
		{"header and regex", ConditionsText([]Condition{{Field: "http-header", HeaderName: "X-Env", Values: []string{"a"}, Regex: []string{"^b$"}}}), "http-header[X-Env]=a,^b$"},
		{"two conditions", ConditionsText([]Condition{{Field: "host-header", Values: []string{"a.example.com"}}, {Field: "path-pattern", Values: []string{"/x"}}}), "host-header=a.example.com path-pattern=/x"},
		{"no actions", ActionsText(nil, names), "-"},
		{"forward by name", ActionsText([]Action{{Type: "forward", TargetGroups: []WeightedTargetGroup{{ARN: "arn:tg/a"}, {Name: "env-b"}}}}, names), "forward env-a,env-b"},
		{"forward unknown ARN", ActionsText([]Action{{Type: "forward", TargetGroups: []WeightedTargetGroup{{ARN: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/env-z/abc"}}}}, names), "forward env-z"},
		{"fixed and redirect", ActionsText([]Action{{Type: "fixed-response", FixedResponse: &FixedResponseConfig{StatusCode: "404"}}, {Type: "redirect"}}, names), "fixed 404; redirect"},
		{"short rule ARN", ShortARN("arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/lb/1/2/3"), "listener-rule/app/lb/1/2/3"},
		{"short TG ARN", ShortARN("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/env-a/9"), "targetgroup/env-a/9"},
		{"other IDs unchanged", ShortARN("abc/def"), "abc/def"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestRuleRowsOrder(t *testing.T) {
	l := "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/lb/1/2"
	snap := &Snapshot{
		Listeners: []Listener{{ARN: l, Port: 443, Protocol: "HTTPS"}},
		Rules: []Rule{
			{ARN: "d", ListenerARN: l, IsDefault: true},
			{ARN: "r20", ListenerARN: l, Priority: 20, Tags: map[string]string{"envdeck:managed-by": "envdeck"}},
			{ARN: "r5", ListenerARN: l, Priority: 5},
		},
	}
	inv := &Inventory{Snapshot: snap,
		Environments: []Environment{{Name: "feat-a", Resources: []ResourceRef{{Type: TypeRule, ID: "r20"}}}},
		Findings:     []Finding{{Kind: FindingUnmanaged, Resource: ResourceRef{ID: "r5"}}},
	}
	rows := RuleRows(inv, (&Config{}).Keys())
	var got []string
	for _, r := range rows {
		got = append(got, r.Priority+"/"+r.Environment+"/"+r.Listener)
	}
	want := []string{"5//lb:443 HTTPS", "20/feat-a/lb:443 HTTPS", "default//lb:443 HTTPS"}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
	if !rows[1].Owned || rows[0].Owned || len(rows[0].Findings) != 1 || len(rows[1].Findings) != 0 {
		t.Errorf("ownership/findings: %+v", rows)
	}
}
