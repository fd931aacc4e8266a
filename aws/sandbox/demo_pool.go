package sandbox

import (
	"fmt"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// demoRedirects is how many old marketing URLs the second load balancer
// redirects: 89 of its 100 rules.
const demoRedirects = 89

// secondALB fills the pool's second load balancer, shared-alb-2, with a
// map of old marketing URLs that a CloudFormation stack redirects, which
// leaves it nearly full of rules (create goes on the first, with more
// headroom).
func (d *demoSeeder) secondALB() {
	d.at(200 * day)
	stack := map[string]string{"aws:cloudformation:stack-name": "marketing-redirects"}
	for i := 1; i <= demoRedirects; i++ {
		out, err := d.c.ELB.CreateRule(bg, &elbv2.CreateRuleInput{
			ListenerArn: ptr(d.in.https2ARN), Priority: ptr(int32(i)),
			Conditions: []elbtypes.RuleCondition{{Field: ptr("path-pattern"), Values: []string{fmt.Sprintf("/campaign-%02d/*", i)}}},
			Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect, RedirectConfig: &elbtypes.RedirectActionConfig{
				StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp301, Host: ptr("www.example.com"),
				Path: ptr(fmt.Sprintf("/offers/%02d", i)), Query: ptr("#{query}")}}},
		})
		must(err)
		d.a.st.setTags(*out.Rules[0].RuleArn, tagMap(stack))
	}
}
