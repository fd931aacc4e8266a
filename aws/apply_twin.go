package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// Two creates of one environment that read the listener before either
// made its rule, and planned it at different priorities, both make it:
// the listener refuses only a second rule at the same priority. After its
// create, a rule is checked for such a twin (same conditions, this
// environment's tags) at a lower priority, the one that routes: then the
// rule just made is dead weight, and is deleted again by the ARN its own
// create returned, and the twin adopted. The twin's creator, if it checks
// after, finds this one gone or higher and keeps its own.

// twinRule looks for a twin of the rule this run just made (arn, at
// priority); found with o when there is one and the rule was deleted again
// (or its delete failed: then o fails the step and the undo retries it).
func (a *applier) twinRule(ctx context.Context, rc *ruleCreate, arn string, priority int) (o outcome, found bool) {
	rules, err := a.listRules(ctx, rc.listener)
	if err != nil {
		return failed(err), true
	}
	for _, r := range rules {
		if r.ARN == arn || r.IsDefault || r.Priority > priority || !sameConditions(r.Conditions, rc.def.Conditions) {
			continue
		}
		tags, err := a.elbTags(ctx, r.ARN)
		if err != nil {
			return failed(err), true
		}
		if ok, _ := a.ours(tags, rc.st.Env); !ok {
			continue
		}
		if _, err := a.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(arn)}); err != nil && !IsNotFound(err) {
			return failed(fmt.Errorf("delete rule %s again, a twin of %s's rule %s: %w", arn, rc.st.Env, r.ARN, err)), true
		}
		a.made = a.made[:len(a.made)-1]
		return skipped(fmt.Sprintf("already exists at priority %d: made meanwhile by another create of %s (this run's twin at %d deleted again)", r.Priority, rc.st.Env, priority), r.ARN), true
	}
	return outcome{}, false
}
