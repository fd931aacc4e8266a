package aws

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

func fakeConfig() *model.Config {
	return &model.Config{
		Tags: model.TagsConfig{Prefix: "envdeck"},
		ALB: model.ALBConfig{
			ListenerARN: fakeL1, Routing: "path", PathPattern: "/{env}/*",
			TargetGroup: model.TargetGroupConfig{Name: "env-{env}", Type: "lambda"},
		},
		APIGateway: &model.APIGatewayConfig{RestAPIID: "api1", Stage: "{env}"},
		CloudFront: &model.CloudFrontConfig{DistributionID: "E1", AliasPattern: "{env}.preview.example.com"},
		Route53:    &model.Route53Config{HostedZoneID: "/hostedzone/Z1", RecordPattern: "{env}.preview.example.com"},
	}
}

func at(s string) *time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return &t
}

func fakeClients(elb *fakeELB) (Clients, *fakeAPIGW, *fakeCF, *fakeR53, *fakeQuotas) {
	api := &fakeAPIGW{
		stages: []apigwtypes.Stage{
			{StageName: awssdk.String("e002"), DeploymentId: awssdk.String("d2"), CreatedDate: at("2026-11-20T10:00:00Z"),
				Tags: map[string]string{"envdeck:env": "e002", "envdeck:managed-by": "envdeck"}, Variables: map[string]string{"env": "e002"}},
			{StageName: awssdk.String("e001"), DeploymentId: awssdk.String("d1"), CreatedDate: at("2026-11-19T10:00:00Z")},
		},
		deployments: []apigwtypes.Deployment{
			{Id: awssdk.String("d1"), CreatedDate: at("2026-11-19T09:00:00Z")},
			{Id: awssdk.String("d3"), CreatedDate: at("2026-11-21T09:00:00Z")},
			{Id: awssdk.String("d2"), CreatedDate: at("2026-11-20T09:00:00Z")},
		},
		depPage: 2,
	}
	aliases := &cftypes.Aliases{Items: []string{"pv-2.preview.example.com", "PV-1.preview.example.com"}, Quantity: awssdk.Int32(2)}
	cf := &fakeCF{dist: &cloudfront.GetDistributionOutput{ETag: awssdk.String("ETAG1"), Distribution: &cftypes.Distribution{
		Id: awssdk.String("E1"), DomainName: awssdk.String("d111.cloudfront.net"), Status: awssdk.String("Deployed"),
		DistributionConfig: &cftypes.DistributionConfig{Aliases: aliases},
	}}, list: []cftypes.DistributionSummary{
		{Id: awssdk.String("E1"), DomainName: awssdk.String("d111.cloudfront.net"), Aliases: aliases},
		{Id: awssdk.String("E2"), DomainName: awssdk.String("d222.cloudfront.net"), Aliases: &cftypes.Aliases{Quantity: awssdk.Int32(0)}},
	}}
	r53 := &fakeR53{pageSize: 2, sets: []r53types.ResourceRecordSet{
		{Name: awssdk.String("example.com."), Type: r53types.RRTypeNs, ResourceRecords: []r53types.ResourceRecord{{Value: awssdk.String("ns1.")}}},
		{Name: awssdk.String("pv-1.preview.example.com."), Type: r53types.RRTypeA, AliasTarget: &r53types.AliasTarget{DNSName: awssdk.String("d111.cloudfront.net."), HostedZoneId: awssdk.String("Z2FDTNDATAQYW2")}},
		{Name: awssdk.String("pv-1.preview.example.com."), Type: r53types.RRTypeAaaa, AliasTarget: &r53types.AliasTarget{DNSName: awssdk.String("d111.cloudfront.net."), HostedZoneId: awssdk.String("Z2FDTNDATAQYW2")}},
		{Name: awssdk.String("\\052.wild.example.com."), Type: r53types.RRTypeCname, TTL: awssdk.Int64(300), ResourceRecords: []r53types.ResourceRecord{{Value: awssdk.String("d999.cloudfront.net")}}},
		{Name: awssdk.String("api.example.com."), Type: r53types.RRTypeCname, TTL: awssdk.Int64(300), ResourceRecords: []r53types.ResourceRecord{{Value: awssdk.String("api.elb.amazonaws.com.")}}},
		{Name: awssdk.String("lb.example.com."), Type: r53types.RRTypeA, AliasTarget: &r53types.AliasTarget{DNSName: awssdk.String("dualstack.shared.elb.amazonaws.com.")}},
	}}
	q := &fakeQuotas{}
	c := Clients{ELB: elb, APIGW: api, CF: cf, R53: r53, Quotas: q, STS: &fakeSTS{account: fakeAccount}, Region: fakeRegion, Profile: "test"}
	return Instrument(c, InstrumentOptions{}), api, cf, r53, q
}

