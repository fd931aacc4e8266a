package aws

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

// Conversions from SDK types to model types: SDK types never leave aws/.

func toListener(l elbtypes.Listener) model.Listener {
	return model.Listener{
		ARN:            awssdk.ToString(l.ListenerArn),
		Port:           int(awssdk.ToInt32(l.Port)),
		Protocol:       string(l.Protocol),
		DefaultActions: toActions(l.DefaultActions),
	}
}

// toRule converts a rule; "default" priority is the listener's default rule
// (IsDefault, Priority 0).
func toRule(r elbtypes.Rule, listenerARN string) model.Rule {
	out := model.Rule{
		ARN:         awssdk.ToString(r.RuleArn),
		ListenerARN: listenerARN,
		IsDefault:   awssdk.ToBool(r.IsDefault),
		Conditions:  toConditions(r.Conditions),
		Actions:     toActions(r.Actions),
		Transforms:  toTransforms(r.Transforms),
	}
	p := awssdk.ToString(r.Priority)
	if p == "default" {
		out.IsDefault = true
	} else if n, err := strconv.Atoi(p); err == nil {
		out.Priority = n
	}
	if out.IsDefault {
		out.Priority = 0
	}
	return out
}

// toConditions reads both shapes: the legacy Values and the *Config forms
// (AWS returns both, moto only the one sent). Values present in both are
// kept once, in order.
func toConditions(cs []elbtypes.RuleCondition) []model.Condition {
	out := make([]model.Condition, 0, len(cs))
	for _, c := range cs {
		mc := model.Condition{Field: awssdk.ToString(c.Field)}
		var vals, regex []string
		regex = append(regex, c.RegexValues...)
		switch {
		case c.HostHeaderConfig != nil:
			vals = append(vals, c.HostHeaderConfig.Values...)
			regex = append(regex, c.HostHeaderConfig.RegexValues...)
		case c.PathPatternConfig != nil:
			vals = append(vals, c.PathPatternConfig.Values...)
			regex = append(regex, c.PathPatternConfig.RegexValues...)
		case c.HttpHeaderConfig != nil:
			mc.HeaderName = awssdk.ToString(c.HttpHeaderConfig.HttpHeaderName)
			vals = append(vals, c.HttpHeaderConfig.Values...)
			regex = append(regex, c.HttpHeaderConfig.RegexValues...)
		case c.HttpRequestMethodConfig != nil:
			vals = append(vals, c.HttpRequestMethodConfig.Values...)
		case c.QueryStringConfig != nil:
			for _, kv := range c.QueryStringConfig.Values {
				vals = append(vals, queryValue(awssdk.ToString(kv.Key), awssdk.ToString(kv.Value)))
			}
		case c.SourceIpConfig != nil:
			vals = append(vals, c.SourceIpConfig.Values...)
		}
		vals = append(vals, c.Values...)
		mc.Values = uniqueStrings(vals)
		if mc.Values == nil {
			mc.Values = []string{}
		}
		mc.Regex = uniqueStrings(regex)
		out = append(out, mc)
	}
	return out
}

