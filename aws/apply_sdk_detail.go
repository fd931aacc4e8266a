package aws

import (
	"context"
	"errors"
	"sort"
	"strconv"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

// Model → SDK conversions of the settings restore recreates (the reverse of
// the detail readers in convert.go).

func sdkOIDC(o *model.AuthenticateOIDC) *elbtypes.AuthenticateOidcActionConfig {
	if o == nil {
		return nil
	}
	c := &elbtypes.AuthenticateOidcActionConfig{
		Issuer:                           awssdk.String(o.Issuer),
		AuthorizationEndpoint:            awssdk.String(o.AuthorizationEndpoint),
		TokenEndpoint:                    awssdk.String(o.TokenEndpoint),
		UserInfoEndpoint:                 awssdk.String(o.UserInfoEndpoint),
		ClientId:                         awssdk.String(o.ClientID),
		SessionCookieName:                optString(o.SessionCookieName),
		Scope:                            optString(o.Scope),
		AuthenticationRequestExtraParams: copyMap(o.ExtraParams),
		OnUnauthenticatedRequest:         elbtypes.AuthenticateOidcActionConditionalBehaviorEnum(o.OnUnauthenticated),
	}
	if o.SessionTimeout > 0 {
		c.SessionTimeout = awssdk.Int64(o.SessionTimeout)
	}
	return c
}

func sdkCognito(o *model.AuthenticateCognito) *elbtypes.AuthenticateCognitoActionConfig {
	if o == nil {
		return nil
	}
	c := &elbtypes.AuthenticateCognitoActionConfig{
		UserPoolArn:                      awssdk.String(o.UserPoolARN),
		UserPoolClientId:                 awssdk.String(o.UserPoolClientID),
		UserPoolDomain:                   awssdk.String(o.UserPoolDomain),
		SessionCookieName:                optString(o.SessionCookieName),
		Scope:                            optString(o.Scope),
		AuthenticationRequestExtraParams: copyMap(o.ExtraParams),
		OnUnauthenticatedRequest:         elbtypes.AuthenticateCognitoActionConditionalBehaviorEnum(o.OnUnauthenticated),
	}
	if o.SessionTimeout > 0 {
		c.SessionTimeout = awssdk.Int64(o.SessionTimeout)
	}
	return c
}

func sdkJWT(j *model.JWTValidation) *elbtypes.JwtValidationActionConfig {
	if j == nil {
		return nil
	}
	c := &elbtypes.JwtValidationActionConfig{Issuer: awssdk.String(j.Issuer), JwksEndpoint: awssdk.String(j.JWKSEndpoint)}
	for _, cl := range j.AdditionalClaims {
		c.AdditionalClaims = append(c.AdditionalClaims, elbtypes.JwtValidationActionAdditionalClaim{
			Format: elbtypes.JwtValidationActionAdditionalClaimFormatEnum(cl.Format), Name: awssdk.String(cl.Name), Values: append([]string(nil), cl.Values...)})
	}
	return c
}

func sdkTransforms(ts []model.RuleTransform) []elbtypes.RuleTransform {
	var out []elbtypes.RuleTransform
	for _, t := range ts {
		var rw []elbtypes.RewriteConfig
		for _, r := range t.Rewrites {
			rw = append(rw, elbtypes.RewriteConfig{Regex: awssdk.String(r.Regex), Replace: awssdk.String(r.Replace)})
		}
		st := elbtypes.RuleTransform{Type: elbtypes.TransformTypeEnum(t.Type)}
		if t.Type == string(elbtypes.TransformTypeEnumHostHeaderRewrite) {
			st.HostHeaderRewriteConfig = &elbtypes.HostHeaderRewriteConfig{Rewrites: rw}
		} else {
			st.UrlRewriteConfig = &elbtypes.UrlRewriteConfig{Rewrites: rw}
		}
		out = append(out, st)
	}
	return out
}

// errNoOIDCSecret: a rule with an authenticate-oidc action cannot be made
// without the client secret, which no journal holds.
var errNoOIDCSecret = errors.New("an authenticate-oidc action needs its client secret, which AWS never returns: pass it with --oidc-client-secret-from ENVVAR")

// withOIDCSecret gives every authenticate-oidc action the client secret.
func withOIDCSecret(as []elbtypes.Action, secret string) error {
	for i := range as {
		if as[i].AuthenticateOidcConfig == nil {
			continue
		}
		if secret == "" {
			return errNoOIDCSecret
		}
		as[i].AuthenticateOidcConfig.ClientSecret = awssdk.String(secret)
	}
	return nil
}

// sdkTargetGroupInput is the CreateTargetGroup request of a definition:
// every setting it holds (the ones left zero take AWS's defaults).
func sdkTargetGroupInput(def *model.TargetGroup) *elbv2.CreateTargetGroupInput {
	in := &elbv2.CreateTargetGroupInput{
		Name:               awssdk.String(def.Name),
		TargetType:         elbtypes.TargetTypeEnum(def.TargetType),
		HealthCheckEnabled: awssdk.Bool(def.HealthCheckEnabled),
		Tags:               sdkTags(def.Tags),
		Protocol:           elbtypes.ProtocolEnum(def.Protocol),
		Port:               optInt32(def.Port),
		VpcId:              optString(def.VPCID),
		ProtocolVersion:    optString(def.ProtocolVersion),
		IpAddressType:      elbtypes.TargetGroupIpAddressTypeEnum(def.IPAddressType),
		TargetControlPort:  optInt32(def.TargetControlPort),
	}
	if def.HealthCheckEnabled {
		in.HealthCheckPath = optString(def.HealthCheckPath)
		in.HealthCheckProtocol = elbtypes.ProtocolEnum(def.HealthCheckProtocol)
		in.HealthCheckPort = optString(def.HealthCheckPort)
		in.HealthCheckIntervalSeconds = optInt32(def.HealthCheckInterval)
		in.HealthCheckTimeoutSeconds = optInt32(def.HealthCheckTimeout)
		in.HealthyThresholdCount = optInt32(def.HealthyThreshold)
		in.UnhealthyThresholdCount = optInt32(def.UnhealthyThreshold)
		if m := def.Matcher; m != nil {
			in.Matcher = &elbtypes.Matcher{HttpCode: optString(m.HTTPCode), GrpcCode: optString(m.GRPCCode)}
		}
	}
	return in
}

func optInt32(n int) *int32 {
	if n == 0 {
		return nil
	}
	return awssdk.Int32(int32(n))
}

// attributeChanges returns the attributes of want whose value differs from
// have, sorted by key: what ModifyTargetGroupAttributes must set.
func attributeChanges(have, want map[string]string) []elbtypes.TargetGroupAttribute {
	var out []elbtypes.TargetGroupAttribute
	for k, v := range want {
		if cur, ok := have[k]; !ok || cur != v {
			out = append(out, elbtypes.TargetGroupAttribute{Key: awssdk.String(k), Value: awssdk.String(v)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].Key < *out[j].Key })
	return out
}

// sdkRecordSet is the record set of a definition, routing policy included.
func sdkRecordSet(def *model.Record) *r53types.ResourceRecordSet {
	rs := &r53types.ResourceRecordSet{Name: awssdk.String(def.Name), Type: r53types.RRType(def.Type)}
	if def.AliasTarget != "" {
		zone := def.AliasZoneID
		if zone == "" {
			zone = model.CloudFrontHostedZoneID
		}
		rs.AliasTarget = &r53types.AliasTarget{DNSName: awssdk.String(def.AliasTarget), HostedZoneId: awssdk.String(zone), EvaluateTargetHealth: def.EvaluateTargetHealth}
	} else {
		ttl := def.TTL
		if ttl == 0 {
			ttl = 300
		}
		rs.TTL = awssdk.Int64(ttl)
		for _, v := range def.Values {
			rs.ResourceRecords = append(rs.ResourceRecords, r53types.ResourceRecord{Value: awssdk.String(v)})
		}
	}
	rs.SetIdentifier = optString(def.SetIdentifier)
	if def.Weight != nil {
		rs.Weight = awssdk.Int64(*def.Weight)
	}
	rs.Region = r53types.ResourceRecordSetRegion(def.Region)
	rs.Failover = r53types.ResourceRecordSetFailover(def.Failover)
	if g := def.GeoLocation; g != nil {
		rs.GeoLocation = &r53types.GeoLocation{ContinentCode: optString(g.ContinentCode), CountryCode: optString(g.CountryCode), SubdivisionCode: optString(g.SubdivisionCode)}
	}
	if g := def.GeoProximity; g != nil {
		gp := &r53types.GeoProximityLocation{AWSRegion: optString(g.AWSRegion), LocalZoneGroup: optString(g.LocalZoneGroup)}
		if g.Latitude != "" || g.Longitude != "" {
			gp.Coordinates = &r53types.Coordinates{Latitude: awssdk.String(g.Latitude), Longitude: awssdk.String(g.Longitude)}
		}
		if g.Bias != nil {
			gp.Bias = awssdk.Int32(int32(*g.Bias))
		}
		rs.GeoProximityLocation = gp
	}
	if c := def.CIDRRouting; c != nil {
		rs.CidrRoutingConfig = &r53types.CidrRoutingConfig{CollectionId: awssdk.String(c.CollectionID), LocationName: awssdk.String(c.LocationName)}
	}
	if def.MultiValueAnswer != nil {
		rs.MultiValueAnswer = awssdk.Bool(*def.MultiValueAnswer)
	}
	rs.HealthCheckId = optString(def.HealthCheckID)
	return rs
}

// stagePatch is the UpdateStage operations that give a just-created stage
// the settings CreateStage cannot set: method settings, access logging and
// the client certificate.
func stagePatch(def *model.Stage) []apigwtypes.PatchOperation {
	var ops []apigwtypes.PatchOperation
	replace := func(path, value string) {
		ops = append(ops, apigwtypes.PatchOperation{Op: apigwtypes.OpReplace, Path: awssdk.String(path), Value: awssdk.String(value)})
	}
	keys := make([]string, 0, len(def.MethodSettings))
	for k := range def.MethodSettings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m, p := def.MethodSettings[k], "/"+k
		replace(p+"/metrics/enabled", strconv.FormatBool(m.MetricsEnabled))
		if m.LoggingLevel != "" {
			replace(p+"/logging/loglevel", m.LoggingLevel)
		}
		replace(p+"/logging/dataTrace", strconv.FormatBool(m.DataTraceEnabled))
		replace(p+"/throttling/burstLimit", strconv.Itoa(m.ThrottlingBurstLimit))
		replace(p+"/throttling/rateLimit", strconv.FormatFloat(m.ThrottlingRateLimit, 'f', -1, 64))
		replace(p+"/caching/enabled", strconv.FormatBool(m.CachingEnabled))
		replace(p+"/caching/ttlInSeconds", strconv.Itoa(m.CacheTTLSeconds))
		replace(p+"/caching/dataEncrypted", strconv.FormatBool(m.CacheDataEncrypted))
		replace(p+"/caching/requireAuthorizationForCacheControl", strconv.FormatBool(m.RequireAuthorizationForCacheControl))
		if m.UnauthorizedCacheControlHeaderStrategy != "" {
			replace(p+"/caching/unauthorizedCacheControlHeaderStrategy", m.UnauthorizedCacheControlHeaderStrategy)
		}
	}
	if l := def.AccessLog; l != nil {
		if l.DestinationARN != "" {
			replace("/accessLogSettings/destinationArn", l.DestinationARN)
		}
		if l.Format != "" {
			replace("/accessLogSettings/format", l.Format)
		}
	}
	if def.ClientCertificateID != "" {
		replace("/clientCertificateId", def.ClientCertificateID)
	}
	return ops
}

// sdkCanary is CreateStage's canary settings of a definition.
func sdkCanary(c *model.CanarySettings) *apigwtypes.CanarySettings {
	if c == nil {
		return nil
	}
	return &apigwtypes.CanarySettings{PercentTraffic: c.PercentTraffic, DeploymentId: optString(c.DeploymentID),
		StageVariableOverrides: copyMap(c.StageVariableOverrides), UseStageCache: c.UseStageCache}
}

type oidcSecretKey struct{}

// WithOIDCClientSecret carries the client secret that restore gives the
// authenticate-oidc actions it recreates (never part of a plan or journal).
func WithOIDCClientSecret(ctx context.Context, secret string) context.Context {
	return context.WithValue(ctx, oidcSecretKey{}, secret)
}

func oidcClientSecret(ctx context.Context) string {
	s, _ := ctx.Value(oidcSecretKey{}).(string)
	return s
}
