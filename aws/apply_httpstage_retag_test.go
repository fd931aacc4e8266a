package aws_test

import (
	"context"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/sandbox"
	"github.com/envdeck/envdeck/model"
)

// retagVerb is one flow that retags every resource of an environment, as
// the CLI plans it (extend --ttl, touch, extend --keep), and what the
// environment's HTTP API stage must carry after it so that a gc at later
// does not collect it.
type retagVerb struct {
	name string
	plan func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error)
	ok   func(keys model.TagKeys, tags map[string]string, later time.Time) bool
}

func retagVerbs() []retagVerb {
	yes := true
	expiresAfter := func(keys model.TagKeys, tags map[string]string, later time.Time) bool {
		t, ok := model.TagTime(tags, keys.ExpiresAt)
		return ok && t.After(later)
	}
	return []retagVerb{
		{"extend --ttl 30d", func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error) {
			return model.PlanExtend(inv, cfg, env, 30*24*time.Hour, nil, now)
		}, expiresAfter},
		{"touch", model.PlanTouch, expiresAfter},
		{"extend --keep", func(inv *model.Inventory, cfg *model.Config, env string, now time.Time) (model.Plan, error) {
			return model.PlanExtend(inv, cfg, env, 0, &yes, now)
		}, func(keys model.TagKeys, tags map[string]string, _ time.Time) bool { return keys.Kept(tags) }},
	}
}

// Extend, touch and extend --keep retag an environment's HTTP API stage
// through the real plan and apply path, and a gc planned after them (at a
// time the environment had expired by before) selects nothing of it. On
// the sandbox: moto 5.2.1 answers TagResource on an HTTP API stage with
// 404 (TestExtendHTTPStageFailsClosedOnMoto covers that answer). Two
// environments: feat-recs (rule, target group, REST and HTTP stage: its
// expiry is read from the rule, so the stage's own tags are checked) and
// feat-bff, the HTTP stage alone (its tags are the environment's expiry).
func TestRetagHTTPStageOnSandbox(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	envs := []struct {
		name  string
		later time.Time // after its expiry as seeded
	}{
		{"feat-recs", now.Add(13 * 24 * time.Hour)},
		{"feat-bff", now.Add(2 * 24 * time.Hour)},
	}
	for _, verb := range retagVerbs() {
		for _, env := range envs {
			t.Run(verb.name+" "+env.name, func(t *testing.T) {
				acct := sandbox.Demo(now)
				acct.SetOptions(sandbox.Options{DeployTime: -1, HealthSettle: -1})
				cfg := sandbox.DemoConfig()
				c := acct.Clients()
				httpAPI := cfg.APIsOfType(model.APITypeHTTP)[0].ID
				addHTTPOnlyEnv(t, c, cfg, httpAPI, "feat-bff", now)
				stageID := model.HTTPStageID(httpAPI, env.name)
				if !gcSelects(t, c, cfg, env.later, env.name, stageID) {
					t.Fatalf("before %s, gc at %s does not collect %s: the test proves nothing", verb.name, env.later, stageID)
				}

				plan, err := verb.plan(sandboxInventory(t, c, cfg, now), cfg, env.name, now)
				must(t, err)
				res, _, err := runApply(t, c, cfg, plan, t.TempDir())
				if err != nil {
					t.Fatalf("%s: %v %+v", verb.name, err, res.Events)
				}
				if ev, ok := eventOn(res, model.TypeHTTPStage, stageID); !ok || ev.State != model.EventDone {
					t.Fatalf("%s: HTTP stage step %+v (found %v), want done; events %+v", verb.name, ev, ok, res.Events)
				}
				tags := httpStageTags(t, c, httpAPI, env.name)
				if !verb.ok(cfg.Keys(), tags, env.later) {
					t.Fatalf("after %s the HTTP stage is tagged %v", verb.name, tags)
				}
				if gcSelects(t, c, cfg, env.later, env.name, "") {
					t.Fatalf("after %s, gc at %s still collects %s", verb.name, env.later, env.name)
				}
				res, _, err = runApply(t, c, cfg, plan, t.TempDir())
				if err != nil || !allStates(res, model.EventSkipped, len(plan.Steps)) {
					t.Fatalf("%s rerun: %v %+v, want every step already so", verb.name, err, res.Events)
				}
			})
		}
	}
}