func uniqueStrings(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, v := range in {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// toActions reads forwards given as TargetGroupArn only (moto, old API) or
// as ForwardConfig (AWS adds it, weight 1, to single forwards), and every
// other action type with all its fields (never an OIDC client secret).
func toActions(as []elbtypes.Action) []model.Action {
	out := make([]model.Action, 0, len(as))
	for _, a := range as {
		ma := model.Action{Type: string(a.Type), Order: int(awssdk.ToInt32(a.Order))}
		switch {
		case a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0:
			for _, t := range a.ForwardConfig.TargetGroups {
				w := 1
				if t.Weight != nil {
					w = int(*t.Weight)
				}
				ma.TargetGroups = append(ma.TargetGroups, model.WeightedTargetGroup{ARN: awssdk.ToString(t.TargetGroupArn), Weight: w})
			}
		case a.TargetGroupArn != nil:
			ma.TargetGroups = []model.WeightedTargetGroup{{ARN: *a.TargetGroupArn, Weight: 1}}
		}
		if fc := a.ForwardConfig; fc != nil && fc.TargetGroupStickinessConfig != nil && awssdk.ToBool(fc.TargetGroupStickinessConfig.Enabled) {
			ma.Stickiness = &model.ForwardStickiness{DurationSeconds: int(awssdk.ToInt32(fc.TargetGroupStickinessConfig.DurationSeconds))}
		}
		if f := a.FixedResponseConfig; f != nil {
			ma.FixedResponse = &model.FixedResponseConfig{
				StatusCode:  awssdk.ToString(f.StatusCode),
				ContentType: awssdk.ToString(f.ContentType),
				MessageBody: awssdk.ToString(f.MessageBody),
			}
		}
		if r := a.RedirectConfig; r != nil {
			ma.Redirect = &model.RedirectConfig{
				StatusCode: string(r.StatusCode),
				Protocol:   awssdk.ToString(r.Protocol),
				Host:       awssdk.ToString(r.Host),
				Port:       awssdk.ToString(r.Port),
				Path:       awssdk.ToString(r.Path),
				Query:      awssdk.ToString(r.Query),
			}
		}
		ma.OIDC = toOIDC(a.AuthenticateOidcConfig)
		ma.Cognito = toCognito(a.AuthenticateCognitoConfig)
		ma.JWT = toJWT(a.JwtValidationConfig)
		out = append(out, ma)
	}
	return out
}

// toOIDC reads every field AWS returns; the client secret is left out even
// when an endpoint returns it (moto does), so no journal ever holds it.
func toOIDC(c *elbtypes.AuthenticateOidcActionConfig) *model.AuthenticateOIDC {
	if c == nil {
		return nil
	}
	return &model.AuthenticateOIDC{
		Issuer:                awssdk.ToString(c.Issuer),
		AuthorizationEndpoint: awssdk.ToString(c.AuthorizationEndpoint),
		TokenEndpoint:         awssdk.ToString(c.TokenEndpoint),
		UserInfoEndpoint:      awssdk.ToString(c.UserInfoEndpoint),
		ClientID:              awssdk.ToString(c.ClientId),
		SessionCookieName:     awssdk.ToString(c.SessionCookieName),
		Scope:                 awssdk.ToString(c.Scope),
		SessionTimeout:        awssdk.ToInt64(c.SessionTimeout),
		ExtraParams:           copyMap(c.AuthenticationRequestExtraParams),
		OnUnauthenticated:     string(c.OnUnauthenticatedRequest),
	}
}

func toCognito(c *elbtypes.AuthenticateCognitoActionConfig) *model.AuthenticateCognito {
	if c == nil {
		return nil
	}
	return &model.AuthenticateCognito{
		UserPoolARN:       awssdk.ToString(c.UserPoolArn),
		UserPoolClientID:  awssdk.ToString(c.UserPoolClientId),
		UserPoolDomain:    awssdk.ToString(c.UserPoolDomain),
		SessionCookieName: awssdk.ToString(c.SessionCookieName),
		Scope:             awssdk.ToString(c.Scope),
		SessionTimeout:    awssdk.ToInt64(c.SessionTimeout),
		ExtraParams:       copyMap(c.AuthenticationRequestExtraParams),
		OnUnauthenticated: string(c.OnUnauthenticatedRequest),
	}
}

func toJWT(c *elbtypes.JwtValidationActionConfig) *model.JWTValidation {
	if c == nil {
		return nil
	}
	j := &model.JWTValidation{Issuer: awssdk.ToString(c.Issuer), JWKSEndpoint: awssdk.ToString(c.JwksEndpoint)}
	for _, cl := range c.AdditionalClaims {
		j.AdditionalClaims = append(j.AdditionalClaims, model.JWTClaim{Format: string(cl.Format), Name: awssdk.ToString(cl.Name), Values: append([]string(nil), cl.Values...)})
	}
	return j
}

func toTransforms(ts []elbtypes.RuleTransform) []model.RuleTransform {
	var out []model.RuleTransform
	for _, t := range ts {
		mt := model.RuleTransform{Type: string(t.Type)}
		var rw []elbtypes.RewriteConfig
		if t.HostHeaderRewriteConfig != nil {
			rw = t.HostHeaderRewriteConfig.Rewrites
		}
		if t.UrlRewriteConfig != nil {
			rw = t.UrlRewriteConfig.Rewrites
		}
		for _, r := range rw {
			mt.Rewrites = append(mt.Rewrites, model.Rewrite{Regex: awssdk.ToString(r.Regex), Replace: awssdk.ToString(r.Replace)})
		}
		out = append(out, mt)
	}
	return out
}

// queryValue writes one query-string condition pair as KEY=VALUE, or VALUE
// without a key; a keyless value holding "=" gets a leading "=" so that it
// reads back as keyless (see sdkConditions).
func queryValue(key, value string) string {
	if key != "" || strings.Contains(value, "=") {
		return key + "=" + value
	}
	return value
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func toTargetGroup(t elbtypes.TargetGroup) model.TargetGroup {
	tg := model.TargetGroup{
		ARN:                 awssdk.ToString(t.TargetGroupArn),
		Name:                awssdk.ToString(t.TargetGroupName),
		TargetType:          string(t.TargetType),
		Protocol:            string(t.Protocol),
		Port:                int(awssdk.ToInt32(t.Port)),
		VPCID:               awssdk.ToString(t.VpcId),
		HealthCheckEnabled:  awssdk.ToBool(t.HealthCheckEnabled),
		HealthCheckPath:     awssdk.ToString(t.HealthCheckPath),
		HealthCheckProtocol: string(t.HealthCheckProtocol),
		HealthCheckPort:     awssdk.ToString(t.HealthCheckPort),
		HealthCheckInterval: int(awssdk.ToInt32(t.HealthCheckIntervalSeconds)),
		HealthCheckTimeout:  int(awssdk.ToInt32(t.HealthCheckTimeoutSeconds)),
		HealthyThreshold:    int(awssdk.ToInt32(t.HealthyThresholdCount)),
		UnhealthyThreshold:  int(awssdk.ToInt32(t.UnhealthyThresholdCount)),
		ProtocolVersion:     awssdk.ToString(t.ProtocolVersion),
		IPAddressType:       string(t.IpAddressType),
		TargetControlPort:   int(awssdk.ToInt32(t.TargetControlPort)),
		LoadBalancerARNs:    sortedUnique(t.LoadBalancerArns),
	}
	if m := t.Matcher; m != nil && (m.HttpCode != nil || m.GrpcCode != nil) {
		tg.Matcher = &model.HealthMatcher{HTTPCode: awssdk.ToString(m.HttpCode), GRPCCode: awssdk.ToString(m.GrpcCode)}
	}
	return tg
}

// toAttributes reads DescribeTargetGroupAttributes' key/value list.
func toAttributes(as []elbtypes.TargetGroupAttribute) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[awssdk.ToString(a.Key)] = awssdk.ToString(a.Value)
	}
	return m
}

// sortedUnique returns ss sorted without repeats, nil when empty (moto
// repeats a load balancer once per rule forwarding to the group).
func sortedUnique(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return slices.Compact(out)
}

func toTargets(ds []elbtypes.TargetHealthDescription) []model.Target {
	out := make([]model.Target, 0, len(ds))
	for _, d := range ds {
		var t model.Target
		if d.Target != nil {
			t.ID = awssdk.ToString(d.Target.Id)
			t.Port = int(awssdk.ToInt32(d.Target.Port))
			t.AZ = awssdk.ToString(d.Target.AvailabilityZone)
		}
		if h := d.TargetHealth; h != nil {
			t.State = string(h.State)
			t.Reason = string(h.Reason)
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Port < out[j].Port
	})
	return out
}

func toTags(ts []elbtypes.Tag) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[awssdk.ToString(t.Key)] = awssdk.ToString(t.Value)
	}
	return m
}

