package model

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// FuzzLoadConfig: LoadConfig never panics; every error is one line starting
// with "config: "; a config that loads validates, and writing it back as
// YAML loads the same config again.
func FuzzLoadConfig(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "config", "*.yaml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "{}", "- a", "alb: [1", "alb:\n  priority_range: [1, 2, 3]\n", "a: &x 1\nb: *x\n",
		"naming:\n  default_ttl: 1d12h\nalb:\n  listener_arn: " + h2ListenerARN + "\n",
		"apigateway:\n  rest_api_id: abc\n  variables: {a: b}\nalb:\n  listener_arn: " + h2ListenerARN + "\n",
		"alb: !!map {}\n", "<<: {a: 1}\n", "alb:\n  listener_arn: " + h2ListenerARN + "\n  priority_range: [1e3, 5]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := LoadConfig(bytes.NewReader(data))
		if err != nil {
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "config: ") {
				t.Fatalf("error is not one line starting with config: %q", msg)
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("loaded config does not validate: %v", err)
		}
		out, err := yaml.Marshal(cfg)
		if err != nil {
			t.Fatalf("marshal loaded config: %v", err)
		}
		again, err := LoadConfig(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("reloading %q: %v", out, err)
		}
		if !reflect.DeepEqual(cfg, again) {
			t.Fatalf("round trip changed the config:\n%+v\n%+v\nyaml:\n%s", cfg, again, out)
		}
	})
}
