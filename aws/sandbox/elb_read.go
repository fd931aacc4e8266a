package sandbox

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"
)

// elbClient is the account behind aws.ELBV2API.
type elbClient struct{ a *Account }

// elbModeled lists the error codes each operation's SDK model knows: the
// SDK turns only those into typed errors, any other code arrives as a
// smithy.GenericAPIError (e.g. DeleteTargetGroup's TargetGroupNotFound).
var elbModeled = map[string][]string{
	"DescribeLoadBalancers": {"LoadBalancerNotFound"},
	"DescribeListeners":     {"ListenerNotFound", "LoadBalancerNotFound", "UnsupportedProtocol"},
	"DescribeRules":         {"ListenerNotFound", "RuleNotFound", "UnsupportedProtocol"},
	"DescribeTargetGroups":  {"LoadBalancerNotFound", "TargetGroupNotFound"},
	"DescribeTargetHealth":  {"HealthUnavailable", "InvalidTarget", "TargetGroupNotFound"},
	"DescribeTags":          {"ListenerNotFound", "LoadBalancerNotFound", "RuleNotFound", "TargetGroupNotFound", "TrustStoreNotFound"},
	"CreateTargetGroup":     {"DuplicateTargetGroupName", "InvalidConfigurationRequest", "TooManyTags", "TooManyTargetGroups"},
	"DeleteTargetGroup":     {"ResourceInUse"},
	"RegisterTargets":       {"InvalidTarget", "TargetGroupNotFound", "TooManyRegistrationsForTargetId", "TooManyTargets"},
	"CreateRule": {"IncompatibleProtocols", "InvalidConfigurationRequest", "InvalidLoadBalancerAction", "ListenerNotFound",
		"PriorityInUse", "TargetGroupAssociationLimit", "TargetGroupNotFound", "TooManyActions", "TooManyRegistrationsForTargetId",
		"TooManyRules", "TooManyTags", "TooManyTargetGroups", "TooManyTargets", "TooManyUniqueTargetGroupsPerLoadBalancer", "UnsupportedProtocol"},
	"DeleteRule": {"OperationNotPermitted", "RuleNotFound"},
	"AddTags":    {"DuplicateTagKeys", "ListenerNotFound", "LoadBalancerNotFound", "RuleNotFound", "TargetGroupNotFound", "TooManyTags", "TrustStoreNotFound"},
	"RemoveTags": {"ListenerNotFound", "LoadBalancerNotFound", "RuleNotFound", "TargetGroupNotFound", "TooManyTags", "TrustStoreNotFound"},
}

func (c *elbClient) fail(op string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) && !slices.Contains(elbModeled[op], ae.ErrorCode()) {
		if _, ok := err.(*smithy.GenericAPIError); !ok {
			err = &smithy.GenericAPIError{Code: ae.ErrorCode(), Message: ae.ErrorMessage(), Fault: smithy.FaultClient}
		}
	}
	return apiFail(svcELB, op, 400, err)
}

// albZoneID is the canonical hosted zone of ALBs in eu-west-1 (one value
// is enough for a sandbox).
const albZoneID = "Z32O12XQLNTSW2"

