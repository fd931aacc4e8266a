package model

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzValidateEnvName: a name ValidateEnvName accepts fits every place it
// lands (target group name, path, hostname label, stage) and maps back to
// itself through every pattern; every error is one line.
func FuzzValidateEnvName(f *testing.F) {
	for _, s := range []string{"feat-login", "a", "ab", "Feat", "a.b", "a/b", "a*", "-ab", "ab-", "a_b",
		strings.Repeat("x", 28), strings.Repeat("x", 29), "é", "feat\n", "İ", "a b"} {
		f.Add(s)
	}
	wide := h2HostCfg()
	wide.Naming.EnvPattern = `.*`
	wide.ALB.TargetGroup.Name = "{env}"
	cfgs := []*Config{h2HostCfg(), wide, h2Cfg()}
	f.Fuzz(func(t *testing.T, name string) {
		for _, cfg := range cfgs {
			err := cfg.ValidateEnvName(name)
			if err != nil {
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("error spans lines: %q", err)
				}
				continue
			}
			if name == "" || strings.ContainsAny(name, "/.*?") || strings.ContainsFunc(name, unicode.IsSpace) {
				t.Fatalf("accepted unsafe name %q", name)
			}
			tg := MustPattern(cfg.ALB.TargetGroup.Name, PlaceholderEnv).Render(name)
			if why := checkTargetGroupName(tg); why != "" || tg == "" {
				t.Fatalf("accepted %q whose target group name %q is %s", name, tg, why)
			}
			if p := MustPattern(cfg.ALB.PathPattern, PlaceholderEnv); true {
				if got, ok := p.Match(p.Render(name)); !ok || got != name || len(p.Render(name)) > MaxPathPattern {
					t.Fatalf("path of %q does not map back: %q %v", name, got, ok)
				}
			}
			for _, hp := range cfg.hostPatterns() {
				p := MustPattern(hp.pattern, PlaceholderEnv)
				host := p.Render(name)
				if len(host) > MaxHostname {
					t.Fatalf("hostname %q too long", host)
				}
				for _, label := range strings.Split(host, ".") {
					if len(label) > MaxDNSLabel || checkDNSLabel(strings.ToLower(label)) != "" {
						t.Fatalf("%s of %q has bad label %q", hp.key, name, label)
					}
				}
				if got, ok := p.Match(host); !ok || got != name {
					t.Fatalf("%s of %q does not map back: %q %v", hp.key, name, got, ok)
				}
			}
			if g := cfg.APIGateway; g != nil {
				p := MustPattern(g.Stage, PlaceholderEnv)
				stage := p.Render(name)
				if checkStageName(stage) != "" {
					t.Fatalf("stage %q of %q invalid", stage, name)
				}
				if got, ok := p.Match(stage); !ok || got != strings.ToLower(name) && got != name {
					t.Fatalf("stage of %q does not map back: %q %v", name, got, ok)
				}
			}
		}
	})
}
