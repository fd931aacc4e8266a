package aws

import (
	"context"
	"reflect"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

func TestQuotaFallbackChain(t *testing.T) {
	denied := apiErr("AccessDeniedException", "not authorized")
	server := apiErr("", "")        // moto: HTTP 500 to GetAWSDefaultServiceQuota
	motoLimits := []elbtypes.Limit{ // moto's DescribeAccountLimits: no target-groups-per-ALB
		{Name: awssdk.String("rules-per-application-load-balancer"), Max: awssdk.String("100")},
		{Name: awssdk.String("target-groups"), Max: awssdk.String("3000")},
	}
	type lim struct {
		value  float64
		source string
	}
	cases := map[string]struct {
		quotas     *fakeQuotas
		elbLimits  []elbtypes.Limit
		zoneLimit  *int64
		want       map[string]lim
		wantNote   bool
		wantELBAsk int
	}{
		"applied values": {
			quotas:    &fakeQuotas{applied: map[string]float64{model.QuotaRulesPerALB: 200, model.QuotaTargetGroupsPerALB: 100, model.QuotaStagesPerAPI: 20, model.QuotaAliasesPerDist: 150}},
			zoneLimit: awssdk.Int64(20000),
			want: map[string]lim{
				model.QuotaRulesPerALB: {200, model.LimitSourceServiceQuotas}, model.QuotaTargetGroupsPerALB: {100, model.LimitSourceServiceQuotas},
				model.QuotaStagesPerAPI: {20, model.LimitSourceServiceQuotas}, model.QuotaAliasesPerDist: {150, model.LimitSourceServiceQuotas},
				model.QuotaRecordsPerZone: {20000, model.LimitSourceServiceQuotas},
			},
		},
		"aws defaults": {
			quotas: &fakeQuotas{defaults: map[string]float64{model.QuotaRulesPerALB: 100, model.QuotaTargetGroupsPerALB: 100, model.QuotaStagesPerAPI: 10, model.QuotaAliasesPerDist: 100}},
			want: map[string]lim{
				model.QuotaRulesPerALB: {100, model.LimitSourceAWSDefault}, model.QuotaTargetGroupsPerALB: {100, model.LimitSourceAWSDefault},
				model.QuotaStagesPerAPI: {10, model.LimitSourceAWSDefault}, model.QuotaAliasesPerDist: {100, model.LimitSourceAWSDefault},
				model.QuotaRecordsPerZone: {10000, model.LimitSourceBuiltIn},
			},
		},
		"moto: elb account limits then built-in": {
			quotas:    &fakeQuotas{defErr: server},
			elbLimits: motoLimits,
			want: map[string]lim{
				model.QuotaRulesPerALB: {100, model.LimitSourceELB}, model.QuotaTargetGroupsPerALB: {100, model.LimitSourceBuiltIn},
				model.QuotaStagesPerAPI: {10, model.LimitSourceBuiltIn}, model.QuotaAliasesPerDist: {100, model.LimitSourceBuiltIn},
				model.QuotaRecordsPerZone: {10000, model.LimitSourceBuiltIn},
			},
			wantELBAsk: 1,
		},
		"service quotas denied": {
			quotas: &fakeQuotas{err: denied, defErr: denied},
			want: map[string]lim{
				model.QuotaRulesPerALB: {100, model.LimitSourceBuiltIn}, model.QuotaTargetGroupsPerALB: {100, model.LimitSourceBuiltIn},
				model.QuotaStagesPerAPI: {10, model.LimitSourceBuiltIn}, model.QuotaAliasesPerDist: {100, model.LimitSourceBuiltIn},
				model.QuotaRecordsPerZone: {10000, model.LimitSourceBuiltIn},
			},
			wantNote:   true,
			wantELBAsk: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			elb := fakePlatform(1)
			elb.limits = tc.elbLimits
			c := Instrument(Clients{ELB: elb, Quotas: tc.quotas, R53: &fakeR53{limit: tc.zoneLimit}}, InstrumentOptions{})
			limits, errs := readQuotas(context.Background(), c, fakeConfig())
			got := map[string]lim{}
			for _, l := range limits {
				got[l.Code] = lim{l.Value, l.Source}
				if l.Name == "" {
					t.Errorf("%s has no name", l.Code)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("limits\n got %v\nwant %v", got, tc.want)
			}
			if (len(errs) == 1 && errs[0].Source == model.SourceQuotas) != tc.wantNote || len(errs) > 1 {
				t.Errorf("errors: %+v", errs)
			}
			if n := c.Calls.Snapshot()["elbv2:DescribeAccountLimits"]; n != tc.wantELBAsk {
				t.Errorf("DescribeAccountLimits called %d times, want %d", n, tc.wantELBAsk)
			}
			if name == "service quotas denied" {
				// denied on the applied value: no point asking for the default
				for _, a := range tc.quotas.asked {
					if a[:8] == "default:" {
						t.Errorf("asked %s after AccessDenied", a)
					}
				}
			}
		})
	}
}

func TestQuotaSpecsFollowConfig(t *testing.T) {
	cfg := fakeConfig()
	cfg.APIGateway, cfg.CloudFront, cfg.Route53 = nil, nil, nil
	elb := fakePlatform(1)
	c := Instrument(Clients{ELB: elb, Quotas: &fakeQuotas{}}, InstrumentOptions{})
	limits, _ := readQuotas(context.Background(), c, cfg)
	var codes []string
	for _, l := range limits {
		codes = append(codes, l.Code)
	}
	if !reflect.DeepEqual(codes, []string{model.QuotaRulesPerALB, model.QuotaTargetGroupsPerALB}) {
		t.Errorf("codes: %v", codes)
	}
}

func TestDiscoverReusesLimits(t *testing.T) {
	c, _, _, _, q := fakeClients(fakePlatform(1))
	prev := []model.Limit{{Code: model.QuotaRulesPerALB, Value: 123, Source: model.LimitSourceServiceQuotas}}
	snap := Discover(context.Background(), c, fakeConfig(), DiscoverOptions{Limits: prev})
	if !reflect.DeepEqual(snap.Limits, prev) || len(q.asked) != 0 {
		t.Errorf("limits %v, asked %v", snap.Limits, q.asked)
	}
}
