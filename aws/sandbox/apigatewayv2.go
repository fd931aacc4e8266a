package sandbox

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// HTTP APIs (API Gateway v2): stages with their settings and tags, listed
// with their tags like AWS; an auto-deploy stage gets a deployment of its
// own. At most 10 stages per HTTP API, as AWS.

const (
	svcAPIGWv2          = "ApiGatewayV2"
	httpStagesPerAPI    = 10
	autoDeploymentIDLen = 6
)

type httpAPI struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	CreatedAt time.Time    `json:"created_at"`
	Stages    []*httpStage `json:"stages"`
}

type httpStage struct {
	Name          string                           `json:"name"`
	AutoDeploy    bool                             `json:"auto_deploy,omitempty"`
	DeploymentID  string                           `json:"deployment_id,omitempty"`
	Description   string                           `json:"description,omitempty"`
	Variables     tagMap                           `json:"variables,omitempty"`
	DefaultRoute  *v2types.RouteSettings           `json:"default_route,omitempty"`
	RouteSettings map[string]v2types.RouteSettings `json:"route_settings,omitempty"`
	AccessLog     *v2types.AccessLogSettings       `json:"access_log,omitempty"`
	ClientCert    string                           `json:"client_cert,omitempty"`
	Tags          tagMap                           `json:"tags"`
	CreatedAt     time.Time                        `json:"created_at"`
	UpdatedAt     time.Time                        `json:"updated_at"`
}

// apigwv2Client is the account behind aws.APIGatewayV2API.
type apigwv2Client struct{ a *Account }

func (c *apigwv2Client) fail(op string, err error) error {
	status := 400
	switch err.(type) {
	case *v2types.NotFoundException:
		status = 404
	case *v2types.ConflictException:
		status = 409
	}
	return apiFail(svcAPIGWv2, op, status, err)
}

func (s *state) httpAPI(id string) *httpAPI {
	for _, h := range s.HTTPAPIs {
		if h.ID == id {
			return h
		}
	}
	return nil
}

func (h *httpAPI) stage(name string) (int, *httpStage) {
	for i, st := range h.Stages {
		if st.Name == name {
			return i, st
		}
	}
	return -1, nil
}

func (c *apigwv2Client) api(op string, id *string) (*httpAPI, error) {
	if h := c.a.st.httpAPI(deref(id)); h != nil {
		return h, nil
	}
	return nil, c.fail(op, &v2types.NotFoundException{Message: msg("Invalid API identifier specified %s", deref(id))})
}

func (st *httpStage) sdk() v2types.Stage {
	return v2types.Stage{
		StageName: ptr(st.Name), AutoDeploy: ptr(st.AutoDeploy), DeploymentId: optional(st.DeploymentID),
		Description: optional(st.Description), StageVariables: st.Variables.copy(), Tags: st.Tags.copy(),
		DefaultRouteSettings: clone(st.DefaultRoute), RouteSettings: clone(st.RouteSettings),
		AccessLogSettings: clone(st.AccessLog), ClientCertificateId: optional(st.ClientCert),
		CreatedDate: ptr(st.CreatedAt), LastUpdatedDate: ptr(st.UpdatedAt),
	}
}

func (c *apigwv2Client) GetStages(ctx context.Context, in *apigatewayv2.GetStagesInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStagesOutput, error) {
	const op = "GetStages"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	h, err := c.api(op, in.ApiId)
	if err != nil {
		return nil, err
	}
	out := &apigatewayv2.GetStagesOutput{Items: []v2types.Stage{}}
	for _, st := range h.Stages {
		out.Items = append(out.Items, st.sdk())
	}
	sort.Slice(out.Items, func(i, j int) bool { return *out.Items[i].StageName < *out.Items[j].StageName })
	return out, nil
}

func (c *apigwv2Client) GetStage(ctx context.Context, in *apigatewayv2.GetStageInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStageOutput, error) {
	const op = "GetStage"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	h, err := c.api(op, in.ApiId)
	if err != nil {
		return nil, err
	}
	_, st := h.stage(deref(in.StageName))
	if st == nil {
		return nil, c.fail(op, &v2types.NotFoundException{Message: msg("Invalid stage identifier specified")})
	}
	s := st.sdk()
	return &apigatewayv2.GetStageOutput{StageName: s.StageName, AutoDeploy: s.AutoDeploy, DeploymentId: s.DeploymentId,
		Description: s.Description, StageVariables: s.StageVariables, Tags: s.Tags, DefaultRouteSettings: s.DefaultRouteSettings,
		RouteSettings: s.RouteSettings, AccessLogSettings: s.AccessLogSettings, ClientCertificateId: s.ClientCertificateId,
		CreatedDate: s.CreatedDate, LastUpdatedDate: s.LastUpdatedDate}, nil
}

