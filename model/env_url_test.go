package model

import (
	"strings"
	"testing"
)

func TestEnvURL(t *testing.T) {
	dist := &Snapshot{Distribution: &Distribution{ID: "E1", DomainName: "d111.cloudfront.net"}}
	for _, tc := range []struct {
		name    string
		base    string
		pattern string
		env     Environment
		snap    *Snapshot
		want    string
	}{
		{"path mode: the CloudFront domain", "", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingPath}, dist, "https://d111.cloudfront.net/pr-1/"},
		{"path mode: base_url wins", "https://preview.example.com/", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingPath}, dist, "https://preview.example.com/pr-1/"},
		{"path mode: base_url with a prefix", "https://example.com/previews", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingPath}, nil, "https://example.com/previews/pr-1/"},
		{"path mode: pattern with a prefix and no slash", "", "/app/{env}*", Environment{Name: "pr-1", Routing: RoutingPath}, dist, "https://d111.cloudfront.net/app/pr-1/"},
		{"path mode: nothing to serve from", "", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingPath}, &Snapshot{}, ""},
		{"host mode", "https://ignored.example.com", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingHost, Hostname: "PR-1.preview.example.com."}, dist, "https://pr-1.preview.example.com/"},
		{"host mode without a hostname", "", "/{env}/*", Environment{Name: "pr-1", Routing: RoutingHost}, dist, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.BaseURL, cfg.ALB.PathPattern = tc.base, tc.pattern
			if got := EnvURL(cfg, tc.env, tc.snap); got != tc.want {
				t.Errorf("EnvURL = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBaseURLValidation(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"", true},
		{"https://preview.example.com", true},
		{"http://localhost:8080/previews/", true},
		{"preview.example.com", false},
		{"ftp://preview.example.com", false},
		{"https://", false},
		{"https://preview.example.com/?x=1", false},
		{"https://preview.example.com/#top", false},
		{"https://user:pw@preview.example.com", false},
	} {
		cfg := planConfig()
		cfg.BaseURL = tc.value
		err := cfg.Validate()
		if tc.ok != (err == nil) {
			t.Errorf("base_url %q: err = %v, want ok=%v", tc.value, err, tc.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "base_url: ") {
			t.Errorf("base_url %q: error %q does not name the key", tc.value, err)
		}
	}
}

func TestPlannedEnvironment(t *testing.T) {
	inv := planInventory()
	path, err := PlanCreate(inv, planConfig(), CreateRequest{Name: "pr-7"}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if env, ok := PlannedEnvironment(path); !ok || env.Name != "pr-7" || env.Routing != RoutingPath || env.Hostname != "" {
		t.Errorf("path plan: %+v ok=%v", env, ok)
	}
	host, err := PlanCreate(planInventory(), hostConfig(0), CreateRequest{Name: "pr-7"}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	if env, ok := PlannedEnvironment(host); !ok || env.Routing != RoutingHost || env.Hostname != "pr-7.preview.example.com" {
		t.Errorf("host plan: %+v ok=%v", env, ok)
	}
	if _, ok := PlannedEnvironment(Plan{Kind: PlanKindDestroy}); ok {
		t.Error("a plan without a rule create names an environment")
	}
}
