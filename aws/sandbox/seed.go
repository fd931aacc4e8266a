package sandbox

import (
	"fmt"
	"strings"
	"time"

	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// Seeding: the resources envdeck never creates itself (load balancer,
// listeners, REST API, deployments, distribution, hosted zone) are added
// with these methods, as a platform team's IaC would have.

// AddLoadBalancer adds an internet-facing application load balancer and
// returns its ARN.
func (a *Account) AddLoadBalancer(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st
	id := s.hexID(16)
	lb := &loadBalancer{
		ARN:       fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/%s", s.Region, s.AccountID, name, id),
		Name:      name,
		DNSName:   fmt.Sprintf("%s-%s.%s.elb.amazonaws.com", name, s.hexID(10), s.Region),
		CreatedAt: a.now(),
		Tags:      tagMap{},
	}
	s.LoadBalancers = append(s.LoadBalancers, lb)
	return lb.ARN
}

// AddListener adds a listener to a load balancer; defaults are its default
// rule's actions (a fixed 404 response when empty). It returns the ARN.
func (a *Account) AddListener(lbARN string, port int32, protocol string, defaults []elbtypes.Action) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st
	lb := s.lb(lbARN)
	if lb == nil {
		return "", fmt.Errorf("sandbox: no load balancer %s", lbARN)
	}
	if len(lb.Listeners) >= s.limit(ServiceELB, QuotaListenersPerALB) {
		return "", fmt.Errorf("sandbox: load balancer %s has its maximum of listeners", lb.Name)
	}
	for _, l := range lb.Listeners {
		if l.Port == port {
			return "", fmt.Errorf("sandbox: load balancer %s already listens on %d", lb.Name, port)
		}
	}
	if len(defaults) == 0 {
		defaults = []elbtypes.Action{{
			Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
				StatusCode: ptr("404"), ContentType: ptr("text/plain"), MessageBody: ptr("no environment here"),
			},
		}}
	}
	actions, err := s.normalizeActions(defaults)
	if err != nil {
		return "", fmt.Errorf("sandbox: default actions: %w", err)
	}
	l := &listener{
		ARN:      strings.Replace(lbARN, ":loadbalancer/", ":listener/", 1) + "/" + s.hexID(16),
		LBARN:    lbARN,
		Port:     port,
		Protocol: protocol,
		Tags:     tagMap{},
	}
	l.Rules = []*rule{{ARN: ruleARN(l.ARN, s.hexID(16)), IsDefault: true, Actions: actions, Tags: tagMap{}}}
	lb.Listeners = append(lb.Listeners, l)
	return l.ARN, nil
}

// AddRestAPI adds a REST API and returns its id.
func (a *Account) AddRestAPI(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := &restAPI{ID: a.st.lowerID(10), Name: name, CreatedAt: a.now()}
	a.st.RestAPIs = append(a.st.RestAPIs, r)
	return r.ID
}

// AddDeployment adds a deployment to a REST API (dated by the clock) and
// returns its id.
func (a *Account) AddDeployment(restAPIID, description string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.st.restAPI(restAPIID)
	if r == nil {
		return "", fmt.Errorf("sandbox: no REST API %s", restAPIID)
	}
	d := &deployment{ID: a.st.lowerID(6), Description: description, CreatedAt: a.now()}
	r.Deployments = append(r.Deployments, d)
	return d.ID, nil
}

