package tui

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// Memory with 10,000 resources loaded.

const (
	bigEnvs         = 2000
	resourcesPerEnv = 5 // rule, target group, stage, CloudFront alias, Route 53 record
)

// bigSnapshot is a platform of n host-routed environments, each with the
// five resources envdeck maps (rule on its hostname, target group with two
// lambda targets, stage, alias of the distribution, A-alias record), all
// tagged as envdeck makes them: 5n resources, health read.
func bigSnapshot(n int) (*model.Config, *model.Snapshot) {
	cfg := fixtureConfig()
	keys := cfg.Keys()
	now := fixtureNow
	const dist = "d111111abcdef8.cloudfront.net"
	ruleBase := strings.Replace(fxListener, ":listener/", ":listener-rule/", 1)
	snap := &model.Snapshot{
		Taken: now, Account: "123456789012", Region: "eu-west-1", Profile: "platform-dev",
		LoadBalancerARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared-alb/50dc6c495c0c9188",
		Listeners:       []model.Listener{{ARN: fxListener, Port: 443, Protocol: "HTTPS"}},
		RestAPIID:       "a1b2c3d4e5",
		Deployments:     []model.Deployment{{ID: "dep0001", CreatedAt: now.Add(-400 * 24 * time.Hour)}},
		Distribution:    &model.Distribution{ID: "E2ABCDEFGHIJ", DomainName: dist, Status: "Deployed", ETag: "E1"},
		HostedZoneID:    "Z0123456789",
		ZoneRecordCount: n + 2,
		Errors:          []model.SourceError{},
		Records:         []model.Record{},
	}
	owners := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	states := []string{"healthy", "healthy", "healthy", "unhealthy"}
	for i := 0; i < n; i++ {
		env := fmt.Sprintf("feat-%05d-%s", i, owners[i%len(owners)][:3])
		created := now.Add(-time.Duration(i%500) * time.Hour)
		tags := keys.For(env, owners[i%len(owners)], created, created.Add(72*time.Hour), "")
		host := env + ".preview.example.com"
		tgARN := fmt.Sprintf("%senv-%s/%016x", fxTGPrefix, env, i)
		snap.TargetGroups = append(snap.TargetGroups, model.TargetGroup{ARN: tgARN, Name: "env-" + env, TargetType: "lambda",
			Tags: tags, HealthRead: true, Targets: []model.Target{
				{ID: "arn:aws:lambda:eu-west-1:123456789012:function:" + env + "-a", State: states[i%len(states)]},
				{ID: "arn:aws:lambda:eu-west-1:123456789012:function:" + env + "-b", State: "healthy"}}})
		snap.Rules = append(snap.Rules, model.Rule{ARN: fmt.Sprintf("%s/%016x", ruleBase, i), ListenerARN: fxListener, Priority: 1000 + i,
			Conditions: []model.Condition{{Field: "host-header", Values: []string{host}}},
			Actions:    []model.Action{{Type: "forward", TargetGroups: []model.WeightedTargetGroup{{ARN: tgARN, Weight: 1}}}}, Tags: tags})
		snap.Stages = append(snap.Stages, model.Stage{RestAPIID: "a1b2c3d4e5", Name: env, DeploymentID: "dep0001",
			Variables: map[string]string{"env": env}, Tags: tags, CreatedAt: created})
		snap.Distribution.Aliases = append(snap.Distribution.Aliases, host)
		snap.Records = append(snap.Records, model.Record{ZoneID: "Z0123456789", Name: host, Type: "A", AliasTarget: dist, AliasZoneID: "Z2FDTNDATAQYW2"})
	}
	snap.Rules = append(snap.Rules, model.Rule{ARN: ruleBase + "/default", ListenerARN: fxListener, IsDefault: true,
		Actions: []model.Action{{Type: "fixed-response", FixedResponse: &model.FixedResponseConfig{StatusCode: "404"}}}})
	return cfg, snap
}

// loadedModel builds the console over snap and loads it as a running
// console would: the first lists (no health), then the health of every
// target group. The engine is the real one (model.BuildInventory).
func loadedModel(cfg *model.Config, snap *model.Snapshot) Model {
	be := newFakeBackend(cfg, snap, fixtureNow)
	eng := modelEngine()
	m := newModel(be, Options{Refresh: -1}, &eng)
	m.ctx.width, m.ctx.height = 200, 60
	_ = m.Init() // opens the first generation; its commands are not run
	lists, _ := be.Discover(context.Background(), false)
	tm, _ := m.Update(listsMsg{gen: m.ctx.gen, full: true, snap: lists})
	m = settle(tm.(Model))
	arns := make([]string, 0, len(snap.TargetGroups))
	for _, g := range snap.TargetGroups {
		arns = append(arns, g.ARN)
	}
	targets, _ := be.ReadHealth(context.Background(), arns)
	tm, _ = m.Update(healthMsg{gen: m.ctx.gen, arns: arns, targets: targets, at: fixtureNow})
	m = settle(tm.(Model))
	_ = m.View()
	return m
}

