package aws

import (
	"context"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

// Re-reading one resource just before its step: the definition as discovery
// would have produced it (same converters), or exists = false.

// current is one resource as read again by apply.
type current struct {
	def    model.Definition
	exists bool
	// rrset is the record exactly as Route 53 holds it (a DELETE must match it).
	rrset *r53types.ResourceRecordSet
}

// recheck re-reads the resource a step acts on, by its ID.
func (a *applier) recheck(ctx context.Context, st model.Step) (current, error) {
	op, ok := kindOps[st.Type]
	if !ok {
		return current{}, fmt.Errorf("unknown resource type %q", st.Type)
	}
	return op.recheck(a, ctx, st)
}

func (a *applier) recheckRule(ctx context.Context, st model.Step) (current, error) {
	r, err := a.readRule(ctx, st.ID, ruleListener(st))
	if err != nil || r == nil {
		return current{}, err
	}
	return current{def: model.Definition{Rule: r}, exists: true}, nil
}

func (a *applier) recheckTargetGroup(ctx context.Context, st model.Step) (current, error) {
	tg, err := a.readTargetGroup(ctx, st.ID, "")
	if err != nil || tg == nil {
		return current{}, err
	}
	if gone, err := a.readAttributes(ctx, tg); err != nil || gone {
		return current{}, err
	}
	return current{def: model.Definition{TargetGroup: tg}, exists: true}, nil
}

func (a *applier) recheckStage(ctx context.Context, st model.Step) (current, error) {
	api, name, ok := strings.Cut(st.ID, "/")
	if !ok {
		return current{}, fmt.Errorf("stage id %q is not REST_API_ID/STAGE", st.ID)
	}
	s, err := a.readStage(ctx, api, name)
	if err != nil || s == nil {
		return current{}, err
	}
	return current{def: model.Definition{Stage: s}, exists: true}, nil
}

func (a *applier) recheckAlias(ctx context.Context, st model.Step) (current, error) {
	dist, name, ok := strings.Cut(st.ID, "/")
	if !ok {
		return current{}, fmt.Errorf("alias id %q is not DISTRIBUTION_ID/ALIAS", st.ID)
	}
	aliases, _, err := a.readAliases(ctx, dist)
	if err != nil {
		return current{}, err
	}
	for _, x := range aliases {
		if strings.EqualFold(x, name) {
			return current{def: model.Definition{Alias: &model.Alias{DistributionID: dist, Name: strings.ToLower(x)}}, exists: true}, nil
		}
	}
	return current{}, nil
}

func (a *applier) recheckRecord(ctx context.Context, st model.Step) (current, error) {
	zone, name, typ, setID, ok := model.ParseRecordID(st.ID)
	if !ok {
		return current{}, fmt.Errorf("record id %q is not ZONE_ID/NAME/TYPE[/SET_IDENTIFIER]", st.ID)
	}
	rec, raw, err := a.readRecord(ctx, zone, name, typ, setID)
	if err != nil || rec == nil {
		return current{}, err
	}
	return current{def: model.Definition{Record: rec}, exists: true, rrset: raw}, nil
}

// ruleListener is the listener a rule step is about: from its definition,
// else derived from the rule ARN.
func ruleListener(st model.Step) string {
	if st.Def != nil && st.Def.Rule != nil && st.Def.Rule.ListenerARN != "" {
		return st.Def.Rule.ListenerARN
	}
	return listenerOfRule(st.ID)
}

// listenerOfRule derives the listener ARN from a rule ARN
// (…:listener-rule/app/LB/ID/LISTENER/RULE → …:listener/app/LB/ID/LISTENER).
func listenerOfRule(ruleARN string) string {
	i := strings.LastIndex(ruleARN, "/")
	if i < 0 || !strings.Contains(ruleARN, ":listener-rule/") {
		return ""
	}
	return strings.Replace(ruleARN[:i], ":listener-rule/", ":listener/", 1)
}

// readRule reads one rule with its tags; nil when it does not exist.
func (a *applier) readRule(ctx context.Context, arn, listenerARN string) (*model.Rule, error) {
	out, err := a.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{RuleArns: []string{arn}})
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describe rule %s: %w", arn, err)
	}
	if len(out.Rules) == 0 {
		return nil, nil
	}
	r := toRule(out.Rules[0], listenerARN)
	tags, err := a.elbTags(ctx, arn)
	if err != nil {
		return nil, err
	}
	r.Tags = tags
	return &r, nil
}

// listRules reads every rule of a listener (without tags).
func (a *applier) listRules(ctx context.Context, listenerARN string) ([]model.Rule, error) {
	var rules []model.Rule
	in := &elbv2.DescribeRulesInput{ListenerArn: awssdk.String(listenerARN), PageSize: awssdk.Int32(400)}
	for {
		out, err := a.c.ELB.DescribeRules(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("describe rules of %s: %w", listenerARN, err)
		}
		for _, r := range out.Rules {
			rules = append(rules, toRule(r, listenerARN))
		}
		if awssdk.ToString(out.NextMarker) == "" {
			return rules, nil
		}
		in.Marker = out.NextMarker
	}
}

// elbTags reads the tags of one ELB resource.
func (a *applier) elbTags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := a.c.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{arn}})
	if err != nil {
		return nil, fmt.Errorf("describe tags of %s: %w", arn, err)
	}
	for _, d := range out.TagDescriptions {
		if awssdk.ToString(d.ResourceArn) == arn {
			return toTags(d.Tags), nil
		}
	}
	return map[string]string{}, nil
}