func toStage(restAPIID string, s apigwtypes.Stage) model.Stage {
	tags := map[string]string{}
	for k, v := range s.Tags {
		tags[k] = v
	}
	var vars map[string]string
	if len(s.Variables) > 0 {
		vars = make(map[string]string, len(s.Variables))
		for k, v := range s.Variables {
			vars[k] = v
		}
	}
	out := model.Stage{
		RestAPIID:            restAPIID,
		Name:                 awssdk.ToString(s.StageName),
		DeploymentID:         awssdk.ToString(s.DeploymentId),
		Description:          awssdk.ToString(s.Description),
		Variables:            vars,
		TracingEnabled:       s.TracingEnabled,
		CacheClusterEnabled:  s.CacheClusterEnabled,
		CacheClusterSize:     string(s.CacheClusterSize),
		MethodSettings:       toMethodSettings(s.MethodSettings),
		ClientCertificateID:  awssdk.ToString(s.ClientCertificateId),
		DocumentationVersion: awssdk.ToString(s.DocumentationVersion),
		WebACLARN:            awssdk.ToString(s.WebAclArn),
		Tags:                 tags,
		CreatedAt:            utcTime(s.CreatedDate),
	}
	if !out.CacheClusterEnabled {
		out.CacheClusterSize = "" // AWS keeps reporting the last size of a cluster switched off
	}
	if c := s.CanarySettings; c != nil {
		out.Canary = &model.CanarySettings{PercentTraffic: c.PercentTraffic, DeploymentID: awssdk.ToString(c.DeploymentId),
			StageVariableOverrides: copyMap(c.StageVariableOverrides), UseStageCache: c.UseStageCache}
	}
	if l := s.AccessLogSettings; l != nil && (l.DestinationArn != nil || l.Format != nil) {
		out.AccessLog = &model.AccessLogSettings{DestinationARN: awssdk.ToString(l.DestinationArn), Format: awssdk.ToString(l.Format)}
	}
	return out
}

