package aws

import (
	"context"
	"fmt"

	"github.com/envdeck/envdeck/model"
)

// ReadReadiness reads what `create --wait` waits for, and nothing else:
// the target health of r's groups (one DescribeTargetHealth each) and, when
// r names a distribution, its status (one GetDistribution). It returns r
// with the states filled in; a group whose health could not be read stays
// unread, and the first failure is returned with what was read.
func ReadReadiness(ctx context.Context, c Clients, r model.Readiness) (model.Readiness, error) {
	out := r
	out.Groups = append([]model.TargetGroup(nil), r.Groups...)
	arns := make([]string, len(out.Groups))
	for i, g := range out.Groups {
		arns[i] = g.ARN
	}
	health, errs := readHealth(ctx, c, arns, DefaultConcurrency)
	for i := range out.Groups {
		ts, ok := health[out.Groups[i].ARN]
		out.Groups[i].Targets, out.Groups[i].HealthRead = ts, ok
	}
	var err error
	if len(errs) > 0 {
		err = fmt.Errorf("%s: %s", errs[0].Source, errs[0].Message)
	}
	out.DistributionStatus = ""
	if r.DistributionID != "" {
		d, derr := readDistribution(ctx, c, r.DistributionID)
		switch {
		case derr != nil && err == nil:
			err = fmt.Errorf("distribution %s: %w", r.DistributionID, derr)
		case derr == nil && d != nil:
			out.DistributionStatus = d.Status
		}
	}
	return out, err
}
