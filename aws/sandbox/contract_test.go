package sandbox_test

// The behaviour contract: one set of tests against envdeck's client
// interfaces (aws.Clients), run against the sandbox and against moto_server.
// Where moto departs from AWS (docs/TESTING.md) the sandbox follows AWS: the
// test says so in a comment and a t.Log, and asserts that part on the
// sandbox only.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

var ctx = context.Background()

func TestContractPriorityInUse(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		tg := lambdaTG(t, b, "env-feat-a", nil)
		if _, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 1100, "/feat-a/*", tg)); err != nil {
			t.Fatalf("first rule at 1100: %v", err)
		}
		_, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 1100, "/feat-b/*", tg))
		wantErr[*elbtypes.PriorityInUseException](t, "second rule at 1100 on the same listener", err)
		// Priorities are per listener: the other listener takes 1100.
		if _, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[1], 1100, "/feat-b/*", tg)); err != nil {
			t.Fatalf("1100 on the other listener: %v", err)
		}
	})
}

func TestContractTargetGroupInUse(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		tg := lambdaTG(t, b, "env-feat-a", nil)
		rule, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 1200, "/feat-a/*", tg))
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: ptr(tg)})
		wantErr[*elbtypes.ResourceInUseException](t, "delete a target group a rule forwards to", err)

		ruleARN := rule.Rules[0].RuleArn
		if _, err := b.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: ruleARN}); err != nil {
			t.Fatalf("delete rule: %v", err)
		}
		if _, err := b.c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: ptr(tg)}); err != nil {
			t.Fatalf("delete the unused target group: %v", err)
		}
		// DeleteTargetGroup's SDK model lists ResourceInUse only, so the
		// SDK hands TargetGroupNotFound over as a generic API error: match
		// the code, as callers must.
		_, err = b.c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: ptr(tg)})
		if errCode(err) != "TargetGroupNotFound" {
			t.Fatalf("delete a missing target group: want code TargetGroupNotFound, got %v", err)
		}

		// AWS: deleting a missing rule is RuleNotFound; moto answers success.
		_, err = b.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: ruleARN})
		if b.isSandbox() {
			wantErr[*elbtypes.RuleNotFoundException](t, "delete a missing rule", err)
		} else {
			differs(t, b, "DeleteRule of a missing rule returned %v (AWS: RuleNotFound)", err)
		}
	})
}

func TestContractDescribeRulesPaging(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		tg := lambdaTG(t, b, "env-many", nil)
		const n = 60
		want := map[string]bool{}
		for i := range n {
			out, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], int32(1000+(i*37)%n), fmt.Sprintf("/env-%02d/*", i), tg))
			if err != nil {
				t.Fatalf("rule %d: %v", i, err)
			}
			want[*out.Rules[0].RuleArn] = true
		}
		// Pages of 25: 61 rules (the default rule included) in 3 pages.
		got := map[string]bool{}
		pages := 0
		var marker *string
		for {
			out, err := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: ptr(b.listeners[0]), PageSize: ptr[int32](25), Marker: marker})
			if err != nil {
				t.Fatalf("DescribeRules page %d: %v", pages+1, err)
			}
			pages++
			for _, r := range out.Rules {
				if got[*r.RuleArn] {
					t.Fatalf("rule %s returned twice", *r.RuleArn)
				}
				got[*r.RuleArn] = true
			}
			if out.NextMarker == nil || *out.NextMarker == "" {
				break
			}
			marker = out.NextMarker
		}
		if pages != 3 || len(got) != n+1 {
			t.Fatalf("got %d rules in %d pages, want %d in 3", len(got), pages, n+1)
		}
		for arn := range want {
			if !got[arn] {
				t.Fatalf("rule %s missing from the pages", arn)
			}
		}
		// One page of 400 holds them all.
		out, err := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: ptr(b.listeners[0]), PageSize: ptr[int32](400)})
		if err != nil || len(out.Rules) != n+1 || out.NextMarker != nil {
			t.Fatalf("PageSize 400: %d rules, marker %v, err %v", len(out.Rules), out.NextMarker, err)
		}
		// AWS answers in priority order (default last); moto in creation
		// order. Callers sort themselves; only the sandbox is held to it.
		if b.isSandbox() {
			prev := 0
			for _, r := range out.Rules[:n] {
				var p int
				fmt.Sscan(*r.Priority, &p)
				if p <= prev {
					t.Fatalf("sandbox rules not in priority order: %d after %d", p, prev)
				}
				prev = p
			}
			if !*out.Rules[n].IsDefault {
				t.Fatal("sandbox: default rule not last")
			}
		} else {
			differs(t, b, "DescribeRules answers in creation order (AWS: priority order)")
		}
	})
}

func TestContractRuleReadBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		blue := lambdaTG(t, b, "env-feat-w", nil)
		green := lambdaTG(t, b, "canary-feat-w", nil)
		single, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], 1300, "/feat-s/*", blue))
		if err != nil {
			t.Fatal(err)
		}
		weighted, err := b.c.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{
			ListenerArn: ptr(b.listeners[0]), Priority: ptr[int32](1301),
			Conditions: []elbtypes.RuleCondition{
				{Field: ptr("path-pattern"), Values: []string{"/feat-w/*"}},
				{Field: ptr("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: ptr("X-Client"), Values: []string{"ios"}}},
			},
			Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
				TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: ptr(blue), Weight: ptr[int32](90)}, {TargetGroupArn: ptr(green), Weight: ptr[int32](10)}},
			}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		out, err := b.c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{RuleArns: []string{*single.Rules[0].RuleArn, *weighted.Rules[0].RuleArn}})
		if err != nil || len(out.Rules) != 2 {
			t.Fatalf("DescribeRules by ARN: %v (%d rules)", err, len(out.Rules))
		}
		byPrio := map[string]elbtypes.Rule{}
		for _, r := range out.Rules {
			byPrio[*r.Priority] = r
		}
		if got := forwardsTo(byPrio["1300"].Actions[0]); !slices.Equal(got, []string{blue}) {
			t.Fatalf("single forward reads back as %v", got)
		}
		if got := forwardsTo(byPrio["1301"].Actions[0]); !slices.Equal(got, []string{blue, green}) {
			t.Fatalf("weighted forward reads back as %v", got)
		}
		if n := len(byPrio["1301"].Conditions); n != 2 {
			t.Fatalf("weighted rule has %d conditions, want 2", n)
		}
		// AWS adds ForwardConfig (weight 1) to a single forward and returns
		// both condition forms; moto returns what was sent.
		a := byPrio["1300"].Actions[0]
		if b.isSandbox() {
			if a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) != 1 || *a.ForwardConfig.TargetGroups[0].Weight != 1 || a.TargetGroupArn == nil {
				t.Fatalf("sandbox single forward is not AWS-shaped: %+v", a)
			}
			c := byPrio["1300"].Conditions[0]
			if !slices.Equal(c.Values, []string{"/feat-s/*"}) || c.PathPatternConfig == nil {
				t.Fatalf("sandbox condition lacks a form: %+v", c)
			}
		} else {
			differs(t, b, "single forward has ForwardConfig=%v (AWS adds it)", a.ForwardConfig != nil)
		}
	})
}

func TestContractDescribeTagsBatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		var arns []string
		for i := range 21 {
			arns = append(arns, lambdaTG(t, b, fmt.Sprintf("env-t%02d", i), map[string]string{"envdeck:env": fmt.Sprintf("t%02d", i), "envdeck:managed-by": "envdeck"}))
		}
		out, err := b.c.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: arns[:20]})
		if err != nil {
			t.Fatalf("DescribeTags of 20 ARNs: %v", err)
		}
		if len(out.TagDescriptions) != 20 {
			t.Fatalf("got %d tag descriptions, want 20", len(out.TagDescriptions))
		}
		for _, d := range out.TagDescriptions {
			i := slices.Index(arns, *d.ResourceArn)
			found := false
			for _, tag := range d.Tags {
				if *tag.Key == "envdeck:env" && *tag.Value == fmt.Sprintf("t%02d", i) {
					found = true
				}
			}
			if !found || len(d.Tags) != 2 {
				t.Fatalf("tags of %s: %+v", *d.ResourceArn, d.Tags)
			}
		}
		// AWS: at most 20 ARNs per call, and an unknown ARN is an error;
		// moto accepts 21 and answers empty tags for an unknown ARN.
		_, err21 := b.c.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: arns})
		gone := strings.Replace(arns[0], "env-t00", "env-gone", 1)
		_, errGone := b.c.ELB.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{gone}})
		if b.isSandbox() {
			if errCode(err21) != "ValidationError" {
				t.Fatalf("21 ARNs: want ValidationError, got %v", err21)
			}
			wantErr[*elbtypes.TargetGroupNotFoundException](t, "tags of an unknown target group", errGone)
		} else {
			differs(t, b, "DescribeTags of 21 ARNs: err=%v; unknown ARN: err=%v", err21, errGone)
		}
	})
}

func TestContractStages(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		create := func(name string) error {
			_, err := b.c.APIGW.CreateStage(ctx, &apigateway.CreateStageInput{
				RestApiId: ptr(b.apiID), StageName: ptr(name), DeploymentId: ptr(b.deployID),
				Variables: map[string]string{"env": name},
				Tags:      map[string]string{"envdeck:env": name, "envdeck:managed-by": "envdeck"},
			})
			return err
		}
		for i := range 10 {
			if err := create(fmt.Sprintf("feat-%d", i)); err != nil {
				t.Fatalf("stage %d of 10: %v", i+1, err)
			}
		}
		wantErr[*agtypes.ConflictException](t, "duplicate stage", create("feat-3"))
		_, err := b.c.APIGW.GetStage(ctx, &apigateway.GetStageInput{RestApiId: ptr(b.apiID), StageName: ptr("nope")})
		wantErr[*agtypes.NotFoundException](t, "missing stage", err)

		stages, err := b.c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: ptr(b.apiID)})
		if err != nil || len(stages.Item) != 10 {
			t.Fatalf("GetStages: %v (%d stages)", err, len(stages.Item))
		}
		for _, s := range stages.Item {
			if s.Tags["envdeck:env"] != *s.StageName || s.Variables["env"] != *s.StageName || *s.DeploymentId != b.deployID {
				t.Fatalf("stage %s read back as tags %v variables %v deployment %v", *s.StageName, s.Tags, s.Variables, *s.DeploymentId)
			}
		}
		arn := fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s/stages/feat-1", b.c.Region, b.apiID)
		if _, err := b.c.APIGW.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: ptr(arn), Tags: map[string]string{"envdeck:keep": "true"}}); err != nil {
			t.Fatalf("TagResource: %v", err)
		}
		if _, err := b.c.APIGW.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: ptr(arn), TagKeys: []string{"envdeck:env"}}); err != nil {
			t.Fatalf("UntagResource: %v", err)
		}
		s, err := b.c.APIGW.GetStage(ctx, &apigateway.GetStageInput{RestApiId: ptr(b.apiID), StageName: ptr("feat-1")})
		if err != nil || s.Tags["envdeck:keep"] != "true" || s.Tags["envdeck:env"] != "" {
			t.Fatalf("tags after tag/untag: %v (%v)", s.Tags, err)
		}

		// AWS enforces 10 stages per REST API (LimitExceededException);
		// moto accepts the 11th.
		err = create("feat-10")
		if b.isSandbox() {
			wantErr[*agtypes.LimitExceededException](t, "11th stage", err)
		} else {
			differs(t, b, "an 11th stage was accepted (err=%v); AWS refuses it with LimitExceededException", err)
		}
		if _, err := b.c.APIGW.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: ptr(b.apiID), StageName: ptr("feat-0")}); err != nil {
			t.Fatalf("DeleteStage: %v", err)
		}
		_, err = b.c.APIGW.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: ptr(b.apiID), StageName: ptr("feat-0")})
		wantErr[*agtypes.NotFoundException](t, "delete a missing stage", err)
	})
}

