package aws

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Service names used in call counts ("elbv2:DescribeRules"), pacing and errors.
const (
	svcELB           = "elbv2"
	svcAPIGateway    = "apigateway"
	svcCloudFront    = "cloudfront"
	svcRoute53       = "route53"
	svcServiceQuotas = "servicequotas"
	svcSTS           = "sts"
	svcS3            = "s3"
)

// InstrumentOptions says how Instrument decorates a set of clients.
type InstrumentOptions struct {
	// ReadOnly refuses every mutating call with an error wrapping ErrReadOnly.
	ReadOnly bool
	// Pace waits for a token of the service's bucket before each request.
	Pace bool
	// Budget is the share of the account's documented rate to use (1 = all;
	// 0 means 1). Both the burst and the rate are scaled.
	Budget float64
	// Debug, when set, receives one line per call.
	Debug io.Writer
	// Pacers and PaceKey share the buckets of one account and region
	// between sets of clients (PaceKey ""; a pacer of their own).
	Pacers  *AccountPacers
	PaceKey string

	clock clock // tests only; nil = real time
}

// Instrument decorates every client of c: each call is counted in c.Calls
// (created when nil) and in a counter carried by the context (see
// WithCallCounter), paced per service when o.Pace, refused before reaching
// the inner client when o.ReadOnly and the action is mutating, and logged to
// o.Debug. Instrumenting instrumented clients re-wraps their inner clients
// (calls are not counted twice) and never drops read-only.
func Instrument(c Clients, o InstrumentOptions) Clients {
	if c.Calls == nil {
		c.Calls = NewCallCounter()
	}
	var p *pacer
	if o.Pace {
		p = o.Pacers.pacer(o.PaceKey, o.Budget, o.clock)
	}
	dbg := newDebugLog(o.Debug)
	mk := func(name string, prev *service) *service {
		ro := o.ReadOnly
		if prev != nil && prev.readOnly {
			ro = true
		}
		return &service{name: name, calls: c.Calls, pace: p, readOnly: ro, debug: dbg}
	}
	if c.ELB != nil {
		inner, prev := c.ELB, (*service)(nil)
		if w, ok := inner.(*elbClient); ok {
			inner, prev = w.inner, w.s
		}
		c.ELB = &elbClient{inner: inner, s: mk(svcELB, prev)}
	}
	if c.APIGW != nil {
		inner, prev := c.APIGW, (*service)(nil)
		if w, ok := inner.(*apigwClient); ok {
			inner, prev = w.inner, w.s
		}
		c.APIGW = &apigwClient{inner: inner, s: mk(svcAPIGateway, prev)}
	}
	instrumentV2(&c, mk)
	if c.CF != nil {
		inner, prev := c.CF, (*service)(nil)
		if w, ok := inner.(*cfClient); ok {
			inner, prev = w.inner, w.s
		}
		c.CF = &cfClient{inner: inner, s: mk(svcCloudFront, prev)}
	}
	if c.R53 != nil {
		inner, prev := c.R53, (*service)(nil)
		if w, ok := inner.(*r53Client); ok {
			inner, prev = w.inner, w.s
		}
		c.R53 = &r53Client{inner: inner, s: mk(svcRoute53, prev)}
	}
	if c.Quotas != nil {
		inner, prev := c.Quotas, (*service)(nil)
		if w, ok := inner.(*quotasClient); ok {
			inner, prev = w.inner, w.s
		}
		c.Quotas = &quotasClient{inner: inner, s: mk(svcServiceQuotas, prev)}
	}
	if c.STS != nil {
		inner, prev := c.STS, (*service)(nil)
		if w, ok := inner.(*stsClient); ok {
			inner, prev = w.inner, w.s
		}
		c.STS = &stsClient{inner: inner, s: mk(svcSTS, prev)}
	}
	if c.S3 != nil {
		inner, prev := c.S3, (*service)(nil)
		if w, ok := inner.(*s3Client); ok {
			inner, prev = w.inner, w.s
		}
		c.S3 = &s3Client{inner: inner, s: mk(svcS3, prev)}
	}
	return c
}

// IsReadOnly reports whether c refuses mutating calls (instrumented read-only).
func IsReadOnly(c Clients) bool {
	w, ok := c.ELB.(*elbClient)
	return ok && w.s.readOnly
}

type counterKey struct{}

type counterLink struct {
	c      *CallCounter
	parent *counterLink
}

// WithCallCounter returns a context whose calls through instrumented
// clients are also counted in cc (e.g. one discovery's own calls while
// other work shares the clients).
func WithCallCounter(ctx context.Context, cc *CallCounter) context.Context {
	parent, _ := ctx.Value(counterKey{}).(*counterLink)
	return context.WithValue(ctx, counterKey{}, &counterLink{c: cc, parent: parent})
}

