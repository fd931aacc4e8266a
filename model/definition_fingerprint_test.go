package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// richDefinitions sets every field a journal keeps, for each resource type.
func richDefinitions() []Definition {
	w90, bias, mv := int64(90), 5, true
	tags := map[string]string{"envdeck:managed-by": "envdeck", "envdeck:env": "feat-r"}
	rule := Rule{ARN: "arn:rule/r", ListenerARN: "arn:listener/l", Priority: 1001, Tags: tags,
		Conditions: []Condition{
			{Field: "http-header", HeaderName: "X-Env", Values: []string{"feat-r"}, Regex: []string{"^feat-.*$"}},
			{Field: "path-pattern", Values: []string{"/r/*"}},
		},
		Actions: []Action{
			{Type: "authenticate-oidc", Order: 1, OIDC: &AuthenticateOIDC{Issuer: "https://idp", AuthorizationEndpoint: "https://idp/auth",
				TokenEndpoint: "https://idp/token", UserInfoEndpoint: "https://idp/userinfo", ClientID: "client-1", SessionCookieName: "sess",
				Scope: "openid email", SessionTimeout: 3600, ExtraParams: map[string]string{"prompt": "login"}, OnUnauthenticated: "authenticate"}},
			{Type: "authenticate-cognito", Order: 2, Cognito: &AuthenticateCognito{UserPoolARN: "arn:pool", UserPoolClientID: "c2",
				UserPoolDomain: "auth", SessionCookieName: "s2", Scope: "openid", SessionTimeout: 600, ExtraParams: map[string]string{"a": "b"}, OnUnauthenticated: "deny"}},
			{Type: "jwt-validation", Order: 3, JWT: &JWTValidation{Issuer: "https://jwt", JWKSEndpoint: "https://jwt/keys",
				AdditionalClaims: []JWTClaim{{Format: "string-array", Name: "groups", Values: []string{"dev"}}}}},
			{Type: "forward", Order: 4, TargetGroups: []WeightedTargetGroup{{ARN: "arn:tg/blue", Name: "blue", Weight: 90}, {ARN: "arn:tg/green", Weight: 10}},
				Stickiness: &ForwardStickiness{DurationSeconds: 300}},
			{Type: "fixed-response", Order: 5, FixedResponse: &FixedResponseConfig{StatusCode: "503", ContentType: "text/plain", MessageBody: "down"}},
			{Type: "redirect", Order: 6, Redirect: &RedirectConfig{StatusCode: "HTTP_301", Protocol: "HTTPS", Host: "h", Port: "443", Path: "/p", Query: "q=1"}},
		},
		Transforms: []RuleTransform{{Type: "url-rewrite", Rewrites: []Rewrite{{Regex: "^/r/(.*)$", Replace: "/$1"}}}},
	}
	tg := TargetGroup{ARN: "arn:tg/blue", Name: "env-feat-r-blue", TargetType: "ip", Protocol: "HTTP", Port: 8080, VPCID: "vpc-1",
		HealthCheckEnabled: true, HealthCheckPath: "/healthz", HealthCheckProtocol: "HTTP", HealthCheckPort: "8081",
		HealthCheckInterval: 10, HealthCheckTimeout: 4, HealthyThreshold: 2, UnhealthyThreshold: 5,
		Matcher: &HealthMatcher{HTTPCode: "200-299", GRPCCode: "12"}, ProtocolVersion: "HTTP1", IPAddressType: "ipv4", TargetControlPort: 9000,
		Attributes: map[string]string{"deregistration_delay.timeout_seconds": "15", "stickiness.enabled": "true"}, AttributesRead: true,
		Tags: tags, HealthRead: true, LoadBalancerARNs: []string{"arn:lb"}, Targets: []Target{{ID: "10.0.1.5", Port: 8080, AZ: "all", State: "healthy", Reason: "x"}}}
	st := Stage{RestAPIID: "api1", Name: "feat-r", DeploymentID: "dep1", Description: "d", Variables: map[string]string{"env": "feat-r"},
		TracingEnabled: true, CacheClusterEnabled: true, CacheClusterSize: "0.5",
		MethodSettings: map[string]MethodSetting{"*/*": {MetricsEnabled: true, LoggingLevel: "INFO", DataTraceEnabled: true,
			ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50, CachingEnabled: true, CacheTTLSeconds: 60, CacheDataEncrypted: true,
			RequireAuthorizationForCacheControl: true, UnauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403"}},
		Canary:    &CanarySettings{PercentTraffic: 10, DeploymentID: "dep0", StageVariableOverrides: map[string]string{"env": "canary"}, UseStageCache: true},
		AccessLog: &AccessLogSettings{DestinationARN: "arn:logs", Format: "$context.requestId"}, ClientCertificateID: "cc1",
		DocumentationVersion: "v1", WebACLARN: "arn:waf", Tags: tags}
	rec := Record{ZoneID: "Z1", Name: "feat-r.example.com", Type: "CNAME", TTL: 60, Values: []string{"d1.cloudfront.net"},
		AliasTarget: "d2.cloudfront.net", AliasZoneID: "Z2FDTNDATAQYW2", EvaluateTargetHealth: true,
		SetIdentifier: "blue", Weight: &w90, Region: "us-east-1", Failover: "PRIMARY",
		GeoLocation:  &GeoLocation{ContinentCode: "EU", CountryCode: "DE", SubdivisionCode: "BY"},
		GeoProximity: &GeoProximity{AWSRegion: "us-east-1", LocalZoneGroup: "g", Latitude: "1.0", Longitude: "2.0", Bias: &bias},
		CIDRRouting:  &CIDRRouting{CollectionID: "c", LocationName: "l"}, MultiValueAnswer: &mv, HealthCheckID: "hc-1"}
	hst := HTTPStage{APIID: "api2", Name: "feat-r", DeploymentID: "dep9", AutoDeploy: true, Description: "d", Variables: map[string]string{"env": "feat-r"},
		DefaultRoute:  &HTTPRouteSettings{DetailedMetricsEnabled: true, LoggingLevel: "INFO", DataTraceEnabled: true, ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5},
		RouteSettings: map[string]HTTPRouteSettings{"GET /x": {DetailedMetricsEnabled: true, LoggingLevel: "ERROR", DataTraceEnabled: true, ThrottlingBurstLimit: 3, ThrottlingRateLimit: 2}},
		AccessLog:     &AccessLogSettings{DestinationARN: "arn:logs2", Format: "$context.requestId"}, ClientCertificateID: "cc2",
		Tags: tags, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	return []Definition{{Rule: &rule}, {TargetGroup: &tg}, {Stage: &st}, {HTTPStage: &hst}, {Alias: &Alias{DistributionID: "E1", Name: "feat-r.example.com"}}, {Record: &rec}}
}

// volatileFields are the JSON paths a fingerprint leaves out on purpose:
// target health and the bookkeeping flags saying what was read.
var volatileFields = []string{"health_read", "attributes_read", "state", "reason", "load_balancer_arns"}

// Every leaf of every journaled definition is part of its fingerprint: a
// change to any one of them (except the volatile ones) changes it.
func TestFingerprintCoversEveryJournaledField(t *testing.T) {
	checkEveryFieldSet(t, richDefinitions())
	for _, def := range richDefinitions() {
		base := def.Fingerprint()
		var tree any
		b, _ := json.Marshal(def)
		if err := json.Unmarshal(b, &tree); err != nil {
			t.Fatal(err)
		}
		for _, p := range leafPaths(tree, nil) {
			path := pathString(p)
			volatile := false
			for _, seg := range p {
				for _, v := range volatileFields {
					volatile = volatile || seg == v
				}
			}
			changed := perturb(t, tree, p)
			var d Definition
			if err := json.Unmarshal(changed, &d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if got := d.Fingerprint(); (got != base) == volatile {
				t.Errorf("%s: fingerprint changed = %v, want %v", path, got != base, !volatile)
			}
		}
	}
}

// checkEveryFieldSet fails when a field of the definition types is empty
// in every instance of the fixtures (a new field must be added to
// richDefinitions, and so to the fingerprint check).
func checkEveryFieldSet(t *testing.T, defs []Definition) {
	t.Helper()
	set := map[string]bool{}
	all := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type().PkgPath() == "time" {
				return
			}
			for i := 0; i < v.NumField(); i++ {
				key := v.Type().Name() + "." + v.Type().Field(i).Name
				all[key] = true
				set[key] = set[key] || !v.Field(i).IsZero()
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	for _, d := range defs {
		walk(reflect.ValueOf(d))
	}
	// Discovery's bookkeeping, not part of what restore recreates.
	exempt := map[string]bool{"Rule.IsDefault": true, "Stage.CreatedAt": true, "Rule.TagsUnread": true, "TargetGroup.TagsUnread": true}
	for k := range all {
		if !set[k] && !exempt[k] {
			t.Errorf("no fixture sets %s", k)
		}
	}
}

// leafPaths lists the path (map keys and slice indexes) of every leaf.
func leafPaths(v any, path []any) [][]any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out [][]any
		for _, k := range keys {
			out = append(out, leafPaths(x[k], append(append([]any(nil), path...), k))...)
		}
		return out
	case []any:
		var out [][]any
		for i, e := range x {
			out = append(out, leafPaths(e, append(append([]any(nil), path...), i))...)
		}
		return out
	}
	return [][]any{path}
}

func pathString(p []any) string {
	var b strings.Builder
	for _, s := range p {
		if i, ok := s.(int); ok {
			fmt.Fprintf(&b, "[%d]", i)
		} else {
			b.WriteString("." + s.(string))
		}
	}
	return b.String()
}

// perturb returns the JSON of tree with the leaf at path changed.
func perturb(t *testing.T, tree any, path []any) []byte {
	b, _ := json.Marshal(tree)
	var c any
	_ = json.Unmarshal(b, &c)
	var set func(v any, p []any) any
	set = func(v any, p []any) any {
		if len(p) == 0 {
			switch x := v.(type) {
			case string:
				if tm, err := time.Parse(time.RFC3339, x); err == nil {
					return tm.Add(time.Hour).Format(time.RFC3339)
				}
				return x + "x"
			case float64:
				return x + 1
			case bool:
				return !x
			}
			t.Fatalf("%s: leaf %T", pathString(path), v)
		}
		if k, ok := p[0].(string); ok {
			m := v.(map[string]any)
			m[k] = set(m[k], p[1:])
			return m
		}
		sl := v.([]any)
		sl[p[0].(int)] = set(sl[p[0].(int)], p[1:])
		return sl
	}
	out, err := json.Marshal(set(c, path))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
