package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// protectRig is the host platform (which holds the path platform too) on
// moto, a CLI on it, and a proxy in front whose log counts what apply sends.
type protectRig struct {
	c       *cli
	fx      *awstest.HostFixture
	sdk     *awstest.SDK
	cfgPath string
	flags   []string // through the proxy
	proxy   *awstest.Proxy
}

func newProtectRig(t *testing.T) *protectRig {
	t.Helper()
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedHostPlatform(t, awstest.MotoClients(t, endpoint), now)
	c := newCLI(t)
	c.now = now
	cfgPath := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML)
	proxy := awstest.NewProxy(t, endpoint)
	return &protectRig{c: c, fx: fx, sdk: awstest.MotoSDK(endpoint), cfgPath: cfgPath, proxy: proxy,
		flags: []string{"--config", cfgPath, "--endpoint-url", proxy.URL}}
}

func (r *protectRig) run(args ...string) result { return r.c.run(append(args, r.flags...)...) }

// savePlan saves env's destroy plan, keeping only the steps keep accepts.
func (r *protectRig) savePlan(t *testing.T, env string, keep func(model.Step) bool) (string, model.Plan) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "destroy-"+env+".json")
	if res := r.run("destroy", env, "--plan-out", file); res.code != 0 {
		t.Fatalf("destroy --plan-out: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	var p model.Plan
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	mustJSON(t, string(b), &p)
	var steps []model.Step
	for _, s := range p.Steps {
		if keep == nil || keep(s) {
			steps = append(steps, s)
		}
	}
	if len(steps) == 0 {
		t.Fatalf("no step left of %+v", p.Steps)
	}
	p.Steps = steps
	b, _ = json.Marshal(p)
	writeFile(t, filepath.Dir(file), filepath.Base(file), string(b))
	return file, p
}

// protectGlob adds env to naming.protected in the config file.
func (r *protectRig) protectGlob(t *testing.T, env string) {
	t.Helper()
	const was = "protected: [main, staging, 'release-*']"
	if !strings.Contains(r.fx.ConfigYAML, was) {
		t.Fatalf("fixture config changed: no %q", was)
	}
	text := strings.Replace(r.fx.ConfigYAML, was, "protected: [main, staging, 'release-*', "+env+"]", 1)
	writeFile(t, filepath.Dir(r.cfgPath), filepath.Base(r.cfgPath), text)
}

// tagStageKeep sets keep=true on a stage, as someone would in the console.
func (r *protectRig) tagStageKeep(t *testing.T, stage string) {
	t.Helper()
	arn := "arn:aws:apigateway:" + awstest.TestRegion + "::/restapis/" + r.fx.RestAPIID + "/stages/" + stage
	_, err := r.sdk.APIGW.TagResource(context.Background(), &apigateway.TagResourceInput{
		ResourceArn: awssdk.String(arn), Tags: map[string]string{r.fx.Config.Keys().Keep: "true"}})
	if err != nil {
		t.Fatal(err)
	}
}

// applyRefused applies the saved plan and asserts: exit 1, every step
// reported as drift because the environment is protected now, not one
// mutating call, and the environment's resources all still there.
func (r *protectRig) applyRefused(t *testing.T, file, env string, plan model.Plan) {
	t.Helper()
	r.applyDrifts(t, file, env, plan, "environment "+env+" is protected now")
}

// applyDrifts applies the saved plan and asserts: exit 1, every step
// reported as drift for why, not one mutating call, and env's resources
// all still there.
func (r *protectRig) applyDrifts(t *testing.T, file, env string, plan model.Plan, why string) {
	t.Helper()
	before := r.envIDs(t, env)
	r.proxy.ResetLog()
	res := r.run("apply", file, "--yes")
	if res.code != 1 {
		t.Fatalf("apply: exit %d, want 1\n%s%s", res.code, res.stdout, res.stderr)
	}
	for _, call := range r.proxy.Log() {
		if isMutatingAction(call.Action) {
			t.Errorf("apply sent %s %s", call.Service, call.Action)
		}
	}
	for _, s := range plan.Steps {
		line := lineWith(res.stdout, s.ID)
		if !strings.Contains(line, "(drift)") || !strings.Contains(line, why) {
			t.Errorf("step %s %s not reported as protected drift: %q\n%s", s.Type, s.ID, line, res.stdout)
		}
	}
	if after := r.envIDs(t, env); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("resources of %s changed:\n before %v\n after  %v", env, before, after)
	}
}

