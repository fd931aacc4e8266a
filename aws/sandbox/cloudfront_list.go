package sandbox

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// cfListMax is ListDistributions' MaxItems bound and default.
const cfListMax = 100

// ListDistributions pages the account's distributions as AWS does: at most
// MaxItems (1-100) per page, NextMarker the id of the page's last
// distribution, and every summary with its Aliases (Quantity 0 when none).
func (c *cfClient) ListDistributions(ctx context.Context, in *cloudfront.ListDistributionsInput, _ ...func(*cloudfront.Options)) (*cloudfront.ListDistributionsOutput, error) {
	const op = "ListDistributions"
	if err := c.a.begin(ctx, svcCF, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	n := int32(cfListMax)
	if in.MaxItems != nil {
		if n = *in.MaxItems; n < 1 || n > cfListMax {
			return nil, c.fail(op, &cftypes.InvalidArgument{Message: msg("MaxItems must be between 1 and %d.", cfListMax)})
		}
	}
	all := c.a.st.Distributions
	start := 0
	if m := deref(in.Marker); m != "" {
		start = -1
		for i, d := range all {
			if d.ID == m {
				start = i + 1
			}
		}
		if start < 0 {
			return nil, c.fail(op, &cftypes.InvalidArgument{Message: msg("Invalid marker %s.", m)})
		}
	}
	end := min(start+int(n), len(all))
	list := &cftypes.DistributionList{Marker: ptr(deref(in.Marker)), MaxItems: ptr(n), IsTruncated: ptr(end < len(all)), Quantity: ptr(int32(end - start))}
	for _, d := range all[start:end] {
		list.Items = append(list.Items, c.a.summary(d))
	}
	if end < len(all) {
		list.NextMarker = ptr(all[end-1].ID)
	}
	return &cloudfront.ListDistributionsOutput{DistributionList: list}, nil
}

// summary is a distribution as ListDistributions shows it.
func (a *Account) summary(d *distribution) cftypes.DistributionSummary {
	cfg := clone(d.Config)
	aliases := cfg.Aliases
	if aliases == nil {
		aliases = &cftypes.Aliases{Quantity: ptr[int32](0)}
	}
	return cftypes.DistributionSummary{
		Id: ptr(d.ID), ARN: ptr(d.ARN), DomainName: ptr(d.DomainName), Status: ptr(a.distStatus(d)),
		LastModifiedTime: ptr(d.LastModified), Aliases: aliases, Comment: cfg.Comment, Enabled: cfg.Enabled,
		Origins: cfg.Origins, DefaultCacheBehavior: cfg.DefaultCacheBehavior, PriceClass: cfg.PriceClass,
	}
}
