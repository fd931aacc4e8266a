package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/envdeck/envdeck/model"
)

// movesDeployment reports whether an update step points a REST stage at
// another deployment than the one it is on now (a redeploy, or a restore
// undoing one).
func movesDeployment(st model.Step, cur current) bool {
	return st.Type == model.TypeStage && st.Def != nil && st.Def.Stage != nil && cur.def.Stage != nil &&
		st.Def.Stage.DeploymentID != cur.def.Stage.DeploymentID
}

// redeployStage points the stage at the step's deployment: re-checked
// against the plan (ownership, environment, the whole definition), the
// stage as it is now (its old deployment) journaled before the call, then
// one UpdateStage replacing /deploymentId. A failed call on a stage still
// on its old deployment marks the journal line failed.
func (a *applier) redeployStage(ctx context.Context, st model.Step, cur current) outcome {
	from, to := cur.def.Stage.DeploymentID, st.Def.Stage.DeploymentID
	if why := a.driftOf(st, cur.def); why != "" {
		return drift(why + ": not changed")
	}
	if err := a.j.Append(model.JournalEntry{Time: a.now(), Step: st, Def: cur.def}); err != nil {
		return failed(err)
	}
	s := cur.def.Stage
	_, err := a.c.APIGW.UpdateStage(ctx, &apigateway.UpdateStageInput{
		RestApiId: awssdk.String(s.RestAPIID), StageName: awssdk.String(s.Name),
		PatchOperations: []apigwtypes.PatchOperation{{Op: apigwtypes.OpReplace, Path: awssdk.String("/deploymentId"), Value: awssdk.String(to)}},
	})
	if err != nil {
		o := failed(fmt.Errorf("point stage %s at deployment %s: %w", st.ID, to, err))
		if again, rerr := a.recheck(ctx, st); rerr == nil && again.exists && again.def.Stage.DeploymentID == from {
			if jerr := a.j.Append(model.JournalEntry{Time: a.now(), Step: st, State: model.JournalFailed, Error: o.message}); jerr != nil {
				return failed(jerr)
			}
		}
		return o
	}
	return done(fmt.Sprintf("deployment %s → %s", from, to), st.ID)
}