func toMethodSettings(in map[string]apigwtypes.MethodSetting) map[string]model.MethodSetting {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]model.MethodSetting, len(in))
	for k, m := range in {
		out[k] = model.MethodSetting{
			MetricsEnabled:                         m.MetricsEnabled,
			LoggingLevel:                           awssdk.ToString(m.LoggingLevel),
			DataTraceEnabled:                       m.DataTraceEnabled,
			ThrottlingBurstLimit:                   int(m.ThrottlingBurstLimit),
			ThrottlingRateLimit:                    m.ThrottlingRateLimit,
			CachingEnabled:                         m.CachingEnabled,
			CacheTTLSeconds:                        int(m.CacheTtlInSeconds),
			CacheDataEncrypted:                     m.CacheDataEncrypted,
			RequireAuthorizationForCacheControl:    m.RequireAuthorizationForCacheControl,
			UnauthorizedCacheControlHeaderStrategy: string(m.UnauthorizedCacheControlHeaderStrategy),
		}
	}
	return out
}

func toDeployment(d apigwtypes.Deployment) model.Deployment {
	return model.Deployment{ID: awssdk.ToString(d.Id), CreatedAt: utcTime(d.CreatedDate)}
}

func utcTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func toDistribution(d *cftypes.Distribution, etag string) *model.Distribution {
	out := &model.Distribution{
		ID:         awssdk.ToString(d.Id),
		DomainName: trimDot(awssdk.ToString(d.DomainName)),
		Status:     awssdk.ToString(d.Status),
		ETag:       etag,
		Aliases:    []string{},
	}
	if d.DistributionConfig != nil {
		out.Aliases = aliasesOf(d.DistributionConfig.Aliases)
	}
	return out
}

