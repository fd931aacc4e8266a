package awstest

import (
	"testing"
	"time"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// OtherOwners are rules and target groups other tools made on the
// platform's main listener, each tagged as that tool tags what it makes.
type OtherOwners struct {
	// Rules and TargetGroups by role → ARN.
	Rules, TargetGroups map[string]string
	// ManagedBy: each ARN's owner as envdeck must name it.
	ManagedBy map[string]model.ForeignOwner
}

// ARNs lists every resource of o.
func (o *OtherOwners) ARNs() []string {
	var out []string
	for _, m := range []map[string]string{o.Rules, o.TargetGroups} {
		for _, a := range m {
			out = append(out, a)
		}
	}
	return out
}

// ControllerTags are the tags the AWS Load Balancer Controller puts on what
// an Ingress of cluster makes (stack: namespace/name).
func ControllerTags(cluster, stack string) map[string]string {
	return map[string]string{"elbv2.k8s.aws/cluster": cluster, "ingress.k8s.aws/stack": stack, "ingress.k8s.aws/resource": "443"}
}

// SeedOtherOwners adds, on listener (priorities 3000-3003), resources of
// the AWS Load Balancer Controller, CloudFormation and Copilot whose paths
// and names fit envdeck's patterns ('/{env}/*', 'env-{env}'), so only their
// tags keep them out of environments:
//
//	3000 '/shop/*'      → k8s-shop-web (no targets)   controller dev-eks shop/web
//	3001 '/reports/*'   → env-reports (one target)    cloudformation reports-stack
//	3002 '/feat-cop/*'  → env-feat-cop (no targets)   copilot shop/test, and on
//	                      both envdeck's tags of an environment that expired
//	                      24h ago: collectable, were they envdeck's
//	3003 '/cfn-fixed/*' fixed 200                     cloudformation edge-stack
func SeedOtherOwners(t testing.TB, c aws.Clients, now time.Time, listener string) *OtherOwners {
	t.Helper()
	s := newSeeder(t, SDKOf(t, c), now.UTC())
	o := &OtherOwners{Rules: map[string]string{}, TargetGroups: map[string]string{}, ManagedBy: map[string]model.ForeignOwner{}}
	ctl := ControllerTags("dev-eks", "shop/web")
	cfn := map[string]string{"aws:cloudformation:stack-name": "reports-stack", "aws:cloudformation:logical-id": "ReportsRule"}
	copilot := s.tagMap(expiredEnv("feat-cop", "copilot"))
	for k, v := range map[string]string{"copilot-application": "shop", "copilot-environment": "test", "aws:cloudformation:stack-name": "shop-test-web"} {
		copilot[k] = v
	}
	edge := map[string]string{"aws:cloudformation:stack-name": "edge-stack"}
	add := func(role string, prio int32, tags map[string]string, owner model.ForeignOwner, tg *tgSpec) {
		action := fixedResponse("200", role)
		if tg != nil {
			tg.tags = tags
			o.TargetGroups[role] = s.targetGroup(*tg)
			o.ManagedBy[o.TargetGroups[role]] = owner
			action = forward(o.TargetGroups[role])
		}
		o.Rules[role] = s.rule(listener, prio, []elbtypes.RuleCondition{pathCond("/" + role + "/*")}, action, tags)
		o.ManagedBy[o.Rules[role]] = owner
	}
	add("shop", 3000, ctl, model.ForeignOwner{Tool: model.OwnerLBController, Name: "dev-eks/shop/web"}, &tgSpec{name: "k8s-shop-web"})
	add("reports", 3001, cfn, model.ForeignOwner{Tool: model.OwnerCloudFormation, Name: "reports-stack"},
		&tgSpec{name: "env-reports", targets: []string{lambdaARN("reports")}})
	add("feat-cop", 3002, copilot, model.ForeignOwner{Tool: model.OwnerCopilot, Name: "shop/test"}, &tgSpec{name: "env-feat-cop"})
	add("cfn-fixed", 3003, edge, model.ForeignOwner{Tool: model.OwnerCloudFormation, Name: "edge-stack"}, nil)
	return o
}
