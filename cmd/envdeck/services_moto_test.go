package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// servicesYAML turns the path fixture's config into services web and bff.
func servicesYAML(t *testing.T, shorthand string) string {
	t.Helper()
	old := "  path_pattern: '/{env}/*'\n"
	tg := "  target_group:\n    name: 'env-{env}'\n    type: lambda\n"
	if !strings.Contains(shorthand, old) || !strings.Contains(shorthand, tg) {
		t.Fatalf("the fixture's config changed:\n%s", shorthand)
	}
	y := strings.Replace(strings.Replace(shorthand, old, "", 1), tg, "", 1)
	return y + "\nservices:\n" +
		"  - {name: web, path_pattern: '/{env}/*', host_path: '/*', target_group: {name: 'env-{env}-web', type: lambda}}\n" +
		"  - {name: bff, path_pattern: '/{env}/bff/*', host_path: '/bff/*', target_group: {name: 'env-{env}-bff', type: lambda}}\n"
}

// servicesRig is the path platform on moto with services web and bff.
func servicesRig(t *testing.T) (*lifecycleRig, *model.Config, aws.Clients) {
	t.Helper()
	r := newLifecycleRig(t)
	y := servicesYAML(t, r.fx.ConfigYAML)
	r.flags[1] = writeFile(t, r.dir, "envdeck.yaml", y)
	cfg, err := model.LoadConfig(strings.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	return r, cfg, awstest.MotoClients(t, r.proxy.URL)
}

// envRules reads the account and returns env's rules by path.
func envRules(t *testing.T, clients aws.Clients, cfg *model.Config, env string) map[string]model.Rule {
	t.Helper()
	snap := aws.Discover(context.Background(), clients, cfg, aws.DiscoverOptions{})
	out := map[string]model.Rule{}
	for _, r := range snap.Rules {
		if r.Tags["envdeck:env"] == env && len(r.Conditions) > 0 {
			out[r.Conditions[0].Values[0]] = r
		}
	}
	return out
}

// noShadowFinding: gc reports no shadowed-rule finding on a rule of env
// (the fixture has shadowed rules of its own).
func noShadowFinding(t *testing.T, r *lifecycleRig, clients aws.Clients, cfg *model.Config, env string) {
	t.Helper()
	ours := map[string]bool{}
	for _, rule := range envRules(t, clients, cfg, env) {
		ours[rule.ARN] = true
	}
	var gc gcJSON
	mustJSON(t, r.run("gc", "-o", "json").stdout, &gc)
	for _, f := range gc.Findings {
		if f.Kind == model.FindingShadowedRule && (ours[f.Resource.ID] || strings.Contains(f.Reason, env)) {
			t.Errorf("gc reports %+v", f)
		}
	}
}

// On moto, through the SDK: create makes both services' target groups and
// rules (bff before web), owned; gc reports no shadowed rule; extend moves
// every resource's expiry; destroy leaves nothing; restore brings every
// resource back field by field.
func TestServicesCreateDestroyRestoreOnMoto(t *testing.T) {
	r, cfg, clients := servicesRig(t)
	// The fixture's feat-a (a tag/pattern conflict) makes way.
	ctx := context.Background()
	_, err := clients.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(r.fx.Rules["feat-a"])})
	must(t, err)
	_, err = clients.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: awssdk.String(r.fx.TargetGroups["env-feat-a"])})
	must(t, err)
	if res := r.run("create", "feat-a", "--yes"); res.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	e := r.show(t, "feat-a")
	var got []string
	for _, res := range e.Resources {
		got = append(got, string(res.Type)+" "+res.Service)
		if !res.Owned {
			t.Errorf("%s %s not owned", res.Type, res.ID)
		}
	}
	slices.Sort(got)
	if want := []string{"alb-rule bff", "alb-rule web", "apigw-stage ", "target-group bff", "target-group web"}; !slices.Equal(got, want) {
		t.Fatalf("feat-a resources %v, want %v", got, want)
	}
	// degraded, not partial: the new target groups have no target yet.
	if e.Status != model.StatusDegraded || len(e.MissingServices) != 0 || len(e.Services) != 2 {
		t.Errorf("feat-a status %s services %+v missing %v", e.Status, e.Services, e.MissingServices)
	}
	rules := envRules(t, clients, cfg, "feat-a")
	bff, web := rules["/feat-a/bff/*"], rules["/feat-a/*"]
	if bff.Priority == 0 || web.Priority != bff.Priority+1 {
		t.Fatalf("priorities bff %d web %d: want bff first, consecutive", bff.Priority, web.Priority)
	}
	noShadowFinding(t, r, clients, cfg, "feat-a")
	if ls := r.run("ls"); !strings.Contains(ls.stdout, "SERVICES") || !strings.Contains(ls.stdout, "2/2") {
		t.Errorf("ls has no SERVICES 2/2:\n%s", ls.stdout)
	}

	if res := r.run("extend", "feat-a", "--ttl", "5d", "--yes"); res.code != 0 {
		t.Fatalf("extend: exit %d %s", res.code, res.stderr)
	}
	snap := aws.Discover(context.Background(), clients, cfg, aws.DiscoverOptions{})
	expiries := map[string]bool{}
	for _, x := range snap.Rules {
		if x.Tags["envdeck:env"] == "feat-a" {
			expiries[x.Tags["envdeck:expires-at"]] = true
		}
	}
	for _, x := range snap.TargetGroups {
		if x.Tags["envdeck:env"] == "feat-a" {
			expiries[x.Tags["envdeck:expires-at"]] = true
		}
	}
	if len(expiries) != 1 {
		t.Errorf("after extend, feat-a's rules and target groups expire at %v", expiries)
	}

	before := accountDefinitions(t, clients, cfg)
	if res := r.run("destroy", "feat-a", "--yes"); res.code != 0 {
		t.Fatalf("destroy: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	for id := range accountDefinitions(t, clients, cfg) {
		if strings.Contains(id, "feat-a") {
			t.Errorf("after destroy: %s is left", id)
		}
	}
	if n := len(envRules(t, clients, cfg, "feat-a")); n != 0 {
		t.Errorf("after destroy: %d rules of feat-a", n)
	}
	if res := r.run("restore", "--env", "feat-a", "--yes", "--keep-expiry"); res.code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	checkRestored(t, before, accountDefinitions(t, clients, cfg))
	noShadowFinding(t, r, clients, cfg, "feat-a")
}

