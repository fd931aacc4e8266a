package sandbox

import (
	"context"
	"fmt"
	"strconv"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
)

// Service Quotas codes the sandbox enforces (docs/TESTING.md § Service Quotas codes).
const (
	QuotaRulesPerALB        = "L-7EED9B64"
	QuotaTargetGroupsPerALB = "L-822D1B1B"
	QuotaListenersPerALB    = "L-B6DF7632"
	QuotaTargetGroups       = "L-B22855CB"
	QuotaStagesPerAPI       = "L-379E48B0"
	QuotaAliasesPerDist     = "L-AAD4943E"
)

// Service codes of Service Quotas.
const (
	ServiceELB        = "elasticloadbalancing"
	ServiceAPIGateway = "apigateway"
	ServiceCloudFront = "cloudfront"
)

var serviceNames = map[string]string{
	ServiceELB:        "Elastic Load Balancing (ELB)",
	ServiceAPIGateway: "Amazon API Gateway",
	ServiceCloudFront: "Amazon CloudFront",
}

func defaultQuotas() []*quota {
	return []*quota{
		{ServiceCode: ServiceELB, QuotaCode: QuotaRulesPerALB, Name: "Rules per Application Load Balancer", Value: 100, Default: 100, Adjustable: true},
		{ServiceCode: ServiceELB, QuotaCode: QuotaTargetGroupsPerALB, Name: "Target Groups per Application Load Balancer", Value: 100, Default: 100},
		{ServiceCode: ServiceELB, QuotaCode: QuotaListenersPerALB, Name: "Listeners per Application Load Balancer", Value: 50, Default: 50, Adjustable: true},
		{ServiceCode: ServiceELB, QuotaCode: QuotaTargetGroups, Name: "Target Groups per Region", Value: 3000, Default: 3000, Adjustable: true},
		{ServiceCode: ServiceAPIGateway, QuotaCode: QuotaStagesPerAPI, Name: "Stages per API", Value: 10, Default: 10, Adjustable: true},
		{ServiceCode: ServiceCloudFront, QuotaCode: QuotaAliasesPerDist, Name: "Alternate domain names (CNAMEs) per distribution", Value: 100, Default: 100, Adjustable: true, DefaultOnly: true},
	}
}

func (s *state) quota(service, code string) *quota {
	for _, q := range s.Quotas {
		if q.ServiceCode == service && q.QuotaCode == code {
			return q
		}
	}
	return nil
}

// limit is the enforced (applied) value of a quota.
func (s *state) limit(service, code string) int {
	if q := s.quota(service, code); q != nil {
		return int(q.Value)
	}
	panic(fmt.Sprintf("sandbox: unknown quota %s/%s", service, code))
}

// SetQuota sets the applied value of a quota (what GetServiceQuota answers
// and what the account enforces), e.g. to raise rules per ALB to 200.
func (a *Account) SetQuota(serviceCode, quotaCode string, value float64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	q := a.st.quota(serviceCode, quotaCode)
	if q == nil {
		return fmt.Errorf("sandbox: unknown quota %s/%s", serviceCode, quotaCode)
	}
	q.Value = value
	return nil
}

// elbLimits is what DescribeAccountLimits answers: AWS's names, with the
// enforced values of the quotas the sandbox knows.
func (s *state) elbLimits() []elbtypes.Limit {
	rows := []struct {
		name string
		v    int
	}{
		{"application-load-balancers", 50},
		{"condition-values-per-alb-rule", 5},
		{"condition-wildcards-per-alb-rule", 5},
		{"gateway-load-balancers", 100},
		{"gateway-load-balancers-per-vpc", 100},
		{"geneve-target-groups", 100},
		{"listeners-per-application-load-balancer", s.limit(ServiceELB, QuotaListenersPerALB)},
		{"listeners-per-network-load-balancer", 50},
		{"network-load-balancer-enis-per-vpc", 1200},
		{"network-load-balancers", 50},
		{"rules-per-application-load-balancer", s.limit(ServiceELB, QuotaRulesPerALB)},
		{"target-groups", s.limit(ServiceELB, QuotaTargetGroups)},
		{"target-groups-per-action-on-application-load-balancer", 5},
		{"target-groups-per-action-on-network-load-balancer", 1},
		{"target-groups-per-application-load-balancer", s.limit(ServiceELB, QuotaTargetGroupsPerALB)},
		{"targets-per-application-load-balancer", 1000},
		{"targets-per-availability-zone-per-network-load-balancer", 500},
		{"targets-per-network-load-balancer", 3000},
	}
	out := make([]elbtypes.Limit, len(rows))
	for i, r := range rows {
		out[i] = elbtypes.Limit{Name: ptr(r.name), Max: ptr(strconv.Itoa(r.v))}
	}
	return out
}

// quotasClient is the account behind aws.ServiceQuotasAPI.
type quotasClient struct{ a *Account }

func (c *quotasClient) fail(op string, err error) error { return apiFail(svcQuotas, op, 400, err) }

func (c *quotasClient) find(op string, service, code *string) (*quota, error) {
	if service == nil || code == nil {
		return nil, c.fail(op, &sqtypes.IllegalArgumentException{Message: msg("ServiceCode and QuotaCode are required")})
	}
	q := c.a.st.quota(*service, *code)
	if q == nil {
		return nil, c.fail(op, &sqtypes.NoSuchResourceException{Message: msg("The request failed because the specified quota %s doesn't exist for the service %s.", *code, *service)})
	}
	return q, nil
}

func (c *quotasClient) sdk(q *quota, v float64, arnPrefix string) *sqtypes.ServiceQuota {
	return &sqtypes.ServiceQuota{
		ServiceCode: ptr(q.ServiceCode),
		ServiceName: ptr(serviceNames[q.ServiceCode]),
		QuotaCode:   ptr(q.QuotaCode),
		QuotaName:   ptr(q.Name),
		QuotaArn:    ptr(fmt.Sprintf("arn:aws:servicequotas:%s:%s:%s/%s", c.a.st.Region, arnPrefix, q.ServiceCode, q.QuotaCode)),
		Value:       ptr(v),
		Unit:        ptr("None"),
		Adjustable:  q.Adjustable,
		GlobalQuota: q.ServiceCode == ServiceCloudFront,
	}
}

func (c *quotasClient) GetServiceQuota(ctx context.Context, in *servicequotas.GetServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	const op = "GetServiceQuota"
	if err := c.a.begin(ctx, svcQuotas, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	q, err := c.find(op, in.ServiceCode, in.QuotaCode)
	if err != nil {
		return nil, err
	}
	if q.DefaultOnly {
		return nil, c.fail(op, &sqtypes.NoSuchResourceException{Message: msg("The request failed because the specified quota %s doesn't exist for the service %s.", q.QuotaCode, q.ServiceCode)})
	}
	return &servicequotas.GetServiceQuotaOutput{Quota: c.sdk(q, q.Value, c.a.st.AccountID)}, nil
}

func (c *quotasClient) GetAWSDefaultServiceQuota(ctx context.Context, in *servicequotas.GetAWSDefaultServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	const op = "GetAWSDefaultServiceQuota"
	if err := c.a.begin(ctx, svcQuotas, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	q, err := c.find(op, in.ServiceCode, in.QuotaCode)
	if err != nil {
		return nil, err
	}
	return &servicequotas.GetAWSDefaultServiceQuotaOutput{Quota: c.sdk(q, q.Default, "")}, nil
}