func TestContractCloudFrontETag(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		get, err := b.c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: ptr(b.distID)})
		if err != nil || get.ETag == nil {
			t.Fatalf("GetDistributionConfig: %v", err)
		}
		cfg := get.DistributionConfig
		cfg.Aliases = &cftypes.Aliases{Quantity: ptr[int32](2), Items: append(cfg.Aliases.Items, "feat-a."+zoneName)}
		_, err = b.c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: ptr(b.distID), DistributionConfig: cfg})
		wantErr[*cftypes.InvalidIfMatchVersion](t, "update without IfMatch", err)
		upd, err := b.c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: ptr(b.distID), DistributionConfig: cfg, IfMatch: get.ETag})
		if err != nil {
			t.Fatalf("update with the current ETag: %v", err)
		}
		dist, err := b.c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: ptr(b.distID)})
		if err != nil || !slices.Contains(dist.Distribution.DistributionConfig.Aliases.Items, "feat-a."+zoneName) {
			t.Fatalf("alias not added: %v", err)
		}
		// AWS: each update gives a new ETag, a stale one is PreconditionFailed,
		// and the distribution is InProgress for minutes. moto keeps one ETag,
		// accepts any and is Deployed at once.
		_, errStale := b.c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: ptr(b.distID), DistributionConfig: cfg, IfMatch: get.ETag})
		if !b.isSandbox() {
			differs(t, b, "ETag %s → %s, stale update err=%v, status %s", *get.ETag, *upd.ETag, errStale, *dist.Distribution.Status)
			return
		}
		if *upd.ETag == *get.ETag || *dist.ETag != *upd.ETag {
			t.Fatalf("ETag did not change: %s → %s (get %s)", *get.ETag, *upd.ETag, *dist.ETag)
		}
		wantErr[*cftypes.PreconditionFailed](t, "update with a stale ETag", errStale)
		if *dist.Distribution.Status != "InProgress" {
			t.Fatalf("status after update %s, want InProgress", *dist.Distribution.Status)
		}
		b.clock.Advance(5 * time.Minute)
		dist, _ = b.c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: ptr(b.distID)})
		if *dist.Distribution.Status != "Deployed" {
			t.Fatalf("status after the deploy time %s, want Deployed", *dist.Distribution.Status)
		}
	})
}

