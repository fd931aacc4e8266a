package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// motoPlatform seeds the standard path-mode platform and returns a CLI pointed at it.
func motoPathPlatform(t *testing.T) (*cli, *awstest.PathFixture, []string) {
	t.Helper()
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedPathPlatform(t, awstest.MotoClients(t, endpoint), now)
	c := newCLI(t)
	c.now = now
	cfgPath := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML)
	return c, fx, []string{"--config", cfgPath, "--endpoint-url", endpoint}
}

func sortedRefs(refs []refJSON) []refJSON {
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Type != refs[j].Type {
			return refs[i].Type < refs[j].Type
		}
		return refs[i].ID < refs[j].ID
	})
	return refs
}

// plainRefs drops who manages each unassigned resource.
func plainRefs(us []unassignedJSON) []refJSON {
	out := []refJSON{}
	for _, u := range us {
		out = append(out, refJSON{Type: u.Type, ID: u.ID})
	}
	return out
}

func fixtureRefs(rs []model.ResourceRef) []refJSON {
	out := []refJSON{}
	for _, r := range rs {
		out = append(out, refJSON{Type: r.Type, ID: r.ID})
	}
	return sortedRefs(out)
}

// The read commands on a realistic platform in
// moto, through the real command layer and SDK clients.
func TestReadCommandsOnMotoPlatform(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)

	// ls -o json: every environment with the status docs/CONTRACT.md defines, the
	// unassigned resources, no errors.
	r := c.run(append([]string{"ls", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("ls: exit %d: %s", r.code, r.stderr)
	}
	var ls lsJSON
	mustJSON(t, r.stdout, &ls)
	if len(ls.Errors) != 0 {
		t.Fatalf("ls errors: %+v", ls.Errors)
	}
	got := map[string]string{}
	for _, e := range ls.Environments {
		got[e.Name] = e.Status
		if e.Routing != model.RoutingPath {
			t.Errorf("%s: routing %q", e.Name, e.Routing)
		}
	}
	for name, want := range fx.Status {
		if got[name] != want {
			t.Errorf("status of %s = %q, want %q", name, got[name], want)
		}
	}
	if len(got) != len(fx.Status) {
		t.Errorf("ls lists %d environments, the fixture has %d: %v", len(got), len(fx.Status), got)
	}
	if want, have := fixtureRefs(fx.Unassigned), sortedRefs(plainRefs(ls.Unassigned)); !equalJSON(want, have) {
		t.Errorf("unassigned:\n got %v\nwant %v", have, want)
	}
	for _, e := range ls.Environments {
		if e.Name == "release-1" && !e.Protected {
			t.Errorf("release-1 not protected")
		}
	}

	// show: live details and findings of one environment.
	r = c.run(append([]string{"show", "feat-pay", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("show: exit %d: %s", r.code, r.stderr)
	}
	var show envJSON
	mustJSON(t, r.stdout, &show)
	types := map[model.ResourceType]int{}
	for _, res := range show.Resources {
		types[res.Type]++
		if res.Details == nil {
			t.Errorf("show: %s %s without details", res.Type, res.ID)
		}
		if res.ID == fx.Rules["feat-pay"] {
			acts, _ := json.Marshal(res.Details["actions"])
			if !strings.Contains(string(acts), `"weight":90`) || !strings.Contains(string(acts), `"weight":10`) {
				t.Errorf("feat-pay rule details lack the 90/10 weights: %s", acts)
			}
		}
	}
	if types[model.TypeRule] != 1 || types[model.TypeTargetGroup] != 2 || types[model.TypeStage] != 1 {
		t.Errorf("feat-pay resources: %v", types)
	}
	r = c.run(append([]string{"show", "feat-ghost", "-o", "json"}, flags...)...)
	mustJSON(t, r.stdout, &show)
	if len(show.Findings) == 0 || show.Findings[0].Kind != model.FindingOrphanRule {
		t.Errorf("feat-ghost findings: %+v", show.Findings)
	}

	// gc -o json: the plan is exactly the collectable set: nothing unowned,
	// protected, conflicting or younger than the grace.
	r = c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("gc: exit %d: %s", r.code, r.stderr)
	}
	var gc gcJSON
	mustJSON(t, r.stdout, &gc)
	if gc.Applied || gc.Journal != nil {
		t.Errorf("dry run reports applied=%v journal=%v", gc.Applied, gc.Journal)
	}
	var planned []refJSON
	for _, s := range gc.Plan {
		if s.Action != model.StepDelete {
			t.Errorf("gc plan step %+v is not a delete", s)
		}
		planned = append(planned, refJSON{Type: s.Type, ID: s.ID})
	}
	if want := fixtureRefs(fx.Collectable); !equalJSON(want, sortedRefs(planned)) {
		t.Errorf("gc plan:\n got %v\nwant %v", sortedRefs(planned), want)
	}
	// Dependency order: stages before rules before target groups.
	rank := map[model.ResourceType]int{model.TypeRecord: 0, model.TypeAlias: 1, model.TypeStage: 2, model.TypeRule: 3, model.TypeTargetGroup: 4}
	for i := 1; i < len(gc.Plan); i++ {
		if rank[gc.Plan[i-1].Type] > rank[gc.Plan[i].Type] {
			t.Errorf("plan out of order at %d: %v then %v", i, gc.Plan[i-1], gc.Plan[i])
		}
	}
	kinds := map[string]bool{}
	for _, f := range gc.Findings {
		kinds[f.Kind] = true
		if f.Action == model.ActionDelete && f.Environment != nil && (*f.Environment == "release-1" || *f.Environment == "feat-new" || *f.Environment == "feat-manual") {
			t.Errorf("finding would delete a kept resource: %+v", f)
		}
	}
	for _, k := range []string{model.FindingExpired, model.FindingOrphanRule, model.FindingOrphanTargetGroup, model.FindingOrphanStage, model.FindingShadowedRule, model.FindingTagConflict, model.FindingUnmanaged} {
		if !kinds[k] {
			t.Errorf("gc lacks a %s finding", k)
		}
	}

	// quota: rules over both listeners (defaults excluded), target groups per
	// ALB, stages per API; moto has no Service Quotas data, so the limits fall
	// back and say where they came from.
	r = c.run(append([]string{"quota", "-o", "json"}, flags...)...)
	var q quotaJSON
	mustJSON(t, r.stdout, &q)
	byCode := map[string]model.QuotaUsage{}
	for _, x := range q.Quotas {
		byCode[x.Code] = x
	}
	if x := byCode[model.QuotaRulesPerALB]; x.Used != 47 || x.Source == model.LimitSourceServiceQuotas || x.Source == "" {
		t.Errorf("rules per ALB: %+v (want 47 used, a fallback source)", x)
	}
	if x := byCode[model.QuotaStagesPerAPI]; x.Used != 6 || x.Limit != 10 || x.Source != model.LimitSourceBuiltIn {
		t.Errorf("stages per API: %+v", x)
	}
	if x := byCode[model.QuotaTargetGroupsPerALB]; x.Used == 0 || x.Source == model.LimitSourceServiceQuotas {
		t.Errorf("target groups per ALB: %+v", x)
	}
	if r.code != 0 {
		t.Errorf("quota exit %d at %v%%, want 0", r.code, byCode[model.QuotaStagesPerAPI].Percent)
	}
	// Exit codes follow the thresholds: stages are at 60 %.
	for _, tc := range []struct {
		warn, crit string
		code       int
	}{{"50", "90", 1}, {"40", "55", 2}, {"70", "90", 0}} {
		r = c.run(append([]string{"quota", "--warn", tc.warn, "--crit", tc.crit}, flags...)...)
		if r.code != tc.code {
			t.Errorf("quota --warn %s --crit %s: exit %d, want %d", tc.warn, tc.crit, r.code, tc.code)
		}
	}
}

// A source that fails (AccessDenied on API Gateway, from a proxy in front
// of moto) leaves the rest intact, with an error entry — and the command
// fails (exit 1, one line naming the source): a read that failed never
// looks like success. gc, rules and show too; quota exits 3.
func TestFailingSourceStillLists(t *testing.T) {
	c, _, flags := motoPathPlatform(t)
	endpoint := flags[3]
	proxy := awstest.NewProxy(t, endpoint, awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))
	flags[3] = proxy.URL

	r := c.run(append([]string{"ls", "-o", "json"}, flags...)...)
	if r.code != 1 || r.stderr != "envdeck: apigateway could not be read: the answer is incomplete\n" {
		t.Fatalf("ls exit %d with a failing source, want 1 and one line: %q", r.code, r.stderr)
	}
	var ls lsJSON
	mustJSON(t, r.stdout, &ls)
	if len(ls.Errors) != 1 || ls.Errors[0].Source != model.SourceAPIGateway || !strings.Contains(ls.Errors[0].Message, "AccessDenied") {
		t.Fatalf("errors: %+v", ls.Errors)
	}
	names := map[string]bool{}
	for _, e := range ls.Environments {
		names[e.Name] = true
	}
	for _, name := range []string{"feat-login", "pr-101", "pr-201"} {
		if !names[name] {
			t.Errorf("%s missing although only API Gateway failed", name)
		}
	}
	// Without stage data nothing stage-related may be planned.
	r = c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	if r.code != 1 {
		t.Errorf("gc -o json: exit %d with a failing source, want 1", r.code)
	}
	var gc gcJSON
	mustJSON(t, r.stdout, &gc)
	for _, s := range gc.Plan {
		if s.Type == model.TypeStage {
			t.Errorf("stage planned for deletion although stages could not be read: %+v", s)
		}
	}
	if proxy.Count(awstest.ServiceAPIGateway, "") == 0 {
		t.Fatal("the proxy saw no API Gateway call")
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"ls"}, 1}, {[]string{"gc"}, 1}, {[]string{"rules"}, 1}, {[]string{"show", "feat-login"}, 1}, {[]string{"show", "feat-login", "-o", "json"}, 1},
		{[]string{"quota"}, 3}, {[]string{"quota", "-o", "json"}, 3},
	} {
		r = c.run(append(tc.args, flags...)...)
		if r.code != tc.code || r.stdout == "" || !strings.Contains(r.stderr, "envdeck: apigateway could not be read: the answer is incomplete") {
			t.Errorf("%v: exit %d (want %d), want the answer and a line naming apigateway\nstdout:\n%s\nstderr:\n%s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("json: %v\n%s", err, s)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
