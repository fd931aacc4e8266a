package aws

import (
	"context"
	"sort"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/envdeck/envdeck/model"
)

// apiRead is what the read of one configured API gave.
type apiRead struct {
	stages     []model.Stage
	httpStages []model.HTTPStage
	deps       []model.Deployment
}

// goAPIs starts the reads of every configured API, each its own source
// entry: a failing API names itself (SourceError.API) and leaves the
// others' stages intact. finishAPIs merges them once all are done.
func (d *discovery) goAPIs() {
	apis := d.cfg.StageAPIs()
	d.apis = make([]apiRead, len(apis))
	if rest := d.cfg.APIsOfType(model.APITypeREST); len(rest) > 0 {
		d.snap.RestAPIID = rest[0].ID
	}
	withDeps := !d.o.Needs.Skips(model.PartDeployments)
	for i, a := range apis {
		d.g.Go(func() error {
			var errs []model.SourceError
			if a.Type == model.APITypeHTTP {
				d.apis[i].httpStages, errs = readHTTPStages(d.ctx, d.c, a.ID)
			} else {
				d.apis[i].stages, d.apis[i].deps, errs = readAPIGateway(d.ctx, d.c, a.ID, withDeps)
			}
			d.report(errs...)
			return nil
		})
	}
}

// finishAPIs puts every API's stages and deployments in the snapshot, in
// config order.
func (d *discovery) finishAPIs() {
	for _, r := range d.apis {
		d.snap.Stages = append(d.snap.Stages, r.stages...)
		d.snap.HTTPStages = append(d.snap.HTTPStages, r.httpStages...)
		d.snap.Deployments = append(d.snap.Deployments, r.deps...)
	}
}

// readHTTPStages reads the stages of one HTTP API, tags included (one
// GetStages per page).
func readHTTPStages(ctx context.Context, c Clients, apiID string) ([]model.HTTPStage, []model.SourceError) {
	stages := []model.HTTPStage{}
	if c.APIGWv2 == nil {
		return stages, []model.SourceError{apiSourceError(model.SourceAPIGatewayV2, apiID, "stages of HTTP API "+apiID, errNoClient("apigatewayv2"))}
	}
	var next *string
	for {
		out, err := c.APIGWv2.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: awssdk.String(apiID), NextToken: next})
		if err != nil {
			return stages, []model.SourceError{apiSourceError(model.SourceAPIGatewayV2, apiID, "stages of HTTP API "+apiID, err)}
		}
		for _, s := range out.Items {
			stages = append(stages, toHTTPStage(apiID, s))
		}
		if next = out.NextToken; awssdk.ToString(next) == "" || len(out.Items) == 0 {
			break
		}
	}
	sort.Slice(stages, func(i, j int) bool { return stages[i].Name < stages[j].Name })
	return stages, nil
}

// apiSourceError is sourceError naming the API whose read failed.
func apiSourceError(source, apiID, what string, err error) model.SourceError {
	e := sourceError(source, what, err)
	e.API = apiID
	return e
}

// minimumAPICalls adds the API reads to MinimumCalls: per REST API one
// GetStages and its deployments by pages of 500, per HTTP API one GetStages.
func minimumAPICalls(m model.CallCount, snap *model.Snapshot, cfg *model.Config, ceil func(n, per int) int) {
	for _, a := range cfg.StageAPIs() {
		if a.Type == model.APITypeHTTP {
			m["apigatewayv2:GetStages"]++
			continue
		}
		m["apigateway:GetStages"]++
		if !snap.LeftUnread(model.PartDeployments) {
			m["apigateway:GetDeployments"] += ceil(len(snap.DeploymentsOf(a.ID)), deploymentsPage)
		}
	}
}
