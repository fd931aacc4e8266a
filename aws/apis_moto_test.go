package aws_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// apisPlatform is the apply platform with two REST APIs and one HTTP API
// configured under apis. moto serves HTTP API stages with their tags but
// not HTTP API deployments, so the HTTP stage envdeck creates uses
// auto-deploy and no deployment is read.
type apisPlatform struct {
	*applyPlatform
	rest2, http string
	v2          *apigatewayv2.Client
}

func seedAPIsPlatform(t *testing.T) *apisPlatform {
	t.Helper()
	p := &apisPlatform{applyPlatform: seedApplyPlatform(t, 0)}
	ctx := context.Background()
	sdk := awstest.SDKConfig(p.endpoint)
	p.v2 = apigatewayv2.NewFromConfig(sdk)
	p.rest2 = seedRESTAPI(t, p.raw.apigw, "second-api")
	api, err := p.v2.CreateApi(ctx, &apigatewayv2.CreateApiInput{Name: awssdk.String("http-api"), ProtocolType: v2types.ProtocolTypeHttp})
	must(t, err)
	p.http = awssdk.ToString(api.ApiId)
	p.cfg.APIGateway = nil
	p.cfg.APIs = []model.APIConfig{
		{ID: p.apiID, Type: model.APITypeREST, Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
		{ID: p.rest2, Type: model.APITypeREST, Stage: "{env}"},
		{ID: p.http, Type: model.APITypeHTTP, Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
	}
	if err := p.cfg.Validate(); err != nil {
		t.Fatalf("test config: %v", err)
	}
	return p
}

// seedRESTAPI makes a REST API with one GET method and one deployment.
func seedRESTAPI(t *testing.T, c *apigateway.Client, name string) string {
	t.Helper()
	ctx := context.Background()
	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: awssdk.String(name)})
	must(t, err)
	res, err := c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id})
	must(t, err)
	root := res.Items[0].Id
	_, err = c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: root, HttpMethod: awssdk.String("GET"), AuthorizationType: awssdk.String("NONE")})
	must(t, err)
	_, err = c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: root, HttpMethod: awssdk.String("GET"), Type: "MOCK"})
	must(t, err)
	_, err = c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, Description: awssdk.String("v1")})
	must(t, err)
	return awssdk.ToString(api.Id)
}

// describeStages is the full GetStage answer of each stage of env on the
// three APIs (creation and update times and the renewed expiry left out).
func (p *apisPlatform) describeStages(t *testing.T, env string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, api := range []string{p.apiID, p.rest2} {
		s, err := p.raw.apigw.GetStage(ctx, &apigateway.GetStageInput{RestApiId: awssdk.String(api), StageName: awssdk.String(env)})
		if err != nil {
			continue
		}
		s.CreatedDate, s.LastUpdatedDate = nil, nil
		b, _ := json.Marshal(struct {
			*apigateway.GetStageOutput
			ResultMetadata any `json:"-"`
		}{GetStageOutput: s})
		out["rest "+api] = maskVolatile(string(b))
	}
	s, err := p.v2.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: awssdk.String(p.http), StageName: awssdk.String(env)})
	if err == nil {
		s.CreatedDate, s.LastUpdatedDate = nil, nil
		b, _ := json.Marshal(struct {
			*apigatewayv2.GetStageOutput
			ResultMetadata any `json:"-"`
		}{GetStageOutput: s})
		out["http "+p.http] = maskVolatile(string(b))
	}
	return out
}

// Several APIs: create makes one owned stage on each of the two REST APIs
// and the HTTP API; destroy removes all three; restore of the destroy's
// journal brings each back equal, field by field, to what it was (the
// HTTP stage with settings changed behind envdeck's back before the
// destroy, so the journal must carry them).
func TestApplyStagesOfSeveralAPIs(t *testing.T) {
	p := seedAPIsPlatform(t)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	e := envOf(t, p.inventory(t, applyNow), "feat-a")
	owned := map[model.ResourceType]int{}
	for _, r := range e.Resources {
		if r.Owned {
			owned[r.Type]++
		}
	}
	if owned[model.TypeStage] != 2 || owned[model.TypeHTTPStage] != 1 {
		t.Fatalf("owned stages of feat-a: %v (%+v)", owned, e.Resources)
	}
	p.enrichHTTPStage(t, "feat-a")
	before := p.describeStages(t, "feat-a")

	dir := filepath.Join(t.TempDir(), "journal")
	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-a", applyNow)
	must(t, err)
	res, _, err := runApply(t, p.c, p.cfg, destroy, dir)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if left := p.describeStages(t, "feat-a"); len(left) != 0 {
		t.Fatalf("destroy left %v", left)
	}
	if _, ok := p.inventory(t, applyNow).Env("feat-a"); ok {
		t.Fatal("feat-a still listed after destroy")
	}
	restoreJournal(t, p.applyPlatform, dir, res.JournalID, applyNow)
	after := p.describeStages(t, "feat-a")
	if len(before) != 3 || len(after) != 3 {
		t.Fatalf("stages before %d, after restore %d (want 3)", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s after restore:\n  %s\nwas\n  %s", k, after[k], v)
		}
	}
}

