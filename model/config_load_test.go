package model

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const h2ListenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"

func h2LoadFixture(t *testing.T, name string) (*Config, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "config", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return LoadConfig(f)
}

func TestLoadConfigFixtures(t *testing.T) {
	full := &Config{
		Region: "eu-west-1", Profile: "platform-dev", AccountID: "123456789012", APIBudget: 0.2,
		Naming: NamingConfig{
			EnvPattern: `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`,
			Protected:  []string{"main", "staging", "release-*"},
			DefaultTTL: Duration{72 * time.Hour},
		},
		Tags: TagsConfig{Prefix: "envdeck"},
		GC:   GCConfig{Grace: Duration{2 * time.Hour}},
		ALB: ALBConfig{
			ListenerARN:   "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
			Routing:       "path",
			PathPattern:   "/{env}/*",
			HostPattern:   "{env}.preview.example.com",
			PriorityRange: [2]int{1000, 4999},
			TargetGroup:   TargetGroupConfig{Name: "env-{env}", Type: "lambda"},
		},
		APIGateway: &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
		CloudFront: &CloudFrontConfig{
			DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.preview.example.com",
			Slots: &SlotsConfig{Pattern: "pv-{n}.preview.example.com", Count: 20},
		},
		Route53: &Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "{env}.preview.example.com"},
	}
	minimal := DefaultConfig()
	minimal.ALB.ListenerARN = h2ListenerARN

	hostIP := DefaultConfig()
	hostIP.Region, hostIP.AccountID = "us-east-1", "123456789012"
	hostIP.Naming.Protected = []string{"main"}
	hostIP.Naming.DefaultTTL = Duration{7 * 24 * time.Hour}
	hostIP.GC.Grace = Duration{0} // explicitly 0: not replaced by the default
	hostIP.ALB = ALBConfig{
		ListenerARN: h2ListenerARN, Routing: "host", PathPattern: "/{env}/*",
		HostPattern: "{env}.preview.example.com", PriorityRange: [2]int{1, 50000},
		TargetGroup: TargetGroupConfig{Name: "tg-{env}", Type: "ip", Port: 8080, Protocol: "HTTP", VPCID: "vpc-0abc123"},
	}
	hostIP.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.preview.example.com"}
	hostIP.Route53 = &Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "{env}.preview.example.com"}

	tests := map[string]*Config{"full.yaml": full, "minimal.yaml": minimal, "host-ip.yaml": hostIP}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := h2LoadFixture(t, name)
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("LoadConfig =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// Each bad config is one line naming the key.
func TestLoadConfigBadFixtures(t *testing.T) {
	tests := map[string]string{
		"bad-unknown-key.yaml":      `unknown key "alb.listner_arn"`,
		"bad-pattern-no-env.yaml":   "alb.path_pattern",
		"bad-range-reversed.yaml":   "alb.priority_range: 5000 > 1000 (reversed)",
		"bad-missing-listener.yaml": "alb.listener_arn: required",
		"bad-glob.yaml":             "naming.protected[2]",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := h2LoadFixture(t, name)
			h2AssertOneLine(t, err, want)
		})
	}
}