func TestDiscoverFakePlatform(t *testing.T) {
	elb := fakePlatform(450)
	elb.strictTags = true
	c, api, _, r53, _ := fakeClients(elb)
	api.depPage, r53.pageSize = 0, 0 // AWS's page sizes (small pages: TestDiscoverPagesLikeMoto)
	cfg := fakeConfig()
	snap := Discover(context.Background(), c, cfg, DiscoverOptions{})

	if len(snap.Errors) != 0 {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	if snap.Account != fakeAccount || snap.Region != fakeRegion || snap.Profile != "test" || snap.LoadBalancerARN != fakeLB {
		t.Fatalf("header: %q %q %q %q", snap.Account, snap.Region, snap.Profile, snap.LoadBalancerARN)
	}
	if len(snap.Listeners) != 2 || snap.Listeners[0].Port != 80 || snap.Listeners[1].Port != 443 {
		t.Fatalf("listeners: %+v", snap.Listeners)
	}
	// evaluation order: listener by port, priority ascending, default last
	if n := len(snap.Rules); n != 453 {
		t.Fatalf("rules: %d", n)
	}
	if r := snap.Rules[0]; r.Priority != 5 || r.ListenerARN != fakeL2 || r.Conditions[0].Values[0] != "legacy.example.com" {
		t.Fatalf("first rule: %+v", r)
	}
	if r := snap.Rules[1]; !r.IsDefault || r.Priority != 0 || len(r.Tags) != 0 || r.Tags == nil {
		t.Fatalf("default of l2: %+v", r)
	}
	for i := 2; i < 452; i++ {
		if want := 1001 + i - 2; snap.Rules[i].Priority != want {
			t.Fatalf("rule %d priority %d, want %d", i, snap.Rules[i].Priority, want)
		}
	}
	if r := snap.Rules[452]; !r.IsDefault || r.ListenerARN != fakeL1 {
		t.Fatalf("last rule: %+v", r)
	}
	if r := snap.Rules[2]; r.Tags["envdeck:env"] != "e001" || r.Actions[0].TargetGroups[0] != (model.WeightedTargetGroup{ARN: tgARN("env-e001"), Weight: 1}) {
		t.Fatalf("rule e001: %+v", r)
	}

	names := map[string]model.TargetGroup{}
	for _, tg := range snap.TargetGroups {
		names[tg.Name] = tg
	}
	if len(snap.TargetGroups) != 453 {
		t.Fatalf("target groups: %d (%v %v %v)", len(snap.TargetGroups), names["default-backend"].ARN, names["old-ghost"].ARN, names["env-stray"].ARN)
	}
	for _, keep := range []string{"default-backend", "env-e001", "env-e450", "old-ghost", "env-stray"} {
		if _, ok := names[keep]; !ok {
			t.Errorf("target group %s missing", keep)
		}
	}
	for _, drop := range []string{"someone-else", "other-lb"} {
		if _, ok := names[drop]; ok {
			t.Errorf("target group %s should not be in the snapshot", drop)
		}
	}
	if g := names["old-ghost"]; g.Tags["envdeck:managed-by"] != "envdeck" {
		t.Errorf("old-ghost tags: %v", g.Tags)
	}
	e1 := names["env-e001"]
	if !e1.HealthRead || len(e1.Targets) != 1 || e1.Targets[0].State != "unavailable" || e1.Targets[0].Reason != "Target.HealthCheckDisabled" {
		t.Errorf("env-e001 health: %+v", e1)
	}
	if st := names["env-stray"]; !st.HealthRead || st.Targets == nil || len(st.Targets) != 0 {
		t.Errorf("env-stray: %+v", st)
	}

	// API Gateway, CloudFront, Route 53
	if len(snap.Stages) != 2 || snap.Stages[0].Name != "e001" || snap.Stages[1].Tags["envdeck:managed-by"] != "envdeck" || snap.Stages[1].Variables["env"] != "e002" {
		t.Errorf("stages: %+v", snap.Stages)
	}
	if got := []string{snap.Deployments[0].ID, snap.Deployments[1].ID, snap.Deployments[2].ID}; !reflect.DeepEqual(got, []string{"d3", "d2", "d1"}) {
		t.Errorf("deployments newest first: %v", got)
	}
	if d := snap.Distribution; d == nil || d.ETag != "ETAG1" || d.DomainName != "d111.cloudfront.net" ||
		!reflect.DeepEqual(d.Aliases, []string{"pv-1.preview.example.com", "pv-2.preview.example.com"}) {
		t.Errorf("distribution: %+v", snap.Distribution)
	}
	if snap.HostedZoneID != "Z1" || snap.ZoneRecordCount != 6 {
		t.Errorf("zone: %q %d", snap.HostedZoneID, snap.ZoneRecordCount)
	}
	var recs []string
	for _, r := range snap.Records {
		recs = append(recs, r.ZoneID+" "+r.Name+" "+r.Type+" "+r.Target())
	}
	want := []string{
		"Z1 *.wild.example.com CNAME d999.cloudfront.net",
		"Z1 pv-1.preview.example.com A d111.cloudfront.net",
		"Z1 pv-1.preview.example.com AAAA d111.cloudfront.net",
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records:\n%s\nwant\n%s", strings.Join(recs, "\n"), strings.Join(want, "\n"))
	}

	// every DescribeTags batch within AWS's 20
	for _, b := range elb.tagBatches {
		if len(b) > tagBatchSize {
			t.Fatalf("DescribeTags batch of %d ARNs", len(b))
		}
	}
	// the calls made are the minimum
	min := MinimumCalls(snap, cfg)
	got := WithoutQuotaCalls(snap.Calls)
	if !reflect.DeepEqual(got, min) {
		t.Errorf("calls\n got %v\nmin %v", got, min)
	}
	wantCounts := map[string]int{
		"elbv2:DescribeRules": 3, "elbv2:DescribeListeners": 1, "elbv2:DescribeTargetGroups": 2,
		"elbv2:DescribeTags": 46, "elbv2:DescribeTargetHealth": 453,
	}
	for k, v := range wantCounts {
		if snap.Calls[k] != v {
			t.Errorf("%s: %d calls, want %d", k, snap.Calls[k], v)
		}
	}
	// the clients' own counter saw the same calls
	if c.Calls.Total() != sum(snap.Calls) {
		t.Errorf("clients counted %d, snapshot %d", c.Calls.Total(), sum(snap.Calls))
	}
}

func sum(c model.CallCount) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func TestDiscoverPagesLikeMoto(t *testing.T) {
	// moto answers 50 rules per page whatever PageSize says: paging must loop
	elb := fakePlatform(120)
	elb.serverPage = 50
	c, _, _, _, _ := fakeClients(elb)
	snap := Discover(context.Background(), c, fakeConfig(), DiscoverOptions{SkipHealth: true})
	if len(snap.Errors) != 0 {
		t.Fatal(snap.Errors)
	}
	if len(snap.Rules) != 123 {
		t.Fatalf("rules: %d", len(snap.Rules))
	}
	if snap.Calls["elbv2:DescribeRules"] != 3+1 { // 121 rules on l1 = 3 pages; l2 = 1
		t.Errorf("DescribeRules: %d", snap.Calls["elbv2:DescribeRules"])
	}
	if snap.Calls["elbv2:DescribeTargetHealth"] != 0 {
		t.Errorf("SkipHealth read health")
	}
	// small pages elsewhere too: 3 deployments by 2, 6 record sets by 2
	if snap.Calls["apigateway:GetDeployments"] != 2 || len(snap.Deployments) != 3 || snap.Deployments[0].ID != "d3" {
		t.Errorf("deployments: %d calls, %+v", snap.Calls["apigateway:GetDeployments"], snap.Deployments)
	}
	if snap.Calls["route53:ListResourceRecordSets"] != 3 || len(snap.Records) != 3 {
		t.Errorf("records: %d calls, %+v", snap.Calls["route53:ListResourceRecordSets"], snap.Records)
	}
	for _, tg := range snap.TargetGroups {
		if tg.HealthRead || tg.Targets == nil {
			t.Fatalf("SkipHealth: %+v", tg)
		}
	}
}

func TestDiscoverHealthOf(t *testing.T) {
	elb := fakePlatform(5)
	c, _, _, _, _ := fakeClients(elb)
	only := []string{tgARN("env-e002"), tgARN("env-e004")}
	snap := Discover(context.Background(), c, fakeConfig(), DiscoverOptions{HealthOf: only})
	if snap.Calls["elbv2:DescribeTargetHealth"] != 2 {
		t.Fatalf("health calls: %d", snap.Calls["elbv2:DescribeTargetHealth"])
	}
	for _, tg := range snap.TargetGroups {
		if tg.HealthRead != hasString(only, tg.ARN) {
			t.Errorf("%s HealthRead=%v", tg.Name, tg.HealthRead)
		}
	}
}

func TestDiscoverFailingSources(t *testing.T) {
	denied := apiErr("AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not authorized")
	cases := map[string]struct {
		setup      func(elb *fakeELB, api *fakeAPIGW, cf *fakeCF, r53 *fakeR53)
		wantSource []string
		alb        bool // ALB data intact
	}{
		"api gateway denied": {
			setup:      func(_ *fakeELB, api *fakeAPIGW, _ *fakeCF, _ *fakeR53) { api.err = denied },
			wantSource: []string{model.SourceAPIGateway}, alb: true,
		},
		"cloudfront and route53 denied": {
			setup:      func(_ *fakeELB, _ *fakeAPIGW, cf *fakeCF, r53 *fakeR53) { cf.err = denied; r53.err = denied },
			wantSource: []string{model.SourceCloudFront, model.SourceRoute53}, alb: true,
		},
		"target health denied": {
			setup:      func(elb *fakeELB, _ *fakeAPIGW, _ *fakeCF, _ *fakeR53) { elb.errs["DescribeTargetHealth"] = denied },
			wantSource: []string{model.SourceTargetHealth}, alb: true,
		},
		"tags denied": {
			setup:      func(elb *fakeELB, _ *fakeAPIGW, _ *fakeCF, _ *fakeR53) { elb.errs["DescribeTags"] = denied },
			wantSource: []string{model.SourceALB}, alb: true,
		},
		"listeners denied": {
			setup:      func(elb *fakeELB, _ *fakeAPIGW, _ *fakeCF, _ *fakeR53) { elb.errs["DescribeListeners"] = denied },
			wantSource: []string{model.SourceALB},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			elb := fakePlatform(3)
			c, api, cf, r53, _ := fakeClients(elb)
			tc.setup(elb, api, cf, r53)
			snap := Discover(context.Background(), c, fakeConfig(), DiscoverOptions{})
			var srcs []string
			for _, e := range snap.Errors {
				srcs = append(srcs, e.Source)
				if strings.Contains(e.Message, "\n") || !strings.Contains(e.Message, "AccessDenied") {
					t.Errorf("message %q", e.Message)
				}
			}
			if !reflect.DeepEqual(srcs, tc.wantSource) {
				t.Fatalf("error sources %v, want %v (%+v)", srcs, tc.wantSource, snap.Errors)
			}
			if tc.alb != (len(snap.Rules) == 6) {
				t.Errorf("rules: %d", len(snap.Rules))
			}
			if snap.Account != fakeAccount {
				t.Errorf("account lost")
			}
			unread := name == "tags denied"
			for _, r := range snap.Rules {
				if unread && r.Tags != nil && !r.IsDefault {
					t.Errorf("unread tags must stay nil (unknown), got %v", r.Tags)
				}
				if r.TagsUnread != (unread && !r.IsDefault) {
					t.Errorf("rule %s TagsUnread = %v", r.ARN, r.TagsUnread)
				}
			}
			for _, tg := range snap.TargetGroups {
				if unread && tg.Name == "old-ghost" {
					t.Errorf("a group whose ownership could not be read was kept")
				}
				if tg.TagsUnread != unread {
					t.Errorf("target group %s TagsUnread = %v", tg.Name, tg.TagsUnread)
				}
			}
		})
	}
}

