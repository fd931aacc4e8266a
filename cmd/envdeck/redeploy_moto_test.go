package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Through the command layer on moto (REST deployments with dates and
// UpdateStage /deploymentId work there): feat-login's stage is left on the
// older of two deployments, every other stage moved to the newest, and a
// stage envdeck does not own (feat-x) is left behind too. gc -o json has
// one stale-stage finding naming both deployments; redeploy --dry-run
// reports feat-x and plans feat-login only; redeploy feat-login --yes moves it;
// restore of the redeploy's journal moves it back; feat-x never moves.
func TestRedeployCommand(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	sdk := awstest.MotoSDK(flags[3])
	ctx := context.Background()
	sdk.CreateStages(t, fx.RestAPIID, fx.DeploymentID, "feat-x")
	awstest.NextSecond() // moto dates deployments to the second
	dep, err := sdk.APIGW.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &fx.RestAPIID})
	must(t, err)
	newest := awssdk.ToString(dep.Id)
	stages, err := sdk.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: &fx.RestAPIID})
	must(t, err)
	for _, s := range stages.Item {
		if name := awssdk.ToString(s.StageName); name != "feat-login" && name != "feat-x" {
			setDeployment(t, sdk, fx.RestAPIID, name, newest)
		}
	}
	stageID := model.StageID(fx.RestAPIID, "feat-login")

	r := c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	var gc gcJSON
	must(t, json.Unmarshal([]byte(r.stdout), &gc))
	var stale []findingJSON
	for _, f := range gc.Findings {
		if f.Kind == model.FindingStaleStage {
			stale = append(stale, f)
		}
	}
	if len(stale) != 1 || stale[0].Resource.ID != stageID || !strings.Contains(stale[0].Reason, fx.DeploymentID) || !strings.Contains(stale[0].Reason, newest) {
		t.Fatalf("stale-stage findings %+v\n%s\n%s", stale, r.stderr, r.stdout)
	}

	r = c.run(append([]string{"redeploy", "--dry-run", "-o", "json", "--detailed-exitcode"}, flags...)...)
	var dry redeployJSON
	must(t, json.Unmarshal([]byte(r.stdout), &dry))
	if r.code != 2 || len(dry.Plan) != 1 || dry.Plan[0].ID != stageID || len(dry.Skipped) != 1 || dry.Skipped[0].ID != model.StageID(fx.RestAPIID, "feat-x") {
		t.Fatalf("redeploy --dry-run: exit %d %+v\n%s", r.code, dry, r.stderr)
	}

	if r = c.run(append([]string{"redeploy", "feat-login", "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("redeploy feat-login: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := deploymentOf(t, sdk, fx.RestAPIID, "feat-login"); got != newest {
		t.Fatalf("feat-login on %s after redeploy, want %s", got, newest)
	}
	des, _ := os.ReadDir(filepath.Join(c.env["XDG_STATE_HOME"], "envdeck"))
	if len(des) != 1 {
		t.Fatalf("journals after redeploy: %v", des)
	}
	id := strings.TrimSuffix(des[0].Name(), ".jsonl")
	if r = c.run(append([]string{"restore", id, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("restore %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
	}
	if got := deploymentOf(t, sdk, fx.RestAPIID, "feat-login"); got != fx.DeploymentID {
		t.Fatalf("feat-login on %s after restore, want %s back", got, fx.DeploymentID)
	}
	if got := deploymentOf(t, sdk, fx.RestAPIID, "feat-x"); got != fx.DeploymentID {
		t.Fatalf("feat-x (not envdeck's) moved to %s", got)
	}
}

func setDeployment(t *testing.T, sdk *awstest.SDK, api, stage, dep string) {
	t.Helper()
	_, err := sdk.APIGW.UpdateStage(context.Background(), &apigateway.UpdateStageInput{RestApiId: &api, StageName: &stage,
		PatchOperations: []apigwtypes.PatchOperation{{Op: apigwtypes.OpReplace, Path: awssdk.String("/deploymentId"), Value: &dep}}})
	must(t, err)
}

func deploymentOf(t *testing.T, sdk *awstest.SDK, api, stage string) string {
	t.Helper()
	s, err := sdk.APIGW.GetStage(context.Background(), &apigateway.GetStageInput{RestApiId: &api, StageName: &stage})
	must(t, err)
	return awssdk.ToString(s.DeploymentId)
}