func (c *elbClient) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	const op = "DescribeLoadBalancers"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	var lbs []*loadBalancer
	switch {
	case len(in.LoadBalancerArns) > 0:
		for _, arn := range in.LoadBalancerArns {
			lb := s.lb(arn)
			if lb == nil {
				return nil, c.fail(op, notFound(arn))
			}
			lbs = append(lbs, lb)
		}
	case len(in.Names) > 0:
		for _, name := range in.Names {
			var found *loadBalancer
			for _, lb := range s.LoadBalancers {
				if lb.Name == name {
					found = lb
				}
			}
			if found == nil {
				return nil, c.fail(op, &elbtypes.LoadBalancerNotFoundException{Message: msg("Load balancers '[%s]' not found", name)})
			}
			lbs = append(lbs, found)
		}
	default:
		lbs = s.LoadBalancers
	}
	start, end, next, err := page(op, len(lbs), in.Marker, in.PageSize, maxPageSize)
	if err != nil {
		return nil, c.fail(op, err)
	}
	out := &elbv2.DescribeLoadBalancersOutput{NextMarker: next}
	for _, lb := range lbs[start:end] {
		out.LoadBalancers = append(out.LoadBalancers, elbtypes.LoadBalancer{
			LoadBalancerArn:       ptr(lb.ARN),
			LoadBalancerName:      ptr(lb.Name),
			DNSName:               ptr(lb.DNSName),
			CanonicalHostedZoneId: ptr(albZoneID),
			CreatedTime:           ptr(lb.CreatedAt),
			Scheme:                elbtypes.LoadBalancerSchemeEnumInternetFacing,
			Type:                  elbtypes.LoadBalancerTypeEnumApplication,
			State:                 &elbtypes.LoadBalancerState{Code: elbtypes.LoadBalancerStateEnumActive},
			IpAddressType:         elbtypes.IpAddressTypeIpv4,
			VpcId:                 ptr(sandboxVPC),
			SecurityGroups:        []string{"sg-0a1b2c3d4e5f60718"},
			AvailabilityZones: []elbtypes.AvailabilityZone{
				{ZoneName: ptr(s.Region + "a"), SubnetId: ptr("subnet-0a1b2c3d4e5f60001")},
				{ZoneName: ptr(s.Region + "b"), SubnetId: ptr("subnet-0a1b2c3d4e5f60002")},
			},
		})
	}
	return out, nil
}

// sandboxVPC is the VPC every sandbox load balancer lives in.
const sandboxVPC = "vpc-0a1b2c3d4e5f60718"

func (c *elbClient) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	const op = "DescribeListeners"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	var ls []*listener
	switch {
	case in.LoadBalancerArn != nil && len(in.ListenerArns) > 0:
		return nil, c.fail(op, generic("ValidationError", "Listener ARNs and a load balancer ARN cannot be specified at the same time"))
	case in.LoadBalancerArn != nil:
		lb := s.lb(*in.LoadBalancerArn)
		if lb == nil {
			return nil, c.fail(op, notFound(*in.LoadBalancerArn))
		}
		ls = lb.Listeners
	case len(in.ListenerArns) > 0:
		for _, arn := range in.ListenerArns {
			_, l := s.listener(arn)
			if l == nil {
				return nil, c.fail(op, &elbtypes.ListenerNotFoundException{Message: msg("One or more listeners not found")})
			}
			ls = append(ls, l)
		}
	default:
		return nil, c.fail(op, generic("ValidationError", "You must specify either listener ARNs or a load balancer ARN"))
	}
	start, end, next, err := page(op, len(ls), in.Marker, in.PageSize, maxPageSize)
	if err != nil {
		return nil, c.fail(op, err)
	}
	out := &elbv2.DescribeListenersOutput{NextMarker: next}
	for _, l := range ls[start:end] {
		out.Listeners = append(out.Listeners, l.sdk())
	}
	return out, nil
}

func (l *listener) sdk() elbtypes.Listener {
	out := elbtypes.Listener{
		ListenerArn:     ptr(l.ARN),
		LoadBalancerArn: ptr(l.LBARN),
		Port:            ptr(l.Port),
		Protocol:        elbtypes.ProtocolEnum(l.Protocol),
	}
	for _, r := range l.Rules {
		if r.IsDefault {
			out.DefaultActions = clone(r.Actions)
		}
	}
	if l.Protocol == "HTTPS" {
		out.SslPolicy = ptr("ELBSecurityPolicy-TLS13-1-2-2021-06")
		out.Certificates = []elbtypes.Certificate{{CertificateArn: ptr("arn:aws:acm:eu-west-1:123456789012:certificate/5f1c2a7e-2d6b-4c1e-9a1b-3c0d7e8f9a10")}}
	}
	return out
}

