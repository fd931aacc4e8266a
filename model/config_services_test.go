package model

import (
	"reflect"
	"strings"
	"testing"
)

// svcYAML is a path-mode config of services web and bff.
const svcYAML = `alb:
  listener_arn: ` + h2ListenerARN + `
services:
  - name: web
    path_pattern: '/{env}/*'
    host_path: '/*'
    target_group: {name: 'env-{env}-web', type: lambda}
  - name: bff
    path_pattern: '/{env}/bff/*'
    host_path: '/bff/*'
    target_group: {name: 'env-{env}-bff'}
`

// svcCfg is svcYAML loaded.
func svcCfg(t testing.TB) *Config {
	t.Helper()
	c, err := LoadConfig(strings.NewReader(svcYAML))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestServicesConfigLoads(t *testing.T) {
	c := svcCfg(t)
	if got := c.ServiceNames(); !reflect.DeepEqual(got, []string{"web", "bff"}) {
		t.Fatalf("services %v", got)
	}
	if c.ALB.PathPattern != "" || c.ALB.TargetGroup != (TargetGroupConfig{}) {
		t.Errorf("the shorthand got defaults next to services: %q %+v", c.ALB.PathPattern, c.ALB.TargetGroup)
	}
	if typ := c.ServiceList()[1].TargetGroup.Type; typ != "lambda" {
		t.Errorf("bff target group type %q, want the default lambda", typ)
	}
	if !c.HasServices() {
		t.Error("HasServices false")
	}
}

func TestServicesShorthandIsDefault(t *testing.T) {
	c := h2Cfg()
	got := c.ServiceList()
	want := []ServiceConfig{{Name: DefaultService, PathPattern: "/{env}/*", TargetGroup: TargetGroupConfig{Name: "env-{env}", Type: "lambda"}}}
	if !reflect.DeepEqual(got, want) || c.HasServices() {
		t.Fatalf("ServiceList %+v, want %+v", got, want)
	}
}

func TestServicesConfigErrors(t *testing.T) {
	svc := func(extra string) string { return svcYAML + extra }
	tests := []struct{ name, yaml, want string }{
		{"both forms path", strings.Replace(svcYAML, "alb:\n", "alb:\n  path_pattern: '/{env}/*'\n", 1),
			"config: services: and alb.path_pattern both describe the services"},
		{"both forms target group", strings.Replace(svcYAML, "alb:\n", "alb:\n  target_group: {name: 'x-{env}'}\n", 1),
			"services: and alb.target_group both describe the services"},
		{"bad name", svc("  - {name: Api, path_pattern: '/{env}/api/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].name: "Api" must be a lower-case letter`},
		{"long name", svc("  - {name: abcdefghijklmnopq, path_pattern: '/{env}/api/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].name: "abcdefghijklmnopq" must be`},
		{"name twice", svc("  - {name: web, path_pattern: '/{env}/api/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].name: "web" is services[0]'s too`},
		{"path twice", svc("  - {name: api, path_pattern: '/{env}/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].path_pattern: "/{env}/*" is services[0]'s too`},
		{"target group twice", svc("  - {name: api, path_pattern: '/{env}/api/*', target_group: {name: 'env-{env}-web'}}\n"),
			`services[2].target_group.name: "env-{env}-web" is services[0]'s too`},
		{"path without env", svc("  - {name: api, path_pattern: '/api/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].path_pattern: pattern "/api/*" has no {env}`},
		{"path required", svc("  - {name: api, target_group: {name: 'e-{env}-api'}}\n"),
			"services[2].path_pattern: required for routing path"},
		{"host path with env", svc("  - {name: api, path_pattern: '/{env}/api/*', host_path: '/{env}/x', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].host_path: "/{env}/x" holds {env}`},
		{"host path no slash", svc("  - {name: api, path_pattern: '/{env}/api/*', host_path: 'api/*', target_group: {name: 'e-{env}-api'}}\n"),
			`services[2].host_path: "api/*" must start with '/'`},
		{"target group type", svc("  - {name: api, path_pattern: '/{env}/api/*', target_group: {name: 'e-{env}-api', type: ip}}\n"),
			"services[2].target_group.port: required for type ip"},
		{"unknown key", svc("  - {name: api, path: '/{env}/api/*'}\n"), `unknown key "services[2].path"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tc.yaml))
			h2AssertOneLine(t, err, tc.want)
		})
	}
}
