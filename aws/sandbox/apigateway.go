package sandbox

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// apigwClient is the account behind aws.APIGatewayAPI (REST APIs).
type apigwClient struct{ a *Account }

func (c *apigwClient) fail(op string, err error) error {
	status := 400
	switch err.(type) {
	case *agtypes.NotFoundException:
		status = 404
	case *agtypes.ConflictException:
		status = 409
	case *agtypes.LimitExceededException:
		status = 429
	}
	return apiFail(svcAPIGW, op, status, err)
}

var (
	stageNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	varNameRE   = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	varValueRE  = regexp.MustCompile(`^[A-Za-z0-9\-._~:/?#&=,]{1,512}$`)
)

func (s *state) restAPI(id string) *restAPI {
	for _, r := range s.RestAPIs {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func (r *restAPI) stage(name string) *stage {
	for _, st := range r.Stages {
		if st.Name == name {
			return st
		}
	}
	return nil
}

func (r *restAPI) deployment(id string) *deployment {
	for _, d := range r.Deployments {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (c *apigwClient) api(op string, id *string) (*restAPI, error) {
	r := c.a.st.restAPI(deref(id))
	if r == nil {
		return nil, c.fail(op, &agtypes.NotFoundException{Message: msg("Invalid API identifier specified %s:%s", c.a.st.AccountID, deref(id))})
	}
	return r, nil
}

func (st *stage) sdk() agtypes.Stage {
	out := agtypes.Stage{
		StageName:            ptr(st.Name),
		DeploymentId:         ptr(st.DeploymentID),
		Description:          optional(st.Description),
		Variables:            st.Variables.copy(),
		Tags:                 st.Tags.copy(),
		CreatedDate:          ptr(st.CreatedAt),
		LastUpdatedDate:      ptr(st.UpdatedAt),
		CacheClusterStatus:   agtypes.CacheClusterStatusNotAvailable,
		MethodSettings:       clone(st.MethodSettings),
		TracingEnabled:       st.Tracing,
		CacheClusterEnabled:  st.CacheEnabled,
		CanarySettings:       clone(st.Canary),
		DocumentationVersion: optional(st.DocVersion),
		ClientCertificateId:  optional(st.ClientCert),
		AccessLogSettings:    clone(st.AccessLog),
	}
	if out.MethodSettings == nil {
		out.MethodSettings = map[string]agtypes.MethodSetting{}
	}
	if st.CacheEnabled {
		out.CacheClusterSize = agtypes.CacheClusterSize(st.CacheSize)
		out.CacheClusterStatus = agtypes.CacheClusterStatusAvailable
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (c *apigwClient) GetStages(ctx context.Context, in *apigateway.GetStagesInput, _ ...func(*apigateway.Options)) (*apigateway.GetStagesOutput, error) {
	const op = "GetStages"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	r, err := c.api(op, in.RestApiId)
	if err != nil {
		return nil, err
	}
	out := &apigateway.GetStagesOutput{Item: []agtypes.Stage{}}
	for _, st := range r.Stages {
		if in.DeploymentId != nil && st.DeploymentID != *in.DeploymentId {
			continue
		}
		out.Item = append(out.Item, st.sdk())
	}
	sort.Slice(out.Item, func(i, j int) bool { return *out.Item[i].StageName < *out.Item[j].StageName })
	return out, nil
}

func (c *apigwClient) GetStage(ctx context.Context, in *apigateway.GetStageInput, _ ...func(*apigateway.Options)) (*apigateway.GetStageOutput, error) {
	const op = "GetStage"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	_, st, err := c.findStage(op, in.RestApiId, in.StageName)
	if err != nil {
		return nil, err
	}
	out := apigateway.GetStageOutput(stageOutput(st.sdk()))
	return &out, nil
}

// findStage finds a stage of an API, or answers NotFound.
func (c *apigwClient) findStage(op string, apiID, name *string) (*restAPI, *stage, error) {
	r, err := c.api(op, apiID)
	if err != nil {
		return nil, nil, err
	}
	st := r.stage(deref(name))
	if st == nil {
		return nil, nil, c.fail(op, &agtypes.NotFoundException{Message: msg("Invalid stage identifier specified")})
	}
	return r, st, nil
}

func (c *apigwClient) GetDeployments(ctx context.Context, in *apigateway.GetDeploymentsInput, _ ...func(*apigateway.Options)) (*apigateway.GetDeploymentsOutput, error) {
	const op = "GetDeployments"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	r, err := c.api(op, in.RestApiId)
	if err != nil {
		return nil, err
	}
	limit := 25
	if in.Limit != nil {
		if *in.Limit < 1 || *in.Limit > 500 {
			return nil, c.fail(op, &agtypes.BadRequestException{Message: msg("Invalid limit: must be between 1 and 500")})
		}
		limit = int(*in.Limit)
	}
	// Newest first.
	ds := append([]*deployment(nil), r.Deployments...)
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].CreatedAt.After(ds[j].CreatedAt) })
	start := 0
	if in.Position != nil && *in.Position != "" {
		n, err := strconv.Atoi(*in.Position)
		if err != nil || n < 0 || n > len(ds) {
			return nil, c.fail(op, &agtypes.BadRequestException{Message: msg("Invalid position parameter")})
		}
		start = n
	}
	end := min(start+limit, len(ds))
	out := &apigateway.GetDeploymentsOutput{Items: []agtypes.Deployment{}}
	for _, d := range ds[start:end] {
		out.Items = append(out.Items, agtypes.Deployment{Id: ptr(d.ID), Description: optional(d.Description), CreatedDate: ptr(d.CreatedAt)})
	}
	if end < len(ds) {
		out.Position = ptr(strconv.Itoa(end))
	}
	return out, nil
}

func (c *apigwClient) CreateStage(ctx context.Context, in *apigateway.CreateStageInput, _ ...func(*apigateway.Options)) (*apigateway.CreateStageOutput, error) {
	const op = "CreateStage"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	r, err := c.api(op, in.RestApiId)
	if err != nil {
		return nil, err
	}
	name := deref(in.StageName)
	if !stageNameRE.MatchString(name) {
		return nil, c.fail(op, &agtypes.BadRequestException{Message: msg("Stage name only allows a-zA-Z0-9_- and must be 1-128 characters")})
	}
	if in.DeploymentId == nil || r.deployment(*in.DeploymentId) == nil {
		return nil, c.fail(op, &agtypes.NotFoundException{Message: msg("Invalid Deployment identifier specified")})
	}
	for k, v := range in.Variables {
		if !varNameRE.MatchString(k) || !varValueRE.MatchString(v) {
			return nil, c.fail(op, &agtypes.BadRequestException{Message: msg("Stage variable %q=%q is invalid: names allow [A-Za-z0-9_], values [A-Za-z0-9-._~:/?#&=,]", k, v)})
		}
	}
	if err := validStageTags(in.Tags, 0); err != nil {
		return nil, c.fail(op, err)
	}
	if r.stage(name) != nil {
		return nil, c.fail(op, &agtypes.ConflictException{Message: msg("Stage already exists")})
	}
	if len(r.Stages) >= c.a.st.limit(ServiceAPIGateway, QuotaStagesPerAPI) {
		return nil, c.fail(op, &agtypes.LimitExceededException{Message: msg("Maximum number of stages (%d) reached for API %s", len(r.Stages), r.ID)})
	}
	if err := validCreateSettings(r, in); err != nil {
		return nil, c.fail(op, err)
	}
	now := c.a.now()
	st := &stage{
		Name: name, DeploymentID: *in.DeploymentId, Description: deref(in.Description),
		Variables: tagMap(in.Variables).copy(), Tags: tagMap(in.Tags).copy(),
		Tracing: in.TracingEnabled, CacheEnabled: in.CacheClusterEnabled, CacheSize: string(in.CacheClusterSize),
		Canary: clone(in.CanarySettings), DocVersion: deref(in.DocumentationVersion),
		CreatedAt: now, UpdatedAt: now,
	}
	if st.CacheEnabled && st.CacheSize == "" {
		st.CacheSize = "0.5"
	}
	if st.Tags == nil {
		st.Tags = tagMap{}
	}
	r.Stages = append(r.Stages, st)
	out := apigateway.CreateStageOutput(stageOutput(st.sdk()))
	return &out, nil
}

func validStageTags(tags map[string]string, existing int) error {
	for k := range tags {
		if k == "" || len(k) > 128 || strings.HasPrefix(strings.ToLower(k), "aws:") {
			return &agtypes.BadRequestException{Message: msg("Invalid tag key %q", k)}
		}
	}
	if len(tags)+existing > maxTags {
		return &agtypes.BadRequestException{Message: msg("Too many tags: a resource can have at most %d tags", maxTags)}
	}
	return nil
}

func (c *apigwClient) DeleteStage(ctx context.Context, in *apigateway.DeleteStageInput, _ ...func(*apigateway.Options)) (*apigateway.DeleteStageOutput, error) {
	const op = "DeleteStage"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	r, err := c.api(op, in.RestApiId)
	if err != nil {
		return nil, err
	}
	for i, st := range r.Stages {
		if st.Name == deref(in.StageName) {
			r.Stages = append(r.Stages[:i], r.Stages[i+1:]...)
			return &apigateway.DeleteStageOutput{}, nil
		}
	}
	return nil, c.fail(op, &agtypes.NotFoundException{Message: msg("Invalid stage identifier specified")})
}

// StageARN is the ARN API Gateway tags a stage by.
func StageARN(region, restAPIID, stage string) string {
	return fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s/stages/%s", region, restAPIID, stage)
}

// stageByARN resolves arn:aws:apigateway:REGION::/restapis/ID/stages/NAME.
func (c *apigwClient) stageByARN(op, arn string) (*stage, error) {
	prefix := fmt.Sprintf("arn:aws:apigateway:%s::/restapis/", c.a.st.Region)
	rest, ok := strings.CutPrefix(arn, prefix)
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 3 || parts[1] != "stages" {
		return nil, c.fail(op, &agtypes.BadRequestException{Message: msg("Invalid ARN specified in the request: %s", arn)})
	}
	r, err := c.api(op, &parts[0])
	if err != nil {
		return nil, err
	}
	st := r.stage(parts[2])
	if st == nil {
		return nil, c.fail(op, &agtypes.NotFoundException{Message: msg("Invalid stage identifier specified")})
	}
	return st, nil
}

func (c *apigwClient) TagResource(ctx context.Context, in *apigateway.TagResourceInput, _ ...func(*apigateway.Options)) (*apigateway.TagResourceOutput, error) {
	const op = "TagResource"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	st, err := c.stageByARN(op, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	merged := st.Tags.with(in.Tags)
	if err := validStageTags(merged, 0); err != nil {
		return nil, c.fail(op, err)
	}
	st.Tags = merged
	st.UpdatedAt = c.a.now()
	return &apigateway.TagResourceOutput{}, nil
}

func (c *apigwClient) UntagResource(ctx context.Context, in *apigateway.UntagResourceInput, _ ...func(*apigateway.Options)) (*apigateway.UntagResourceOutput, error) {
	const op = "UntagResource"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
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
	return &apigateway.UntagResourceOutput{}, nil
}
