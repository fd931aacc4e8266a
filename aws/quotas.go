package aws

import (
	"context"
	"strconv"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"

	"github.com/envdeck/envdeck/model"
)

// quotaSpec is one limit envdeck reads and where it may come from.
type quotaSpec struct {
	Service  string // Service Quotas service code
	Code     string // quota code
	Name     string
	ELBLimit string // DescribeAccountLimits name ("" = none)
	BuiltIn  float64
	Region   string // Service Quotas region for global services ("" = the client's)
}

// Built-in defaults (AWS documentation; docs/TESTING.md § Service Quotas codes).
var (
	quotaRulesPerALB = quotaSpec{Service: "elasticloadbalancing", Code: model.QuotaRulesPerALB,
		Name: "Rules per Application Load Balancer", ELBLimit: "rules-per-application-load-balancer", BuiltIn: 100}
	quotaTGsPerALB = quotaSpec{Service: "elasticloadbalancing", Code: model.QuotaTargetGroupsPerALB,
		Name: "Target groups per Application Load Balancer", ELBLimit: "target-groups-per-application-load-balancer", BuiltIn: 100}
	quotaStages = quotaSpec{Service: "apigateway", Code: model.QuotaStagesPerAPI,
		Name: "Stages per API", BuiltIn: 10}
	// CloudFront is global: its quotas live in us-east-1's Service Quotas.
	quotaAliases = quotaSpec{Service: "cloudfront", Code: model.QuotaAliasesPerDist,
		Name: "Alternate domain names per distribution", BuiltIn: 100, Region: "us-east-1"}
)

const (
	recordsPerZoneName    = "Records per hosted zone"
	recordsPerZoneBuiltIn = 10000
)

// quotaSpecs returns the Service Quotas limits the configured platform uses.
func quotaSpecs(cfg *model.Config) []quotaSpec {
	specs := []quotaSpec{quotaRulesPerALB, quotaTGsPerALB}
	if len(cfg.APIsOfType(model.APITypeREST)) > 0 {
		specs = append(specs, quotaStages)
	}
	if cfg.CloudFront != nil && cfg.CloudFront.DistributionID != "" {
		specs = append(specs, quotaAliases)
	}
	return specs
}

// readQuotas reads each limit through the chain Service Quotas (applied
// value) → Service Quotas AWS default → ELB DescribeAccountLimits → the
// built-in table, and records per hosted zone from GetHostedZoneLimit or
// built-in. Falling back is normal (moto has no Service Quotas data, many
// quotas have no applied value) and is no error; only a Service Quotas
// that denies every read gets one note.
func readQuotas(ctx context.Context, c Clients, cfg *model.Config) ([]model.Limit, []model.SourceError) {
	specs := quotaSpecs(cfg)
	q := &quotaReader{c: c}
	limits := make([]model.Limit, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			limits[i] = q.read(ctx, s)
		}()
	}
	var zoneLimit *model.Limit
	if r := cfg.Route53; r != nil && r.HostedZoneID != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := readZoneLimit(ctx, c, zoneID(r.HostedZoneID))
			zoneLimit = &l
		}()
	}
	wg.Wait()
	if zoneLimit != nil {
		limits = append(limits, *zoneLimit)
	}
	var errs []model.SourceError
	if q.asked > 0 && q.denied == q.asked {
		errs = append(errs, model.SourceError{Source: model.SourceQuotas,
			Message: "no permission to read Service Quotas (AccessDenied): limits come from AWS defaults"})
	}
	return limits, errs
}

type quotaReader struct {
	c Clients

	mu            sync.Mutex
	asked, denied int

	elbOnce   sync.Once
	elbLimits map[string]float64
}

func (q *quotaReader) note(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.asked++
	if IsAccessDenied(err) {
		q.denied++
	}
}

