package aws

import (
	"context"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/envdeck/envdeck/model"
)

// HTTP API stages (API Gateway v2): create, re-check, delete and retag,
// the kindOps of model.TypeHTTPStage.

// createHTTPStage creates (or adopts, when it is this environment's) the
// stage, with every setting of the definition in the one CreateStage call.
func (a *applier) createHTTPStage(ctx context.Context, st model.Step) outcome {
	def := st.Def.HTTPStage
	if def == nil {
		return failed(fmt.Errorf("create HTTP API stage %s: no definition", st.ID))
	}
	id := def.ID()
	check := func() (outcome, bool) {
		cur, err := a.readHTTPStage(ctx, def.APIID, def.Name)
		if err != nil {
			return failed(err), true
		}
		if cur == nil {
			return outcome{}, false
		}
		if ok, why := a.ours(cur.Tags, st.Env); !ok {
			return failed(&NotOwnedError{Type: model.TypeHTTPStage, ID: id, Reason: why}), true
		}
		return skipped("already exists", id), true
	}
	if o, found := check(); found {
		return o
	}
	if a.c.APIGWv2 == nil {
		return failed(errNoClient("apigatewayv2"))
	}
	if _, err := a.c.APIGWv2.CreateStage(ctx, sdkHTTPStage(def)); err != nil {
		if IsAlreadyExists(err) {
			if o, found := check(); found {
				return o
			}
		}
		return failed(fmt.Errorf("create HTTP API stage %s: %w", id, err))
	}
	a.madeNow(model.TypeHTTPStage, id)
	if def.AutoDeploy {
		return done("created with auto-deploy", id)
	}
	return done("created on deployment "+def.DeploymentID, id)
}

func (a *applier) recheckHTTPStage(ctx context.Context, st model.Step) (current, error) {
	api, name, ok := strings.Cut(st.ID, "/")
	if !ok {
		return current{}, fmt.Errorf("HTTP API stage id %q is not API_ID/STAGE", st.ID)
	}
	s, err := a.readHTTPStage(ctx, api, name)
	if err != nil || s == nil {
		return current{}, err
	}
	return current{def: model.Definition{HTTPStage: s}, exists: true}, nil
}

func (a *applier) deleteHTTPStage(ctx context.Context, st model.Step, cur current) outcome {
	s := cur.def.HTTPStage
	_, err := a.c.APIGWv2.DeleteStage(ctx, &apigatewayv2.DeleteStageInput{ApiId: awssdk.String(s.APIID), StageName: awssdk.String(s.Name)})
	return deleted(st, err)
}

// retagHTTPStage sets and removes tags of an HTTP API stage (by its ARN).
func (a *applier) retagHTTPStage(ctx context.Context, st model.Step, cur current, set map[string]string, remove []string) error {
	arn := httpStageARN(a.region(), cur.def.HTTPStage.APIID, cur.def.HTTPStage.Name)
	if len(set) > 0 {
		if _, err := a.c.APIGWv2.TagResource(ctx, &apigatewayv2.TagResourceInput{ResourceArn: awssdk.String(arn), Tags: set}); err != nil {
			return fmt.Errorf("tag %s: %w", st.ID, err)
		}
	}
	if len(remove) > 0 {
		if _, err := a.c.APIGWv2.UntagResource(ctx, &apigatewayv2.UntagResourceInput{ResourceArn: awssdk.String(arn), TagKeys: remove}); err != nil {
			return fmt.Errorf("untag %s: %w", st.ID, err)
		}
	}
	return nil
}

// readHTTPStage reads one stage as discovery converts it; nil when absent.
func (a *applier) readHTTPStage(ctx context.Context, apiID, name string) (*model.HTTPStage, error) {
	if a.c.APIGWv2 == nil {
		return nil, errNoClient("apigatewayv2")
	}
	out, err := a.c.APIGWv2.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: awssdk.String(apiID), StageName: awssdk.String(name)})
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get HTTP API stage %s: %w", model.HTTPStageID(apiID, name), err)
	}
	s := toHTTPStage(apiID, v2types.Stage{
		StageName: out.StageName, AccessLogSettings: out.AccessLogSettings, AutoDeploy: out.AutoDeploy,
		ClientCertificateId: out.ClientCertificateId, CreatedDate: out.CreatedDate, DefaultRouteSettings: out.DefaultRouteSettings,
		DeploymentId: out.DeploymentId, Description: out.Description, RouteSettings: out.RouteSettings,
		StageVariables: out.StageVariables, Tags: out.Tags,
	})
	return &s, nil
}

func httpStageARN(region, apiID, stage string) string {
	return fmt.Sprintf("arn:aws:apigateway:%s::/apis/%s/stages/%s", region, apiID, stage)
}

