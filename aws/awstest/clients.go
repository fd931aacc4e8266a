package awstest

import (
	"net/http"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/envdeck/envdeck/aws"
)

// Fake credentials and region of every test client. moto accepts anything.
const (
	TestAccessKey = "test"
	TestSecretKey = "test"
	TestRegion    = "us-east-1"
	// MotoAccount is the account moto answers to GetCallerIdentity.
	MotoAccount = "123456789012"
)

// ClientOption adjusts the SDK config of MotoClients (e.g. another retryer).
type ClientOption func(*sdkaws.Config)

// WithMaxAttempts sets the retryer's attempts (1 = no retry), keeping the
// short test backoff.
func WithMaxAttempts(n int) ClientOption {
	return func(c *sdkaws.Config) { c.Retryer = func() sdkaws.Retryer { return testRetryer(n) } }
}

// testRetryer is the SDK's standard retryer with a short backoff and no
// client-side retry quota, so fault tests neither wait seconds nor run out
// of retry tokens.
func testRetryer(attempts int) sdkaws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = attempts
		o.MaxBackoff = 50 * time.Millisecond
		o.RateLimiter = ratelimit.None
	})
}

// SDKConfig is the SDK config MotoClients builds: static fake credentials,
// us-east-1, BaseEndpoint = endpoint, 3 attempts with a short backoff. It
// reads no environment and no shared config files.
func SDKConfig(endpoint string, opts ...ClientOption) sdkaws.Config {
	cfg := sdkaws.Config{
		Region:       TestRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(TestAccessKey, TestSecretKey, ""),
		BaseEndpoint: sdkaws.String(endpoint),
		HTTPClient:   &http.Client{Timeout: 30 * time.Second},
		Retryer:      func() sdkaws.Retryer { return testRetryer(3) },
	}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// MotoClients returns real aws-sdk-go-v2 clients for every service envdeck
// uses, pointed at endpoint (moto, or a Proxy in front of it), with fake
// credentials, decorated by aws.Instrument (no pacing, not read-only): every
// call is counted once in Calls by "service:Action" (elbv2, apigateway,
// cloudfront, route53, servicequotas, sts), retries not included.
func MotoClients(t testing.TB, endpoint string, opts ...ClientOption) aws.Clients {
	t.Helper()
	return NewSDKClients(SDKConfig(endpoint, opts...))
}

// MotoClientsWith is MotoClients with the given instrumentation (pacing,
// read-only, debug log).
func MotoClientsWith(t testing.TB, endpoint string, io aws.InstrumentOptions, opts ...ClientOption) aws.Clients {
	t.Helper()
	return instrumented(SDKConfig(endpoint, opts...), io)
}

// WithRetryer replaces the test retryer, e.g. WithRetryer(aws.NewRetryer)
// to run fault tests with the production retry policy.
func WithRetryer(f func() sdkaws.Retryer) ClientOption {
	return func(c *sdkaws.Config) { c.Retryer = f }
}

// NewSDKClients builds instrumented clients from an SDK config.
func NewSDKClients(cfg sdkaws.Config) aws.Clients { return instrumented(cfg, aws.InstrumentOptions{}) }

func instrumented(cfg sdkaws.Config, io aws.InstrumentOptions) aws.Clients {
	c := aws.Clients{
		ELB:     elbv2.NewFromConfig(cfg),
		APIGW:   apigateway.NewFromConfig(cfg),
		APIGWv2: apigatewayv2.NewFromConfig(cfg),
		CF:      cloudfront.NewFromConfig(cfg),
		R53:     route53.NewFromConfig(cfg),
		Quotas:  servicequotas.NewFromConfig(cfg),
		STS:     sts.NewFromConfig(cfg),
		S3:      s3.NewFromConfig(cfg, pathStyle),
		Region:  cfg.Region,
		Profile: "moto",
		Calls:   aws.NewCallCounter(),
	}
	c = aws.Instrument(c, io)
	register(c.Calls, cfg)
	return c
}

// SDK holds full SDK clients (every operation, not only envdeck's narrow
// interfaces) for seeding and probing. Its calls are not counted.
type SDK struct {
	Config   sdkaws.Config
	Endpoint string
	ELB      *elbv2.Client
	APIGW    *apigateway.Client
	APIGWv2  *apigatewayv2.Client
	CF       *cloudfront.Client
	R53      *route53.Client
	Quotas   *servicequotas.Client
	STS      *sts.Client
	S3       *s3.Client
}

// MotoSDK returns full SDK clients at endpoint (see SDKConfig).
func MotoSDK(endpoint string, opts ...ClientOption) *SDK { return newSDK(SDKConfig(endpoint, opts...)) }

func newSDK(cfg sdkaws.Config) *SDK {
	s := &SDK{
		Config:  cfg,
		ELB:     elbv2.NewFromConfig(cfg),
		APIGW:   apigateway.NewFromConfig(cfg),
		APIGWv2: apigatewayv2.NewFromConfig(cfg),
		CF:      cloudfront.NewFromConfig(cfg),
		R53:     route53.NewFromConfig(cfg),
		Quotas:  servicequotas.NewFromConfig(cfg),
		STS:     sts.NewFromConfig(cfg),
		S3:      s3.NewFromConfig(cfg, pathStyle),
	}
	if cfg.BaseEndpoint != nil {
		s.Endpoint = *cfg.BaseEndpoint
	}
	return s
}

// pathStyle addresses buckets by path: moto on loopback has no bucket hostnames.
func pathStyle(o *s3.Options) { o.UsePathStyle = true }

// registry remembers the SDK config behind each aws.Clients MotoClients
// made (keyed by its call counter), so SDKOf can rebuild full clients.
var registry sync.Map // *aws.CallCounter → sdkaws.Config

func register(c *aws.CallCounter, cfg sdkaws.Config) { registry.Store(c, cfg) }

// SDKOf returns full SDK clients at the same endpoint, with the same
// credentials and retryer, as c, which must come from MotoClients (or
// NewSDKClients). It fails the test otherwise.
func SDKOf(t testing.TB, c aws.Clients) *SDK {
	t.Helper()
	if v, ok := registry.Load(c.Calls); ok && c.Calls != nil {
		return newSDK(v.(sdkaws.Config))
	}
	t.Fatalf("awstest: these clients were not made by awstest.MotoClients; seed with clients from MotoClients(t, endpoint)")
	return nil
}