// envIDs lists the resources of env as `show` reads them.
func (r *protectRig) envIDs(t *testing.T, env string) []string {
	t.Helper()
	res := r.run("show", env, "-o", "json")
	if res.code != 0 {
		t.Fatalf("show %s: exit %d %s", env, res.code, res.stderr)
	}
	var e envJSON
	mustJSON(t, res.stdout, &e)
	var ids []string
	for _, x := range e.Resources {
		ids = append(ids, string(x.Type)+" "+x.ID)
	}
	return ids
}

// lineWith is the last line of out naming s (a step's progress line comes
// after the plan table).
func lineWith(out, s string) string {
	last := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, s) {
			last = l
		}
	}
	return last
}

// Saved destroy plans applied after the environment became protected: by a
// naming.protected glob added to the config, or by `extend --keep` (which
// tags its rule, target group and stage, never its alias and record). Path
// mode (feat-login: rule, target group, stage) and host mode (feat-web:
// rule, target group, its own alias and record, no slot). Nothing deleted,
// exit 1, each step reported as drift.
func TestSavedDestroyPlanAfterProtection(t *testing.T) {
	for _, env := range []string{"feat-login", "feat-web"} {
		for _, how := range []string{"glob", "extend --keep"} {
			t.Run(env+"/"+how, func(t *testing.T) {
				r := newProtectRig(t)
				file, plan := r.savePlan(t, env, nil)
				if how == "glob" {
					r.protectGlob(t, env)
				} else if res := r.run("extend", env, "--keep", "--yes"); res.code != 0 {
					t.Fatalf("extend --keep: exit %d\n%s%s", res.code, res.stdout, res.stderr)
				}
				r.applyRefused(t, file, env, plan)
			})
		}
	}
}

// Each resource type on its own: a saved plan holding only that step of
// the environment, while the keep tag sits on another resource of it. The
// step's own resource did not change; its environment did.
func TestSavedPlanStepKeptByItsEnvironment(t *testing.T) {
	tests := []struct {
		typ  model.ResourceType
		env  string
		keep func(r *protectRig, t *testing.T) // keep tag on another resource of env
	}{
		{model.TypeRule, "feat-login", func(r *protectRig, t *testing.T) { r.tagStageKeep(t, "feat-login") }},
		{model.TypeTargetGroup, "feat-login", func(r *protectRig, t *testing.T) { r.tagStageKeep(t, "feat-login") }},
		{model.TypeStage, "feat-login", func(r *protectRig, t *testing.T) {
			r.sdk.TagELB(t, r.fx.Rules["feat-login"], r.fx.Config.Keys().Keep, "true")
		}},
		{model.TypeAlias, "feat-web", func(r *protectRig, t *testing.T) {
			r.sdk.TagELB(t, r.fx.Rules["feat-web"], r.fx.Config.Keys().Keep, "true")
		}},
		{model.TypeRecord, "feat-web", func(r *protectRig, t *testing.T) {
			r.sdk.TagELB(t, r.fx.TargetGroups["env-feat-web"], r.fx.Config.Keys().Keep, "true")
		}},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ), func(t *testing.T) {
			r := newProtectRig(t)
			file, plan := r.savePlan(t, tc.env, func(s model.Step) bool { return s.Type == tc.typ })
			tc.keep(r, t)
			r.applyRefused(t, file, tc.env, plan)
		})
	}
}
