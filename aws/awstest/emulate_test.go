package awstest

import (
	"context"
	"errors"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
)

func TestEmulateCloudFrontETagsAndStatus(t *testing.T) {
	ctx := context.Background()
	p := NewProxy(t, SharedMoto(t), EmulateCloudFront(2))
	c := p.Clients(t, WithMaxAttempts(1))
	created, err := SDKOf(t, c).CF.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: DistributionConfig("etag-test", "alb.example.com", []string{"pv-1.preview.example.com"})})
	if err != nil {
		t.Fatalf("CreateDistribution: %v", err)
	}
	id := created.Distribution.Id
	if got := sdkaws.ToString(created.ETag); got != cfETag(1) {
		t.Errorf("create ETag %q, want %q", got, cfETag(1))
	}
	cfg, err := c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: id})
	if err != nil {
		t.Fatalf("GetDistributionConfig: %v", err)
	}
	first := sdkaws.ToString(cfg.ETag)
	update := func(etag string) (*cloudfront.UpdateDistributionOutput, error) {
		cfg.DistributionConfig.Aliases.Items = append(cfg.DistributionConfig.Aliases.Items, "x.preview.example.com")
		cfg.DistributionConfig.Aliases.Quantity = sdkaws.Int32(int32(len(cfg.DistributionConfig.Aliases.Items)))
		return c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: id, IfMatch: sdkaws.String(etag), DistributionConfig: cfg.DistributionConfig})
	}
	if _, err := update("EWRONG"); !errors.As(err, new(*cftypes.PreconditionFailed)) {
		t.Fatalf("update with a wrong ETag: %v, want PreconditionFailed", err)
	}
	up, err := update(first)
	if err != nil {
		t.Fatalf("update with the current ETag: %v", err)
	}
	if sdkaws.ToString(up.ETag) == first || sdkaws.ToString(up.Distribution.Status) != "InProgress" {
		t.Errorf("after update: ETag %q (was %q), status %q", sdkaws.ToString(up.ETag), first, sdkaws.ToString(up.Distribution.Status))
	}
	if _, err := update(first); !errors.As(err, new(*cftypes.PreconditionFailed)) {
		t.Fatalf("update with the stale ETag: %v, want PreconditionFailed", err)
	}
	var statuses []string
	for range 3 {
		d, err := c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: id})
		if err != nil {
			t.Fatalf("GetDistribution: %v", err)
		}
		if sdkaws.ToString(d.ETag) != sdkaws.ToString(up.ETag) {
			t.Errorf("GetDistribution ETag %q, want %q", sdkaws.ToString(d.ETag), sdkaws.ToString(up.ETag))
		}
		statuses = append(statuses, sdkaws.ToString(d.Distribution.Status))
	}
	if want := []string{"InProgress", "InProgress", "Deployed"}; statuses[0] != want[0] || statuses[1] != want[1] || statuses[2] != want[2] {
		t.Errorf("statuses after update %v, want %v", statuses, want)
	}
	if n := p.Count(ServiceCloudFront, "UpdateDistribution"); n != 3 {
		t.Errorf("UpdateDistribution count %d, want 3", n)
	}
}

func TestServeQuotas(t *testing.T) {
	ctx := context.Background()
	p := NewProxy(t, "http://127.0.0.1:1", ServeQuotas(
		[]QuotaAnswer{{ServiceCode: "elasticloadbalancing", QuotaCode: "L-7EED9B64", QuotaName: "Rules per Application Load Balancer", Value: 150}},
		[]QuotaAnswer{{ServiceCode: "apigateway", QuotaCode: "L-379E48B0", QuotaName: "Stages per API", Value: 10}},
	))
	c := p.Clients(t, WithMaxAttempts(1))
	q, err := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: sdkaws.String("elasticloadbalancing"), QuotaCode: sdkaws.String("L-7EED9B64")})
	if err != nil || sdkaws.ToFloat64(q.Quota.Value) != 150 || sdkaws.ToString(q.Quota.QuotaName) != "Rules per Application Load Balancer" {
		t.Fatalf("applied quota: %+v, %v", q, err)
	}
	d, err := c.Quotas.GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: sdkaws.String("apigateway"), QuotaCode: sdkaws.String("L-379E48B0")})
	if err != nil || sdkaws.ToFloat64(d.Quota.Value) != 10 {
		t.Fatalf("default quota: %+v, %v", d, err)
	}
	_, err = c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: sdkaws.String("apigateway"), QuotaCode: sdkaws.String("L-379E48B0")})
	if !errors.As(err, new(*sqtypes.NoSuchResourceException)) {
		t.Fatalf("unlisted applied quota: %v, want NoSuchResourceException", err)
	}
}
