package model

import (
	"fmt"
	"testing"
	"time"
)

// h11HostSynthetic builds a host-routed platform: envs environments on one
// listener, each a host-only rule ({env}.preview.example.com) forwarding to
// its target group, a stage, an alias and a record (5 resources each).
func h11HostSynthetic(envs int) (*Snapshot, *Config) {
	cfg := h1Cfg()
	cfg.ALB.Routing = "host"
	s := h1BaseSnap()
	for i := 0; i < envs; i++ {
		name := fmt.Sprintf("feat-%05d", i)
		tags := h1OwnedTags(name, 10*time.Hour, 30*24*time.Hour)
		host := name + ".preview.example.com"
		s.Rules = append(s.Rules, h1HostRule(name, 1000+i, host, tags, "env-"+name))
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-"+name, tags, 1))
		s.Stages = append(s.Stages, h1Stage(name, tags))
		s.Distribution.Aliases = append(s.Distribution.Aliases, host)
		s.Records = append(s.Records, h1AliasRec(host, h1Domain))
	}
	return s, cfg
}

// BenchmarkShadow2000HostRules: shadowed-rule detection alone over 2,000
// host-only rules on one listener (no path prefix to index by).
func BenchmarkShadow2000HostRules(b *testing.B) {
	s, cfg := h11HostSynthetic(2000)
	m := newEnvMapper(s, cfg, envNameValidator(cfg))
	b.ReportAllocs()
	for b.Loop() {
		if fs := m.shadowFindings(); len(fs) != 0 {
			b.Fatalf("%d shadowed rules on a platform without any", len(fs))
		}
	}
}

// BenchmarkBuildInventory10kHost: the whole inventory of 2,000 host-routed
// environments (10,000 resources) on one listener.
func BenchmarkBuildInventory10kHost(b *testing.B) {
	s, cfg := h11HostSynthetic(2000)
	b.ReportAllocs()
	for b.Loop() {
		BuildInventory(s, cfg, h1Now)
	}
}