func (c *elbClient) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	const op = "DescribeRules"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	var rs []*rule
	switch {
	case in.ListenerArn != nil && len(in.RuleArns) > 0:
		return nil, c.fail(op, generic("ValidationError", "Rule ARNs and a listener ARN cannot be specified at the same time"))
	case in.ListenerArn != nil:
		_, l := s.listener(*in.ListenerArn)
		if l == nil {
			return nil, c.fail(op, &elbtypes.ListenerNotFoundException{Message: msg("One or more listeners not found")})
		}
		rs = sortedRules(l)
	case len(in.RuleArns) > 0:
		for _, arn := range in.RuleArns {
			_, _, r := s.rule(arn)
			if r == nil {
				return nil, c.fail(op, &elbtypes.RuleNotFoundException{Message: msg("One or more rules not found")})
			}
			rs = append(rs, r)
		}
	default:
		return nil, c.fail(op, generic("ValidationError", "You must specify either listener or rule ARNs"))
	}
	start, end, next, err := page(op, len(rs), in.Marker, in.PageSize, maxPageSize)
	if err != nil {
		return nil, c.fail(op, err)
	}
	out := &elbv2.DescribeRulesOutput{NextMarker: next, Rules: []elbtypes.Rule{}}
	for _, r := range rs[start:end] {
		out.Rules = append(out.Rules, r.sdk())
	}
	return out, nil
}

func (c *elbClient) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	const op = "DescribeTargetGroups"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	given := 0
	for _, b := range []bool{in.LoadBalancerArn != nil, len(in.TargetGroupArns) > 0, len(in.Names) > 0} {
		if b {
			given++
		}
	}
	if given > 1 {
		return nil, c.fail(op, generic("ValidationError", "A load balancer ARN, target group ARNs and target group names cannot be specified at the same time"))
	}
	var tgs []*targetGroup
	switch {
	case in.LoadBalancerArn != nil:
		lb := s.lb(*in.LoadBalancerArn)
		if lb == nil {
			return nil, c.fail(op, notFound(*in.LoadBalancerArn))
		}
		att := attachedTGs(lb)
		for _, tg := range s.TargetGroups {
			if att[tg.ARN] {
				tgs = append(tgs, tg)
			}
		}
	case len(in.TargetGroupArns) > 0:
		for _, arn := range in.TargetGroupArns {
			tg := s.targetGroup(arn)
			if tg == nil {
				return nil, c.fail(op, notFound(arn))
			}
			tgs = append(tgs, tg)
		}
	case len(in.Names) > 0:
		for _, n := range in.Names {
			tg := s.targetGroupByName(n)
			if tg == nil {
				return nil, c.fail(op, &elbtypes.TargetGroupNotFoundException{Message: msg("One or more target groups not found")})
			}
			tgs = append(tgs, tg)
		}
	default:
		tgs = append(tgs, s.TargetGroups...)
		sort.SliceStable(tgs, func(i, j int) bool { return tgs[i].Name < tgs[j].Name })
	}
	start, end, next, err := page(op, len(tgs), in.Marker, in.PageSize, maxPageSize)
	if err != nil {
		return nil, c.fail(op, err)
	}
	out := &elbv2.DescribeTargetGroupsOutput{NextMarker: next, TargetGroups: []elbtypes.TargetGroup{}}
	for _, tg := range tgs[start:end] {
		out.TargetGroups = append(out.TargetGroups, s.sdkTargetGroup(tg))
	}
	return out, nil
}

// sdkTargetGroup renders tg as AWS does, health check defaults included and
// LoadBalancerArns computed from the rules.
func (s *state) sdkTargetGroup(tg *targetGroup) elbtypes.TargetGroup {
	out := elbtypes.TargetGroup{
		TargetGroupArn:     ptr(tg.ARN),
		TargetGroupName:    ptr(tg.Name),
		TargetType:         elbtypes.TargetTypeEnum(tg.TargetType),
		HealthCheckEnabled: ptr(tg.HealthCheckEnabled),
		HealthCheckPath:    ptr(tg.HealthCheckPath),
		LoadBalancerArns:   s.lbsOf(tg.ARN),
	}
	if out.LoadBalancerArns == nil {
		out.LoadBalancerArns = []string{}
	}
	tg.renderHealth(&out)
	if tg.TargetType == string(elbtypes.TargetTypeEnumLambda) {
		return out
	}
	out.Protocol = elbtypes.ProtocolEnum(tg.Protocol)
	out.Port = ptr(tg.Port)
	out.VpcId = ptr(tg.VpcID)
	return out
}