// addHTTPOnlyEnv makes env of a stage on the HTTP API, tagged as created
// three days ago and expiring in one, and a rule on its path that envdeck
// does not own (so the stage is no orphan): the stage is the environment's
// only owned resource, its tags the environment's expiry.
func addHTTPOnlyEnv(t *testing.T, c aws.Clients, cfg *model.Config, api, env string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	tags := cfg.Keys().For(env, "dora", now.Add(-3*24*time.Hour), now.Add(24*time.Hour), "")
	_, err := c.APIGWv2.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: awssdk.String(api),
		StageName: awssdk.String(env), AutoDeploy: awssdk.Bool(true), Tags: tags})
	must(t, err)
	_, err = c.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: awssdk.String(cfg.ALB.Pool()[0]), Priority: awssdk.Int32(4777),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + env + "/*"}}}},
		Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: awssdk.String("503")}}}})
	must(t, err)
}

func sandboxInventory(t *testing.T, c aws.Clients, cfg *model.Config, now time.Time) *model.Inventory {
	t.Helper()
	snap := aws.Discover(context.Background(), c, cfg, aws.DiscoverOptions{})
	if len(snap.Errors) > 0 {
		t.Fatalf("discover: %+v", snap.Errors)
	}
	return model.BuildInventory(snap, cfg, now)
}

// gcSelects reports whether the gc plan made at now deletes a resource of
// env (id: that resource only, "" any).
func gcSelects(t *testing.T, c aws.Clients, cfg *model.Config, now time.Time, env, id string) bool {
	t.Helper()
	for _, st := range model.PlanGC(sandboxInventory(t, c, cfg, now), cfg, now).Steps {
		if st.Env == env && (id == "" || st.ID == id) {
			return true
		}
	}
	return false
}

func eventOn(res model.ApplyResult, typ model.ResourceType, id string) (model.StepEvent, bool) {
	for _, ev := range res.Events {
		if ev.Step.Type == typ && ev.Step.ID == id {
			return ev, true
		}
	}
	return model.StepEvent{}, false
}

// httpStageTags reads the stage's tags as the account holds them now.
func httpStageTags(t *testing.T, c aws.Clients, api, stage string) map[string]string {
	t.Helper()
	out, err := c.APIGWv2.GetStage(context.Background(), &apigatewayv2.GetStageInput{ApiId: awssdk.String(api), StageName: awssdk.String(stage)})
	must(t, err)
	return out.Tags
}

// extend --keep=false takes the keep tag off an HTTP API stage again
// (UntagResource; on the sandbox, as moto cannot tag the stage): feat-bff,
// whose stage alone decides its protection and expiry, is collected by a
// gc after its expiry once more.
func TestClearKeepUntagsHTTPStageOnSandbox(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	later := now.Add(2 * 24 * time.Hour)
	acct := sandbox.Demo(now)
	cfg := sandbox.DemoConfig()
	c := acct.Clients()
	httpAPI := cfg.APIsOfType(model.APITypeHTTP)[0].ID
	const env = "feat-bff"
	addHTTPOnlyEnv(t, c, cfg, httpAPI, env, now)
	yes, no := true, false
	for _, keep := range []*bool{&yes, &no} {
		plan, err := model.PlanExtend(sandboxInventory(t, c, cfg, now), cfg, env, 0, keep, now)
		must(t, err)
		if res, _, err := runApply(t, c, cfg, plan, t.TempDir()); err != nil || !allStates(res, model.EventDone, 1) {
			t.Fatalf("extend --keep=%v: %v %+v", *keep, err, res.Events)
		}
		tags := httpStageTags(t, c, httpAPI, env)
		if _, has := tags[cfg.Keys().Keep]; has != *keep {
			t.Fatalf("after extend --keep=%v the HTTP stage is tagged %v", *keep, tags)
		}
		if got := gcSelects(t, c, cfg, later, env, model.HTTPStageID(httpAPI, env)); got == *keep {
			t.Fatalf("after extend --keep=%v, gc at %s selects the stage: %v", *keep, later, got)
		}
	}
}
