package sandbox_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// LoadBalancerArns of a target group: AWS names each load balancer once
// while a rule forwards to the group and drops it when the last rule goes;
// moto repeats it once per rule and never drops it.
func TestContractTargetGroupLoadBalancerArns(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		tg := lambdaTG(t, b, "env-feat-lb", nil)
		lbs := func() []string {
			out, err := b.c.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{tg}})
			if err != nil || len(out.TargetGroups) != 1 {
				t.Fatalf("DescribeTargetGroups: %v", err)
			}
			return out.TargetGroups[0].LoadBalancerArns
		}
		var rules []*string
		for i, path := range []string{"/a/*", "/b/*"} {
			r, err := b.c.ELB.CreateRule(ctx, pathRule(b.listeners[0], int32(1300+i), path, tg))
			if err != nil {
				t.Fatal(err)
			}
			rules = append(rules, r.Rules[0].RuleArn)
		}
		attached := lbs()
		if uniq := slices.Compact(slices.Sorted(slices.Values(attached))); !slices.Equal(uniq, []string{b.lbARN}) {
			t.Fatalf("attached to %v, want %s", attached, b.lbARN)
		}
		for _, r := range rules {
			if _, err := b.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: r}); err != nil {
				t.Fatal(err)
			}
		}
		detached := lbs()
		if !b.isSandbox() {
			differs(t, b, "LoadBalancerArns %v with two rules, %v after both went", attached, detached)
			return
		}
		if len(attached) != 1 || len(detached) != 0 {
			t.Fatalf("LoadBalancerArns %v with two rules, %v after both went; want one, then none", attached, detached)
		}
	})
}

// ListDistributions lists every distribution of the account. AWS pages by
// MaxItems (NextMarker = the last id of the page) and gives each summary
// its Aliases; moto answers one page and leaves Aliases out, so envdeck
// reads them with GetDistributionConfig there.
func TestContractListDistributions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *backend) {
		second, secondDomain := b.addDistribution(t, "contract-second", "feat-b."+zoneName)
		want := map[string][]string{b.distID: {"pv-1." + zoneName}, second: {"feat-b." + zoneName}}
		domains := map[string]string{}
		aliases := map[string][]string{}
		pages := 0
		var marker *string
		for {
			out, err := b.c.CF.ListDistributions(ctx, &cloudfront.ListDistributionsInput{MaxItems: ptr[int32](1), Marker: marker})
			if err != nil {
				t.Fatalf("ListDistributions: %v", err)
			}
			pages++
			l := out.DistributionList
			for _, s := range l.Items {
				domains[*s.Id] = *s.DomainName
				if s.Aliases == nil {
					differs(t, b, "summary of %s without Aliases", *s.Id)
					cfg, err := b.c.CF.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: s.Id})
					if err != nil {
						t.Fatal(err)
					}
					aliases[*s.Id] = cfg.DistributionConfig.Aliases.Items
					continue
				}
				aliases[*s.Id] = s.Aliases.Items
			}
			if l.IsTruncated == nil || !*l.IsTruncated {
				break
			}
			marker = l.NextMarker
		}
		if b.isSandbox() && pages != 2 {
			t.Errorf("%d pages of MaxItems 1 for 2 distributions", pages)
		}
		if !b.isSandbox() && pages == 1 {
			differs(t, b, "one page of 2 distributions whatever MaxItems says")
		}
		for id, as := range want {
			got := append([]string(nil), aliases[id]...)
			sort.Strings(got)
			if !slices.Equal(got, as) {
				t.Errorf("%s: aliases %v, want %v", id, got, as)
			}
		}
		if len(aliases) != 2 || domains[second] != secondDomain {
			t.Errorf("listed %v (domains %v)", aliases, domains)
		}
	})
}