func h2AssertOneLine(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %q", want)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans lines: %q", msg)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not contain %q", msg, want)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	arn := "alb:\n  listener_arn: " + h2ListenerARN + "\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "regoin: eu-west-1\n" + arn, `config: unknown key "regoin" (did you mean "region"?) (line 1)`},
		{"unknown nested key", "alb:\n  listner_arn: x\n", `config: unknown key "alb.listner_arn" (did you mean "alb.listener_arn"?)`},
		{"unknown deep key", arn + "  target_group:\n    nam: x\n", `unknown key "alb.target_group.nam"`},
		{"unknown key no suggestion", arn + "  zzzzzzzz: 1\n", `unknown key "alb.zzzzzzzz" (line 3)`},
		{"syntax", "alb: [1\n", "config: line 1, column"},
		{"not a mapping", "- a\n- b\n", "want a mapping of keys, got a list"},
		{"section is a scalar", "alb: yes\n", "alb: want a mapping of keys"},
		{"string wanted", arn + "  routing: [a]\n", "alb.routing: want text, got a list"},
		{"int wanted", arn + "  priority_range: [1, x]\n", `alb.priority_range[1]: want a whole number, got "x"`},
		{"range of three", arn + "  priority_range: [1, 2, 3]\n", "alb.priority_range: want a list of 2 values, got 3"},
		{"range of one", arn + "  priority_range: [1]\n", "alb.priority_range: want a list of 2 values, got 1"},
		{"range scalar", arn + "  priority_range: 1000\n", "alb.priority_range: want a list of 2 values such as [1000, 4999]"},
		{"float wanted", "api_budget: lots\n" + arn, `api_budget: want a number, got "lots"`},
		{"bad duration", "naming:\n  default_ttl: 7x\n" + arn, `naming.default_ttl: invalid duration "7x"`},
		{"duration without unit", "gc:\n  grace: 90\n" + arn, `gc.grace: invalid duration "90"`},
		{"duration list", "gc:\n  grace: [1h]\n" + arn, "gc.grace: want a duration"},
		{"anchor", "profile: &p x\nregion: *p\n" + arn, "anchors, aliases and merge keys are not supported"},
		{"two documents", arn + "---\n" + arn, "more than one YAML document"},
		{"duplicate key", arn + "  routing: path\n  routing: host\n", "config: alb.routing: set twice (line 4)"},
		{"duplicate variable", arn + "apigateway:\n  rest_api_id: a1b2c3d4e5\n  variables: {a: x, a: y}\n", "config: apigateway.variables.a: set twice (line 5)"},
		{"pattern twice", arn + "  path_pattern: '/{env}/{env}'\n", "alb.path_pattern: pattern \"/{env}/{env}\" has {env} more than once"},
		{"empty", "", "alb.listener_arn: required"},
		{"validation prefixed", "api_budget: 2\n" + arn, "config: api_budget: 2 is outside (0, 1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tc.yaml))
			h2AssertOneLine(t, err, tc.want)
		})
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		check func(*Config) bool
	}{
		{"null section keeps defaults", "naming:\ngc:\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			d := DefaultConfig()
			return reflect.DeepEqual(c.Naming, d.Naming) && c.GC == d.GC
		}},
		{"partial section keeps other defaults", "naming:\n  protected: [main]\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.Naming.EnvPattern == DefaultConfig().Naming.EnvPattern && c.Naming.DefaultTTL.Duration == 72*time.Hour &&
				reflect.DeepEqual(c.Naming.Protected, []string{"main"})
		}},
		{"apigateway stage default", "apigateway:\n  rest_api_id: a1b2c3d4e5\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.APIGateway != nil && c.APIGateway.Stage == "{env}"
		}},
		{"null apigateway is unset", "apigateway:\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.APIGateway == nil
		}},
		{"unquoted account id", "account_id: 123456789012\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.AccountID == "123456789012"
		}},
		{"days and hours", "naming:\n  default_ttl: 1d12h\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.Naming.DefaultTTL.Duration == 36*time.Hour
		}},
		{"quoted duration", "gc:\n  grace: \"90m\"\nalb:\n  listener_arn: " + h2ListenerARN + "\n", func(c *Config) bool {
			return c.GC.Grace.Duration == 90*time.Minute
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := LoadConfig(strings.NewReader(tc.yaml))
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if !tc.check(c) {
				t.Errorf("unexpected config %+v", c)
			}
		})
	}
}

func TestLoadConfigErrorIsConfigError(t *testing.T) {
	_, err := LoadConfig(strings.NewReader("api_budget: 0\nalb:\n  priority_range: [5000, 1000]\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is no *ConfigError", err)
	}
	for _, key := range []string{"api_budget", "alb.listener_arn", "alb.priority_range"} {
		if !ce.Has(key) {
			t.Errorf("problems %v lack %s", ce.Problems, key)
		}
	}
}
