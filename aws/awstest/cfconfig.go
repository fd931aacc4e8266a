package awstest

import (
	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// DistributionConfig is a minimal valid CloudFront distribution config with
// an origin at originDomain and the given aliases (alternate domain names).
func DistributionConfig(callerRef, originDomain string, aliases []string) *cftypes.DistributionConfig {
	return &cftypes.DistributionConfig{
		CallerReference: sdkaws.String(callerRef),
		Comment:         sdkaws.String("envdeck test distribution"),
		Enabled:         sdkaws.Bool(true),
		Aliases:         &cftypes.Aliases{Quantity: sdkaws.Int32(int32(len(aliases))), Items: aliases},
		Origins: &cftypes.Origins{Quantity: sdkaws.Int32(1), Items: []cftypes.Origin{{
			Id:         sdkaws.String("shared-alb"),
			DomainName: sdkaws.String(originDomain),
			CustomOriginConfig: &cftypes.CustomOriginConfig{
				HTTPPort: sdkaws.Int32(80), HTTPSPort: sdkaws.Int32(443),
				OriginProtocolPolicy: cftypes.OriginProtocolPolicyHttpsOnly,
			},
		}}},
		DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
			TargetOriginId:       sdkaws.String("shared-alb"),
			ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
			// The managed CachingDisabled policy.
			CachePolicyId: sdkaws.String("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"),
		},
	}
}
