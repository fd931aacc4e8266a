package aws

import (
	"sort"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// Conversions from model definitions to SDK inputs (the reverse of convert.go).

func sdkConditions(cs []model.Condition) []elbtypes.RuleCondition {
	out := make([]elbtypes.RuleCondition, 0, len(cs))
	for _, c := range cs {
		rc := elbtypes.RuleCondition{Field: awssdk.String(c.Field)}
		vals := append([]string(nil), c.Values...)
		regex := append([]string(nil), c.Regex...)
		switch c.Field {
		case "path-pattern":
			rc.PathPatternConfig = &elbtypes.PathPatternConditionConfig{Values: vals, RegexValues: regex}
		case "host-header":
			rc.HostHeaderConfig = &elbtypes.HostHeaderConditionConfig{Values: vals, RegexValues: regex}
		case "http-header":
			rc.HttpHeaderConfig = &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: awssdk.String(c.HeaderName), Values: vals, RegexValues: regex}
		case "http-request-method":
			rc.HttpRequestMethodConfig = &elbtypes.HttpRequestMethodConditionConfig{Values: vals}
		case "source-ip":
			rc.SourceIpConfig = &elbtypes.SourceIpConditionConfig{Values: vals}
		case "query-string":
			q := &elbtypes.QueryStringConditionConfig{}
			for _, v := range vals {
				kv := elbtypes.QueryStringKeyValuePair{}
				if k, val, ok := strings.Cut(v, "="); ok {
					kv.Key, kv.Value = optString(k), awssdk.String(val)
				} else {
					kv.Value = awssdk.String(v)
				}
				q.Values = append(q.Values, kv)
			}
			rc.QueryStringConfig = q
		default:
			rc.Values = vals
		}
		if len(regex) == 0 {
			if rc.PathPatternConfig != nil {
				rc.PathPatternConfig.RegexValues = nil
			}
			if rc.HostHeaderConfig != nil {
				rc.HostHeaderConfig.RegexValues = nil
			}
			if rc.HttpHeaderConfig != nil {
				rc.HttpHeaderConfig.RegexValues = nil
			}
		}
		out = append(out, rc)
	}
	return out
}

// sdkActions converts actions whose target groups are all resolved to ARNs.
// A single forward without stickiness is sent as TargetGroupArn (read back
// as weight 1). An authenticate-oidc action goes without its client secret:
// the caller adds it (withOIDCSecret).
func sdkActions(as []model.Action) []elbtypes.Action {
	out := make([]elbtypes.Action, 0, len(as))
	for i, a := range as {
		order := a.Order
		if order == 0 {
			order = i + 1
		}
		sa := elbtypes.Action{Type: elbtypes.ActionTypeEnum(a.Type), Order: awssdk.Int32(int32(order))}
		switch {
		case len(a.TargetGroups) == 1 && (a.TargetGroups[0].Weight == 1 || a.TargetGroups[0].Weight == 0) && a.Stickiness == nil:
			sa.TargetGroupArn = awssdk.String(a.TargetGroups[0].ARN)
		case len(a.TargetGroups) > 0:
			fc := &elbtypes.ForwardActionConfig{}
			for _, t := range a.TargetGroups {
				fc.TargetGroups = append(fc.TargetGroups, elbtypes.TargetGroupTuple{TargetGroupArn: awssdk.String(t.ARN), Weight: awssdk.Int32(int32(t.Weight))})
			}
			if st := a.Stickiness; st != nil {
				fc.TargetGroupStickinessConfig = &elbtypes.TargetGroupStickinessConfig{Enabled: awssdk.Bool(true)}
				if st.DurationSeconds > 0 {
					fc.TargetGroupStickinessConfig.DurationSeconds = awssdk.Int32(int32(st.DurationSeconds))
				}
			}
			sa.ForwardConfig = fc
		}
		sa.AuthenticateOidcConfig = sdkOIDC(a.OIDC)
		sa.AuthenticateCognitoConfig = sdkCognito(a.Cognito)
		sa.JwtValidationConfig = sdkJWT(a.JWT)
		if f := a.FixedResponse; f != nil {
			sa.FixedResponseConfig = &elbtypes.FixedResponseActionConfig{
				StatusCode:  awssdk.String(f.StatusCode),
				ContentType: optString(f.ContentType),
				MessageBody: optString(f.MessageBody),
			}
		}
		if r := a.Redirect; r != nil {
			sa.RedirectConfig = &elbtypes.RedirectActionConfig{
				StatusCode: elbtypes.RedirectActionStatusCodeEnum(r.StatusCode),
				Protocol:   optString(r.Protocol),
				Host:       optString(r.Host),
				Port:       optString(r.Port),
				Path:       optString(r.Path),
				Query:      optString(r.Query),
			}
		}
		out = append(out, sa)
	}
	return out
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return awssdk.String(s)
}

// sdkTags converts tags, sorted by key (stable requests, stable tests).
func sdkTags(m map[string]string) []elbtypes.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]elbtypes.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, elbtypes.Tag{Key: awssdk.String(k), Value: awssdk.String(m[k])})
	}
	return out
}

// tagDiff returns the tags to set (added or changed) and the keys to remove
// to go from cur to want.
func tagDiff(cur, want map[string]string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for k, v := range want {
		if old, ok := cur[k]; !ok || old != v {
			set[k] = v
		}
	}
	for k := range cur {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	return set, remove
}
