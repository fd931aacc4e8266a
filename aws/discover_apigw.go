package aws

import (
	"context"
	"sort"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"

	"github.com/envdeck/envdeck/model"
)

const deploymentsPage = 500 // GetDeployments maximum

// readAPIGateway reads the REST API's stages (tags included: moto's GetTags
// is not implemented, and GetStages carries them anyway) and its
// deployments (unless withDeps is false), newest first. Both calls run
// concurrently.
func readAPIGateway(ctx context.Context, c Clients, restAPIID string, withDeps bool) ([]model.Stage, []model.Deployment, []model.SourceError) {
	stages := []model.Stage{}
	if c.APIGW == nil {
		return stages, nil, []model.SourceError{apiSourceError(model.SourceAPIGateway, restAPIID, "stages of "+restAPIID, errNoClient("apigateway"))}
	}
	var (
		wg                sync.WaitGroup
		deps              []model.Deployment
		stageErr, depsErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		out, err := c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: awssdk.String(restAPIID)})
		if err != nil {
			stageErr = err
			return
		}
		for _, s := range out.Item {
			stages = append(stages, toStage(restAPIID, s))
		}
	}()
	if withDeps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deps, depsErr = listDeployments(ctx, c.APIGW, restAPIID)
		}()
	}
	wg.Wait()
	sort.Slice(stages, func(i, j int) bool { return stages[i].Name < stages[j].Name })
	var errs []model.SourceError
	if stageErr != nil {
		errs = append(errs, apiSourceError(model.SourceAPIGateway, restAPIID, "stages of "+restAPIID, stageErr))
	}
	if depsErr != nil && stageErr == nil {
		// one banner per source: a denied API usually fails both calls
		errs = append(errs, apiSourceError(model.SourceAPIGateway, restAPIID, "deployments of "+restAPIID, depsErr))
	}
	return stages, deps, errs
}

func listDeployments(ctx context.Context, api APIGatewayAPI, restAPIID string) ([]model.Deployment, error) {
	var deps []model.Deployment
	var pos *string
	for {
		out, err := api.GetDeployments(ctx, &apigateway.GetDeploymentsInput{
			RestApiId: awssdk.String(restAPIID), Limit: awssdk.Int32(deploymentsPage), Position: pos,
		})
		if err != nil {
			return deps, err
		}
		for _, d := range out.Items {
			dep := toDeployment(d)
			dep.APIID = restAPIID
			deps = append(deps, dep)
		}
		if pos = out.Position; awssdk.ToString(pos) == "" || len(out.Items) == 0 {
			break
		}
	}
	sort.SliceStable(deps, func(i, j int) bool {
		if !deps[i].CreatedAt.Equal(deps[j].CreatedAt) {
			return deps[i].CreatedAt.After(deps[j].CreatedAt)
		}
		return deps[i].ID < deps[j].ID
	})
	return deps, nil
}