// AddDistribution adds a deployed CloudFront distribution with these
// aliases, in front of originDomain; it returns the id.
func (a *Account) AddDistribution(comment, originDomain string, aliases ...string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st
	if len(aliases) > s.limit(ServiceCloudFront, QuotaAliasesPerDist) {
		return "", fmt.Errorf("sandbox: %d aliases exceed the quota", len(aliases))
	}
	for _, al := range aliases {
		for _, d := range s.Distributions {
			if d.hasAlias(strings.ToLower(al)) {
				return "", fmt.Errorf("sandbox: alias %s already belongs to %s", al, d.ID)
			}
		}
	}
	id := "E" + s.upperID(13)
	now := a.now()
	d := &distribution{
		ID:           id,
		ARN:          fmt.Sprintf("arn:aws:cloudfront::%s:distribution/%s", s.AccountID, id),
		DomainName:   "d" + s.lowerID(13) + ".cloudfront.net",
		ETag:         "E" + s.upperID(13),
		LastModified: now,
		DeployedAt:   now,
		Config:       distributionConfig(s.hexID(8), comment, originDomain, aliases),
	}
	s.Distributions = append(s.Distributions, d)
	return id, nil
}

func distributionConfig(callerRef, comment, originDomain string, aliases []string) cftypes.DistributionConfig {
	const originID = "shared-alb"
	return cftypes.DistributionConfig{
		CallerReference: ptr(callerRef),
		Comment:         ptr(comment),
		Enabled:         ptr(true),
		Aliases:         &cftypes.Aliases{Quantity: ptr(int32(len(aliases))), Items: append([]string{}, aliases...)},
		Origins: &cftypes.Origins{Quantity: ptr[int32](1), Items: []cftypes.Origin{{
			Id:         ptr(originID),
			DomainName: ptr(originDomain),
			CustomOriginConfig: &cftypes.CustomOriginConfig{
				HTTPPort: ptr[int32](80), HTTPSPort: ptr[int32](443),
				OriginProtocolPolicy: cftypes.OriginProtocolPolicyHttpsOnly,
			},
		}}},
		DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
			TargetOriginId:       ptr(originID),
			ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
			CachePolicyId:        ptr("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"), // CachingDisabled
		},
		ViewerCertificate: &cftypes.ViewerCertificate{
			ACMCertificateArn:      ptr("arn:aws:acm:us-east-1:123456789012:certificate/0b7c9e1a-3d2f-4a5b-8c6d-7e8f9a0b1c2d"),
			SSLSupportMethod:       cftypes.SSLSupportMethodSniOnly,
			MinimumProtocolVersion: cftypes.MinimumProtocolVersionTLSv122021,
		},
		PriceClass:  cftypes.PriceClassPriceClass100,
		HttpVersion: cftypes.HttpVersionHttp2and3,
	}
}

// AddHostedZone adds a public hosted zone (with its SOA and NS records) and
// returns its id (without /hostedzone/).
func (a *Account) AddHostedZone(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st
	z := &zone{ID: "Z" + s.upperID(20), Name: fqdn(name), CallerReference: s.hexID(12), MaxRecords: 10000}
	var ns []r53types.ResourceRecord
	for _, n := range nameServers() {
		ns = append(ns, r53types.ResourceRecord{Value: ptr(n + ".")})
	}
	z.Records = []r53types.ResourceRecordSet{
		{Name: ptr(z.Name), Type: r53types.RRTypeNs, TTL: ptr[int64](172800), ResourceRecords: ns},
		{Name: ptr(z.Name), Type: r53types.RRTypeSoa, TTL: ptr[int64](900), ResourceRecords: []r53types.ResourceRecord{
			{Value: ptr("ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")},
		}},
	}
	z.sortRecords()
	s.Zones = append(s.Zones, z)
	return z.ID
}

// SetTargetHealth sets the settled health of a registered target (state one
// of the State* constants, reason an ELB reason code such as
// Target.ResponseCodeMismatch, or "").
func (a *Account) SetTargetHealth(tgARN, targetID, state, reason string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	tg := a.st.targetGroup(tgARN)
	if tg == nil {
		return fmt.Errorf("sandbox: no target group %s", tgARN)
	}
	for _, t := range tg.Targets {
		if t.ID == targetID {
			t.State, t.Reason, t.Description = state, reason, ""
			t.SettleAt = time.Time{}
			return nil
		}
	}
	return fmt.Errorf("sandbox: target %s is not registered in %s", targetID, tg.Name)
}
