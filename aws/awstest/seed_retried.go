package awstest

import (
	"errors"
	"maps"
	"strconv"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// A loaded moto may answer a create late or with a 500 after making it;
// the SDK then retries, and the retry is refused as a duplicate of what
// the first attempt made. The seeder takes that resource when it is the
// one it asked for (same name and tags; a rule: same priority, tags and
// first condition's field), so a fixture never fails on its own retry.

// retriedTargetGroup returns the ARN of the group a refused retry of in
// made, or "" when err is something else or the group is not that one.
func (s *seeder) retriedTargetGroup(in *elbv2.CreateTargetGroupInput, err error) string {
	var dup *elbtypes.DuplicateTargetGroupNameException
	if !errors.As(err, &dup) {
		return ""
	}
	out, derr := s.sdk.ELB.DescribeTargetGroups(s.ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{sdkaws.ToString(in.Name)}})
	if derr != nil || len(out.TargetGroups) != 1 {
		return ""
	}
	arn := sdkaws.ToString(out.TargetGroups[0].TargetGroupArn)
	if !s.taggedAs(arn, in.Tags) {
		return ""
	}
	return arn
}

// retriedRule returns the ARN of the rule a refused retry of in made, or
// "" when err is something else or the rule there is not that one.
func (s *seeder) retriedRule(in *elbv2.CreateRuleInput, err error) string {
	var taken *elbtypes.PriorityInUseException
	if !errors.As(err, &taken) {
		return ""
	}
	out, derr := s.sdk.ELB.DescribeRules(s.ctx, &elbv2.DescribeRulesInput{ListenerArn: in.ListenerArn})
	if derr != nil {
		return ""
	}
	for _, r := range out.Rules {
		if sdkaws.ToString(r.Priority) != strconv.Itoa(int(sdkaws.ToInt32(in.Priority))) || len(r.Conditions) != len(in.Conditions) {
			continue
		}
		if len(in.Conditions) > 0 && sdkaws.ToString(r.Conditions[0].Field) != sdkaws.ToString(in.Conditions[0].Field) {
			continue
		}
		if arn := sdkaws.ToString(r.RuleArn); s.taggedAs(arn, in.Tags) {
			return arn
		}
	}
	return ""
}

// taggedAs reports whether the resource carries exactly want.
func (s *seeder) taggedAs(arn string, want []elbtypes.Tag) bool {
	out, err := s.sdk.ELB.DescribeTags(s.ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{arn}})
	if err != nil || len(out.TagDescriptions) != 1 {
		return false
	}
	return maps.Equal(tagMap(out.TagDescriptions[0].Tags), tagMap(want))
}

func tagMap(tags []elbtypes.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
	}
	return m
}