func (q *quotaReader) read(ctx context.Context, s quotaSpec) model.Limit {
	l := model.Limit{Code: s.Code, Name: s.Name}
	if q.c.Quotas != nil {
		opts := []func(*servicequotas.Options){quickFallback}
		if s.Region != "" {
			opts = append(opts, func(o *servicequotas.Options) { o.Region = s.Region })
		}
		in := &servicequotas.GetServiceQuotaInput{ServiceCode: awssdk.String(s.Service), QuotaCode: awssdk.String(s.Code)}
		out, err := q.c.Quotas.GetServiceQuota(ctx, in, opts...)
		q.note(err)
		if err == nil && out.Quota != nil && out.Quota.Value != nil {
			l.Value, l.Source = *out.Quota.Value, model.LimitSourceServiceQuotas
			return l
		}
		if !IsAccessDenied(err) || err == nil {
			din := &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: in.ServiceCode, QuotaCode: in.QuotaCode}
			dout, err := q.c.Quotas.GetAWSDefaultServiceQuota(ctx, din, opts...)
			if err == nil && dout.Quota != nil && dout.Quota.Value != nil {
				l.Value, l.Source = *dout.Quota.Value, model.LimitSourceAWSDefault
				return l
			}
		}
	}
	if s.ELBLimit != "" {
		if v, ok := q.elb(ctx)[s.ELBLimit]; ok {
			l.Value, l.Source = v, model.LimitSourceELB
			return l
		}
	}
	l.Value, l.Source = s.BuiltIn, model.LimitSourceBuiltIn
	return l
}

// elb reads DescribeAccountLimits once per discovery (both ELB quotas share it).
func (q *quotaReader) elb(ctx context.Context) map[string]float64 {
	q.elbOnce.Do(func() {
		q.elbLimits = map[string]float64{}
		if q.c.ELB == nil {
			return
		}
		var marker *string
		for {
			out, err := q.c.ELB.DescribeAccountLimits(ctx, &elbv2.DescribeAccountLimitsInput{Marker: marker})
			if err != nil {
				return
			}
			for _, lim := range out.Limits {
				if v, err := strconv.ParseFloat(awssdk.ToString(lim.Max), 64); err == nil {
					q.elbLimits[awssdk.ToString(lim.Name)] = v
				}
			}
			if marker = out.NextMarker; awssdk.ToString(marker) == "" {
				return
			}
		}
	})
	return q.elbLimits
}

func readZoneLimit(ctx context.Context, c Clients, zone string) model.Limit {
	l := model.Limit{Code: model.QuotaRecordsPerZone, Name: recordsPerZoneName, Value: recordsPerZoneBuiltIn, Source: model.LimitSourceBuiltIn}
	if c.R53 == nil {
		return l
	}
	out, err := c.R53.GetHostedZoneLimit(ctx, &route53.GetHostedZoneLimitInput{
		HostedZoneId: awssdk.String(zone), Type: r53types.HostedZoneLimitTypeMaxRrsetsByZone,
	})
	if err == nil && out.Limit != nil && out.Limit.Value != nil {
		l.Value, l.Source = float64(*out.Limit.Value), model.LimitSourceServiceQuotas
	}
	return l
}

// quotaServerErrorAttempts bounds attempts on errors other than throttling
// for quota reads: a quota that cannot be read falls back at once (moto
// answers HTTP 500 to GetAWSDefaultServiceQuota), while throttling keeps
// the full retry budget so a busy account still gets the real limit.
const quotaServerErrorAttempts = 3

// quickFallback is a per-call option of quota reads (see quotaServerErrorAttempts).
func quickFallback(o *servicequotas.Options) {
	if o.Retryer != nil {
		o.Retryer = fewServerRetries{o.Retryer}
	}
}

type fewServerRetries struct{ awssdk.Retryer }

func (r fewServerRetries) RetryDelay(attempt int, err error) (time.Duration, error) {
	if attempt >= quotaServerErrorAttempts && !IsThrottle(err) {
		return 0, err
	}
	return r.Retryer.RetryDelay(attempt, err)
}

func (r fewServerRetries) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if v2, ok := r.Retryer.(awssdk.RetryerV2); ok {
		return v2.GetAttemptToken(ctx)
	}
	return r.Retryer.GetInitialToken(), nil
}
