package main

import (
	"strings"
	"testing"
)

const servicesConfigText = `alb:
  listener_arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2
services:
  - {name: web, path_pattern: '/{env}/*', target_group: {name: 'env-{env}-web'}}
  - {name: bff, path_pattern: '/{env}/bff/*', target_group: {name: 'env-{env}-bff'}}
`

// --services completes the config's service names; a name the config lacks,
// or --target with two services, is one error line before any AWS call
// (the endpoint does not exist); a config giving both forms names both keys.
func TestServicesFlagOffline(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "envdeck.yaml", servicesConfigText)
	offline := []string{"--config", cfg, "--endpoint-url", "http://127.0.0.1:1"}
	if r := c.run(append(append([]string{"__complete"}, offline...), "create", "feat-x", "--services", "")...); !strings.HasPrefix(r.stdout, "web\nbff\n") {
		t.Errorf("completion: %q", r.stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "feat-x", "--services", "web,api", "--yes"}, `--services: unknown service "api" (services: web, bff)`},
		{[]string{"create", "feat-x", "--target", "arn:aws:lambda:us-east-1:123456789012:function:f", "--yes"}, "--target registers targets in one target group"},
	} {
		r := c.run(append(tc.args, offline...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 {
			t.Errorf("%v: exit %d stderr %q, want one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	both := writeFile(t, dir, "both.yaml", strings.Replace(servicesConfigText, "alb:\n", "alb:\n  path_pattern: '/{env}/*'\n", 1))
	r := c.run("ls", "--config", both, "--endpoint-url", "http://127.0.0.1:1")
	if r.code == 0 || !strings.Contains(r.stderr, "services: and alb.path_pattern both describe the services") {
		t.Errorf("both forms: exit %d stderr %q", r.code, r.stderr)
	}
}
