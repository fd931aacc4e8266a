package sandbox

import (
	"context"
	"sort"
	"strconv"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Target group settings and attributes, with AWS's defaults.

// setHealthSettings keeps the health check settings of a CreateTargetGroup
// request (zero = default) after checking AWS's ranges.
func (tg *targetGroup) setHealthSettings(in *elbv2.CreateTargetGroupInput) error {
	tg.HealthCheckProtocol = string(in.HealthCheckProtocol)
	tg.HealthCheckPort = deref(in.HealthCheckPort)
	tg.Interval, tg.Timeout = deref(in.HealthCheckIntervalSeconds), deref(in.HealthCheckTimeoutSeconds)
	tg.Healthy, tg.Unhealthy = deref(in.HealthyThresholdCount), deref(in.UnhealthyThresholdCount)
	if m := in.Matcher; m != nil {
		tg.MatcherHTTP, tg.MatcherGRPC = deref(m.HttpCode), deref(m.GrpcCode)
	}
	tg.ProtocolVersion = deref(in.ProtocolVersion)
	tg.IPAddressType = string(in.IpAddressType)
	switch {
	case tg.Interval != 0 && (tg.Interval < 5 || tg.Interval > 300):
		return generic("ValidationError", "Health check interval must be between 5 and 300 seconds")
	case tg.Timeout != 0 && (tg.Timeout < 2 || tg.Timeout > 120):
		return generic("ValidationError", "Health check timeout must be between 2 and 120 seconds")
	case tg.Healthy != 0 && (tg.Healthy < 2 || tg.Healthy > 10), tg.Unhealthy != 0 && (tg.Unhealthy < 2 || tg.Unhealthy > 10):
		return generic("ValidationError", "Health check thresholds must be between 2 and 10")
	case tg.Interval != 0 && tg.Timeout != 0 && tg.Timeout >= tg.Interval:
		return generic("ValidationError", "Health check timeout must be smaller than the interval")
	}
	return nil
}

// sameSettings: CreateTargetGroup of an existing name returns the group
// only when every setting matches.
func (tg *targetGroup) sameSettings(o *targetGroup) bool {
	return tg.TargetType == o.TargetType && tg.Protocol == o.Protocol && tg.Port == o.Port && tg.VpcID == o.VpcID &&
		tg.HealthCheckEnabled == o.HealthCheckEnabled && tg.HealthCheckPath == o.HealthCheckPath &&
		tg.HealthCheckProtocol == o.HealthCheckProtocol && tg.HealthCheckPort == o.HealthCheckPort &&
		tg.Interval == o.Interval && tg.Timeout == o.Timeout && tg.Healthy == o.Healthy && tg.Unhealthy == o.Unhealthy &&
		tg.MatcherHTTP == o.MatcherHTTP && tg.MatcherGRPC == o.MatcherGRPC
}

func or32(v, def int32) *int32 {
	if v == 0 {
		return ptr(def)
	}
	return ptr(v)
}

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// renderHealth fills the health check fields of out as AWS reports them.
func (tg *targetGroup) renderHealth(out *elbtypes.TargetGroup) {
	out.Matcher = &elbtypes.Matcher{HttpCode: ptr(orString(tg.MatcherHTTP, "200"))}
	if tg.MatcherGRPC != "" {
		out.Matcher = &elbtypes.Matcher{GrpcCode: ptr(tg.MatcherGRPC)}
	}
	if tg.TargetType == string(elbtypes.TargetTypeEnumLambda) {
		out.HealthCheckIntervalSeconds = or32(tg.Interval, 35)
		out.HealthCheckTimeoutSeconds = or32(tg.Timeout, 30)
		out.HealthyThresholdCount = or32(tg.Healthy, 5)
		out.UnhealthyThresholdCount = or32(tg.Unhealthy, 2)
		return
	}
	out.ProtocolVersion = ptr(orString(tg.ProtocolVersion, "HTTP1"))
	out.IpAddressType = elbtypes.TargetGroupIpAddressTypeEnum(orString(tg.IPAddressType, "ipv4"))
	out.HealthCheckProtocol = elbtypes.ProtocolEnum(orString(tg.HealthCheckProtocol, tg.Protocol))
	out.HealthCheckPort = ptr(orString(tg.HealthCheckPort, "traffic-port"))
	out.HealthCheckIntervalSeconds = or32(tg.Interval, 30)
	out.HealthCheckTimeoutSeconds = or32(tg.Timeout, 5)
	out.HealthyThresholdCount = or32(tg.Healthy, 5)
	out.UnhealthyThresholdCount = or32(tg.Unhealthy, 2)
}

// defaultAttributes are the attributes AWS reports for a new target group.
func defaultAttributes(targetType string) map[string]string {
	if targetType == string(elbtypes.TargetTypeEnumLambda) {
		return map[string]string{"lambda.multi_value_headers.enabled": "false"}
	}
	return map[string]string{
		"deregistration_delay.timeout_seconds":                                           "300",
		"stickiness.enabled":                                                             "false",
		"stickiness.type":                                                                "lb_cookie",
		"stickiness.lb_cookie.duration_seconds":                                          "86400",
		"stickiness.app_cookie.cookie_name":                                              "",
		"stickiness.app_cookie.duration_seconds":                                         "86400",
		"slow_start.duration_seconds":                                                    "0",
		"load_balancing.algorithm.type":                                                  "round_robin",
		"load_balancing.algorithm.anomaly_mitigation":                                    "off",
		"load_balancing.cross_zone.enabled":                                              "use_load_balancer_configuration",
		"target_group_health.dns_failover.minimum_healthy_targets.count":                 "1",
		"target_group_health.dns_failover.minimum_healthy_targets.percentage":            "off",
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count":      "1",
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": "off",
	}
}

func (tg *targetGroup) attributes() []elbtypes.TargetGroupAttribute {
	m := defaultAttributes(tg.TargetType)
	for k, v := range tg.Attributes {
		m[k] = v
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]elbtypes.TargetGroupAttribute, 0, len(keys))
	for _, k := range keys {
		out = append(out, elbtypes.TargetGroupAttribute{Key: ptr(k), Value: ptr(m[k])})
	}
	return out
}