// service is the shared state of one decorated client.
type service struct {
	name     string
	calls    *CallCounter
	pace     *pacer
	readOnly bool
	debug    *debugLog
}

func (s *service) count(ctx context.Context, action string) {
	s.calls.Add(s.name, action)
	for l, _ := ctx.Value(counterKey{}).(*counterLink); l != nil; l = l.parent {
		l.c.Add(s.name, action)
	}
}

// attempts counts the SDK's attempts of one call and paces its retries: a
// middleware placed right after the retry loop runs once per attempt.
type attempts struct {
	n      atomic.Int32
	waited atomic.Int64
}

func (a *attempts) middleware(s *service) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		mw := middleware.FinalizeMiddlewareFunc("envdeck.attempt", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if a.n.Add(1) > 1 {
				// a retry draws on the account's bucket like any request
				w, err := s.pace.wait(ctx, s.name)
				if err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				a.waited.Add(int64(w))
			}
			return next.HandleFinalize(ctx, in)
		})
		if err := st.Finalize.Insert(mw, "Retry", middleware.After); err != nil {
			return st.Finalize.Add(mw, middleware.After)
		}
		return nil
	}
}

// invoke runs one call of a decorated client: refuse, pace, count, call, log.
func invoke[I, O, Opt any](ctx context.Context, s *service, action string, in I, opts []func(*Opt),
	withMW func(func(*middleware.Stack) error) func(*Opt),
	call func(context.Context, I, ...func(*Opt)) (O, error),
) (O, error) {
	var zero O
	if s.readOnly && IsMutating(action) {
		s.debug.refused(s.name, action)
		return zero, refuse(s.name, action)
	}
	waited, err := s.pace.wait(ctx, s.name)
	if err != nil {
		return zero, err
	}
	s.count(ctx, action)
	a := &attempts{}
	opts = append(opts[:len(opts):len(opts)], withMW(a.middleware(s)))
	start := time.Now()
	out, err := call(ctx, in, opts...)
	s.debug.call(s.name, action, time.Since(start), waited+time.Duration(a.waited.Load()), int(a.n.Load()), err)
	return out, err
}