// aliasesOf returns a distribution's aliases, lowercase and sorted.
func aliasesOf(a *cftypes.Aliases) []string {
	out := []string{}
	if a != nil {
		for _, x := range a.Items {
			out = append(out, strings.ToLower(trimDot(x)))
		}
	}
	sort.Strings(out)
	return out
}

// cloudFrontSuffix: records pointing at a CloudFront distribution.
const cloudFrontSuffix = ".cloudfront.net"

// toRecord converts a record set; ok is false unless it is an A/AAAA alias
// or a CNAME pointing at a *.cloudfront.net name.
func toRecord(zoneID string, rs r53types.ResourceRecordSet) (model.Record, bool) {
	r := model.Record{ZoneID: zoneID, Name: dnsName(awssdk.ToString(rs.Name)), Type: string(rs.Type)}
	toRouting(&r, rs)
	switch rs.Type {
	case r53types.RRTypeA, r53types.RRTypeAaaa:
		if rs.AliasTarget == nil {
			return r, false
		}
		r.AliasTarget = dnsName(awssdk.ToString(rs.AliasTarget.DNSName))
		r.AliasZoneID = awssdk.ToString(rs.AliasTarget.HostedZoneId)
		r.EvaluateTargetHealth = rs.AliasTarget.EvaluateTargetHealth
		return r, strings.HasSuffix(r.AliasTarget, cloudFrontSuffix)
	case r53types.RRTypeCname:
		r.TTL = awssdk.ToInt64(rs.TTL)
		for _, v := range rs.ResourceRecords {
			r.Values = append(r.Values, dnsName(awssdk.ToString(v.Value)))
		}
		return r, len(r.Values) > 0 && strings.HasSuffix(r.Values[0], cloudFrontSuffix)
	}
	return r, false
}

// toRouting reads a record set's routing policy and health check.
func toRouting(r *model.Record, rs r53types.ResourceRecordSet) {
	r.SetIdentifier = awssdk.ToString(rs.SetIdentifier)
	if rs.Weight != nil {
		w := *rs.Weight
		r.Weight = &w
	}
	r.Region = string(rs.Region)
	r.Failover = string(rs.Failover)
	if g := rs.GeoLocation; g != nil {
		r.GeoLocation = &model.GeoLocation{ContinentCode: awssdk.ToString(g.ContinentCode), CountryCode: awssdk.ToString(g.CountryCode), SubdivisionCode: awssdk.ToString(g.SubdivisionCode)}
	}
	if g := rs.GeoProximityLocation; g != nil {
		gp := &model.GeoProximity{AWSRegion: awssdk.ToString(g.AWSRegion), LocalZoneGroup: awssdk.ToString(g.LocalZoneGroup)}
		if g.Coordinates != nil {
			gp.Latitude, gp.Longitude = awssdk.ToString(g.Coordinates.Latitude), awssdk.ToString(g.Coordinates.Longitude)
		}
		if g.Bias != nil {
			b := int(*g.Bias)
			gp.Bias = &b
		}
		r.GeoProximity = gp
	}
	if c := rs.CidrRoutingConfig; c != nil {
		r.CIDRRouting = &model.CIDRRouting{CollectionID: awssdk.ToString(c.CollectionId), LocationName: awssdk.ToString(c.LocationName)}
	}
	if rs.MultiValueAnswer != nil {
		m := *rs.MultiValueAnswer
		r.MultiValueAnswer = &m
	}
	r.HealthCheckID = awssdk.ToString(rs.HealthCheckId)
}

// dnsName lowercases a DNS name, drops the trailing dot and undoes Route
// 53's octal escapes (\052 is '*').
func dnsName(s string) string {
	s = trimDot(s)
	if strings.Contains(s, `\`) {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+3 < len(s) {
				if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
					b.WriteByte(byte(n))
					i += 3
					continue
				}
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	return strings.ToLower(s)
}

func trimDot(s string) string { return strings.TrimSuffix(s, ".") }

// zoneID drops the "/hostedzone/" prefix Route 53 uses in some answers.
func zoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }
