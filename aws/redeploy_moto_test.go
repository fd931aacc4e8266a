package aws_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// stageDeployment is the deployment a stage of the platform's REST API serves.
func stageDeployment(t *testing.T, p *applyPlatform, stage string) string {
	t.Helper()
	s, err := p.raw.apigw.GetStage(context.Background(), &apigateway.GetStageInput{RestApiId: awssdk.String(p.apiID), StageName: awssdk.String(stage)})
	must(t, err)
	return awssdk.ToString(s.DeploymentId)
}

// A stage left on an older deployment (moto serves REST deployments with
// their dates and UpdateStage /deploymentId): one stale-stage finding
// naming both deployments; redeploy moves envdeck's stage to the newest,
// journaling the old one; restore of that journal moves it back; a stale
// stage envdeck does not own is reported and never redeployed.
func TestRedeployStaleStage(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	old := stageDeployment(t, p, "feat-a")
	awstest.MotoSDK(p.endpoint).CreateStages(t, p.apiID, old, "feat-x") // not envdeck's
	awstest.NextSecond()                                                // moto dates deployments to the second
	dep, err := p.raw.apigw.CreateDeployment(context.Background(), &apigateway.CreateDeploymentInput{RestApiId: awssdk.String(p.apiID), Description: awssdk.String("v2")})
	must(t, err)
	newest := awssdk.ToString(dep.Id)

	inv := p.inventory(t, applyNow)
	var stale []model.Finding
	for _, f := range inv.Findings {
		if f.Kind == model.FindingStaleStage {
			stale = append(stale, f)
		}
	}
	if len(stale) != 1 || stale[0].Environment != "feat-a" || stale[0].Action != model.ActionNone ||
		!strings.Contains(stale[0].Reason, old) || !strings.Contains(stale[0].Reason, newest) || !strings.Contains(stale[0].Reason, "1 deployment behind") {
		t.Fatalf("stale-stage findings %+v", stale)
	}
	rp, err := model.PlanRedeploy(inv, p.cfg, model.RedeployRequest{}, applyNow)
	must(t, err)
	if len(rp.Steps) != 1 || rp.Steps[0].ID != model.StageID(p.apiID, "feat-a") || len(rp.Skipped) != 1 || rp.Skipped[0].ID != model.StageID(p.apiID, "feat-x") {
		t.Fatalf("redeploy plan %+v skipped %+v", rp.Steps, rp.Skipped)
	}
	dir := filepath.Join(t.TempDir(), "journal")
	res, _, err := runApply(t, p.c, p.cfg, rp.Plan, dir)
	if err != nil || res.JournalID == "" {
		t.Fatalf("redeploy: %v (journal %q)", err, res.JournalID)
	}
	if got := stageDeployment(t, p, "feat-a"); got != newest {
		t.Fatalf("feat-a on %s after redeploy, want %s", got, newest)
	}
	if got := stageDeployment(t, p, "feat-x"); got != old {
		t.Fatalf("feat-x (not envdeck's) moved to %s", got)
	}
	restoreJournal(t, p, dir, res.JournalID, applyNow)
	if got := stageDeployment(t, p, "feat-a"); got != old {
		t.Fatalf("feat-a on %s after restore, want %s back", got, old)
	}
}

// Re-verified before the call: a stage changed between the plan and its
// apply (its variables, here) is drift, left on its deployment, and the
// run journals nothing for it.
func TestRedeployDriftNotForced(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-d", Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	old := stageDeployment(t, p, "feat-d")
	awstest.NextSecond()
	_, err = p.raw.apigw.CreateDeployment(context.Background(), &apigateway.CreateDeploymentInput{RestApiId: awssdk.String(p.apiID)})
	must(t, err)
	rp, err := model.PlanRedeploy(p.inventory(t, applyNow), p.cfg, model.RedeployRequest{Envs: []string{"feat-d"}}, applyNow)
	must(t, err)
	if len(rp.Steps) != 1 {
		t.Fatalf("redeploy plan %+v", rp.Steps)
	}
	_, err = p.raw.apigw.UpdateStage(context.Background(), &apigateway.UpdateStageInput{RestApiId: awssdk.String(p.apiID), StageName: awssdk.String("feat-d"),
		PatchOperations: []apigwtypes.PatchOperation{{Op: apigwtypes.OpReplace, Path: awssdk.String("/variables/env"), Value: awssdk.String("changed")}}})
	must(t, err)
	res, _, err := runApply(t, p.c, p.cfg, rp.Plan, t.TempDir())
	var de *aws.DriftError
	if !errors.As(err, &de) || finalStates(res)[0] != model.EventDrift {
		t.Fatalf("apply after a change: %v %v, want drift", err, finalStates(res))
	}
	if got := stageDeployment(t, p, "feat-d"); got != old {
		t.Fatalf("a drifted stage was moved to %s", got)
	}
}
