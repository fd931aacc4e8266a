package aws

import (
	"reflect"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

func TestToConditionsEveryShape(t *testing.T) {
	s := awssdk.String
	cases := map[string]struct {
		in   elbtypes.RuleCondition
		want model.Condition
	}{
		"legacy values (moto echo)": {
			elbtypes.RuleCondition{Field: s("path-pattern"), Values: []string{"/a/*"}},
			model.Condition{Field: "path-pattern", Values: []string{"/a/*"}},
		},
		"config form": {
			elbtypes.RuleCondition{Field: s("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/a/*", "/a"}}},
			model.Condition{Field: "path-pattern", Values: []string{"/a/*", "/a"}},
		},
		"both forms (AWS) kept once": {
			elbtypes.RuleCondition{Field: s("host-header"), Values: []string{"a.example.com"},
				HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{"a.example.com"}}},
			model.Condition{Field: "host-header", Values: []string{"a.example.com"}},
		},
		"http header": {
			elbtypes.RuleCondition{Field: s("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: s("X-Env"), Values: []string{"a", "b"}}},
			model.Condition{Field: "http-header", HeaderName: "X-Env", Values: []string{"a", "b"}},
		},
		"query string": {
			elbtypes.RuleCondition{Field: s("query-string"), QueryStringConfig: &elbtypes.QueryStringConditionConfig{Values: []elbtypes.QueryStringKeyValuePair{
				{Key: s("env"), Value: s("a")}, {Value: s("bare")}}}},
			model.Condition{Field: "query-string", Values: []string{"env=a", "bare"}},
		},
		"source ip": {
			elbtypes.RuleCondition{Field: s("source-ip"), SourceIpConfig: &elbtypes.SourceIpConditionConfig{Values: []string{"10.0.0.0/8"}}},
			model.Condition{Field: "source-ip", Values: []string{"10.0.0.0/8"}},
		},
		"method": {
			elbtypes.RuleCondition{Field: s("http-request-method"), HttpRequestMethodConfig: &elbtypes.HttpRequestMethodConditionConfig{Values: []string{"GET"}}},
			model.Condition{Field: "http-request-method", Values: []string{"GET"}},
		},
		"regex only": {
			elbtypes.RuleCondition{Field: s("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{RegexValues: []string{"^/v[0-9]+/"}}},
			model.Condition{Field: "path-pattern", Values: []string{}, Regex: []string{"^/v[0-9]+/"}},
		},
	}
	for name, tc := range cases {
		got := toConditions([]elbtypes.RuleCondition{tc.in})
		if len(got) != 1 || !reflect.DeepEqual(got[0], tc.want) {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
}

func TestToActionsEveryShape(t *testing.T) {
	s := awssdk.String
	cases := map[string]struct {
		in   elbtypes.Action
		want model.Action
	}{
		"target group arn only (moto)": {
			elbtypes.Action{Type: "forward", TargetGroupArn: s("tg1")},
			model.Action{Type: "forward", TargetGroups: []model.WeightedTargetGroup{{ARN: "tg1", Weight: 1}}},
		},
		"arn and forward config (AWS)": {
			elbtypes.Action{Type: "forward", Order: awssdk.Int32(1), TargetGroupArn: s("tg1"),
				ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: s("tg1"), Weight: awssdk.Int32(1)}}}},
			model.Action{Type: "forward", Order: 1, TargetGroups: []model.WeightedTargetGroup{{ARN: "tg1", Weight: 1}}},
		},
		"weighted": {
			elbtypes.Action{Type: "forward", ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: []elbtypes.TargetGroupTuple{
				{TargetGroupArn: s("blue"), Weight: awssdk.Int32(90)}, {TargetGroupArn: s("green"), Weight: awssdk.Int32(10)}, {TargetGroupArn: s("canary")}}}},
			model.Action{Type: "forward", TargetGroups: []model.WeightedTargetGroup{{ARN: "blue", Weight: 90}, {ARN: "green", Weight: 10}, {ARN: "canary", Weight: 1}}},
		},
		"fixed response": {
			elbtypes.Action{Type: "fixed-response", FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: s("404"), ContentType: s("text/plain"), MessageBody: s("nope")}},
			model.Action{Type: "fixed-response", FixedResponse: &model.FixedResponseConfig{StatusCode: "404", ContentType: "text/plain", MessageBody: "nope"}},
		},
		"redirect": {
			elbtypes.Action{Type: "redirect", RedirectConfig: &elbtypes.RedirectActionConfig{StatusCode: "HTTP_301", Protocol: s("HTTPS"), Port: s("443")}},
			model.Action{Type: "redirect", Redirect: &model.RedirectConfig{StatusCode: "HTTP_301", Protocol: "HTTPS", Port: "443"}},
		},
	}
	for name, tc := range cases {
		got := toActions([]elbtypes.Action{tc.in})
		if len(got) != 1 || !reflect.DeepEqual(got[0], tc.want) {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
}

func TestToRulePriority(t *testing.T) {
	for prio, want := range map[string]struct {
		p   int
		def bool
	}{"default": {0, true}, "1000": {1000, false}, "7": {7, false}} {
		r := toRule(elbtypes.Rule{RuleArn: awssdk.String("r"), Priority: awssdk.String(prio)}, "l")
		if r.Priority != want.p || r.IsDefault != want.def || r.ListenerARN != "l" {
			t.Errorf("%s: %+v", prio, r)
		}
	}
}

func TestToRecord(t *testing.T) {
	s := awssdk.String
	cases := map[string]struct {
		in   r53types.ResourceRecordSet
		want model.Record
		ok   bool
	}{
		"alias to cloudfront": {
			r53types.ResourceRecordSet{Name: s("PV-1.Example.com."), Type: "A", AliasTarget: &r53types.AliasTarget{DNSName: s("d1.cloudfront.net."), HostedZoneId: s("Z2FDTNDATAQYW2")}},
			model.Record{ZoneID: "Z", Name: "pv-1.example.com", Type: "A", AliasTarget: "d1.cloudfront.net", AliasZoneID: "Z2FDTNDATAQYW2"}, true,
		},
		"cname to cloudfront, wildcard escaped": {
			r53types.ResourceRecordSet{Name: s("\\052.example.com."), Type: "CNAME", TTL: awssdk.Int64(60), ResourceRecords: []r53types.ResourceRecord{{Value: s("d2.cloudfront.net.")}}},
			model.Record{ZoneID: "Z", Name: "*.example.com", Type: "CNAME", TTL: 60, Values: []string{"d2.cloudfront.net"}}, true,
		},
		"alias elsewhere":   {r53types.ResourceRecordSet{Name: s("a."), Type: "A", AliasTarget: &r53types.AliasTarget{DNSName: s("x.elb.amazonaws.com.")}}, model.Record{}, false},
		"plain A":           {r53types.ResourceRecordSet{Name: s("a."), Type: "A", ResourceRecords: []r53types.ResourceRecord{{Value: s("1.2.3.4")}}}, model.Record{}, false},
		"TXT":               {r53types.ResourceRecordSet{Name: s("a."), Type: "TXT"}, model.Record{}, false},
		"cname not to cf":   {r53types.ResourceRecordSet{Name: s("a."), Type: "CNAME", ResourceRecords: []r53types.ResourceRecord{{Value: s("b.example.com")}}}, model.Record{}, false},
		"cname fake suffix": {r53types.ResourceRecordSet{Name: s("a."), Type: "CNAME", ResourceRecords: []r53types.ResourceRecord{{Value: s("evilcloudfront.net")}}}, model.Record{}, false},
	}
	for name, tc := range cases {
		got, ok := toRecord("Z", tc.in)
		if ok != tc.ok || (ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("%s: %+v %v", name, got, ok)
		}
	}
}