// readTargetGroup reads one target group by ARN (or by name when arn is
// empty) with its tags and targets; nil when it does not exist.
func (a *applier) readTargetGroup(ctx context.Context, arn, name string) (*model.TargetGroup, error) {
	in := &elbv2.DescribeTargetGroupsInput{}
	what := arn
	if arn != "" {
		in.TargetGroupArns = []string{arn}
	} else {
		in.Names = []string{name}
		what = name
	}
	out, err := a.c.ELB.DescribeTargetGroups(ctx, in)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describe target group %s: %w", what, err)
	}
	if len(out.TargetGroups) == 0 {
		return nil, nil
	}
	tg := toTargetGroup(out.TargetGroups[0])
	if tg.Tags, err = a.elbTags(ctx, tg.ARN); err != nil {
		return nil, err
	}
	h, err := a.c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: awssdk.String(tg.ARN)})
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describe target health of %s: %w", tg.ARN, err)
	}
	tg.Targets = toTargets(h.TargetHealthDescriptions)
	tg.HealthRead = true
	return &tg, nil
}

// readAttributes reads the target group's attributes into tg; gone is true
// when the group was deleted meanwhile.
func (a *applier) readAttributes(ctx context.Context, tg *model.TargetGroup) (gone bool, err error) {
	out, err := a.c.ELB.DescribeTargetGroupAttributes(ctx, &elbv2.DescribeTargetGroupAttributesInput{TargetGroupArn: awssdk.String(tg.ARN)})
	if IsNotFound(err) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("describe attributes of target group %s: %w", tg.ARN, err)
	}
	tg.Attributes, tg.AttributesRead = toAttributes(out.Attributes), true
	return false, nil
}

// readStage reads one stage (tags included); nil when it does not exist.
func (a *applier) readStage(ctx context.Context, restAPIID, name string) (*model.Stage, error) {
	out, err := a.c.APIGW.GetStage(ctx, &apigateway.GetStageInput{RestApiId: awssdk.String(restAPIID), StageName: awssdk.String(name)})
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get stage %s: %w", model.StageID(restAPIID, name), err)
	}
	s := toStage(restAPIID, applyStageOf(out))
	return &s, nil
}

// readAliases reads the distribution's aliases and the ETag of its config.
func (a *applier) readAliases(ctx context.Context, distID string) ([]string, *cloudfront.GetDistributionConfigOutput, error) {
	out, err := a.c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: awssdk.String(distID)})
	if err != nil {
		return nil, nil, fmt.Errorf("get config of distribution %s: %w", distID, err)
	}
	var aliases []string
	if out.DistributionConfig != nil && out.DistributionConfig.Aliases != nil {
		aliases = out.DistributionConfig.Aliases.Items
	}
	return aliases, out, nil
}

// readRecord reads one record set by name, type and set identifier ("" for
// a simple record); nil when absent. Records of a routing policy share the
// name and type: it pages through them (100 at a time).
func (a *applier) readRecord(ctx context.Context, zone, name, typ, setID string) (*model.Record, *r53types.ResourceRecordSet, error) {
	in := &route53.ListResourceRecordSetsInput{
		HostedZoneId:    awssdk.String(zone),
		StartRecordName: awssdk.String(name),
		StartRecordType: r53types.RRType(typ),
		MaxItems:        awssdk.Int32(100),
	}
	for {
		out, err := a.c.R53.ListResourceRecordSets(ctx, in)
		if err != nil {
			return nil, nil, fmt.Errorf("list records of %s at %s: %w", zone, name, err)
		}
		for _, rs := range out.ResourceRecordSets {
			if dnsName(awssdk.ToString(rs.Name)) != dnsName(name) || string(rs.Type) != typ {
				return nil, nil, nil // past the name and type: sorted, so absent
			}
			if awssdk.ToString(rs.SetIdentifier) == setID {
				rec, _ := toRecord(zone, rs)
				raw := rs
				return &rec, &raw, nil
			}
		}
		if !out.IsTruncated || out.NextRecordName == nil || dnsName(*out.NextRecordName) != dnsName(name) || string(out.NextRecordType) != typ {
			return nil, nil, nil
		}
		in.StartRecordName, in.StartRecordType, in.StartRecordIdentifier = out.NextRecordName, out.NextRecordType, out.NextRecordIdentifier
	}
}

// applyStageOf turns a GetStage answer into the Stage shape GetStages lists.
func applyStageOf(o *apigateway.GetStageOutput) apigwtypes.Stage {
	return apigwtypes.Stage{
		StageName:            o.StageName,
		DeploymentId:         o.DeploymentId,
		Description:          o.Description,
		Variables:            o.Variables,
		TracingEnabled:       o.TracingEnabled,
		CacheClusterEnabled:  o.CacheClusterEnabled,
		CacheClusterSize:     o.CacheClusterSize,
		MethodSettings:       o.MethodSettings,
		CanarySettings:       o.CanarySettings,
		AccessLogSettings:    o.AccessLogSettings,
		ClientCertificateId:  o.ClientCertificateId,
		DocumentationVersion: o.DocumentationVersion,
		WebAclArn:            o.WebAclArn,
		Tags:                 o.Tags,
		CreatedDate:          o.CreatedDate,
	}
}
