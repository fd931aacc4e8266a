// Package sandbox is an in-memory AWS account behind the same client
// interfaces as the real SDK clients (aws.Clients), so discovery, apply, the
// CLI and the TUI run unchanged on it. It follows AWS, not moto: typed SDK
// errors, enforced quotas, ETags that change, target health states.
package sandbox

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	envaws "github.com/envdeck/envdeck/aws"
)

// Defaults of a New account.
const (
	DefaultAccountID = "123456789012"
	DefaultRegion    = "eu-west-1"
	// DefaultDeployTime is how long a CloudFront distribution stays
	// InProgress after an update (AWS: minutes).
	DefaultDeployTime = 3 * time.Minute
	// DefaultHealthSettle is how long a newly registered target is "initial".
	DefaultHealthSettle = 20 * time.Second
)

// Options tune an Account. The zero value is a fast, test-friendly account.
type Options struct {
	AccountID string // default DefaultAccountID
	Region    string // default DefaultRegion
	// Latency is added to every call, plus a random share of Jitter; the
	// wait ends early (with the SDK's canceled error) when ctx is done.
	Latency time.Duration
	Jitter  time.Duration
	// Clock is the account's time (CloudFront status, target health settle,
	// created dates); default time.Now.
	Clock func() time.Time
	// DeployTime: CloudFront InProgress duration after an update (default
	// DefaultDeployTime; negative = Deployed at once).
	DeployTime time.Duration
	// HealthSettle: how long a new target stays "initial" (default
	// DefaultHealthSettle; negative = at once).
	HealthSettle time.Duration
}

func (o Options) withDefaults() Options {
	if o.AccountID == "" {
		o.AccountID = DefaultAccountID
	}
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.DeployTime == 0 {
		o.DeployTime = DefaultDeployTime
	}
	if o.HealthSettle == 0 {
		o.HealthSettle = DefaultHealthSettle
	}
	return o
}

// Account is one in-memory AWS account and region. Safe for concurrent use.
type Account struct {
	mu   sync.Mutex
	opts Options
	st   *state
}

// New returns an empty account (no load balancer, API, distribution or zone;
// add them with the Add* seeding methods).
func New(opts Options) *Account {
	opts = opts.withDefaults()
	return &Account{opts: opts, st: newState(opts.AccountID, opts.Region)}
}

// SetOptions replaces the options (e.g. after Load, or to drop the demo's
// latency in a test). AccountID and Region of the state are kept.
func (a *Account) SetOptions(o Options) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o.AccountID, o.Region = a.st.AccountID, a.st.Region
	a.opts = o.withDefaults()
}

// AccountID and Region of the account.
func (a *Account) AccountID() string { return a.st.AccountID }
func (a *Account) Region() string    { return a.st.Region }

// Clients returns the account behind envdeck's client interfaces. Calls is a
// fresh counter; wrap the result with aws.Instrument to count and pace.
func (a *Account) Clients() envaws.Clients {
	return envaws.Clients{
		ELB:     &elbClient{a},
		APIGW:   &apigwClient{a},
		APIGWv2: &apigwv2Client{a},
		CF:      &cfClient{a},
		R53:     &r53Client{a},
		Quotas:  &quotasClient{a},
		STS:     &stsClient{a},
		Region:  a.st.Region,
		Profile: "sandbox",
		Calls:   envaws.NewCallCounter(),
	}
}

var (
	_ envaws.ELBV2API         = (*elbClient)(nil)
	_ envaws.APIGatewayAPI    = (*apigwClient)(nil)
	_ envaws.APIGatewayV2API  = (*apigwv2Client)(nil)
	_ envaws.CloudFrontAPI    = (*cfClient)(nil)
	_ envaws.Route53API       = (*r53Client)(nil)
	_ envaws.ServiceQuotasAPI = (*quotasClient)(nil)
	_ envaws.STSAPI           = (*stsClient)(nil)
)

// begin waits the configured latency (respecting ctx), then locks the
// account; the caller defers a.mu.Unlock().
func (a *Account) begin(ctx context.Context, service, op string) error {
	a.mu.Lock()
	d := a.opts.Latency
	if a.opts.Jitter > 0 {
		d += time.Duration(rand.Int64N(int64(a.opts.Jitter)))
	}
	a.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return canceled(service, op, err)
	}
	if d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return canceled(service, op, ctx.Err())
		case <-t.C:
		}
	}
	a.mu.Lock()
	return nil
}

func (a *Account) now() time.Time { return a.opts.Clock().UTC() }