// An environment missing its bff rule is partial and show names bff; one
// made with --services web is partial too, and create completes it with
// the bff rule before the web rule. An unknown service is refused in one
// line with no mutating call.
func TestServicesPartialAndSubsetOnMoto(t *testing.T) {
	r, cfg, clients := servicesRig(t)
	if res := r.run("create", "feat-c", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	bff := envRules(t, clients, cfg, "feat-c")["/feat-c/bff/*"]
	if _, err := clients.ELB.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{RuleArn: awssdk.String(bff.ARN)}); err != nil {
		t.Fatal(err)
	}
	e := r.show(t, "feat-c")
	if e.Status != model.StatusPartial || !slices.Equal(e.MissingServices, []string{"bff"}) {
		t.Fatalf("without its bff rule: status %s missing %v", e.Status, e.MissingServices)
	}

	r.refused(t, `--services: unknown service "api" (services: web, bff)`, "create", "feat-d", "--services", "web,api", "--yes")
	if res := r.run("create", "feat-d", "--services", "web", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("create --services web: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if e := r.show(t, "feat-d"); e.Status != model.StatusPartial || !slices.Equal(e.MissingServices, []string{"bff"}) || len(e.Resources) != 2 {
		t.Fatalf("--services web: status %s missing %v resources %d", e.Status, e.MissingServices, len(e.Resources))
	}
	if res := r.run("create", "feat-d", "--no-stage", "--yes"); res.code != 0 {
		t.Fatalf("completing feat-d: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	rules := envRules(t, clients, cfg, "feat-d")
	if b, w := rules["/feat-d/bff/*"], rules["/feat-d/*"]; b.Priority == 0 || b.Priority >= w.Priority {
		t.Fatalf("completed priorities bff %d web %d", b.Priority, w.Priority)
	}
	if e := r.show(t, "feat-d"); e.Status != model.StatusDegraded || len(e.MissingServices) != 0 {
		t.Errorf("completed feat-d: %s missing %v", e.Status, e.MissingServices)
	}
	noShadowFinding(t, r, clients, cfg, "feat-d")
}