// toHTTPStage converts a listed stage (tags included).
func toHTTPStage(apiID string, s v2types.Stage) model.HTTPStage {
	tags := map[string]string{}
	for k, v := range s.Tags {
		tags[k] = v
	}
	out := model.HTTPStage{
		APIID: apiID, Name: awssdk.ToString(s.StageName), DeploymentID: awssdk.ToString(s.DeploymentId),
		AutoDeploy: awssdk.ToBool(s.AutoDeploy), Description: awssdk.ToString(s.Description),
		Variables: copyMap(s.StageVariables), DefaultRoute: toRouteSettings(s.DefaultRouteSettings),
		ClientCertificateID: awssdk.ToString(s.ClientCertificateId), Tags: tags, CreatedAt: utcTime(s.CreatedDate),
	}
	if len(s.RouteSettings) > 0 {
		out.RouteSettings = map[string]model.HTTPRouteSettings{}
		for k, v := range s.RouteSettings {
			out.RouteSettings[k] = *toRouteSettings(&v)
		}
	}
	if l := s.AccessLogSettings; l != nil && (l.DestinationArn != nil || l.Format != nil) {
		out.AccessLog = &model.AccessLogSettings{DestinationARN: awssdk.ToString(l.DestinationArn), Format: awssdk.ToString(l.Format)}
	}
	return out
}

// toRouteSettings converts route settings; nil for none or all-default ones.
func toRouteSettings(r *v2types.RouteSettings) *model.HTTPRouteSettings {
	if r == nil {
		return nil
	}
	out := model.HTTPRouteSettings{
		DetailedMetricsEnabled: awssdk.ToBool(r.DetailedMetricsEnabled), LoggingLevel: string(r.LoggingLevel),
		DataTraceEnabled: awssdk.ToBool(r.DataTraceEnabled), ThrottlingBurstLimit: int(awssdk.ToInt32(r.ThrottlingBurstLimit)),
		ThrottlingRateLimit: awssdk.ToFloat64(r.ThrottlingRateLimit),
	}
	if out == (model.HTTPRouteSettings{}) {
		return nil
	}
	return &out
}

// sdkHTTPStage is the CreateStage input of a definition: every field it holds.
func sdkHTTPStage(d *model.HTTPStage) *apigatewayv2.CreateStageInput {
	in := &apigatewayv2.CreateStageInput{
		ApiId: awssdk.String(d.APIID), StageName: awssdk.String(d.Name), AutoDeploy: awssdk.Bool(d.AutoDeploy),
		Description: optString(d.Description), ClientCertificateId: optString(d.ClientCertificateID),
		StageVariables: d.Variables, Tags: d.Tags, DefaultRouteSettings: sdkRouteSettings(d.DefaultRoute),
	}
	if !d.AutoDeploy {
		in.DeploymentId = optString(d.DeploymentID) // with auto-deploy AWS picks the deployment
	}
	if len(d.RouteSettings) > 0 {
		in.RouteSettings = map[string]v2types.RouteSettings{}
		for k, v := range d.RouteSettings {
			in.RouteSettings[k] = *sdkRouteSettings(&v)
		}
	}
	if l := d.AccessLog; l != nil {
		in.AccessLogSettings = &v2types.AccessLogSettings{DestinationArn: optString(l.DestinationARN), Format: optString(l.Format)}
	}
	return in
}

func sdkRouteSettings(r *model.HTTPRouteSettings) *v2types.RouteSettings {
	if r == nil {
		return nil
	}
	out := &v2types.RouteSettings{
		DetailedMetricsEnabled: awssdk.Bool(r.DetailedMetricsEnabled), DataTraceEnabled: awssdk.Bool(r.DataTraceEnabled),
		LoggingLevel: v2types.LoggingLevel(r.LoggingLevel),
	}
	if r.ThrottlingBurstLimit != 0 {
		out.ThrottlingBurstLimit = awssdk.Int32(int32(r.ThrottlingBurstLimit))
	}
	if r.ThrottlingRateLimit != 0 {
		out.ThrottlingRateLimit = awssdk.Float64(r.ThrottlingRateLimit)
	}
	return out
}

// listHTTPStages adds the stages of every HTTP API the guard reads to snap.
func (a *applier) listHTTPStages(ctx context.Context, snap *model.Snapshot) error {
	for _, api := range a.guardAPIs(model.APITypeHTTP, model.TypeHTTPStage) {
		stages, errs := readHTTPStages(ctx, a.c, api)
		if len(errs) > 0 {
			return sourceErrors(errs)
		}
		snap.HTTPStages = append(snap.HTTPStages, stages...)
	}
	return nil
}

// refreshHTTPStages reads the stages of apis again into snap.
func (a *applier) refreshHTTPStages(ctx context.Context, snap *model.Snapshot, apis map[string]bool) error {
	for api := range apis {
		fresh, errs := readHTTPStages(ctx, a.c, api)
		if len(errs) > 0 {
			return sourceErrors(errs)
		}
		kept := snap.HTTPStages[:0]
		for _, s := range snap.HTTPStages {
			if s.APIID != api {
				kept = append(kept, s)
			}
		}
		snap.HTTPStages = append(kept, fresh...)
	}
	return nil
}