func (c *elbClient) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	const op = "DescribeTargetHealth"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	if in.TargetGroupArn == nil {
		return nil, c.fail(op, generic("ValidationError", "A target group ARN must be specified"))
	}
	tg := s.targetGroup(*in.TargetGroupArn)
	if tg == nil {
		return nil, c.fail(op, notFound(*in.TargetGroupArn))
	}
	now := c.a.now()
	inUse := s.ruleUsing(tg.ARN) != nil
	out := &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: []elbtypes.TargetHealthDescription{}}
	describe := func(t *target) elbtypes.TargetHealthDescription {
		d := elbtypes.TargetHealthDescription{Target: &elbtypes.TargetDescription{Id: ptr(t.ID), AvailabilityZone: optional(t.AZ)}}
		if tg.TargetType != string(elbtypes.TargetTypeEnumLambda) {
			port := t.Port
			if port == 0 {
				port = tg.Port
			}
			d.Target.Port = ptr(port)
			d.HealthCheckPort = ptr(strconv.Itoa(int(port)))
		}
		state, reason, desc := t.health(now, inUse)
		d.TargetHealth = &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnum(state)}
		if reason != "" {
			d.TargetHealth.Reason = elbtypes.TargetHealthReasonEnum(reason)
			d.TargetHealth.Description = ptr(desc)
		}
		return d
	}
	if len(in.Targets) > 0 {
		for _, want := range in.Targets {
			var found *target
			for _, t := range tg.Targets {
				if want.Id != nil && t.ID == *want.Id && (want.Port == nil || t.Port == 0 || *want.Port == t.Port) {
					found = t
				}
			}
			if found == nil {
				out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, elbtypes.TargetHealthDescription{
					Target: clone(&want),
					TargetHealth: &elbtypes.TargetHealth{
						State:       elbtypes.TargetHealthStateEnumUnused,
						Reason:      elbtypes.TargetHealthReasonEnumNotRegistered,
						Description: ptr("Target is not registered to the target group"),
					},
				})
				continue
			}
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, describe(found))
		}
		return out, nil
	}
	for _, t := range tg.Targets {
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, describe(t))
	}
	return out, nil
}

func (c *elbClient) DescribeTags(ctx context.Context, in *elbv2.DescribeTagsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error) {
	const op = "DescribeTags"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	if len(in.ResourceArns) == 0 || len(in.ResourceArns) > 20 {
		return nil, c.fail(op, generic("ValidationError",
			"1 validation error detected: Value '%v' at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20", in.ResourceArns))
	}
	out := &elbv2.DescribeTagsOutput{}
	for _, arn := range in.ResourceArns {
		t, ok := s.tagsOf(arn)
		if !ok {
			return nil, c.fail(op, notFound(arn))
		}
		out.TagDescriptions = append(out.TagDescriptions, elbtypes.TagDescription{ResourceArn: ptr(arn), Tags: tagList(t)})
	}
	return out, nil
}

func (c *elbClient) DescribeAccountLimits(ctx context.Context, in *elbv2.DescribeAccountLimitsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeAccountLimitsOutput, error) {
	const op = "DescribeAccountLimits"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	limits := c.a.st.elbLimits()
	start, end, next, err := page(op, len(limits), in.Marker, in.PageSize, maxPageSize)
	if err != nil {
		return nil, c.fail(op, err)
	}
	return &elbv2.DescribeAccountLimitsOutput{Limits: limits[start:end], NextMarker: next}, nil
}
