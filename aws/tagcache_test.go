package aws

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// tagsELB answers DescribeTags from a map and records each call's ARNs.
type tagsELB struct {
	ELBV2API
	tags  map[string]string // arn → value of tag "v"
	calls [][]string
	fail  error
}

func (f *tagsELB) DescribeTags(_ context.Context, in *elbv2.DescribeTagsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error) {
	f.calls = append(f.calls, slices.Clone(in.ResourceArns))
	if f.fail != nil {
		return nil, f.fail
	}
	out := &elbv2.DescribeTagsOutput{}
	for _, a := range in.ResourceArns {
		if v, ok := f.tags[a]; ok {
			out.TagDescriptions = append(out.TagDescriptions, elbtypes.TagDescription{ResourceArn: awssdk.String(a),
				Tags: []elbtypes.Tag{{Key: awssdk.String("v"), Value: awssdk.String(v)}}})
		}
	}
	return out, nil
}

func (f *tagsELB) AddTags(_ context.Context, in *elbv2.AddTagsInput, _ ...func(*elbv2.Options)) (*elbv2.AddTagsOutput, error) {
	for _, a := range in.ResourceArns {
		f.tags[a] = awssdk.ToString(in.Tags[0].Value)
	}
	return &elbv2.AddTagsOutput{}, nil
}

func describe(t *testing.T, c Clients, arns ...string) map[string]string {
	t.Helper()
	out, err := c.ELB.DescribeTags(context.Background(), &elbv2.DescribeTagsInput{ResourceArns: arns})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var order []string
	for _, d := range out.TagDescriptions {
		a := awssdk.ToString(d.ResourceArn)
		order = append(order, a)
		got[a] = awssdk.ToString(d.Tags[0].Value)
	}
	want := slices.DeleteFunc(slices.Clone(arns), func(a string) bool { _, ok := got[a]; return !ok })
	if !slices.Equal(order, want) {
		t.Fatalf("descriptions in order %v, want %v", order, want)
	}
	return got
}

func TestTagCache(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	type step struct {
		name      string
		advance   time.Duration
		change    map[string]string // upstream changes before the step
		ask       []string
		wantCalls [][]string // upstream calls made by this step
		want      map[string]string
	}
	steps := []step{
		{name: "cold: one call for all", ask: []string{"a", "b", "c"},
			wantCalls: [][]string{{"a", "b", "c"}}, want: map[string]string{"a": "1", "b": "1", "c": "1"}},
		{name: "warm: no call", advance: time.Minute, ask: []string{"a", "b", "c"},
			want: map[string]string{"a": "1", "b": "1", "c": "1"}},
		{name: "a new resource: only it is asked", advance: time.Second, change: map[string]string{"d": "1"},
			ask: []string{"a", "d", "b"}, wantCalls: [][]string{{"d"}}, want: map[string]string{"a": "1", "b": "1", "d": "1"}},
		{name: "unknown resource: asked every time, not described", ask: []string{"a", "zz"},
			wantCalls: [][]string{{"zz"}}, want: map[string]string{"a": "1"}},
		{name: "stale: one re-read call, stale served meanwhile", advance: 5 * time.Minute, change: map[string]string{"a": "2", "b": "2"},
			ask: []string{"a", "b"}, wantCalls: [][]string{{"a", "b"}}, want: map[string]string{"a": "2", "b": "2"}},
		{name: "stale: next re-read waits for spread", advance: 0, change: map[string]string{"c": "2"},
			ask: []string{"c"}, want: map[string]string{"c": "1"}},
		{name: "stale: re-read after spread", advance: 10 * time.Second,
			ask: []string{"c"}, wantCalls: [][]string{{"c"}}, want: map[string]string{"c": "2"}},
		{name: "stale rides along with a needed call", advance: 0, change: map[string]string{"e": "1"},
			ask: []string{"d", "e"}, wantCalls: [][]string{{"d", "e"}}, want: map[string]string{"d": "1", "e": "1"}},
	}
	up := &tagsELB{tags: map[string]string{"a": "1", "b": "1", "c": "1"}}
	tc := NewTagCache(5*time.Minute, 10*time.Second)
	tc.now = func() time.Time { return now }
	c := tc.Clients(Clients{ELB: up})
	for _, s := range steps {
		now = now.Add(s.advance)
		for k, v := range s.change {
			up.tags[k] = v
		}
		up.calls = nil
		got := describe(t, c, s.ask...)
		if !maps.Equal(got, s.want) {
			t.Errorf("%s: got %v, want %v", s.name, got, s.want)
		}
		if !slices.EqualFunc(up.calls, s.wantCalls, func(a, b []string) bool { return slices.Equal(a, b) }) {
			t.Errorf("%s: upstream calls %v, want %v", s.name, up.calls, s.wantCalls)
		}
	}

	// envdeck's own tag writes and Forget drop entries
	if _, err := c.ELB.AddTags(context.Background(), &elbv2.AddTagsInput{ResourceArns: []string{"a"},
		Tags: []elbtypes.Tag{{Key: awssdk.String("v"), Value: awssdk.String("3")}}}); err != nil {
		t.Fatal(err)
	}
	up.calls = nil
	if got := describe(t, c, "a", "b"); got["a"] != "3" || len(up.calls) != 1 || !slices.Equal(up.calls[0], []string{"a"}) {
		t.Errorf("after AddTags: got %v, calls %v", got, up.calls)
	}
	tc.Forget()
	if tc.Len() != 0 {
		t.Fatalf("Forget left %d entries", tc.Len())
	}

	// an error is returned as is and caches nothing
	boom := errors.New("boom")
	up.fail = boom
	if _, err := c.ELB.DescribeTags(context.Background(), &elbv2.DescribeTagsInput{ResourceArns: []string{"a"}}); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if tc.Len() != 0 {
		t.Fatalf("failed call cached %d entries", tc.Len())
	}
}