func TestReadTagsBatching(t *testing.T) {
	for _, n := range []int{0, 1, 19, 20, 21, 40, 41, 399, 905} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f := &fakeELB{strictTags: true, tags: map[string][]elbtypes.Tag{}}
			var arns []string
			for i := 0; i < n; i++ {
				a := fmt.Sprintf("arn:r/%d", i)
				arns = append(arns, a)
				f.tags[a] = elbTags("k", fmt.Sprint(i))
			}
			tags, gone, err := readTags(context.Background(), f, arns, 4)
			if err != nil || len(gone) != 0 {
				t.Fatal(err, gone)
			}
			if want := (n + 19) / 20; len(f.tagBatches) != want {
				t.Errorf("%d calls, want %d", len(f.tagBatches), want)
			}
			seen := map[string]int{}
			for _, b := range f.tagBatches {
				if len(b) > 20 || len(b) == 0 {
					t.Errorf("batch of %d", len(b))
				}
				for _, a := range b {
					seen[a]++
				}
			}
			for i, a := range arns {
				if seen[a] != 1 || tags[a]["k"] != fmt.Sprint(i) {
					t.Fatalf("%s asked %d times, tags %v", a, seen[a], tags[a])
				}
			}
		})
	}
}

func TestReadTagsIsolatesDeletedResources(t *testing.T) {
	// AWS fails a whole DescribeTags when one ARN is gone; the batch is
	// split until the gone ARNs are found and the others still get tags.
	f := &fakeELB{strictTags: true, tags: map[string][]elbtypes.Tag{}}
	var arns []string
	for i := 0; i < 45; i++ {
		a := fmt.Sprintf("arn:r/%d", i)
		arns = append(arns, a)
		if i != 7 && i != 30 {
			f.tags[a] = elbTags("k", "v")
		}
	}
	tags, gone, err := readTags(context.Background(), f, arns, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gone, map[string]bool{"arn:r/7": true, "arn:r/30": true}) {
		t.Fatalf("gone: %v", gone)
	}
	if len(tags) != 43 {
		t.Fatalf("tags of %d resources", len(tags))
	}
}

