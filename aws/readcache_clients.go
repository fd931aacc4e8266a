package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// Clients returns c whose ELB calls that change tags or targets make the
// cache forget the resources they name, so the next command reads them
// again. Reads through it are never answered from the cache: apply uses
// these clients and must see the account as it is.
func (rc *ReadCache) Clients(c Clients) Clients {
	if rc != nil && c.ELB != nil {
		c.ELB = &forgettingELB{ELBV2API: c.ELB, cache: rc}
	}
	return c
}

type forgettingELB struct {
	ELBV2API
	cache *ReadCache
}

func (w *forgettingELB) AddTags(ctx context.Context, in *elbv2.AddTagsInput, opts ...func(*elbv2.Options)) (*elbv2.AddTagsOutput, error) {
	defer w.cache.Forget(in.ResourceArns...)
	return w.ELBV2API.AddTags(ctx, in, opts...)
}

func (w *forgettingELB) RemoveTags(ctx context.Context, in *elbv2.RemoveTagsInput, opts ...func(*elbv2.Options)) (*elbv2.RemoveTagsOutput, error) {
	defer w.cache.Forget(in.ResourceArns...)
	return w.ELBV2API.RemoveTags(ctx, in, opts...)
}

func (w *forgettingELB) RegisterTargets(ctx context.Context, in *elbv2.RegisterTargetsInput, opts ...func(*elbv2.Options)) (*elbv2.RegisterTargetsOutput, error) {
	defer w.cache.Forget(awssdk.ToString(in.TargetGroupArn))
	return w.ELBV2API.RegisterTargets(ctx, in, opts...)
}