func (c *elbClient) findTargetGroup(op string, arn *string) (*targetGroup, error) {
	tg := c.a.st.targetGroup(deref(arn))
	if tg == nil {
		return nil, c.fail(op, notFound(deref(arn)))
	}
	return tg, nil
}

func (c *elbClient) DescribeTargetGroupAttributes(ctx context.Context, in *elbv2.DescribeTargetGroupAttributesInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupAttributesOutput, error) {
	const op = "DescribeTargetGroupAttributes"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	tg, err := c.findTargetGroup(op, in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	return &elbv2.DescribeTargetGroupAttributesOutput{Attributes: tg.attributes()}, nil
}

func (c *elbClient) ModifyTargetGroupAttributes(ctx context.Context, in *elbv2.ModifyTargetGroupAttributesInput, _ ...func(*elbv2.Options)) (*elbv2.ModifyTargetGroupAttributesOutput, error) {
	const op = "ModifyTargetGroupAttributes"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	tg, err := c.findTargetGroup(op, in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, c.fail(op, generic("ValidationError", "At least one attribute must be specified"))
	}
	known := defaultAttributes(tg.TargetType)
	for _, a := range in.Attributes {
		k, v := deref(a.Key), deref(a.Value)
		if _, ok := known[k]; !ok {
			return nil, c.fail(op, &elbtypes.InvalidConfigurationRequestException{Message: msg("The attribute '%s' is not supported by target groups of type '%s'", k, tg.TargetType)})
		}
		if err := validAttribute(k, v); err != nil {
			return nil, c.fail(op, err)
		}
	}
	if tg.Attributes == nil {
		tg.Attributes = tagMap{}
	}
	for _, a := range in.Attributes {
		tg.Attributes[deref(a.Key)] = deref(a.Value)
	}
	return &elbv2.ModifyTargetGroupAttributesOutput{Attributes: tg.attributes()}, nil
}

// validAttribute checks the numeric and boolean attributes' values.
func validAttribute(k, v string) error {
	bad := func() error {
		return &elbtypes.InvalidConfigurationRequestException{Message: msg("The value '%s' of attribute '%s' is not valid", v, k)}
	}
	switch k {
	case "stickiness.enabled", "lambda.multi_value_headers.enabled":
		if v != "true" && v != "false" {
			return bad()
		}
	case "deregistration_delay.timeout_seconds":
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 3600 {
			return bad()
		}
	case "slow_start.duration_seconds":
		if n, err := strconv.Atoi(v); err != nil || (n != 0 && (n < 30 || n > 900)) {
			return bad()
		}
	}
	return nil
}
