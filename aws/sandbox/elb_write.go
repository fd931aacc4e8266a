package sandbox

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// maxTags is the AWS limit of tags per ELB resource, API Gateway stage (50).
const maxTags = 50

var tgNameRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)

func (c *elbClient) CreateTargetGroup(ctx context.Context, in *elbv2.CreateTargetGroupInput, _ ...func(*elbv2.Options)) (*elbv2.CreateTargetGroupOutput, error) {
	const op = "CreateTargetGroup"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	name := deref(in.Name)
	if !tgNameRE.MatchString(name) || strings.HasPrefix(name, "internal-") {
		return nil, c.fail(op, generic("ValidationError",
			"Target group name '%s' can only contain characters that are alphanumeric characters or hyphens(-), must be 1-32 characters, and must not begin or end with a hyphen", name))
	}
	tg := &targetGroup{
		Name:       name,
		TargetType: string(in.TargetType),
		Protocol:   string(in.Protocol),
		VpcID:      deref(in.VpcId),
	}
	if tg.TargetType == "" {
		tg.TargetType = string(elbtypes.TargetTypeEnumInstance)
	}
	if in.Port != nil {
		tg.Port = *in.Port
	}
	lambda := tg.TargetType == string(elbtypes.TargetTypeEnumLambda)
	switch {
	case lambda && (in.Port != nil || in.Protocol != "" || in.VpcId != nil):
		return nil, c.fail(op, generic("ValidationError", "A port, protocol or VPC ID cannot be specified for target groups with target type 'lambda'"))
	case !lambda && (in.Port == nil || in.Protocol == "" || in.VpcId == nil):
		return nil, c.fail(op, generic("ValidationError", "A port, protocol and VPC ID must be specified for target groups with target type '%s'", tg.TargetType))
	}
	tg.HealthCheckEnabled = !lambda
	if in.HealthCheckEnabled != nil {
		tg.HealthCheckEnabled = *in.HealthCheckEnabled
	}
	tg.HealthCheckPath = "/"
	if in.HealthCheckPath != nil {
		tg.HealthCheckPath = *in.HealthCheckPath
	}
	if err := tg.setHealthSettings(in); err != nil {
		return nil, c.fail(op, err)
	}
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, c.fail(op, err)
	}
	if existing := s.targetGroupByName(name); existing != nil {
		// AWS: the same name with the same settings returns the existing group.
		if existing.sameSettings(tg) {
			return &elbv2.CreateTargetGroupOutput{TargetGroups: []elbtypes.TargetGroup{s.sdkTargetGroup(existing)}}, nil
		}
		return nil, c.fail(op, &elbtypes.DuplicateTargetGroupNameException{Message: msg("A target group with the same name '%s' exists, but with different settings", name)})
	}
	if len(s.TargetGroups) >= s.limit(ServiceELB, QuotaTargetGroups) {
		return nil, c.fail(op, &elbtypes.TooManyTargetGroupsException{Message: msg("You have reached the maximum number of target groups allowed for your account")})
	}
	tg.Tags = tags
	tg.ARN = fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%s", s.Region, s.AccountID, name, s.hexID(16))
	s.TargetGroups = append(s.TargetGroups, tg)
	return &elbv2.CreateTargetGroupOutput{TargetGroups: []elbtypes.TargetGroup{s.sdkTargetGroup(tg)}}, nil
}

func (c *elbClient) DeleteTargetGroup(ctx context.Context, in *elbv2.DeleteTargetGroupInput, _ ...func(*elbv2.Options)) (*elbv2.DeleteTargetGroupOutput, error) {
	const op = "DeleteTargetGroup"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	arn := deref(in.TargetGroupArn)
	tg := s.targetGroup(arn)
	if tg == nil {
		return nil, c.fail(op, notFound(arn))
	}
	if r := s.ruleUsing(arn); r != nil {
		return nil, c.fail(op, &elbtypes.ResourceInUseException{Message: msg("Target group '%s' is currently in use by a listener or a rule", arn)})
	}
	for i, t := range s.TargetGroups {
		if t == tg {
			s.TargetGroups = append(s.TargetGroups[:i], s.TargetGroups[i+1:]...)
			break
		}
	}
	return &elbv2.DeleteTargetGroupOutput{}, nil
}

