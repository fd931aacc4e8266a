package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const goodConfig = `
alb:
  listener_arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2
naming:
  protected: [main, 'release-*']
`

// Bad config gets one line naming the key, exit 1 (quota: 3, as for every
// error of quota), and no AWS call: the endpoint counts every request it
// receives.
func TestBadConfigRefusedBeforeAnyAWSCall(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(500)
	}))
	defer srv.Close()

	cases := []struct {
		name, config, key string
	}{
		{"unknown key", goodConfig + "alb_typo: 1\n", "alb_typo"},
		{"pattern without env", goodConfig + "apigateway:\n  rest_api_id: abc\n  stage: 'fixed'\n", "apigateway.stage"},
		{"priority range reversed", strings.Replace(goodConfig, "alb:\n", "alb:\n  priority_range: [5000, 1000]\n", 1), "alb.priority_range"},
		{"missing listener", "naming:\n  protected: [main]\n", "alb.listener_arn"},
		{"bad glob", strings.Replace(goodConfig, "'release-*'", "'release-[*'", 1), "naming.protected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			path := writeFile(t, t.TempDir(), "envdeck.yaml", tc.config)
			for _, cmd := range [][]string{{"ls"}, {"gc", "-o", "json"}, {"quota"}} {
				r := c.run(append(cmd, "--config", path, "--endpoint-url", srv.URL)...)
				want := 1
				if cmd[0] == "quota" {
					want = 3
				}
				if r.code != want {
					t.Fatalf("%v: exit %d, want %d (stderr %q)", cmd, r.code, want, r.stderr)
				}
				lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
				if len(lines) != 1 || !strings.Contains(lines[0], tc.key) {
					t.Fatalf("%v: stderr %q: want one line naming %s", cmd, r.stderr, tc.key)
				}
				if r.stdout != "" {
					t.Fatalf("%v: stdout %q, want nothing", cmd, r.stdout)
				}
			}
			if n := calls.Load(); n != 0 {
				t.Fatalf("%d AWS calls made with a bad config", n)
			}
		})
	}
}

func TestUnknownOutputFormatAndMissingConfig(t *testing.T) {
	c := newCLI(t)
	r := c.run("ls", "--sandbox", "-o", "xml")
	if r.code != 1 || !strings.Contains(r.stderr, "--output") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	t.Chdir(t.TempDir())
	r = c.run("ls")
	if r.code != 1 || !strings.Contains(r.stderr, "no configuration") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}
