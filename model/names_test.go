package model

import (
	"strings"
	"testing"
)

// h2HostCfg has every place a name lands: path, host, target group,
// stage, alias and record.
func h2HostCfg() *Config {
	c := DefaultConfig()
	c.ALB.ListenerARN = h2ListenerARN
	c.ALB.HostPattern = "{env}.preview.example.com"
	c.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}"}
	c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.preview.example.com"}
	c.Route53 = &Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "{env}.preview.example.com"}
	return c
}

func TestValidateEnvName(t *testing.T) {
	pathOnly := DefaultConfig()
	pathOnly.ALB.ListenerARN = h2ListenerARN

	wide := DefaultConfig() // a pattern that lets everything through to the templates
	wide.ALB.ListenerARN = h2ListenerARN
	wide.Naming.EnvPattern = `.+`

	longLabel := h2HostCfg()
	longLabel.Naming.EnvPattern = `.+`
	longLabel.ALB.TargetGroup.Name = "{env}" // 32 characters allowed
	longLabel.ALB.HostPattern = "preview-of-the-feature-environment-named-{env}.example.com"

	longStage := DefaultConfig()
	longStage.ALB.ListenerARN = h2ListenerARN
	longStage.Naming.EnvPattern = `.+`
	longStage.ALB.TargetGroup.Name = "{env}"
	longStage.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: strings.Repeat("s", 100) + "{env}"}

	tests := []struct {
		name    string
		cfg     *Config
		env     string
		wantErr string
	}{
		{"ok path", pathOnly, "feat-login", ""},
		{"ok host", h2HostCfg(), "feat-login", ""},
		{"ok 28 chars fits env-{env}", pathOnly, strings.Repeat("a", 28), ""},
		{"empty", pathOnly, "", "environment name is empty"},
		{"pattern", pathOnly, "Feat", `name "Feat" does not match naming.env_pattern`},
		{"pattern anchored", pathOnly, "feat/../x", "does not match naming.env_pattern"},
		{"one char", pathOnly, "a", "does not match"},
		{"tg too long", pathOnly, strings.Repeat("a", 29),
			`name "` + strings.Repeat("a", 29) + `" makes target group name "env-` + strings.Repeat("a", 29) + `" of 33 characters; the limit is 32`},
		{"tg bad char", wide, "a_b", `makes target group name "env-a_b" with '_'`},
		{"tg dot", wide, "a.b", `with '.'`},
		{"tg slash", wide, "a/b", `with '/'`},
		{"tg wildcard", wide, "a*", `with '*'`},
		{"tg trailing hyphen", wide, "ab-", "starting or ending with '-'"},
		{"host upper case", func() *Config { c := h2HostCfg(); c.Naming.EnvPattern = `.+`; return c }(), "Feat",
			`name "Feat" has upper-case letters; hostnames (alb.host_pattern) ignore case`},
		{"dns label too long", longLabel, strings.Repeat("b", 25),
			`makes hostname label "preview-of-the-feature-environment-named-` + strings.Repeat("b", 25) + `" of 66 characters; the limit is 63`},
		{"stage too long", longStage, strings.Repeat("c", 30), "makes stage name"},
		{"bad env_pattern", func() *Config { c := DefaultConfig(); c.Naming.EnvPattern = "("; return c }(), "x", "naming.env_pattern: does not compile"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.ValidateEnvName(tc.env)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateEnvName(%q) = %v", tc.env, err)
				}
				return
			}
			h2AssertOneLine(t, err, tc.wantErr)
		})
	}
}

func TestEnvPatternAnchoring(t *testing.T) {
	c := DefaultConfig()
	c.ALB.ListenerARN = h2ListenerARN
	// Unanchored and with an alternation: must still match the whole name.
	c.Naming.EnvPattern = `feat|fix-[0-9]+`
	for name, ok := range map[string]bool{"feat": true, "fix-12": true, "feature": false, "xfeat": false, "fix-12a": false} {
		if err := c.ValidateEnvName(name); (err == nil) != ok {
			t.Errorf("ValidateEnvName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}
