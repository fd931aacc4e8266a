package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Through the command layer on moto, a platform with two REST APIs and one
// HTTP API under apis (moto serves HTTP API stages with their tags, not
// HTTP API deployments: envdeck makes HTTP stages with auto-deploy):
// create --yes makes a stage on each, all owned; destroy --yes leaves none;
// restore of its journal brings the three back; quota names each API.
func TestCreateDestroyRestoreSeveralAPIs(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	sdk := awstest.MotoSDK(flags[3])
	ctx := context.Background()
	second, err := sdk.APIGW.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: awssdk.String("second-api")})
	must(t, err)
	rest2 := awssdk.ToString(second.Id)
	res, err := sdk.APIGW.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: second.Id})
	must(t, err)
	_, err = sdk.APIGW.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: second.Id, ResourceId: res.Items[0].Id, HttpMethod: awssdk.String("GET"), AuthorizationType: awssdk.String("NONE")})
	must(t, err)
	_, err = sdk.APIGW.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: second.Id, ResourceId: res.Items[0].Id, HttpMethod: awssdk.String("GET"), Type: "MOCK"})
	must(t, err)
	_, err = sdk.APIGW.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: second.Id})
	must(t, err)
	httpID := configureHTTPAPI(t, fx, flags, rest2)

	const env = "feat-apis"
	if r := c.run(append([]string{"create", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := []string{"apigw-stage " + model.StageID(fx.RestAPIID, env), "apigw-stage " + model.StageID(rest2, env), "apigwv2-stage " + model.HTTPStageID(httpID, env)}
	sort.Strings(want)
	if got := ownedStages(t, c, flags, env); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("owned stages after create %v, want %v", got, want)
	}
	if r := c.run(append([]string{"destroy", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("destroy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := c.run(append([]string{"show", env}, flags...)...); r.code == 0 {
		t.Fatalf("%s still there after destroy:\n%s", env, r.stdout)
	}
	des, _ := os.ReadDir(filepath.Join(c.env["XDG_STATE_HOME"], "envdeck"))
	if len(des) != 1 {
		t.Fatalf("journals after destroy: %v", des)
	}
	if r := c.run(append([]string{"restore", strings.TrimSuffix(des[0].Name(), ".jsonl"), "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := ownedStages(t, c, flags, env); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("owned stages after restore %v, want %v", got, want)
	}
	r := c.run(append([]string{"quota"}, flags...)...)
	for _, id := range []string{fx.RestAPIID, rest2, httpID} {
		if !strings.Contains(r.stdout, " "+id) {
			t.Errorf("quota does not name API %s:\n%s", id, r.stdout)
		}
	}
}

// configureHTTPAPI makes an HTTP API on moto and points flags at a config
// whose apis are the fixture's REST API, the REST APIs rest and the HTTP
// API; it returns the HTTP API's id.
func configureHTTPAPI(t *testing.T, fx *awstest.PathFixture, flags []string, rest ...string) string {
	t.Helper()
	v2 := apigatewayv2.NewFromConfig(awstest.MotoSDK(flags[3]).Config)
	httpAPI, err := v2.CreateApi(context.Background(), &apigatewayv2.CreateApiInput{Name: awssdk.String("bff"), ProtocolType: v2types.ProtocolTypeHttp})
	must(t, err)
	httpID := awssdk.ToString(httpAPI.ApiId)
	yaml := fx.ConfigYAML[:strings.Index(fx.ConfigYAML, "apigateway:")] + "apis:\n" +
		"  - {id: " + fx.RestAPIID + ", type: rest, variables: {env: '{env}'}}\n"
	for _, id := range rest {
		yaml += "  - {id: " + id + ", type: rest}\n"
	}
	yaml += "  - {id: " + httpID + ", type: http}\n"
	flags[1] = writeFile(t, t.TempDir(), "envdeck.yaml", yaml)
	return httpID
}

// ownedStages lists env's owned stages as "type id", sorted by show -o json.
func ownedStages(t *testing.T, c *cli, flags []string, env string) []string {
	t.Helper()
	r := c.run(append([]string{"show", env, "-o", "json"}, flags...)...)
	var doc struct {
		Resources []struct {
			Type  string `json:"type"`
			ID    string `json:"id"`
			Owned bool   `json:"owned"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("show %s: %v\n%s%s", env, err, r.stdout, r.stderr)
	}
	var out []string
	for _, x := range doc.Resources {
		if strings.Contains(x.Type, "stage") && x.Owned {
			out = append(out, x.Type+" "+x.ID)
		}
	}
	sort.Strings(out)
	return out
}

// extend --yes on moto, whose TagResource on an HTTP API stage answers 404
// (moto 5.2.1's own answer): the command exits non-zero with one line
// naming the HTTP stage's step, the progress marks that step failed and the
// summary counts it, the JSON document says the stage's step failed, and
// the stage keeps its expiry.
func TestExtendHTTPStageUntaggableFailsClosed(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	httpID := configureHTTPAPI(t, fx, flags)
	const env = "feat-tag"
	if r := c.run(append([]string{"create", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	stage := model.HTTPStageID(httpID, env)
	expires := func() string {
		for _, x := range showResources(t, c, flags, env) {
			if x.Type == model.TypeHTTPStage {
				return x.Details.Tags["envdeck:expires-at"]
			}
		}
		t.Fatalf("%s has no HTTP API stage", env)
		return ""
	}
	before := expires()
	r := c.run(append([]string{"extend", env, "--ttl", "10d", "--yes"}, flags...)...)
	if r.code == 0 || !strings.Contains(r.stderr, "update apigwv2-stage "+stage) {
		t.Fatalf("extend with the HTTP stage untaggable: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "✗ update apigwv2-stage "+stage) || !strings.Contains(r.stdout, "1 failed") {
		t.Errorf("progress does not show the failed HTTP stage step:\n%s", r.stdout)
	}
	if got := expires(); got != before {
		t.Errorf("the HTTP stage's expiry moved to %s (was %s) though its step failed", got, before)
	}
	r = c.run(append([]string{"extend", env, "--ttl", "10d", "--yes", "-o", "json"}, flags...)...)
	var doc struct {
		Events []eventJSON `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code == 0 {
		t.Fatalf("extend -o json: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	for _, ev := range doc.Events {
		if want := ev.ID == stage; want != (ev.State == model.EventFailed) {
			t.Errorf("extend -o json: %s %s %s %q", ev.Type, ev.ID, ev.State, ev.Message)
		}
	}
}