func elbMW(mw func(*middleware.Stack) error) func(*elbv2.Options) {
	return func(o *elbv2.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func apigwMW(mw func(*middleware.Stack) error) func(*apigateway.Options) {
	return func(o *apigateway.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func cfMW(mw func(*middleware.Stack) error) func(*cloudfront.Options) {
	return func(o *cloudfront.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func r53MW(mw func(*middleware.Stack) error) func(*route53.Options) {
	return func(o *route53.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func quotasMW(mw func(*middleware.Stack) error) func(*servicequotas.Options) {
	return func(o *servicequotas.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func stsMW(mw func(*middleware.Stack) error) func(*sts.Options) {
	return func(o *sts.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

func s3MW(mw func(*middleware.Stack) error) func(*s3.Options) {
	return func(o *s3.Options) { o.APIOptions = append(o.APIOptions, mw) }
}

// The decorators: one method per interface method, each through invoke.

type elbClient struct {
	inner ELBV2API
	s     *service
}

var _ ELBV2API = (*elbClient)(nil)

func (w *elbClient) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	return invoke(ctx, w.s, "DescribeLoadBalancers", in, opts, elbMW, w.inner.DescribeLoadBalancers)
}

func (w *elbClient) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return invoke(ctx, w.s, "DescribeListeners", in, opts, elbMW, w.inner.DescribeListeners)
}

func (w *elbClient) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	return invoke(ctx, w.s, "DescribeRules", in, opts, elbMW, w.inner.DescribeRules)
}

func (w *elbClient) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	return invoke(ctx, w.s, "DescribeTargetGroups", in, opts, elbMW, w.inner.DescribeTargetGroups)
}

func (w *elbClient) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return invoke(ctx, w.s, "DescribeTargetHealth", in, opts, elbMW, w.inner.DescribeTargetHealth)
}

func (w *elbClient) DescribeTags(ctx context.Context, in *elbv2.DescribeTagsInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error) {
	return invoke(ctx, w.s, "DescribeTags", in, opts, elbMW, w.inner.DescribeTags)
}

func (w *elbClient) DescribeAccountLimits(ctx context.Context, in *elbv2.DescribeAccountLimitsInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeAccountLimitsOutput, error) {
	return invoke(ctx, w.s, "DescribeAccountLimits", in, opts, elbMW, w.inner.DescribeAccountLimits)
}

func (w *elbClient) DescribeTargetGroupAttributes(ctx context.Context, in *elbv2.DescribeTargetGroupAttributesInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupAttributesOutput, error) {
	return invoke(ctx, w.s, "DescribeTargetGroupAttributes", in, opts, elbMW, w.inner.DescribeTargetGroupAttributes)
}

func (w *elbClient) ModifyTargetGroupAttributes(ctx context.Context, in *elbv2.ModifyTargetGroupAttributesInput, opts ...func(*elbv2.Options)) (*elbv2.ModifyTargetGroupAttributesOutput, error) {
	return invoke(ctx, w.s, "ModifyTargetGroupAttributes", in, opts, elbMW, w.inner.ModifyTargetGroupAttributes)
}

func (w *elbClient) CreateTargetGroup(ctx context.Context, in *elbv2.CreateTargetGroupInput, opts ...func(*elbv2.Options)) (*elbv2.CreateTargetGroupOutput, error) {
	return invoke(ctx, w.s, "CreateTargetGroup", in, opts, elbMW, w.inner.CreateTargetGroup)
}

func (w *elbClient) DeleteTargetGroup(ctx context.Context, in *elbv2.DeleteTargetGroupInput, opts ...func(*elbv2.Options)) (*elbv2.DeleteTargetGroupOutput, error) {
	return invoke(ctx, w.s, "DeleteTargetGroup", in, opts, elbMW, w.inner.DeleteTargetGroup)
}

func (w *elbClient) RegisterTargets(ctx context.Context, in *elbv2.RegisterTargetsInput, opts ...func(*elbv2.Options)) (*elbv2.RegisterTargetsOutput, error) {
	return invoke(ctx, w.s, "RegisterTargets", in, opts, elbMW, w.inner.RegisterTargets)
}

func (w *elbClient) CreateRule(ctx context.Context, in *elbv2.CreateRuleInput, opts ...func(*elbv2.Options)) (*elbv2.CreateRuleOutput, error) {
	return invoke(ctx, w.s, "CreateRule", in, opts, elbMW, w.inner.CreateRule)
}

func (w *elbClient) DeleteRule(ctx context.Context, in *elbv2.DeleteRuleInput, opts ...func(*elbv2.Options)) (*elbv2.DeleteRuleOutput, error) {
	return invoke(ctx, w.s, "DeleteRule", in, opts, elbMW, w.inner.DeleteRule)
}

func (w *elbClient) AddTags(ctx context.Context, in *elbv2.AddTagsInput, opts ...func(*elbv2.Options)) (*elbv2.AddTagsOutput, error) {
	return invoke(ctx, w.s, "AddTags", in, opts, elbMW, w.inner.AddTags)
}

func (w *elbClient) RemoveTags(ctx context.Context, in *elbv2.RemoveTagsInput, opts ...func(*elbv2.Options)) (*elbv2.RemoveTagsOutput, error) {
	return invoke(ctx, w.s, "RemoveTags", in, opts, elbMW, w.inner.RemoveTags)
}

type apigwClient struct {
	inner APIGatewayAPI
	s     *service
}

var _ APIGatewayAPI = (*apigwClient)(nil)

func (w *apigwClient) GetStages(ctx context.Context, in *apigateway.GetStagesInput, opts ...func(*apigateway.Options)) (*apigateway.GetStagesOutput, error) {
	return invoke(ctx, w.s, "GetStages", in, opts, apigwMW, w.inner.GetStages)
}

func (w *apigwClient) GetStage(ctx context.Context, in *apigateway.GetStageInput, opts ...func(*apigateway.Options)) (*apigateway.GetStageOutput, error) {
	return invoke(ctx, w.s, "GetStage", in, opts, apigwMW, w.inner.GetStage)
}

func (w *apigwClient) GetDeployments(ctx context.Context, in *apigateway.GetDeploymentsInput, opts ...func(*apigateway.Options)) (*apigateway.GetDeploymentsOutput, error) {
	return invoke(ctx, w.s, "GetDeployments", in, opts, apigwMW, w.inner.GetDeployments)
}

func (w *apigwClient) CreateStage(ctx context.Context, in *apigateway.CreateStageInput, opts ...func(*apigateway.Options)) (*apigateway.CreateStageOutput, error) {
	return invoke(ctx, w.s, "CreateStage", in, opts, apigwMW, w.inner.CreateStage)
}

func (w *apigwClient) DeleteStage(ctx context.Context, in *apigateway.DeleteStageInput, opts ...func(*apigateway.Options)) (*apigateway.DeleteStageOutput, error) {
	return invoke(ctx, w.s, "DeleteStage", in, opts, apigwMW, w.inner.DeleteStage)
}

func (w *apigwClient) UpdateStage(ctx context.Context, in *apigateway.UpdateStageInput, opts ...func(*apigateway.Options)) (*apigateway.UpdateStageOutput, error) {
	return invoke(ctx, w.s, "UpdateStage", in, opts, apigwMW, w.inner.UpdateStage)
}

func (w *apigwClient) TagResource(ctx context.Context, in *apigateway.TagResourceInput, opts ...func(*apigateway.Options)) (*apigateway.TagResourceOutput, error) {
	return invoke(ctx, w.s, "TagResource", in, opts, apigwMW, w.inner.TagResource)
}

func (w *apigwClient) UntagResource(ctx context.Context, in *apigateway.UntagResourceInput, opts ...func(*apigateway.Options)) (*apigateway.UntagResourceOutput, error) {
	return invoke(ctx, w.s, "UntagResource", in, opts, apigwMW, w.inner.UntagResource)
}

type cfClient struct {
	inner CloudFrontAPI
	s     *service
}

var _ CloudFrontAPI = (*cfClient)(nil)

func (w *cfClient) GetDistribution(ctx context.Context, in *cloudfront.GetDistributionInput, opts ...func(*cloudfront.Options)) (*cloudfront.GetDistributionOutput, error) {
	return invoke(ctx, w.s, "GetDistribution", in, opts, cfMW, w.inner.GetDistribution)
}

func (w *cfClient) GetDistributionConfig(ctx context.Context, in *cloudfront.GetDistributionConfigInput, opts ...func(*cloudfront.Options)) (*cloudfront.GetDistributionConfigOutput, error) {
	return invoke(ctx, w.s, "GetDistributionConfig", in, opts, cfMW, w.inner.GetDistributionConfig)
}

func (w *cfClient) ListDistributions(ctx context.Context, in *cloudfront.ListDistributionsInput, opts ...func(*cloudfront.Options)) (*cloudfront.ListDistributionsOutput, error) {
	return invoke(ctx, w.s, "ListDistributions", in, opts, cfMW, w.inner.ListDistributions)
}

func (w *cfClient) UpdateDistribution(ctx context.Context, in *cloudfront.UpdateDistributionInput, opts ...func(*cloudfront.Options)) (*cloudfront.UpdateDistributionOutput, error) {
	return invoke(ctx, w.s, "UpdateDistribution", in, opts, cfMW, w.inner.UpdateDistribution)
}

type r53Client struct {
	inner Route53API
	s     *service
}

var _ Route53API = (*r53Client)(nil)

func (w *r53Client) GetHostedZone(ctx context.Context, in *route53.GetHostedZoneInput, opts ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error) {
	return invoke(ctx, w.s, "GetHostedZone", in, opts, r53MW, w.inner.GetHostedZone)
}

func (w *r53Client) GetHostedZoneLimit(ctx context.Context, in *route53.GetHostedZoneLimitInput, opts ...func(*route53.Options)) (*route53.GetHostedZoneLimitOutput, error) {
	return invoke(ctx, w.s, "GetHostedZoneLimit", in, opts, r53MW, w.inner.GetHostedZoneLimit)
}

func (w *r53Client) ListResourceRecordSets(ctx context.Context, in *route53.ListResourceRecordSetsInput, opts ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error) {
	return invoke(ctx, w.s, "ListResourceRecordSets", in, opts, r53MW, w.inner.ListResourceRecordSets)
}

func (w *r53Client) ChangeResourceRecordSets(ctx context.Context, in *route53.ChangeResourceRecordSetsInput, opts ...func(*route53.Options)) (*route53.ChangeResourceRecordSetsOutput, error) {
	return invoke(ctx, w.s, "ChangeResourceRecordSets", in, opts, r53MW, w.inner.ChangeResourceRecordSets)
}

type quotasClient struct {
	inner ServiceQuotasAPI
	s     *service
}

var _ ServiceQuotasAPI = (*quotasClient)(nil)

func (w *quotasClient) GetServiceQuota(ctx context.Context, in *servicequotas.GetServiceQuotaInput, opts ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	return invoke(ctx, w.s, "GetServiceQuota", in, opts, quotasMW, w.inner.GetServiceQuota)
}

func (w *quotasClient) GetAWSDefaultServiceQuota(ctx context.Context, in *servicequotas.GetAWSDefaultServiceQuotaInput, opts ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	return invoke(ctx, w.s, "GetAWSDefaultServiceQuota", in, opts, quotasMW, w.inner.GetAWSDefaultServiceQuota)
}

type stsClient struct {
	inner STSAPI
	s     *service
}

var _ STSAPI = (*stsClient)(nil)

func (w *stsClient) GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, opts ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return invoke(ctx, w.s, "GetCallerIdentity", in, opts, stsMW, w.inner.GetCallerIdentity)
}

type s3Client struct {
	inner S3API
	s     *service
}

var _ S3API = (*s3Client)(nil)

func (w *s3Client) PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return invoke(ctx, w.s, "PutObject", in, opts, s3MW, w.inner.PutObject)
}

func (w *s3Client) GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	return invoke(ctx, w.s, "GetObject", in, opts, s3MW, w.inner.GetObject)
}

func (w *s3Client) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	return invoke(ctx, w.s, "ListObjectsV2", in, opts, s3MW, w.inner.ListObjectsV2)
}