func (c *elbClient) RegisterTargets(ctx context.Context, in *elbv2.RegisterTargetsInput, _ ...func(*elbv2.Options)) (*elbv2.RegisterTargetsOutput, error) {
	const op = "RegisterTargets"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	arn := deref(in.TargetGroupArn)
	tg := s.targetGroup(arn)
	if tg == nil {
		return nil, c.fail(op, notFound(arn))
	}
	if len(in.Targets) == 0 {
		return nil, c.fail(op, generic("ValidationError", "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null"))
	}
	lambda := tg.TargetType == string(elbtypes.TargetTypeEnumLambda)
	for _, t := range in.Targets {
		id := deref(t.Id)
		if lambda && !strings.HasPrefix(id, "arn:aws:lambda:") {
			return nil, c.fail(op, &elbtypes.InvalidTargetException{Message: msg("The target '%s' is not a valid Lambda function ARN", id)})
		}
	}
	if lambda && (len(in.Targets) > 1 || (len(tg.Targets) == 1 && tg.Targets[0].ID != deref(in.Targets[0].Id))) {
		return nil, c.fail(op, &elbtypes.TooManyTargetsException{Message: msg("A target group with target type 'lambda' can have only one target")})
	}
	now := c.a.now()
	for _, t := range in.Targets {
		var port int32
		if t.Port != nil {
			port = *t.Port
		}
		c.a.register(tg, deref(t.Id), port, deref(t.AvailabilityZone), now)
	}
	return &elbv2.RegisterTargetsOutput{}, nil
}

// register adds (or re-registers) one target; caller holds the lock.
func (a *Account) register(tg *targetGroup, id string, port int32, az string, now time.Time) {
	state, reason := tg.settledState()
	settle := now
	if state != StateUnavailable && a.opts.HealthSettle > 0 {
		settle = now.Add(a.opts.HealthSettle)
	}
	for _, t := range tg.Targets {
		if t.ID == id && t.Port == port {
			if t.State == StateDraining {
				t.State, t.Reason, t.Description, t.SettleAt = state, reason, "", settle
			}
			return
		}
	}
	tg.Targets = append(tg.Targets, &target{ID: id, Port: port, AZ: az, State: state, Reason: reason, SettleAt: settle})
}

var knownFields = map[string]bool{
	"path-pattern": true, "host-header": true, "http-header": true,
	"http-request-method": true, "query-string": true, "source-ip": true,
}

// normalizeConditions validates conditions and returns them in the shape
// AWS reads them back: path-pattern and host-header carry both Values and
// the *Config form.
func normalizeConditions(in []elbtypes.RuleCondition) ([]elbtypes.RuleCondition, error) {
	if len(in) == 0 {
		return nil, generic("ValidationError", "A rule must have at least one condition")
	}
	out := clone(in)
	total := 0
	for i := range out {
		c := &out[i]
		f := deref(c.Field)
		if !knownFields[f] {
			return nil, generic("ValidationError", "Condition field '%s' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'", f)
		}
		switch f {
		case "path-pattern":
			if c.PathPatternConfig == nil {
				c.PathPatternConfig = &elbtypes.PathPatternConditionConfig{}
			}
			vals := mergeValues(c.Values, c.PathPatternConfig.Values)
			if vals == nil {
				return nil, generic("ValidationError", "A path pattern condition must have at least one value")
			}
			c.Values, c.PathPatternConfig.Values = vals, append([]string(nil), vals...)
			total += len(vals)
		case "host-header":
			if c.HostHeaderConfig == nil {
				c.HostHeaderConfig = &elbtypes.HostHeaderConditionConfig{}
			}
			vals := mergeValues(c.Values, c.HostHeaderConfig.Values)
			if vals == nil {
				return nil, generic("ValidationError", "A host header condition must have at least one value")
			}
			c.Values, c.HostHeaderConfig.Values = vals, append([]string(nil), vals...)
			total += len(vals)
		default:
			if len(c.Values) > 0 {
				return nil, generic("ValidationError", "Condition field '%s' does not support the Values field; use the %s configuration", f, f)
			}
			switch {
			case c.HttpHeaderConfig != nil:
				total += len(c.HttpHeaderConfig.Values)
			case c.HttpRequestMethodConfig != nil:
				total += len(c.HttpRequestMethodConfig.Values)
			case c.QueryStringConfig != nil:
				total += len(c.QueryStringConfig.Values)
			case c.SourceIpConfig != nil:
				total += len(c.SourceIpConfig.Values)
			default:
				return nil, generic("ValidationError", "Condition field '%s' requires its configuration", f)
			}
		}
	}
	if total > 5 {
		return nil, generic("ValidationError", "A rule can only have '5' condition values")
	}
	return out, nil
}

