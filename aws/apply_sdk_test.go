package aws

import (
	"reflect"
	"testing"

	"github.com/envdeck/envdeck/model"
)

// What apply sends reads back (through discovery's converters) as the same
// definition: a restored rule fingerprints like the journaled one.
func TestSDKConditionsAndActionsRoundTrip(t *testing.T) {
	conds := []model.Condition{
		{Field: "path-pattern", Values: []string{"/a/*", "/b/*"}},
		{Field: "host-header", Values: []string{"pv-1.preview.example.com"}, Regex: []string{"^pv-[0-9]+$"}},
		{Field: "http-header", HeaderName: "X-Client", Values: []string{"ios"}},
		{Field: "http-request-method", Values: []string{"GET"}},
		{Field: "query-string", Values: []string{"v=2", "beta"}},
		{Field: "source-ip", Values: []string{"10.0.0.0/8"}},
	}
	if got := toConditions(sdkConditions(conds)); !reflect.DeepEqual(got, conds) {
		t.Fatalf("conditions round trip:\n got %+v\nwant %+v", got, conds)
	}
	actions := []model.Action{
		{Type: "forward", Order: 1, TargetGroups: []model.WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 1}}},
		{Type: "forward", Order: 2, TargetGroups: []model.WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 90}, {ARN: "arn:tg/b", Weight: 10}}},
		{Type: "fixed-response", Order: 3, FixedResponse: &model.FixedResponseConfig{StatusCode: "404", ContentType: "text/plain", MessageBody: "gone"}},
		{Type: "redirect", Order: 4, Redirect: &model.RedirectConfig{StatusCode: "HTTP_301", Host: "example.com", Path: "/x"}},
	}
	if got := toActions(sdkActions(actions)); !reflect.DeepEqual(got, actions) {
		t.Fatalf("actions round trip:\n got %+v\nwant %+v", got, actions)
	}
}

func TestNextFreePriority(t *testing.T) {
	tests := map[string]struct {
		lo, hi, from int
		taken        []int
		want         int
	}{
		"free":              {1000, 1010, 1005, nil, 1005},
		"probe up":          {1000, 1010, 1005, []int{1005, 1006}, 1007},
		"wrap":              {1000, 1002, 1002, []int{1002}, 1000},
		"full":              {1000, 1002, 1000, []int{1000, 1001, 1002}, 0},
		"from out of range": {1000, 1010, 5, nil, 1000},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			taken := map[int]bool{}
			for _, p := range tc.taken {
				taken[p] = true
			}
			if got := nextFreePriority(tc.lo, tc.hi, tc.from, taken); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestTagDiff(t *testing.T) {
	set, remove := tagDiff(map[string]string{"a": "1", "b": "2", "k": "true"}, map[string]string{"a": "1", "b": "3", "c": "4"})
	if !reflect.DeepEqual(set, map[string]string{"b": "3", "c": "4"}) || !reflect.DeepEqual(remove, []string{"k"}) {
		t.Fatalf("set %v remove %v", set, remove)
	}
}

func TestListenerOfRule(t *testing.T) {
	got := listenerOfRule("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee")
	if want := "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"; got != want {
		t.Fatalf("got %s", got)
	}
	if listenerOfRule("nope") != "" {
		t.Fatal("not a rule ARN")
	}
}