func (c *apigwv2Client) CreateStage(ctx context.Context, in *apigatewayv2.CreateStageInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.CreateStageOutput, error) {
	const op = "CreateStage"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	h, err := c.api(op, in.ApiId)
	if err != nil {
		return nil, err
	}
	name := deref(in.StageName)
	switch _, dup := h.stage(name); {
	case !stageNameRE.MatchString(name):
		return nil, c.fail(op, &v2types.BadRequestException{Message: msg("Stage name only allows a-zA-Z0-9_- and must be 1-128 characters")})
	case dup != nil:
		return nil, c.fail(op, &v2types.ConflictException{Message: msg("Stage %s already exists", name)})
	case len(h.Stages) >= httpStagesPerAPI:
		return nil, c.fail(op, &v2types.BadRequestException{Message: msg("Maximum number of stages (%d) reached for API %s", httpStagesPerAPI, h.ID)})
	case len(in.Tags) > maxTags:
		return nil, c.fail(op, &v2types.BadRequestException{Message: msg("Too many tags: a resource can have at most %d tags", maxTags)})
	}
	now := c.a.now()
	st := &httpStage{Name: name, AutoDeploy: deref(in.AutoDeploy), DeploymentID: deref(in.DeploymentId), Description: deref(in.Description),
		Variables: tagMap(in.StageVariables).copy(), DefaultRoute: clone(in.DefaultRouteSettings), RouteSettings: clone(in.RouteSettings),
		AccessLog: clone(in.AccessLogSettings), ClientCert: deref(in.ClientCertificateId), Tags: tagMap(in.Tags).copy(), CreatedAt: now, UpdatedAt: now}
	if st.AutoDeploy && st.DeploymentID == "" {
		st.DeploymentID = c.a.st.lowerID(autoDeploymentIDLen)
	}
	if st.Tags == nil {
		st.Tags = tagMap{}
	}
	h.Stages = append(h.Stages, st)
	return &apigatewayv2.CreateStageOutput{StageName: ptr(name), AutoDeploy: ptr(st.AutoDeploy), Tags: st.Tags.copy()}, nil
}

func (c *apigwv2Client) DeleteStage(ctx context.Context, in *apigatewayv2.DeleteStageInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.DeleteStageOutput, error) {
	const op = "DeleteStage"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	h, err := c.api(op, in.ApiId)
	if err != nil {
		return nil, err
	}
	i, st := h.stage(deref(in.StageName))
	if st == nil {
		return nil, c.fail(op, &v2types.NotFoundException{Message: msg("Invalid stage identifier specified")})
	}
	h.Stages = append(h.Stages[:i], h.Stages[i+1:]...)
	return &apigatewayv2.DeleteStageOutput{}, nil
}

// stageByARN finds arn:aws:apigateway:REGION::/apis/API/stages/STAGE.
func (c *apigwv2Client) stageByARN(op, arn string) (*httpStage, error) {
	rest, ok := strings.CutPrefix(arn, fmt.Sprintf("arn:aws:apigateway:%s::/apis/", c.a.st.Region))
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 3 || parts[1] != "stages" {
		return nil, c.fail(op, &v2types.BadRequestException{Message: msg("Invalid ARN specified in the request: %s", arn)})
	}
	h, err := c.api(op, &parts[0])
	if err != nil {
		return nil, err
	}
	if _, st := h.stage(parts[2]); st != nil {
		return st, nil
	}
	return nil, c.fail(op, &v2types.NotFoundException{Message: msg("Invalid stage identifier specified")})
}

func (c *apigwv2Client) TagResource(ctx context.Context, in *apigatewayv2.TagResourceInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.TagResourceOutput, error) {
	const op = "TagResource"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	st, err := c.stageByARN(op, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	merged := st.Tags.with(in.Tags)
	if len(merged) > maxTags {
		return nil, c.fail(op, &v2types.BadRequestException{Message: msg("Too many tags: a resource can have at most %d tags", maxTags)})
	}
	st.Tags, st.UpdatedAt = merged, c.a.now()
	return &apigatewayv2.TagResourceOutput{}, nil
}

func (c *apigwv2Client) UntagResource(ctx context.Context, in *apigatewayv2.UntagResourceInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.UntagResourceOutput, error) {
	const op = "UntagResource"
	if err := c.a.begin(ctx, svcAPIGWv2, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	st, err := c.stageByARN(op, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(st.Tags, k)
	}
	st.UpdatedAt = c.a.now()
	return &apigatewayv2.UntagResourceOutput{}, nil
}

// AddHTTPAPI adds an HTTP API (no stages) and returns its id.
func (a *Account) AddHTTPAPI(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	h := &httpAPI{ID: a.st.lowerID(10), Name: name, CreatedAt: a.now()}
	a.st.HTTPAPIs = append(a.st.HTTPAPIs, h)
	return h.ID
}
