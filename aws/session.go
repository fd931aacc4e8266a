package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Options says which account to reach and how (flags > envdeck.yaml > the
// standard AWS environment).
type Options struct {
	Profile     string
	Region      string
	EndpointURL string // one endpoint for every service (moto, LocalStack)
	ReadOnly    bool
	Debug       io.Writer
	Pace        bool
	Budget      float64
	// Pacers share buckets between the clients of one Account (the
	// configured account_id) and the resolved region (InstrumentOptions).
	Pacers  *AccountPacers
	Account string
	// MFAToken asks for the code of a profile with mfa_serial; nil means
	// there is no one to ask (ErrMFARequired).
	MFAToken func() (string, error)
}

// ErrNoRegion is returned by NewClients when no region resolves.
var ErrNoRegion = errors.New("no AWS region: set --region, AWS_REGION or region in envdeck.yaml")

// Retry settings: throttling caused by others (deploy pipelines share the
// account's buckets) is absorbed by retries with capped exponential backoff.
// 12 attempts: at 35 % faults a call still fails outright only with
// probability 0.35^12 ≈ 3e-6 (8 attempts: 2e-4, a refresh in four over 20).
const (
	retryMaxAttempts = 12
	retryMaxBackoff  = 5 * time.Second
)

// Per-attempt bounds of the HTTP client: a refusing or black-holed
// endpoint fails an attempt in seconds, and the retryer's attempts are
// bounded, so a call ends; the command's deadline (--timeout) bounds all.
const (
	connectTimeout = 5 * time.Second
	headerTimeout  = 20 * time.Second // first byte of the answer
	readTimeout    = 20 * time.Second // between bytes of the answer
)

// newHTTPClient is the HTTP client of every SDK client and credential provider.
func newHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = connectTimeout }).
		WithTransportOptions(func(t *http.Transport) {
			t.TLSHandshakeTimeout = connectTimeout
			t.ResponseHeaderTimeout = headerTimeout
		}).
		WithReadTimeout(readTimeout)
}

// defaultEndpointRegion is used with an EndpointURL when nothing else
// resolves: local emulators accept any region.
const defaultEndpointRegion = "us-east-1"

// NewRetryer is the retryer of every client: standard mode, up to 12
// attempts with a capped, jittered backoff, retrying every protocol's
// throttling code (Throttling, ThrottlingException, TooManyRequestsException,
// PriorRequestNotComplete, ...), 5xx and dropped connections. No retry quota:
// a long read under heavy throttling must finish rather than fail fast.
//
// Not the SDK's adaptive mode: its client-side limiter drops a fresh client
// to 0.5 requests/s after one early throttle, and every CLI command is a
// fresh client (measured: a refresh under 30 % throttling took 32–61 s
// adaptive, 3–17 s standard). envdeck paces itself with a token bucket per
// service (pace.go), which is the limiter that adaptive mode would add.
func NewRetryer() awssdk.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = retryMaxAttempts
		so.MaxBackoff = retryMaxBackoff
		so.RateLimiter = ratelimit.None
		so.Retryables = append(so.Retryables, retry.RetryableErrorCode{Codes: throttleCodes})
	})
}

// throttleCodes are the throttling codes of the protocols envdeck talks:
// query (ELBv2, STS, Service Quotas), REST-JSON (API Gateway) and REST-XML
// (CloudFront, Route 53). All are in the SDK's defaults today; listing them
// keeps that true if the defaults change.
var throttleCodes = map[string]struct{}{
	"Throttling":               {},
	"ThrottlingException":      {},
	"TooManyRequestsException": {},
	"PriorRequestNotComplete":  {},
	"RequestLimitExceeded":     {},
}

// NewClients loads the SDK configuration (profile, region, the standard
// environment), checks that its credentials can be retrieved (a
// *CredentialError or *EndpointError otherwise), builds every client,
// points them all at o.EndpointURL when set, and instruments them
// (counting, pacing, read-only, debug).
func NewClients(ctx context.Context, o Options) (Clients, error) {
	mfa := o.MFAToken
	if mfa == nil {
		mfa = func() (string, error) { return "", ErrMFARequired }
	}
	load := []func(*config.LoadOptions) error{
		config.WithRetryer(NewRetryer),
		config.WithHTTPClient(newHTTPClient()),
		config.WithAssumeRoleCredentialOptions(func(ar *stscreds.AssumeRoleOptions) { ar.TokenProvider = mfa }),
	}
	if o.Profile != "" {
		load = append(load, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		load = append(load, config.WithRegion(o.Region))
	}
	if o.EndpointURL != "" {
		load = append(load, config.WithBaseEndpoint(o.EndpointURL))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		if pe := profileMissing(err); pe != nil {
			return Clients{}, pe
		}
		return Clients{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if err := retrieveCredentials(ctx, profileName(o.Profile), cfg.Credentials); err != nil {
		return Clients{}, err
	}
	if cfg.Region == "" {
		if o.EndpointURL == "" {
			return Clients{}, ErrNoRegion
		}
		cfg.Region = defaultEndpointRegion
	}
	c := serviceClients(cfg, o.EndpointURL)
	c.Profile = profileName(o.Profile)
	c.APIGWv2 = newAPIGatewayV2(cfg, o.EndpointURL)
	return Instrument(c, InstrumentOptions{ReadOnly: o.ReadOnly, Pace: o.Pace, Budget: o.Budget, Debug: o.Debug, Pacers: o.Pacers, PaceKey: PaceKey(o.Account, cfg.Region)}), nil
}

// serviceClients builds the SDK client of every service from cfg, each
// pointed at endpoint when one is given.
func serviceClients(cfg awssdk.Config, endpoint string) Clients {
	var base *string
	if endpoint != "" {
		base = awssdk.String(endpoint)
	}
	return Clients{
		ELB: elbv2.NewFromConfig(cfg, func(x *elbv2.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		APIGW: apigateway.NewFromConfig(cfg, func(x *apigateway.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		CF: cloudfront.NewFromConfig(cfg, func(x *cloudfront.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		R53: route53.NewFromConfig(cfg, func(x *route53.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		Quotas: servicequotas.NewFromConfig(cfg, func(x *servicequotas.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		STS: sts.NewFromConfig(cfg, func(x *sts.Options) {
			if base != nil {
				x.BaseEndpoint = base
			}
		}),
		S3: s3.NewFromConfig(cfg, func(x *s3.Options) {
			if base != nil {
				// An emulator (moto, LocalStack) serves buckets by path.
				x.BaseEndpoint, x.UsePathStyle = base, true
			}
		}),
		Region: cfg.Region,
		Calls:  NewCallCounter(),
	}
}

// retrieveCredentials gets the credentials once (the SDK caches them for
// every client), so a missing, expired or MFA-guarded credential stops the
// command before its first call, with one line naming profile and fix.
func retrieveCredentials(ctx context.Context, profile string, creds awssdk.CredentialsProvider) error {
	if creds == nil {
		return credentialProblem(profile, nil, errors.New("no credential provider"))
	}
	if _, err := creds.Retrieve(ctx); err != nil {
		return credentialProblem(profile, creds, err)
	}
	return nil
}

// profileName is the profile shown in the header: the flag or config, else
// AWS_PROFILE, else "default".
func profileName(p string) string {
	if p != "" {
		return p
	}
	if env := os.Getenv("AWS_PROFILE"); env != "" {
		return env
	}
	return "default"
}
