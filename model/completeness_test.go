package model

import (
	"errors"
	"strings"
	"testing"
)

func TestChangeNeedsEverySourceButQuotasAndHealth(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sources []string
		refused string // "" = allowed; else the sources named
	}{
		{"clean read", nil, ""},
		{"quotas only", []string{SourceQuotas}, ""},
		{"target health only", []string{SourceTargetHealth}, ""},
		{"tags throttled", []string{SourceALB}, "elbv2"},
		{"caller unknown", []string{SourceSTS}, "sts"},
		{"api gateway denied", []string{SourceAPIGateway}, "apigateway"},
		{"distribution missing", []string{SourceCloudFront, SourceQuotas}, "cloudfront"},
		{"zone missing", []string{SourceRoute53}, "route53"},
		{"two sources, one twice", []string{SourceALB, SourceALB, SourceRoute53, SourceTargetHealth}, "elbv2, route53"},
		{"a source added later fails closed", []string{"apigatewayv2"}, "apigatewayv2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := &Snapshot{}
			for _, s := range tc.sources {
				snap.Errors = append(snap.Errors, SourceError{Source: s, Message: "boom"})
			}
			for _, kind := range []string{"create", PlanKindDestroy, "extend", PlanKindGC, "restore"} {
				err := CheckComplete(snap, kind)
				if tc.refused == "" {
					if err != nil {
						t.Fatalf("%s refused: %v", kind, err)
					}
					continue
				}
				var ie *IncompleteError
				if !errors.As(err, &ie) || ie.Kind != kind {
					t.Fatalf("%s: %v, want an IncompleteError", kind, err)
				}
				if want := "refusing to " + kind + ": " + tc.refused + " could not be read"; !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("%q, want it to start with %q", err, want)
				}
			}
		})
	}
}

func TestReadFailuresByView(t *testing.T) {
	errs := []SourceError{{Source: SourceQuotas}, {Source: SourceTargetHealth}, {Source: SourceCloudFront}}
	if got := SourceNames(ReadFailures(errs, "ls")); got != "elbv2:target-health, cloudfront" {
		t.Errorf("ls: %q", got)
	}
	if got := SourceNames(ReadFailures(errs, ViewQuota)); got != "cloudfront" {
		t.Errorf("quota: %q", got)
	}
	if got := ReadFailures([]SourceError{{Source: SourceQuotas}}, "gc"); len(got) != 0 {
		t.Errorf("gc with only quotas failed: %+v", got)
	}
}
