package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/smithy-go/middleware"
)

// APIGatewayV2API is the part of the API Gateway v2 client (HTTP APIs)
// envdeck uses. Stage tags come with GetStages; envdeck reads no HTTP API
// deployments (it creates HTTP API stages with auto-deploy).
type APIGatewayV2API interface {
	GetStages(context.Context, *apigatewayv2.GetStagesInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStagesOutput, error)
	GetStage(context.Context, *apigatewayv2.GetStageInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStageOutput, error)

	CreateStage(context.Context, *apigatewayv2.CreateStageInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.CreateStageOutput, error)
	DeleteStage(context.Context, *apigatewayv2.DeleteStageInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.DeleteStageOutput, error)
	TagResource(context.Context, *apigatewayv2.TagResourceInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.TagResourceOutput, error)
	UntagResource(context.Context, *apigatewayv2.UntagResourceInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.UntagResourceOutput, error)
}

var _ APIGatewayV2API = (*apigatewayv2.Client)(nil)

// newAPIGatewayV2 is the HTTP API client of NewClients (endpoint: the
// endpoint override, "" for AWS).
func newAPIGatewayV2(cfg awssdk.Config, endpoint string) *apigatewayv2.Client {
	return apigatewayv2.NewFromConfig(cfg, func(x *apigatewayv2.Options) {
		if endpoint != "" {
			x.BaseEndpoint = awssdk.String(endpoint)
		}
	})
}

// svcAPIGatewayV2 names the HTTP API calls ("apigatewayv2:GetStages"); they
// draw on API Gateway's control-plane bucket (pace.go).
const svcAPIGatewayV2 = "apigatewayv2"

// instrumentV2 decorates the HTTP API client of c like Instrument does the others.
func instrumentV2(c *Clients, mk func(string, *service) *service) {
	if c.APIGWv2 == nil {
		return
	}
	inner, prev := c.APIGWv2, (*service)(nil)
	if w, ok := inner.(*apigwv2Client); ok {
		inner, prev = w.inner, w.s
	}
	c.APIGWv2 = &apigwv2Client{inner: inner, s: mk(svcAPIGatewayV2, prev)}
}

type apigwv2Client struct {
	inner APIGatewayV2API
	s     *service
}

var _ APIGatewayV2API = (*apigwv2Client)(nil)

func apigwv2MW(mw func(*middleware.Stack) error) func(*apigatewayv2.Options) {
	return func(o *apigatewayv2.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func (w *apigwv2Client) GetStages(ctx context.Context, in *apigatewayv2.GetStagesInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStagesOutput, error) {
	return invoke(ctx, w.s, "GetStages", in, opts, apigwv2MW, w.inner.GetStages)
}

func (w *apigwv2Client) GetStage(ctx context.Context, in *apigatewayv2.GetStageInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.GetStageOutput, error) {
	return invoke(ctx, w.s, "GetStage", in, opts, apigwv2MW, w.inner.GetStage)
}

func (w *apigwv2Client) CreateStage(ctx context.Context, in *apigatewayv2.CreateStageInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.CreateStageOutput, error) {
	return invoke(ctx, w.s, "CreateStage", in, opts, apigwv2MW, w.inner.CreateStage)
}

func (w *apigwv2Client) DeleteStage(ctx context.Context, in *apigatewayv2.DeleteStageInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.DeleteStageOutput, error) {
	return invoke(ctx, w.s, "DeleteStage", in, opts, apigwv2MW, w.inner.DeleteStage)
}

func (w *apigwv2Client) TagResource(ctx context.Context, in *apigatewayv2.TagResourceInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.TagResourceOutput, error) {
	return invoke(ctx, w.s, "TagResource", in, opts, apigwv2MW, w.inner.TagResource)
}

func (w *apigwv2Client) UntagResource(ctx context.Context, in *apigatewayv2.UntagResourceInput, opts ...func(*apigatewayv2.Options)) (*apigatewayv2.UntagResourceOutput, error) {
	return invoke(ctx, w.s, "UntagResource", in, opts, apigwv2MW, w.inner.UntagResource)
}