func TestContractRecordChanges(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		alias := func(action r53types.ChangeAction, name, target string) *route53.ChangeResourceRecordSetsInput {
			return &route53.ChangeResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{
				Action: action, ResourceRecordSet: &r53types.ResourceRecordSet{Name: ptr(name), Type: r53types.RRTypeA,
					AliasTarget: &r53types.AliasTarget{DNSName: ptr(target), HostedZoneId: ptr("Z2FDTNDATAQYW2")}},
			}}}}
		}
		cname := func(action r53types.ChangeAction, name, value string) *route53.ChangeResourceRecordSetsInput {
			return &route53.ChangeResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{
				Action: action, ResourceRecordSet: &r53types.ResourceRecordSet{Name: ptr(name), Type: r53types.RRTypeCname, TTL: ptr[int64](300),
					ResourceRecords: []r53types.ResourceRecord{{Value: ptr(value)}}},
			}}}}
		}
		pv1 := "pv-1." + zoneName
		if _, err := b.c.R53.ChangeResourceRecordSets(ctx, alias(r53types.ChangeActionCreate, pv1, b.distDNS)); err != nil {
			t.Fatalf("create alias record: %v", err)
		}
		if _, err := b.c.R53.ChangeResourceRecordSets(ctx, cname(r53types.ChangeActionCreate, "old."+zoneName, "d111.cloudfront.net")); err != nil {
			t.Fatalf("create CNAME: %v", err)
		}
		_, err := b.c.R53.ChangeResourceRecordSets(ctx, alias(r53types.ChangeActionCreate, pv1, b.distDNS))
		wantErr[*r53types.InvalidChangeBatch](t, "duplicate CREATE", err)
		if _, err := b.c.R53.ChangeResourceRecordSets(ctx, cname(r53types.ChangeActionUpsert, "old."+zoneName, "d222.cloudfront.net")); err != nil {
			t.Fatalf("UPSERT: %v", err)
		}
		list, err := b.c.R53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID)})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range list.ResourceRecordSets {
			v := ""
			if r.AliasTarget != nil {
				v = strings.TrimSuffix(*r.AliasTarget.DNSName, ".")
			} else if len(r.ResourceRecords) > 0 {
				v = *r.ResourceRecords[0].Value
			}
			got[strings.TrimSuffix(*r.Name, ".")+" "+string(r.Type)] = v
		}
		if got[pv1+" A"] != strings.TrimSuffix(b.distDNS, ".") || got["old."+zoneName+" CNAME"] != "d222.cloudfront.net" {
			t.Fatalf("records read back: %v", got)
		}
		if _, err := b.c.R53.ChangeResourceRecordSets(ctx, cname(r53types.ChangeActionDelete, "old."+zoneName, "d222.cloudfront.net")); err != nil {
			t.Fatalf("DELETE with the current values: %v", err)
		}
		// AWS: DELETE of a missing record and DELETE with stale values are
		// InvalidChangeBatch; moto answers InvalidInput and success.
		_, errMissing := b.c.R53.ChangeResourceRecordSets(ctx, cname(r53types.ChangeActionDelete, "old."+zoneName, "d222.cloudfront.net"))
		_, errStale := b.c.R53.ChangeResourceRecordSets(ctx, alias(r53types.ChangeActionDelete, pv1, "d999.cloudfront.net"))
		if b.isSandbox() {
			wantErr[*r53types.InvalidChangeBatch](t, "DELETE of a missing record", errMissing)
			wantErr[*r53types.InvalidChangeBatch](t, "DELETE with stale values", errStale)
		} else {
			differs(t, b, "DELETE missing: %v; DELETE with stale values: %v", errMissing, errStale)
		}
	})
}

func TestContractRoute53Paging(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		const n = 320
		var changes []r53types.Change
		for i := range n {
			changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
				Name: ptr(fmt.Sprintf("e%03d.%s", i, zoneName)), Type: r53types.RRTypeCname, TTL: ptr[int64](60),
				ResourceRecords: []r53types.ResourceRecord{{Value: ptr(b.distDNS)}},
			}})
		}
		if _, err := b.c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID), ChangeBatch: &r53types.ChangeBatch{Changes: changes}}); err != nil {
			t.Fatalf("create %d records: %v", n, err)
		}
		zone, err := b.c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: ptr(b.zoneID)})
		if err != nil || *zone.HostedZone.ResourceRecordSetCount != n+2 {
			t.Fatalf("GetHostedZone: count %v, err %v (want %d with NS and SOA)", zone.HostedZone.ResourceRecordSetCount, err, n+2)
		}
		seen := map[string]bool{}
		in := &route53.ListResourceRecordSetsInput{HostedZoneId: ptr(b.zoneID)}
		var sizes []int
		for {
			out, err := b.c.R53.ListResourceRecordSets(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(out.ResourceRecordSets))
			for _, r := range out.ResourceRecordSets {
				k := *r.Name + string(r.Type)
				if seen[k] {
					t.Fatalf("record %s listed twice", k)
				}
				seen[k] = true
			}
			if !out.IsTruncated {
				break
			}
			in.StartRecordName, in.StartRecordType = out.NextRecordName, out.NextRecordType
		}
		if !slices.Equal(sizes, []int{300, n + 2 - 300}) {
			t.Fatalf("page sizes %v, want [300 %d]", sizes, n+2-300)
		}
	})
}

func TestContractCallerIdentity(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		out, err := b.c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil || *out.Account != "123456789012" {
			t.Fatalf("GetCallerIdentity: %v %v", out, err)
		}
	})
}
