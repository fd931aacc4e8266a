package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/model"
)

// notEmpty reads again, just before st, the health of the target groups
// whose emptiness st depends on (model.Step.RequireEmpty): whatever the
// plan's read or a cache said, a group with a registered target now keeps
// the step from running. It returns why ("" when every group is still
// empty or gone); an error when a group cannot be read (nothing is deleted
// on a guess).
func (a *applier) notEmpty(ctx context.Context, st model.Step) (string, error) {
	for _, arn := range st.RequireEmpty {
		out, err := a.c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: awssdk.String(arn)})
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("re-read the targets of target group %s: %w", arn, err)
		}
		if n := len(out.TargetHealthDescriptions); n > 0 {
			return fmt.Sprintf("target group %s has %d registered target(s) now", arn, n), nil
		}
	}
	return "", nil
}