func TestLoadBalancerOf(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"alb":       {fakeL1, fakeLB},
		"gov":       {"arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:1:listener/app/a/b/c", "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:1:loadbalancer/app/a/b"},
		"too short": {"arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/a/b", ""},
		"not arn":   {"listener/app/a/b/c", ""},
		"rule arn":  {"arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/a/b/c/d", ""},
	}
	for name, tc := range cases {
		got, ok := loadBalancerOf(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: %q %v", name, got, ok)
		}
	}
}

func TestDiscoverListenerARNShapes(t *testing.T) {
	// an ARN we cannot derive the load balancer from costs one more call
	elb := fakePlatform(2)
	odd := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/custom-l1"
	elb.listeners[1].ListenerArn = awssdk.String(odd)
	elb.rules[odd] = elb.rules[fakeL1]
	c, _, _, _, _ := fakeClients(elb)
	cfg := fakeConfig()
	cfg.ALB.ListenerARN = odd
	snap := Discover(context.Background(), c, cfg, DiscoverOptions{SkipHealth: true})
	if len(snap.Errors) != 0 || snap.LoadBalancerARN != fakeLB || snap.Calls["elbv2:DescribeListeners"] != 2 {
		t.Fatalf("errors %v lb %q calls %d", snap.Errors, snap.LoadBalancerARN, snap.Calls["elbv2:DescribeListeners"])
	}

	// a configured listener that is not on the load balancer
	elb = fakePlatform(2)
	c, _, _, _, _ = fakeClients(elb)
	cfg = fakeConfig()
	cfg.ALB.ListenerARN = fakeL1 + "x"
	cfg.ALB.ListenerARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/abc/gone"
	snap = Discover(context.Background(), c, cfg, DiscoverOptions{})
	if len(snap.Errors) != 1 || snap.Errors[0].Source != model.SourceALB || !strings.Contains(snap.Errors[0].Message, "not found") || len(snap.Rules) != 0 {
		t.Fatalf("missing listener: %+v rules %d", snap.Errors, len(snap.Rules))
	}
	if len(snap.Stages) != 2 {
		t.Errorf("other sources must still be read")
	}
}