// mergeValues: a condition gives its values in Values or in its config (the
// same list when both are set).
func mergeValues(a, b []string) []string {
	if len(a) > 0 {
		return append([]string(nil), a...)
	}
	if len(b) > 0 {
		return append([]string(nil), b...)
	}
	return nil
}

// normalizeActions validates actions and returns them as AWS reads them
// back: a forward carries both TargetGroupArn (single group) and ForwardConfig.
func (s *state) normalizeActions(in []elbtypes.Action) ([]elbtypes.Action, error) {
	if len(in) == 0 {
		return nil, generic("ValidationError", "A rule must have at least one action")
	}
	out := clone(in)
	for i := range out {
		a := &out[i]
		switch a.Type {
		case elbtypes.ActionTypeEnumForward:
			var tuples []elbtypes.TargetGroupTuple
			if a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
				tuples = a.ForwardConfig.TargetGroups
				if a.TargetGroupArn != nil && (len(tuples) != 1 || deref(tuples[0].TargetGroupArn) != *a.TargetGroupArn) {
					return nil, &elbtypes.InvalidLoadBalancerActionException{Message: msg("You cannot specify both a target group ARN and a forward config with different target groups")}
				}
			} else if a.TargetGroupArn != nil {
				tuples = []elbtypes.TargetGroupTuple{{TargetGroupArn: a.TargetGroupArn}}
			} else {
				return nil, generic("ValidationError", "A forward action must have a target group ARN or a forward config")
			}
			if len(tuples) > 5 {
				return nil, generic("ValidationError", "You can specify up to 5 target groups per forward action")
			}
			for j := range tuples {
				if tuples[j].Weight == nil {
					tuples[j].Weight = ptr[int32](1)
				}
				if s.targetGroup(deref(tuples[j].TargetGroupArn)) == nil {
					return nil, &elbtypes.TargetGroupNotFoundException{Message: msg("Target groups '[%s]' not found", deref(tuples[j].TargetGroupArn))}
				}
			}
			stick := &elbtypes.TargetGroupStickinessConfig{Enabled: ptr(false)}
			if a.ForwardConfig != nil && a.ForwardConfig.TargetGroupStickinessConfig != nil {
				stick = a.ForwardConfig.TargetGroupStickinessConfig
			}
			a.ForwardConfig = &elbtypes.ForwardActionConfig{TargetGroups: tuples, TargetGroupStickinessConfig: stick}
			a.TargetGroupArn = nil
			if len(tuples) == 1 {
				a.TargetGroupArn = ptr(deref(tuples[0].TargetGroupArn))
			}
		case elbtypes.ActionTypeEnumFixedResponse:
			if a.FixedResponseConfig == nil || a.FixedResponseConfig.StatusCode == nil {
				return nil, generic("ValidationError", "A fixed-response action must have a status code")
			}
		case elbtypes.ActionTypeEnumRedirect:
			if a.RedirectConfig == nil {
				return nil, generic("ValidationError", "A redirect action must have a redirect config")
			}
			if a.RedirectConfig.StatusCode == "" {
				return nil, generic("ValidationError", "A redirect action must have a status code")
			}
		case elbtypes.ActionTypeEnumAuthenticateOidc:
			if err := validOIDC(a.AuthenticateOidcConfig); err != nil {
				return nil, err
			}
		case elbtypes.ActionTypeEnumAuthenticateCognito:
			if c := a.AuthenticateCognitoConfig; c == nil || c.UserPoolArn == nil || c.UserPoolClientId == nil || c.UserPoolDomain == nil {
				return nil, generic("ValidationError", "An authenticate-cognito action needs a user pool ARN, client ID and domain")
			}
		case elbtypes.ActionTypeEnumJwtValidation:
			if c := a.JwtValidationConfig; c == nil || c.Issuer == nil || c.JwksEndpoint == nil {
				return nil, generic("ValidationError", "A jwt-validation action needs an issuer and a JWKS endpoint")
			}
		default:
			return nil, generic("ValidationError", "Action type '%s' is not supported by the sandbox", a.Type)
		}
	}
	return out, nil
}

