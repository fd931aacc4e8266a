package model

import (
	"strings"
	"testing"
)

func TestCacheKeyAndListenerAccount(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ALB.ListenerARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/1/2"
	if a, r, ok := ListenerAccount(cfg); !ok || a != "123456789012" || r != "eu-west-1" {
		t.Errorf("ListenerAccount = %q %q %v", a, r, ok)
	}
	if _, _, ok := ListenerAccount(&Config{}); ok {
		t.Error("an empty listener ARN has an account")
	}
	other := *cfg
	other.ALB.PathPattern = "/x/{env}/*"
	same := *cfg
	if SharedRefreshKey(cfg) == SharedRefreshKey(&other) || SharedRefreshKey(cfg) != SharedRefreshKey(&same) {
		t.Error("two configurations share a refresh key, or one has two")
	}
	for _, c := range []struct{ cache, want string }{
		{"", ""},
		{"s3://team-cache/envdeck", ""},
		{"/tmp/cache", "cache: "},
		{"s3://Bad_Bucket", "cache: "},
	} {
		cfg.Cache = c.cache
		err := cfg.Validate()
		if c.want == "" && err != nil && strings.Contains(err.Error(), "cache") {
			t.Errorf("cache %q: %v", c.cache, err)
		}
		if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("cache %q: %v, want a line naming cache", c.cache, err)
		}
	}
}
