package model

import (
	"strings"
	"testing"
	"time"
)

func TestStaleStageFinding(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	keys := DefaultConfig().Keys()
	owned := keys.For("feat-a", "alice", day(1), day(28), "")
	deps := []Deployment{{ID: "d3", CreatedAt: day(20), APIID: "api1"}, {ID: "d2", CreatedAt: day(10), APIID: "api1"}, {ID: "d1", CreatedAt: day(2), APIID: "api1"}}
	tests := []struct {
		name   string
		edit   func(s *Snapshot)
		reason string // "": no finding
	}{
		{"two behind", func(s *Snapshot) {}, "serves deployment d1 of 2026-11-02T09:00Z, 2 deployments behind the API's newest d3 of 2026-11-20T09:00Z"},
		{"one behind", func(s *Snapshot) { s.Stages[0].DeploymentID = "d2" }, "1 deployment behind the API's newest d3"},
		{"on the newest", func(s *Snapshot) { s.Stages[0].DeploymentID = "d3" }, ""},
		{"deployments unread", func(s *Snapshot) { s.Unread = []string{PartDeployments} }, ""},
		{"deployment unknown", func(s *Snapshot) { s.Stages[0].DeploymentID = "gone" }, ""},
		{"not envdeck's", func(s *Snapshot) { s.Stages[0].Tags = map[string]string{"team": "x"} }, ""},
		{"same time as the newest", func(s *Snapshot) { s.Deployments[2].CreatedAt = day(20) }, ""},
		{"HTTP API stage with auto-deploy", func(s *Snapshot) {
			s.HTTPStages = []HTTPStage{{APIID: "http1", Name: "feat-a", AutoDeploy: true, Tags: owned}}
			s.Stages = nil
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := h2Cfg()
			cfg.APIs = []APIConfig{{ID: "api1", Type: APITypeREST}, {ID: "http1", Type: APITypeHTTP}}
			snap := &Snapshot{RestAPIID: "api1", Deployments: append([]Deployment(nil), deps...),
				Stages: []Stage{{RestAPIID: "api1", Name: "feat-a", DeploymentID: "d1", Tags: owned}}}
			tc.edit(snap)
			inv := BuildInventory(snap, cfg, day(25))
			var got []Finding
			for _, f := range inv.Findings {
				if f.Kind == FindingStaleStage {
					got = append(got, f)
				}
			}
			if tc.reason == "" {
				if len(got) != 0 {
					t.Fatalf("findings %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Severity != SeverityWarning || got[0].Action != ActionNone || got[0].Environment != "feat-a" ||
				!strings.Contains(got[0].Reason, tc.reason) {
				t.Fatalf("findings %+v, want one naming %q", got, tc.reason)
			}
		})
	}
}

func TestPlanRedeploy(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	keys := DefaultConfig().Keys()
	tags := func(env string) map[string]string { return keys.For(env, "alice", day(1), day(28), "") }
	cfg := h2Cfg()
	cfg.Naming.Protected = []string{"main"}
	cfg.APIs = []APIConfig{{ID: "api1", Type: APITypeREST}, {ID: "api2", Type: APITypeREST}, {ID: "http1", Type: APITypeHTTP}}
	snap := &Snapshot{RestAPIID: "api1",
		Deployments: []Deployment{{ID: "a2", CreatedAt: day(20), APIID: "api1"}, {ID: "a1", CreatedAt: day(2), APIID: "api1"},
			{ID: "b2", CreatedAt: day(21), APIID: "api2"}, {ID: "b1", CreatedAt: day(3), APIID: "api2"}},
		Stages: []Stage{{RestAPIID: "api1", Name: "feat-a", DeploymentID: "a1", Tags: tags("feat-a")},
			{RestAPIID: "api2", Name: "feat-a", DeploymentID: "b1", Tags: tags("feat-a")},
			{RestAPIID: "api1", Name: "feat-b", DeploymentID: "a1", Tags: tags("feat-b")},
			{RestAPIID: "api1", Name: "feat-x", DeploymentID: "a1", Tags: map[string]string{"team": "x"}},
			{RestAPIID: "api1", Name: "main", DeploymentID: "a1", Tags: tags("main")}}}
	inv := BuildInventory(snap, cfg, day(25))
	tests := []struct {
		name    string
		req     RedeployRequest
		steps   []string
		skipped []string
		err     string
	}{
		{"every environment", RedeployRequest{}, []string{"api1/feat-a", "api1/feat-b", "api2/feat-a"}, []string{"api1/feat-x", "api1/main"}, ""},
		{"a protected environment named", RedeployRequest{Envs: []string{"main"}}, []string{"api1/main"}, nil, ""},
		{"one environment", RedeployRequest{Envs: []string{"feat-a"}}, []string{"api1/feat-a", "api2/feat-a"}, nil, ""},
		{"one API", RedeployRequest{Envs: []string{"feat-a"}, API: "api2"}, []string{"api2/feat-a"}, nil, ""},
		{"HTTP API", RedeployRequest{API: "http1"}, nil, nil, "HTTP API"},
		{"unknown API", RedeployRequest{API: "nope"}, nil, nil, "not a configured API"},
		{"unknown environment", RedeployRequest{Envs: []string{"feat-zz"}}, nil, nil, "no environment feat-zz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rp, err := PlanRedeploy(inv, cfg, tc.req, day(25))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var steps, skipped []string
			for _, s := range rp.Steps {
				steps = append(steps, s.ID)
				if s.Action != StepUpdate || s.Expect == "" || s.Def.Stage.DeploymentID == "a1" || s.Def.Stage.DeploymentID == "b1" {
					t.Errorf("step %+v: want an update to the newest deployment with Expect", s)
				}
			}
			for _, s := range rp.Skipped {
				skipped = append(skipped, s.ID)
			}
			if strings.Join(steps, ",") != strings.Join(tc.steps, ",") || strings.Join(skipped, ",") != strings.Join(tc.skipped, ",") {
				t.Fatalf("steps %v skipped %v, want %v and %v", steps, skipped, tc.steps, tc.skipped)
			}
		})
	}
}