// validOIDC: AWS needs the endpoints, the client ID and, on create, the
// client secret.
func validOIDC(c *elbtypes.AuthenticateOidcActionConfig) error {
	if c == nil || c.Issuer == nil || c.AuthorizationEndpoint == nil || c.TokenEndpoint == nil || c.UserInfoEndpoint == nil || c.ClientId == nil {
		return generic("ValidationError", "An authenticate-oidc action needs an issuer, authorization, token and user info endpoints and a client ID")
	}
	if deref(c.ClientSecret) == "" {
		return generic("ValidationError", "You must specify a client secret for an authenticate-oidc action")
	}
	return nil
}

func (c *elbClient) CreateRule(ctx context.Context, in *elbv2.CreateRuleInput, _ ...func(*elbv2.Options)) (*elbv2.CreateRuleOutput, error) {
	const op = "CreateRule"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	lb, l := s.listener(deref(in.ListenerArn))
	if l == nil {
		return nil, c.fail(op, &elbtypes.ListenerNotFoundException{Message: msg("One or more listeners not found")})
	}
	if in.Priority == nil || *in.Priority < 1 || *in.Priority > 50000 {
		return nil, c.fail(op, generic("ValidationError", "1 validation error detected: Value at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000"))
	}
	prio := int(*in.Priority)
	for _, r := range l.Rules {
		if !r.IsDefault && r.Priority == prio {
			return nil, c.fail(op, &elbtypes.PriorityInUseException{Message: msg("Priority '%d' is currently in use", prio)})
		}
	}
	conds, err := normalizeConditions(in.Conditions)
	if err != nil {
		return nil, c.fail(op, err)
	}
	actions, err := s.normalizeActions(in.Actions)
	if err != nil {
		return nil, c.fail(op, err)
	}
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, c.fail(op, err)
	}
	if ruleCount(lb) >= s.limit(ServiceELB, QuotaRulesPerALB) {
		return nil, c.fail(op, &elbtypes.TooManyRulesException{Message: msg("The maximum number of rules on load balancer '%s' has been reached", lb.Name)})
	}
	att := attachedTGs(lb)
	added := 0
	for _, arn := range forwardARNs(actions) {
		if !att[arn] {
			added++
		}
	}
	if len(att)+added > s.limit(ServiceELB, QuotaTargetGroupsPerALB) {
		return nil, c.fail(op, &elbtypes.TooManyUniqueTargetGroupsPerLoadBalancerException{Message: msg("You have reached the maximum number of unique target groups per load balancer across all listeners")})
	}
	r := &rule{
		ARN:        ruleARN(l.ARN, s.hexID(16)),
		Priority:   prio,
		Conditions: conds,
		Actions:    actions,
		Transforms: clone(in.Transforms),
		Tags:       tags,
	}
	l.Rules = append(l.Rules, r)
	return &elbv2.CreateRuleOutput{Rules: []elbtypes.Rule{r.sdk()}}, nil
}

// ruleARN derives a rule ARN from its listener ARN (listener/ → listener-rule/).
func ruleARN(listenerARN, id string) string {
	return strings.Replace(listenerARN, ":listener/", ":listener-rule/", 1) + "/" + id
}

