package sandbox

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// Distribution statuses.
const (
	StatusInProgress = "InProgress"
	StatusDeployed   = "Deployed"
)

// CloudFrontZoneID is the hosted zone of every *.cloudfront.net alias target.
const CloudFrontZoneID = "Z2FDTNDATAQYW2"

// cfClient is the account behind aws.CloudFrontAPI.
type cfClient struct{ a *Account }

func (c *cfClient) fail(op string, err error) error {
	status := 400
	switch err.(type) {
	case *cftypes.NoSuchDistribution:
		status = 404
	case *cftypes.PreconditionFailed:
		status = 412
	case *cftypes.CNAMEAlreadyExists:
		status = 409
	}
	return apiFail(svcCF, op, status, err)
}

func (s *state) distribution(id string) *distribution {
	for _, d := range s.Distributions {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (c *cfClient) find(op string, id *string) (*distribution, error) {
	d := c.a.st.distribution(deref(id))
	if d == nil {
		return nil, c.fail(op, &cftypes.NoSuchDistribution{Message: msg("The specified distribution does not exist.")})
	}
	return d, nil
}

func (a *Account) distStatus(d *distribution) string {
	if a.now().Before(d.DeployedAt) {
		return StatusInProgress
	}
	return StatusDeployed
}

func (a *Account) sdkDistribution(d *distribution) *cftypes.Distribution {
	cfg := clone(d.Config)
	return &cftypes.Distribution{
		Id:                            ptr(d.ID),
		ARN:                           ptr(d.ARN),
		DomainName:                    ptr(d.DomainName),
		Status:                        ptr(a.distStatus(d)),
		LastModifiedTime:              ptr(d.LastModified),
		InProgressInvalidationBatches: ptr[int32](0),
		ActiveTrustedSigners:          &cftypes.ActiveTrustedSigners{Enabled: ptr(false), Quantity: ptr[int32](0)},
		ActiveTrustedKeyGroups:        &cftypes.ActiveTrustedKeyGroups{Enabled: ptr(false), Quantity: ptr[int32](0)},
		DistributionConfig:            &cfg,
	}
}

func (c *cfClient) GetDistribution(ctx context.Context, in *cloudfront.GetDistributionInput, _ ...func(*cloudfront.Options)) (*cloudfront.GetDistributionOutput, error) {
	const op = "GetDistribution"
	if err := c.a.begin(ctx, svcCF, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	d, err := c.find(op, in.Id)
	if err != nil {
		return nil, err
	}
	return &cloudfront.GetDistributionOutput{Distribution: c.a.sdkDistribution(d), ETag: ptr(d.ETag)}, nil
}

func (c *cfClient) GetDistributionConfig(ctx context.Context, in *cloudfront.GetDistributionConfigInput, _ ...func(*cloudfront.Options)) (*cloudfront.GetDistributionConfigOutput, error) {
	const op = "GetDistributionConfig"
	if err := c.a.begin(ctx, svcCF, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	d, err := c.find(op, in.Id)
	if err != nil {
		return nil, err
	}
	cfg := clone(d.Config)
	return &cloudfront.GetDistributionConfigOutput{DistributionConfig: &cfg, ETag: ptr(d.ETag)}, nil
}

func (c *cfClient) UpdateDistribution(ctx context.Context, in *cloudfront.UpdateDistributionInput, _ ...func(*cloudfront.Options)) (*cloudfront.UpdateDistributionOutput, error) {
	const op = "UpdateDistribution"
	if err := c.a.begin(ctx, svcCF, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	s := c.a.st
	d, err := c.find(op, in.Id)
	if err != nil {
		return nil, err
	}
	switch {
	case in.IfMatch == nil || *in.IfMatch == "":
		return nil, c.fail(op, &cftypes.InvalidIfMatchVersion{Message: msg("The If-Match version is missing or not valid for the resource.")})
	case *in.IfMatch != d.ETag:
		return nil, c.fail(op, &cftypes.PreconditionFailed{Message: msg("The request failed because it didn't meet the preconditions in one or more request-header fields.")})
	case in.DistributionConfig == nil:
		return nil, c.fail(op, &cftypes.InvalidArgument{Message: msg("DistributionConfig is required.")})
	}
	cfg := clone(*in.DistributionConfig)
	if deref(cfg.CallerReference) != deref(d.Config.CallerReference) {
		return nil, c.fail(op, &cftypes.IllegalUpdate{Message: msg("Parameter CallerReference cannot be updated.")})
	}
	if cfg.Origins == nil || cfg.DefaultCacheBehavior == nil || cfg.Enabled == nil || cfg.Comment == nil {
		return nil, c.fail(op, &cftypes.InvalidArgument{Message: msg("Origins, DefaultCacheBehavior, Enabled and Comment are required.")})
	}
	var aliases []string
	if cfg.Aliases != nil {
		aliases = cfg.Aliases.Items
		if deref(cfg.Aliases.Quantity) != int32(len(aliases)) {
			return nil, c.fail(op, &cftypes.InconsistentQuantities{Message: msg("The value of Quantity and the size of Items don't match.")})
		}
	}
	if len(aliases) > s.limit(ServiceCloudFront, QuotaAliasesPerDist) {
		return nil, c.fail(op, &cftypes.TooManyDistributionCNAMEs{Message: msg("Your request contains more CNAMEs than are allowed per distribution.")})
	}
	seen := map[string]bool{}
	for _, al := range aliases {
		k := strings.ToLower(al)
		if seen[k] {
			return nil, c.fail(op, &cftypes.InvalidArgument{Message: msg("The parameter Aliases contains %s more than once.", al)})
		}
		seen[k] = true
		for _, other := range s.Distributions {
			if other != d && other.hasAlias(k) {
				return nil, c.fail(op, &cftypes.CNAMEAlreadyExists{Message: msg("One or more of the CNAMEs you provided are already associated with a different resource.")})
			}
		}
	}
	now := c.a.now()
	d.Config = cfg
	d.ETag = "E" + s.upperID(13)
	d.LastModified = now
	d.DeployedAt = now
	if c.a.opts.DeployTime > 0 {
		d.DeployedAt = now.Add(c.a.opts.DeployTime)
	}
	return &cloudfront.UpdateDistributionOutput{Distribution: c.a.sdkDistribution(d), ETag: ptr(d.ETag)}, nil
}

func (d *distribution) hasAlias(lower string) bool {
	if d.Config.Aliases == nil {
		return false
	}
	for _, a := range d.Config.Aliases.Items {
		if strings.ToLower(a) == lower {
			return true
		}
	}
	return false
}