// mappedResources counts the resources of the loaded inventory that map
// to an environment.
func mappedResources(m Model) int {
	n := 0
	for _, e := range m.x.inv.Environments {
		n += len(e.Resources)
	}
	return n
}

// procStatus reads a "VmRSS:    1234 kB" style field of /proc/self/status
// in MiB; 0 where /proc is missing.
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), field+":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return 0
		}
		return kb / 1024
	}
	return 0
}

func heapInUse() float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

// The fixture is what the benchmark claims: 10,000 resources, every one
// mapped to its environment, all environments on the envs screen.
func TestBigSnapshotLoadsTenThousandResources(t *testing.T) {
	cfg, snap := bigSnapshot(bigEnvs)
	m := loadedModel(cfg, snap)
	if got := len(m.x.inv.Environments); got != bigEnvs {
		t.Fatalf("%d environments, want %d", got, bigEnvs)
	}
	if got := mappedResources(m); got != bigEnvs*resourcesPerEnv {
		t.Fatalf("%d resources mapped to environments, want %d", got, bigEnvs*resourcesPerEnv)
	}
	f := stripView(m)
	if !strings.Contains(f, fmt.Sprintf("%d envs", bigEnvs)) || !strings.Contains(f, "feat-00000-ali") {
		t.Fatalf("loaded frame:\n%s", f)
	}
}

// BenchmarkMemory10kResources: the console with 10,000 resources (2,000
// environments × rule, target group, stage, alias, record) loaded. Reports
// the Go heap in use after GC (whole process, and the part the loaded
// model and its snapshot hold) and the process RSS (VmRSS after returning
// freed memory to the OS; VmHWM is the peak). ns/op is one full load:
// lists + health + inventory + every screen's rows + one frame.
func BenchmarkMemory10kResources(b *testing.B) {
	cfg, snap := bigSnapshot(bigEnvs)
	base := heapInUse()
	var m Model
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m = loadedModel(cfg, snap)
	}
	b.StopTimer()
	if got := mappedResources(m); got != bigEnvs*resourcesPerEnv {
		b.Fatalf("%d resources mapped, want %d", got, bigEnvs*resourcesPerEnv)
	}
	heap := heapInUse()
	debug.FreeOSMemory()
	b.ReportMetric(heap, "heap-MiB")
	b.ReportMetric(heap-base, "model-heap-MiB")
	b.ReportMetric(procStatus("VmRSS"), "rss-MiB")
	b.ReportMetric(procStatus("VmHWM"), "peak-rss-MiB")
	runtime.KeepAlive(m)
	runtime.KeepAlive(snap)
}

// BenchmarkFrame10kResources: one frame of the loaded console (the root
// View: header, environments table window, footer) while scrolling.
func BenchmarkFrame10kResources(b *testing.B) {
	cfg, snap := bigSnapshot(bigEnvs)
	m := loadedModel(cfg, snap)
	down := keyMsg("down")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tm, _ := m.Update(down)
		m = tm.(Model)
		_ = m.View()
	}
}

// BenchmarkRebuild10kResources: the whole work of every list read and
// every health batch with 10,000 resources loaded (merge the health
// cache, model.BuildInventory and the index in a tea.Cmd, then every
// screen's rows on the UI goroutine).
func BenchmarkRebuild10kResources(b *testing.B) {
	cfg, snap := bigSnapshot(bigEnvs)
	m := loadedModel(cfg, snap)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.rebuild()
		m = settle(m)
	}
}

// BenchmarkRebuildUIGoroutine10kResources: the part of a rebuild that
// stays on the UI goroutine (merge the health cache into a copy of the
// lists, then every screen's rows from the new index).
func BenchmarkRebuildUIGoroutine10kResources(b *testing.B) {
	cfg, snap := bigSnapshot(bigEnvs)
	m := loadedModel(cfg, snap)
	built := m.newInventoryJob().run()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.newInventoryJob()
		m.setIndex(built.x)
	}
}
