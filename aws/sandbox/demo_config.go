package sandbox

import (
	"strconv"
	"time"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// The demo platform's fixed names.
const (
	DemoALBName    = "shared-alb"
	DemoALB2Name   = "shared-alb-2"
	DemoZoneName   = "preview.example.com"
	DemoSlotCount  = 12
	demoLambdaBase = "arn:aws:lambda:eu-west-1:123456789012:function:preview-"
)

// demoInfra is the platform team's infrastructure of the demo account: its
// ids are deterministic (the account's id generator), so DemoConfig can
// name them without building the whole demo.
type demoInfra struct {
	lbARN, lbDNS      string
	httpsARN, httpARN string
	// lb2ARN, https2ARN: the pool's second load balancer and its listener.
	lb2ARN, https2ARN string
	legacyWebTG       string
	apiID             string
	httpAPIID         string   // the backend-for-frontend's HTTP API
	deployments       []string // oldest first
	distID, distDNS   string
	zoneID            string
}

// seedInfra adds the load balancer, its two listeners, the REST API with its
// deployments, the distribution and the hosted zone, in a fixed order.
func seedInfra(a *Account, now time.Time) demoInfra {
	var in demoInfra
	a.opts.Clock = func() time.Time { return now.Add(-400 * 24 * time.Hour) }
	in.lbARN = a.AddLoadBalancer(DemoALBName)
	in.lbDNS = a.st.lb(in.lbARN).DNSName
	var err error
	in.httpsARN, err = a.AddListener(in.lbARN, 443, "HTTPS", nil)
	must(err)
	in.httpARN, err = a.AddListener(in.lbARN, 80, "HTTP", []elbtypes.Action{{
		Type: elbtypes.ActionTypeEnumRedirect,
		RedirectConfig: &elbtypes.RedirectActionConfig{
			StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp301, Protocol: ptr("HTTPS"), Port: ptr("443"),
			Host: ptr("#{host}"), Path: ptr("/#{path}"), Query: ptr("#{query}"),
		},
	}})
	must(err)
	in.apiID = a.AddRestAPI("preview-api")
	for _, d := range []struct {
		ago  time.Duration
		desc string
	}{
		{60 * 24 * time.Hour, "v41 baseline"},
		{21 * 24 * time.Hour, "v42 orders API"},
		{9 * 24 * time.Hour, "v43 search endpoints"},
		{2 * 24 * time.Hour, "v44 payments webhooks"},
	} {
		a.opts.Clock = func() time.Time { return now.Add(-d.ago) }
		id, err := a.AddDeployment(in.apiID, d.desc)
		must(err)
		in.deployments = append(in.deployments, id)
	}
	a.opts.Clock = func() time.Time { return now.Add(-400 * 24 * time.Hour) }
	var aliases []string
	for n := 1; n <= DemoSlotCount; n++ {
		aliases = append(aliases, slotHost(n))
	}
	// hotfix-sso: someone added an alias for a per-environment hostname and
	// never created its record.
	aliases = append(aliases, "hotfix-sso."+DemoZoneName)
	in.distID, err = a.AddDistribution("preview environments (shared edge)", in.lbDNS, aliases...)
	must(err)
	in.distDNS = a.st.distribution(in.distID).DomainName
	in.zoneID = a.AddHostedZone(DemoZoneName)
	in.lb2ARN = a.AddLoadBalancer(DemoALB2Name)
	in.https2ARN, err = a.AddListener(in.lb2ARN, 443, "HTTPS", nil)
	must(err)
	in.httpAPIID = a.AddHTTPAPI("bff-http-api")
	return in
}

func slotHost(n int) string { return "pv-" + strconv.Itoa(n) + "." + DemoZoneName }

// DemoConfig is the configuration that goes with Demo: the seeded ALB's
// HTTPS listener, REST API, distribution and hosted zone, a 12-slot pool
// pv-{n}.preview.example.com, protected main, staging and release-*.
func DemoConfig() *model.Config {
	return demoConfigFor(DefaultAccountID)
}

// demoConfigFor is DemoConfig for the demo infrastructure seeded in account.
func demoConfigFor(account string) *model.Config {
	in := seedInfra(New(Options{AccountID: account}), time.Unix(0, 0))
	return &model.Config{
		Region:    DefaultRegion,
		Profile:   "sandbox",
		AccountID: account,
		APIBudget: 0.2,
		Naming: model.NamingConfig{
			EnvPattern: `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`,
			Protected:  []string{"main", "staging", "release-*"},
			DefaultTTL: model.Duration{Duration: 72 * time.Hour},
		},
		Tags: model.TagsConfig{Prefix: "envdeck"},
		GC:   model.GCConfig{Grace: model.Duration{Duration: 2 * time.Hour}},
		ALB: model.ALBConfig{
			ListenerARNs:  []string{in.httpsARN, in.https2ARN},
			Routing:       model.RoutingPath,
			PathPattern:   "/{env}/*",
			HostPattern:   "{env}." + DemoZoneName,
			PriorityRange: [2]int{1000, 4999},
			TargetGroup:   model.TargetGroupConfig{Name: "env-{env}", Type: "lambda"},
		},
		APIs: []model.APIConfig{
			{ID: in.apiID, Type: model.APITypeREST, Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
			{ID: in.httpAPIID, Type: model.APITypeHTTP, Stage: "{env}", Variables: map[string]string{"env": "{env}"}},
		},
		CloudFront: &model.CloudFrontConfig{
			DistributionID: in.distID,
			AliasPattern:   "{env}." + DemoZoneName,
			Slots:          &model.SlotsConfig{Pattern: "pv-{n}." + DemoZoneName, Count: DemoSlotCount},
		},
		Route53: &model.Route53Config{
			HostedZoneID:  in.zoneID,
			RecordPattern: "{env}." + DemoZoneName,
		},
	}
}

func must(err error) {
	if err != nil {
		panic("sandbox demo: " + err.Error())
	}
}
