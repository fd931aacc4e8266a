package aws_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
)

// On moto, whose ListDistributions summaries leave Aliases out, every
// distribution of the account is read with one list and one
// GetDistributionConfig each; everything else is the minimum.
func TestDiscoverAccountDistributionsOnMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	c := awstest.MotoClients(t, endpoint)
	fx := awstest.SeedHostPlatform(t, c, time.Now())
	other, otherDomain := awstest.SeedDistribution(t, c, "other-team", "feat-moved."+awstest.PreviewZone)

	snap := aws.Discover(context.Background(), c, fx.Config, aws.DiscoverOptions{})
	if len(snap.Errors) != 0 {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	got := map[string][]string{}
	domains := map[string]string{}
	for _, d := range snap.AccountDistributions {
		got[d.ID] = d.Aliases
		domains[d.ID] = d.DomainName
	}
	if len(got) != 2 || len(got[fx.DistributionID]) != len(fx.Aliases) ||
		!reflect.DeepEqual(got[other], []string{"feat-moved." + awstest.PreviewZone}) || domains[other] != otherDomain {
		t.Fatalf("account distributions: %+v", snap.AccountDistributions)
	}
	if snap.Calls["cloudfront:ListDistributions"] != 1 || snap.Calls["cloudfront:GetDistributionConfig"] != 2 {
		t.Errorf("calls: %d ListDistributions, %d GetDistributionConfig; want 1, 2 (one per distribution)",
			snap.Calls["cloudfront:ListDistributions"], snap.Calls["cloudfront:GetDistributionConfig"])
	}
	calls := aws.WithoutQuotaCalls(snap.Calls)
	delete(calls, "cloudfront:GetDistributionConfig") // moto's fallback, counted above
	if min := aws.MinimumCalls(snap, fx.Config); !reflect.DeepEqual(calls, min) {
		t.Errorf("calls\n got %v\nmin %v", calls, min)
	}
}