func (c *elbClient) DeleteRule(ctx context.Context, in *elbv2.DeleteRuleInput, _ ...func(*elbv2.Options)) (*elbv2.DeleteRuleOutput, error) {
	const op = "DeleteRule"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	arn := deref(in.RuleArn)
	_, l, r := s.rule(arn)
	if r == nil {
		return nil, c.fail(op, &elbtypes.RuleNotFoundException{Message: msg("One or more rules not found")})
	}
	if r.IsDefault {
		return nil, c.fail(op, &elbtypes.OperationNotPermittedException{Message: msg("Default rule '%s' cannot be deleted", arn)})
	}
	for i, x := range l.Rules {
		if x == r {
			l.Rules = append(l.Rules[:i], l.Rules[i+1:]...)
			break
		}
	}
	return &elbv2.DeleteRuleOutput{}, nil
}

// tagsIn validates the tags of a create call.
func tagsIn(in []elbtypes.Tag) (tagMap, error) {
	t := tagMap{}
	for _, tag := range in {
		k := deref(tag.Key)
		if err := validTagKey(k); err != nil {
			return nil, err
		}
		if _, dup := t[k]; dup {
			return nil, &elbtypes.DuplicateTagKeysException{Message: msg("Tag key '%s' is duplicated", k)}
		}
		t[k] = deref(tag.Value)
	}
	if len(t) > maxTags {
		return nil, &elbtypes.TooManyTagsException{Message: msg("You have reached the limit on the number of tags for this resource (%d)", maxTags)}
	}
	return t, nil
}

func validTagKey(k string) error {
	if k == "" || len(k) > 128 {
		return generic("ValidationError", "Tag key '%s' must be 1-128 characters", k)
	}
	if strings.HasPrefix(strings.ToLower(k), "aws:") {
		return generic("ValidationError", "Tag keys starting with 'aws:' are reserved for internal use")
	}
	return nil
}

func (c *elbClient) AddTags(ctx context.Context, in *elbv2.AddTagsInput, _ ...func(*elbv2.Options)) (*elbv2.AddTagsOutput, error) {
	const op = "AddTags"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	if len(in.ResourceArns) == 0 || len(in.ResourceArns) > 20 {
		return nil, c.fail(op, generic("ValidationError", "1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length between 1 and 20"))
	}
	add, err := tagsIn(in.Tags)
	if err != nil {
		return nil, c.fail(op, err)
	}
	// Validate everything first: AWS changes all resources or none.
	next := map[string]tagMap{}
	for _, arn := range in.ResourceArns {
		cur, ok := s.tagsOf(arn)
		if !ok {
			return nil, c.fail(op, notFound(arn))
		}
		t := cur.with(add)
		if len(t) > maxTags {
			return nil, c.fail(op, &elbtypes.TooManyTagsException{Message: msg("You have reached the limit on the number of tags for '%s' (%d)", arn, maxTags)})
		}
		next[arn] = t
	}
	for arn, t := range next {
		s.setTags(arn, t)
	}
	return &elbv2.AddTagsOutput{}, nil
}

func (c *elbClient) RemoveTags(ctx context.Context, in *elbv2.RemoveTagsInput, _ ...func(*elbv2.Options)) (*elbv2.RemoveTagsOutput, error) {
	const op = "RemoveTags"
	if err := c.a.begin(ctx, svcELB, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	if len(in.ResourceArns) == 0 || len(in.ResourceArns) > 20 {
		return nil, c.fail(op, generic("ValidationError", "1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length between 1 and 20"))
	}
	for _, arn := range in.ResourceArns {
		if _, ok := s.tagsOf(arn); !ok {
			return nil, c.fail(op, notFound(arn))
		}
	}
	for _, arn := range in.ResourceArns {
		cur, _ := s.tagsOf(arn)
		t := tagMap(cur.copy())
		for _, k := range in.TagKeys {
			delete(t, k)
		}
		s.setTags(arn, t)
	}
	return &elbv2.RemoveTagsOutput{}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
