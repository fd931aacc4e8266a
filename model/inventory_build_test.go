package model

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// h1Synthetic builds a platform of envs environments of 5 resources each
// (rule, target group, stage, alias, record) spread over listeners; every
// 7th is expired, every 11th lost its rule, every 13th has no targets, and
// 50 slots (half claimed).
func h1Synthetic(envs, listeners int) (*Snapshot, *Config) {
	cfg := h1Cfg()
	cfg.CloudFront.Slots.Count = 50
	s := h1BaseSnap()
	for l := 1; l < listeners; l++ {
		s.Listeners = append(s.Listeners, Listener{ARN: fmt.Sprintf("%s-%d", h1Listener, l), Port: 8000 + l})
	}
	for i := 0; i < envs; i++ {
		name := fmt.Sprintf("feat-%05d", i)
		ttl := 30 * 24 * time.Hour
		if i%7 == 0 {
			ttl = time.Hour
		}
		tags := h1OwnedTags(name, 10*time.Hour, ttl)
		lst := s.Listeners[i%len(s.Listeners)].ARN
		host := name + ".preview.example.com"
		if i < 25 {
			host = fmt.Sprintf("pv-%d.preview.example.com", i+1)
			tags = h1With(tags, "envdeck:slot", host)
		}
		if i%11 != 0 {
			r := h1PathRule(name, 1000+i, "/"+name+"/*", tags, "env-"+name)
			r.ListenerARN = lst
			if i%2 == 0 {
				r.Conditions = append(r.Conditions, Condition{Field: "host-header", Values: []string{host}})
			}
			s.Rules = append(s.Rules, r)
		}
		n := 1
		if i%13 == 0 {
			n = 0
		}
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-"+name, tags, n))
		s.Stages = append(s.Stages, h1Stage(name, tags))
		s.Distribution.Aliases = append(s.Distribution.Aliases, host)
		s.Records = append(s.Records, h1AliasRec(host, h1Domain))
	}
	for i := 25; i < 50; i++ {
		h := fmt.Sprintf("pv-%d.preview.example.com", i+1)
		s.Distribution.Aliases = append(s.Distribution.Aliases, h)
		s.Records = append(s.Records, h1AliasRec(h, h1Domain))
	}
	return s, cfg
}

func TestBuildInventorySynthetic(t *testing.T) {
	s, cfg := h1Synthetic(2000, 20)
	n := len(s.Rules) + len(s.TargetGroups) + len(s.Stages) + len(s.Distribution.Aliases) + len(s.Records)
	if n < 9500 {
		t.Fatalf("synthetic platform has %d resources", n)
	}
	inv := BuildInventory(s, cfg, h1Now)
	if len(inv.Environments) != 2000 || !sort.SliceIsSorted(inv.Environments, func(i, j int) bool { return inv.Environments[i].Name < inv.Environments[j].Name }) {
		t.Errorf("environments: %d, sorted %v", len(inv.Environments), sort.SliceIsSorted(inv.Environments, func(i, j int) bool { return inv.Environments[i].Name < inv.Environments[j].Name }))
	}
	if !sort.SliceIsSorted(inv.Findings, func(i, j int) bool {
		a, b := inv.Findings[i], inv.Findings[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Environment != b.Environment {
			return a.Environment < b.Environment
		}
		return a.Resource.ID < b.Resource.ID
	}) {
		t.Error("findings not sorted by kind, environment, resource id")
	}
	free, claimed := 0, 0
	for _, sl := range inv.Slots {
		switch sl.State {
		case SlotFree:
			free++
		case SlotClaimed:
			claimed++
		}
	}
	if claimed != 22 || free != 28 { // pv-1, pv-12 and pv-23 lost their rules (i%11 == 0)
		t.Errorf("slots: %d claimed, %d free", claimed, free)
	}
	p := PlanGC(inv, cfg, h1Now)
	for _, st := range p.Steps {
		if st.Def == nil || st.Expect == "" {
			t.Fatalf("step without definition: %+v", st)
		}
	}
	if len(p.Steps) == 0 {
		t.Error("empty gc plan on the synthetic platform")
	}
}

// BenchmarkBuildInventory10k: mapping + findings (+ status, slots, quotas)
// of ~10,000 resources (2,000 environments × 5, 20 listeners).
func BenchmarkBuildInventory10k(b *testing.B) {
	s, cfg := h1Synthetic(2000, 20)
	b.ReportAllocs()
	for b.Loop() {
		BuildInventory(s, cfg, h1Now)
	}
}

// BenchmarkBuildInventory10kOneListener: the worst case for shadowed-rule
// detection (every rule on one listener, compared pairwise).
func BenchmarkBuildInventory10kOneListener(b *testing.B) {
	s, cfg := h1Synthetic(2000, 1)
	b.ReportAllocs()
	for b.Loop() {
		BuildInventory(s, cfg, h1Now)
	}
}

// TestInventoryGolden: the platform fixture, saved as JSON (a snapshot
// fixture other packages may load), read back and understood; the inventory
// (without H2's quota part) must equal the golden file. Regenerate with
// ENVDECK_UPDATE_GOLDEN=1 go test ./model -run TestInventoryGolden.
func TestInventoryGolden(t *testing.T) {
	update := os.Getenv("ENVDECK_UPDATE_GOLDEN") == "1"
	snapPath := filepath.Join("testdata", "h1_platform_snapshot.json")
	goldPath := filepath.Join("testdata", "h1_platform_inventory.golden.json")
	want, err := json.MarshalIndent(h1Platform(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if update {
		if err := os.WriteFile(snapPath, append(want, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(snapPath)
	if err != nil {
		t.Fatal(err)
	}
	var snap Snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Fingerprint() != h1Platform().Fingerprint() {
		t.Fatal("snapshot fixture is stale or does not round-trip through JSON (regenerate it)")
	}
	inv := BuildInventory(&snap, h1Cfg(), h1Now)
	inv.Quotas, inv.Capacity, inv.Forecast = nil, Capacity{}, Forecast{}
	var fs []Finding
	for _, f := range inv.Findings {
		if f.Kind != FindingQuotaPressure {
			fs = append(fs, f)
		}
	}
	inv.Findings = fs
	out := struct {
		Inventory *Inventory `json:"inventory"`
		Plan      []Step     `json:"gc_plan"`
	}{inv, PlanGC(inv, h1Cfg(), h1Now).Steps}
	for i := range out.Plan {
		out.Plan[i].Def = nil // definitions are in the snapshot fixture
	}
	got, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if update {
		if err := os.WriteFile(goldPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gold, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(gold) != string(got) {
		t.Errorf("inventory differs from %s (run with ENVDECK_UPDATE_GOLDEN=1 and review the diff):\n%s", goldPath, got)
	}
}
