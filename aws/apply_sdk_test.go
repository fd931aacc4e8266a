package aws

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/model"
)

// What apply sends reads back (through discovery's converters) as the same
// definition: a restored rule fingerprints like the journaled one.
func TestSDKConditionsAndActionsRoundTrip(t *testing.T) {
	conds := []model.Condition{
		{Field: "path-pattern", Values: []string{"/a/*", "/b/*"}},
		{Field: "host-header", Values: []string{"pv-1.preview.example.com"}, Regex: []string{"^pv-[0-9]+$"}},
		{Field: "http-header", HeaderName: "X-Client", Values: []string{"ios"}},
		{Field: "http-request-method", Values: []string{"GET"}},
		{Field: "query-string", Values: []string{"v=2", "beta"}},
		{Field: "source-ip", Values: []string{"10.0.0.0/8"}},
	}
	if got := toConditions(sdkConditions(conds)); !reflect.DeepEqual(got, conds) {
		t.Fatalf("conditions round trip:\n got %+v\nwant %+v", got, conds)
	}
	actions := []model.Action{
		{Type: "forward", Order: 1, TargetGroups: []model.WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 1}}},
		{Type: "forward", Order: 2, TargetGroups: []model.WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 90}, {ARN: "arn:tg/b", Weight: 10}}},
		{Type: "fixed-response", Order: 3, FixedResponse: &model.FixedResponseConfig{StatusCode: "404", ContentType: "text/plain", MessageBody: "gone"}},
		{Type: "redirect", Order: 4, Redirect: &model.RedirectConfig{StatusCode: "HTTP_301", Host: "example.com", Path: "/x"}},
		{Type: "forward", Order: 5, TargetGroups: []model.WeightedTargetGroup{{ARN: "arn:tg/a", Weight: 1}}, Stickiness: &model.ForwardStickiness{DurationSeconds: 300}},
		{Type: "authenticate-oidc", Order: 6, OIDC: &model.AuthenticateOIDC{Issuer: "https://idp", AuthorizationEndpoint: "https://idp/a",
			TokenEndpoint: "https://idp/t", UserInfoEndpoint: "https://idp/u", ClientID: "c1", SessionCookieName: "s", Scope: "openid",
			SessionTimeout: 3600, ExtraParams: map[string]string{"prompt": "login"}, OnUnauthenticated: "authenticate"}},
		{Type: "authenticate-cognito", Order: 7, Cognito: &model.AuthenticateCognito{UserPoolARN: "arn:pool", UserPoolClientID: "c2", UserPoolDomain: "d",
			SessionTimeout: 60, OnUnauthenticated: "deny"}},
		{Type: "jwt-validation", Order: 8, JWT: &model.JWTValidation{Issuer: "https://j", JWKSEndpoint: "https://j/k",
			AdditionalClaims: []model.JWTClaim{{Format: "string-array", Name: "groups", Values: []string{"dev"}}}}},
	}
	sent := sdkActions(actions)
	if got := toActions(sent); !reflect.DeepEqual(got, actions) {
		t.Fatalf("actions round trip:\n got %+v\nwant %+v", got, actions)
	}
	if err := withOIDCSecret(sent, ""); err == nil {
		t.Fatal("an authenticate-oidc action was sent without its client secret")
	}
	if err := withOIDCSecret(sent, "s3cret"); err != nil || *sent[5].AuthenticateOidcConfig.ClientSecret != "s3cret" {
		t.Fatalf("secret not set: %v", err)
	}
	// An endpoint that returns the secret (moto does) never gets it into a definition.
	if b, _ := json.Marshal(toActions(sent)); strings.Contains(string(b), "s3cret") {
		t.Fatalf("client secret read into a definition: %s", b)
	}
}

// A record of a routing policy reads back with every field it was made with.
func TestSDKRecordSetRoundTrip(t *testing.T) {
	w, bias, mv := int64(90), 5, true
	recs := []model.Record{
		{ZoneID: "Z1", Name: "feat.example.com", Type: "CNAME", TTL: 60, Values: []string{"d1.cloudfront.net"}, SetIdentifier: "blue", Weight: &w, HealthCheckID: "hc"},
		{ZoneID: "Z1", Name: "feat.example.com", Type: "A", AliasTarget: "d1.cloudfront.net", AliasZoneID: "Z2FDTNDATAQYW2", EvaluateTargetHealth: true, SetIdentifier: "p", Failover: "PRIMARY"},
		{ZoneID: "Z1", Name: "g.example.com", Type: "CNAME", TTL: 60, Values: []string{"d1.cloudfront.net"}, SetIdentifier: "eu", GeoLocation: &model.GeoLocation{ContinentCode: "EU"}},
		{ZoneID: "Z1", Name: "r.example.com", Type: "CNAME", TTL: 60, Values: []string{"d1.cloudfront.net"}, SetIdentifier: "r", Region: "eu-west-1", MultiValueAnswer: &mv},
		{ZoneID: "Z1", Name: "x.example.com", Type: "CNAME", TTL: 60, Values: []string{"d1.cloudfront.net"}, SetIdentifier: "x",
			GeoProximity: &model.GeoProximity{Latitude: "1.5", Longitude: "2.5", Bias: &bias}, CIDRRouting: &model.CIDRRouting{CollectionID: "c", LocationName: "l"}},
	}
	for _, want := range recs {
		got, ok := toRecord("Z1", *sdkRecordSet(&want))
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("record round trip:\n got %+v\nwant %+v", got, want)
		}
	}
}

func TestTagDiff(t *testing.T) {
	set, remove := tagDiff(map[string]string{"a": "1", "b": "2", "k": "true"}, map[string]string{"a": "1", "b": "3", "c": "4"})
	if !reflect.DeepEqual(set, map[string]string{"b": "3", "c": "4"}) || !reflect.DeepEqual(remove, []string{"k"}) {
		t.Fatalf("set %v remove %v", set, remove)
	}
}

func TestListenerOfRule(t *testing.T) {
	got := listenerOfRule("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee")
	if want := "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"; got != want {
		t.Fatalf("got %s", got)
	}
	if listenerOfRule("nope") != "" {
		t.Fatal("not a rule ARN")
	}
}