// enrichHTTPStage gives envdeck's HTTP stage of env every setting a stage
// can hold. moto has no UpdateStage for HTTP APIs (HTTP 500), so it is
// made again, same tags, with the settings.
func (p *apisPlatform) enrichHTTPStage(t *testing.T, env string) {
	t.Helper()
	ctx := context.Background()
	cur, err := p.v2.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: awssdk.String(p.http), StageName: awssdk.String(env)})
	must(t, err)
	_, err = p.v2.DeleteStage(ctx, &apigatewayv2.DeleteStageInput{ApiId: awssdk.String(p.http), StageName: awssdk.String(env)})
	must(t, err)
	route := v2types.RouteSettings{DetailedMetricsEnabled: awssdk.Bool(true), DataTraceEnabled: awssdk.Bool(false), LoggingLevel: v2types.LoggingLevelInfo,
		ThrottlingBurstLimit: awssdk.Int32(20), ThrottlingRateLimit: awssdk.Float64(10)}
	_, err = p.v2.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: awssdk.String(p.http), StageName: awssdk.String(env),
		AutoDeploy: awssdk.Bool(true), Description: awssdk.String("feature " + env), StageVariables: cur.StageVariables, Tags: cur.Tags,
		DefaultRouteSettings: &route, RouteSettings: map[string]v2types.RouteSettings{"GET /items": route},
		AccessLogSettings:   &v2types.AccessLogSettings{DestinationArn: awssdk.String("arn:aws:logs:us-east-1:123456789012:log-group:api"), Format: awssdk.String("$context.requestId")},
		ClientCertificateId: awssdk.String("cert1")})
	must(t, err)
}

var _ = aws.Discover

// Quotas per API: with 9 of 10 stages used on one of two REST APIs,
// one more environment fits and the bottleneck names that API.
func TestStageQuotaPerAPI(t *testing.T) {
	p := seedAPIsPlatform(t)
	deps, err := p.raw.apigw.GetDeployments(context.Background(), &apigateway.GetDeploymentsInput{RestApiId: awssdk.String(p.rest2)})
	must(t, err)
	var names []string
	for i := range 9 {
		names = append(names, "other-"+string(rune('a'+i)))
	}
	awstest.MotoSDK(p.endpoint).CreateStages(t, p.rest2, awssdk.ToString(deps.Items[0].Id), names...)
	inv := p.inventory(t, applyNow)
	want := model.QuotaNameStages + " " + p.rest2
	if inv.Capacity.EnvsRemaining != 1 || inv.Capacity.Bottleneck != want {
		t.Fatalf("capacity %+v, want 1 fitting, bottleneck %q", inv.Capacity, want)
	}
	for _, q := range inv.Quotas {
		if q.Code == model.QuotaStagesPerAPI && q.Scope == p.apiID && q.Used != 0 {
			t.Errorf("the first REST API counts %d stages, want 0", q.Used)
		}
	}
}

// One HTTP API that cannot be read (the fault proxy denies its GetStages):
// its own source error names it, the REST APIs' stages are still read, and
// every change refuses before its first call.
func TestOneAPIUnreadable(t *testing.T) {
	p := seedAPIsPlatform(t)
	proxy := awstest.NewProxy(t, p.endpoint, awstest.On(awstest.ServiceAPIGatewayV2, "GetStages", awstest.AccessDenied()))
	c := proxy.Clients(t)
	snap := aws.Discover(context.Background(), c, p.cfg, aws.DiscoverOptions{})
	var apiErrs []model.SourceError
	for _, e := range snap.Errors {
		if e.Source != model.SourceQuotas {
			apiErrs = append(apiErrs, e)
		}
	}
	if len(apiErrs) != 1 || apiErrs[0].Source != model.SourceAPIGatewayV2 || apiErrs[0].API != p.http {
		t.Fatalf("errors %+v, want one apigatewayv2 error naming %s", snap.Errors, p.http)
	}
	if err := model.CheckComplete(snap, "create"); err == nil {
		t.Fatal("a create on a read missing an API was not refused")
	}
	inv := model.BuildInventory(snap, p.cfg, applyNow)
	for _, q := range inv.Quotas {
		if q.Scope == p.http && q.Limit != 0 {
			t.Errorf("the unread HTTP API's quota is measured: %+v", q)
		}
		if q.Scope == p.rest2 && q.Limit == 0 {
			t.Errorf("a REST API's quota is unknown though it was read: %+v", q)
		}
	}
}

// keepHTTPStage adds envdeck:keep=true to env's HTTP API stage. moto
// answers TagResource on an HTTP API stage ARN with 404, so the stage is
// made again with the tag.
func (p *apisPlatform) keepHTTPStage(t *testing.T, env string) {
	t.Helper()
	must(t, tagByRecreating{raw: p.v2}.retag(context.Background(), p.http, env, func(tags map[string]string) {
		tags[p.cfg.Keys().Keep] = "true"
	}))
}

// A keep tag put on an environment's HTTP API stage after a plan deleting
// its rule and target group was made protects the whole environment at
// apply time: the protection guard reads HTTP API stages too, so nothing
// of it is deleted (the plan holds no step on the stage itself, so only
// the guard can see the tag).
func TestKeepOnHTTPStageProtectsAtApply(t *testing.T) {
	p := seedAPIsPlatform(t)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-k", Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-k", applyNow)
	must(t, err)
	var steps []model.Step
	for _, st := range destroy.Steps {
		if st.Type == model.TypeRule || st.Type == model.TypeTargetGroup {
			steps = append(steps, st)
		}
	}
	destroy.Steps = steps
	p.keepHTTPStage(t, "feat-k")
	res, _, err := runApply(t, p.c, p.cfg, destroy, t.TempDir())
	if err == nil {
		t.Fatalf("destroy of a kept environment applied: %v", finalStates(res))
	}
	for _, ev := range res.Events {
		if ev.State != model.EventDrift {
			t.Fatalf("step %s %s: %s (%s), want drift", ev.Step.Type, ev.Step.ID, ev.State, ev.Message)
		}
	}
	if len(res.Events) != 2 {
		t.Fatalf("events %+v, want the rule and the target group", res.Events)
	}
}
