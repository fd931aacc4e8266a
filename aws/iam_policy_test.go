package aws_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// iamCall is the IAM action (and a resource of the right shape) one API call
// of envdeck needs. resource "" means the resource comes from the request
// (iamResource); otherwise it is a representative ARN of the right type.
type iamCall struct {
	action   string
	resource string
	mutating bool
	// tagOnCreate: also needed by a create that passes tags (checked on the
	// sample resource, not the request's own path).
	tagOnCreate bool
}

// Sample ARNs of the resource types envdeck changes.
const (
	arnListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
	arnRule     = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
	arnTG       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/env-feat-a/73e2d6bc24d8a067"
	arnQuota    = "arn:aws:servicequotas:us-east-1:123456789012:elasticloadbalancing/L-7EED9B64"
)

// iamActions maps every API call envdeck can make, named "service:Action" as
// the awstest proxy logs it and aws.CallCounter counts it, to the IAM action
// it needs. API Gateway (REST) authorizes by HTTP method on the request path.
var iamActions = map[string][]iamCall{
	"elbv2:DescribeLoadBalancers":             {{action: "elasticloadbalancing:DescribeLoadBalancers", resource: "*"}},
	"elbv2:DescribeListeners":                 {{action: "elasticloadbalancing:DescribeListeners", resource: "*"}},
	"elbv2:DescribeRules":                     {{action: "elasticloadbalancing:DescribeRules", resource: "*"}},
	"elbv2:DescribeTargetGroups":              {{action: "elasticloadbalancing:DescribeTargetGroups", resource: "*"}},
	"elbv2:DescribeTargetHealth":              {{action: "elasticloadbalancing:DescribeTargetHealth", resource: "*"}},
	"elbv2:DescribeTags":                      {{action: "elasticloadbalancing:DescribeTags", resource: "*"}},
	"elbv2:DescribeAccountLimits":             {{action: "elasticloadbalancing:DescribeAccountLimits", resource: "*"}},
	"elbv2:DescribeTargetGroupAttributes":     {{action: "elasticloadbalancing:DescribeTargetGroupAttributes", resource: "*"}},
	"elbv2:ModifyTargetGroupAttributes":       {{action: "elasticloadbalancing:ModifyTargetGroupAttributes", resource: arnTG, mutating: true}},
	"elbv2:CreateTargetGroup":                 {{action: "elasticloadbalancing:CreateTargetGroup", resource: arnTG, mutating: true}, {action: "elasticloadbalancing:AddTags", resource: arnTG, mutating: true, tagOnCreate: true}},
	"elbv2:DeleteTargetGroup":                 {{action: "elasticloadbalancing:DeleteTargetGroup", resource: arnTG, mutating: true}},
	"elbv2:RegisterTargets":                   {{action: "elasticloadbalancing:RegisterTargets", resource: arnTG, mutating: true}},
	"elbv2:CreateRule":                        {{action: "elasticloadbalancing:CreateRule", resource: arnListener, mutating: true}, {action: "elasticloadbalancing:CreateRule", resource: arnRule, mutating: true}, {action: "elasticloadbalancing:AddTags", resource: arnRule, mutating: true, tagOnCreate: true}},
	"elbv2:DeleteRule":                        {{action: "elasticloadbalancing:DeleteRule", resource: arnRule, mutating: true}},
	"elbv2:AddTags":                           {{action: "elasticloadbalancing:AddTags", resource: arnRule, mutating: true}, {action: "elasticloadbalancing:AddTags", resource: arnTG, mutating: true}},
	"elbv2:RemoveTags":                        {{action: "elasticloadbalancing:RemoveTags", resource: arnRule, mutating: true}, {action: "elasticloadbalancing:RemoveTags", resource: arnTG, mutating: true}},
	"apigateway:GetStages":                    {{action: "apigateway:GET", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages"}},
	"apigateway:GetStage":                     {{action: "apigateway:GET", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/feat-a"}},
	"apigateway:GetDeployments":               {{action: "apigateway:GET", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/deployments"}},
	"apigateway:CreateStage":                  {{action: "apigateway:POST", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages", mutating: true}, {action: "apigateway:PUT", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3d4e5%2Fstages%2Ffeat-a", mutating: true, tagOnCreate: true}},
	"apigateway:DeleteStage":                  {{action: "apigateway:DELETE", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/feat-a", mutating: true}},
	"apigateway:UpdateStage":                  {{action: "apigateway:PATCH", resource: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/feat-a", mutating: true}},
	"apigateway:TagResource":                  {{action: "apigateway:PUT", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3d4e5%2Fstages%2Ffeat-a", mutating: true}},
	"apigateway:UntagResource":                {{action: "apigateway:DELETE", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3d4e5%2Fstages%2Ffeat-a", mutating: true}},
	"apigatewayv2:GetStages":                  {{action: "apigateway:GET", resource: "arn:aws:apigateway:us-east-1::/apis/x9y8z7w6v5/stages"}},
	"apigatewayv2:GetStage":                   {{action: "apigateway:GET", resource: "arn:aws:apigateway:us-east-1::/apis/x9y8z7w6v5/stages/feat-a"}},
	"apigatewayv2:CreateStage":                {{action: "apigateway:POST", resource: "arn:aws:apigateway:us-east-1::/apis/x9y8z7w6v5/stages", mutating: true}, {action: "apigateway:POST", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fx9y8z7w6v5%2Fstages%2Ffeat-a", mutating: true, tagOnCreate: true}},
	"apigatewayv2:DeleteStage":                {{action: "apigateway:DELETE", resource: "arn:aws:apigateway:us-east-1::/apis/x9y8z7w6v5/stages/feat-a", mutating: true}},
	"apigatewayv2:TagResource":                {{action: "apigateway:POST", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fx9y8z7w6v5%2Fstages%2Ffeat-a", mutating: true}},
	"apigatewayv2:UntagResource":              {{action: "apigateway:DELETE", resource: "arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fx9y8z7w6v5%2Fstages%2Ffeat-a", mutating: true}},
	"cloudfront:GetDistribution":              {{action: "cloudfront:GetDistribution", resource: "arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJ"}},
	"cloudfront:GetDistributionConfig":        {{action: "cloudfront:GetDistributionConfig", resource: "arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJ"}},
	"cloudfront:ListDistributions":            {{action: "cloudfront:ListDistributions", resource: "*"}},
	"cloudfront:UpdateDistribution":           {{action: "cloudfront:UpdateDistribution", resource: "arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJ", mutating: true}},
	"route53:GetHostedZone":                   {{action: "route53:GetHostedZone", resource: "arn:aws:route53:::hostedzone/Z0123456789"}},
	"route53:GetHostedZoneLimit":              {{action: "route53:GetHostedZoneLimit", resource: "arn:aws:route53:::hostedzone/Z0123456789"}},
	"route53:ListResourceRecordSets":          {{action: "route53:ListResourceRecordSets", resource: "arn:aws:route53:::hostedzone/Z0123456789"}},
	"route53:ChangeResourceRecordSets":        {{action: "route53:ChangeResourceRecordSets", resource: "arn:aws:route53:::hostedzone/Z0123456789", mutating: true}},
	"servicequotas:GetServiceQuota":           {{action: "servicequotas:GetServiceQuota", resource: arnQuota}},
	"servicequotas:GetAWSDefaultServiceQuota": {{action: "servicequotas:GetAWSDefaultServiceQuota", resource: "*"}},
	"sts:GetCallerIdentity":                   {{action: "sts:GetCallerIdentity", resource: "*"}},
	// The shared journal (journal: s3://JOURNAL-BUCKET/JOURNAL-PREFIX): the
	// policies name the bucket and prefix as placeholders to replace.
	"s3:ListObjectsV2": {{action: "s3:ListBucket", resource: "arn:aws:s3:::JOURNAL-BUCKET"}},
	"s3:GetObject":     {{action: "s3:GetObject", resource: arnJournal}},
	"s3:PutObject":     {{action: "s3:PutObject", resource: arnJournal, mutating: true}},
}

// arnJournal is a journal object of the shared journal store.
const arnJournal = "arn:aws:s3:::JOURNAL-BUCKET/JOURNAL-PREFIX/20261203T120000Z-ab12.jsonl"

// policy is the part of an IAM policy document the test evaluates.
type policy struct {
	Version   string
	Statement []statement
}

type statement struct {
	Sid       string
	Effect    string
	Action    stringList
	NotAction stringList
	Resource  stringList
	Condition map[string]map[string]stringList
}

// stringList is IAM's "one string or a list of strings".
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

func loadPolicy(t *testing.T, name string) policy {
	t.Helper()
	path := filepath.Join("..", "docs", "iam", name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var p policy
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	if p.Version != "2012-10-17" {
		t.Fatalf("%s: Version %q, want 2012-10-17", path, p.Version)
	}
	return p
}

// globMatch is IAM's wildcard match: * any run of characters, ? one.
func globMatch(pattern, s string, fold bool) bool {
	var re strings.Builder
	re.WriteString("^")
	if fold {
		re.WriteString("(?i)")
	}
	for _, r := range pattern {
		switch r {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(s)
}

// allowingStatements are the Allow statements whose Action and Resource
// cover (action, resource). Conditions are not evaluated here (they depend on
// request and resource tags); TestIAMOperatorScopesChangesToOwned checks them.
func (p policy) allowingStatements(action, resource string) []statement {
	var out []statement
	for _, st := range p.Statement {
		if st.Effect != "Allow" {
			continue
		}
		actionOK, resourceOK := false, false
		for _, a := range st.Action {
			actionOK = actionOK || globMatch(a, action, true)
		}
		for _, r := range st.Resource {
			resourceOK = resourceOK || globMatch(r, resource, false)
		}
		if actionOK && resourceOK {
			out = append(out, st)
		}
	}
	return out
}

func (p policy) allows(action, resource string) bool {
	return len(p.allowingStatements(action, resource)) > 0
}

// mutatingIAMAction reports whether an IAM action (or a wildcard) can change
// something.
func mutatingIAMAction(a string) bool {
	svc, name, _ := strings.Cut(a, ":")
	if svc == "apigateway" {
		return name != "GET" // POST, PUT, PATCH, DELETE, and * which includes them
	}
	for _, read := range []string{"Describe", "Get", "List"} {
		if strings.HasPrefix(name, read) {
			return false
		}
	}
	return true // Create/Delete/Register/Add/Remove/Update/Change/..., and bare *
}

func TestIAMReadOnlyPolicyHasNoMutatingAction(t *testing.T) {
	ro := loadPolicy(t, "read-only.json")
	for _, st := range ro.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement %s: Effect %q; the read-only policy only allows", st.Sid, st.Effect)
		}
		if len(st.NotAction) > 0 {
			t.Errorf("statement %s: NotAction allows everything else", st.Sid)
		}
		for _, a := range st.Action {
			if mutatingIAMAction(a) {
				t.Errorf("statement %s allows mutating action %s", st.Sid, a)
			}
		}
	}
	// And every mutating call envdeck can make is refused by it.
	for key, needs := range iamActions {
		for _, n := range needs {
			if n.mutating && ro.allows(n.action, n.resource) {
				t.Errorf("read-only policy allows %s (%s on %s)", key, n.action, n.resource)
			}
		}
	}
}

func TestIAMPoliciesCoverEveryCall(t *testing.T) {
	ro, op := loadPolicy(t, "read-only.json"), loadPolicy(t, "operator.json")
	keys := make([]string, 0, len(iamActions))
	for k := range iamActions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		for _, n := range iamActions[key] {
			if !op.allows(n.action, n.resource) {
				t.Errorf("operator policy lacks %s (%s on %s)", key, n.action, n.resource)
			}
			if !n.mutating && !ro.allows(n.action, n.resource) {
				t.Errorf("read-only policy lacks %s (%s on %s)", key, n.action, n.resource)
			}
			if n.mutating != aws.IsMutating(strings.SplitN(key, ":", 2)[1]) {
				t.Errorf("%s: mapping says mutating=%v, aws.IsMutating says otherwise", key, n.mutating)
			}
		}
	}
}

func TestIAMOperatorIncludesReadOnly(t *testing.T) {
	ro, op := loadPolicy(t, "read-only.json"), loadPolicy(t, "operator.json")
	for _, st := range ro.Statement {
		found := false
		for _, o := range op.Statement {
			found = found || reflect.DeepEqual(st, o)
		}
		if !found {
			t.Errorf("operator policy lacks read-only statement %s unchanged", st.Sid)
		}
	}
}

// Every method of envdeck's client interfaces has an IAM mapping, so a new
// call cannot ship without a policy line.
func TestIAMMappingCoversClientInterfaces(t *testing.T) {
	ifaces := map[string]reflect.Type{
		"elbv2":         reflect.TypeFor[aws.ELBV2API](),
		"apigateway":    reflect.TypeFor[aws.APIGatewayAPI](),
		"apigatewayv2":  reflect.TypeFor[aws.APIGatewayV2API](),
		"cloudfront":    reflect.TypeFor[aws.CloudFrontAPI](),
		"route53":       reflect.TypeFor[aws.Route53API](),
		"servicequotas": reflect.TypeFor[aws.ServiceQuotasAPI](),
		"sts":           reflect.TypeFor[aws.STSAPI](),
		"s3":            reflect.TypeFor[aws.S3API](),
	}
	for svc, it := range ifaces {
		for i := range it.NumMethod() {
			key := svc + ":" + it.Method(i).Name
			if _, ok := iamActions[key]; !ok {
				t.Errorf("no IAM mapping for %s: add it to iamActions and to docs/iam", key)
			}
		}
	}
}

// Changes are scoped to what envdeck owns: deletes, target registration and
// tag changes on ELB resources need envdeck:managed-by=envdeck on the
// resource; creates need it in the request; stage deletes likewise.
func TestIAMOperatorScopesChangesToOwned(t *testing.T) {
	op := loadPolicy(t, "operator.json")
	tests := []struct {
		action, resource, conditionKey string
	}{
		{"elasticloadbalancing:DeleteRule", arnRule, "elasticloadbalancing:ResourceTag/envdeck:managed-by"},
		{"elasticloadbalancing:DeleteTargetGroup", arnTG, "elasticloadbalancing:ResourceTag/envdeck:managed-by"},
		{"elasticloadbalancing:RegisterTargets", arnTG, "elasticloadbalancing:ResourceTag/envdeck:managed-by"},
		{"elasticloadbalancing:RemoveTags", arnRule, "elasticloadbalancing:ResourceTag/envdeck:managed-by"},
		{"elasticloadbalancing:CreateRule", arnRule, "aws:RequestTag/envdeck:managed-by"},
		{"elasticloadbalancing:CreateRule", arnListener, "aws:RequestTag/envdeck:managed-by"},
		{"elasticloadbalancing:CreateTargetGroup", arnTG, "aws:RequestTag/envdeck:managed-by"},
		{"apigateway:POST", "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages", "aws:RequestTag/envdeck:managed-by"},
		{"apigateway:DELETE", "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/feat-a", "aws:ResourceTag/envdeck:managed-by"},
		{"apigateway:PATCH", "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/feat-a", "aws:ResourceTag/envdeck:managed-by"},
	}
	for _, tc := range tests {
		t.Run(tc.action+" "+tc.resource[strings.LastIndex(tc.resource, ":")+1:], func(t *testing.T) {
			sts := op.allowingStatements(tc.action, tc.resource)
			if len(sts) == 0 {
				t.Fatalf("operator policy does not allow %s on %s", tc.action, tc.resource)
			}
			for _, st := range sts {
				if got := st.Condition["StringEquals"][tc.conditionKey]; !reflect.DeepEqual(got, stringList{"envdeck"}) {
					t.Errorf("statement %s allows %s without StringEquals %s = envdeck (conditions %v)", st.Sid, tc.action, tc.conditionKey, st.Condition)
				}
			}
		})
	}
	// AddTags is allowed on owned resources, or on a resource being created
	// (tag-on-create), never on anything else.
	for _, res := range []string{arnRule, arnTG} {
		for _, st := range op.allowingStatements("elasticloadbalancing:AddTags", res) {
			eq := st.Condition["StringEquals"]
			owned := reflect.DeepEqual(eq["elasticloadbalancing:ResourceTag/envdeck:managed-by"], stringList{"envdeck"})
			onCreate := len(eq["elasticloadbalancing:CreateAction"]) > 0 && reflect.DeepEqual(eq["aws:RequestTag/envdeck:managed-by"], stringList{"envdeck"})
			if !owned && !onCreate {
				t.Errorf("statement %s allows AddTags on %s unconditioned: %v", st.Sid, res, st.Condition)
			}
		}
	}
	// Nothing in the operator policy allows a bare service wildcard.
	for _, st := range op.Statement {
		for _, a := range st.Action {
			if strings.HasSuffix(a, ":*") || a == "*" {
				t.Errorf("statement %s allows %s", st.Sid, a)
			}
		}
	}
}

// iamResource is the resource a logged call acts on, from its path (REST
// APIs) or the mapping's sample ARN.
func iamResource(c iamCall, service, path string) string {
	path, _, _ = strings.Cut(path, "?")
	if service == "apigateway" && !c.tagOnCreate {
		return "arn:aws:apigateway:us-east-1::" + path
	}
	if service == "apigatewayv2" && !c.tagOnCreate {
		return "arn:aws:apigateway:us-east-1::" + strings.TrimPrefix(path, "/v2")
	}
	return c.resource
}

// checkCallsAllowed fails for every logged call the policy does not allow.
func checkCallsAllowed(t *testing.T, pol policy, name string, calls []awstest.Call) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range calls {
		key := c.Service + ":" + c.Action
		needs, ok := iamActions[key]
		if !ok {
			t.Errorf("%s: no IAM mapping for logged call %s %s: add it to iamActions and to docs/iam", name, key, c.Path)
			continue
		}
		for _, n := range needs {
			res := iamResource(n, c.Service, c.Path)
			if seen[n.action+" "+res] {
				continue
			}
			seen[n.action+" "+res] = true
			if !pol.allows(n.action, res) {
				t.Errorf("%s: policy does not allow %s: %s on %s", name, key, n.action, res)
			}
		}
	}
}

// TestIAMPoliciesAllowRecordedRuns records, through the awstest proxy, every
// call of a full read, create, destroy, gc and restore on a host-mode
// platform (alias + record per environment, so CloudFront and Route 53 are
// changed too) and checks each against the matching policy.
func TestIAMPoliciesAllowRecordedRuns(t *testing.T) {
	ro, op := loadPolicy(t, "read-only.json"), loadPolicy(t, "operator.json")
	base := seedApplyPlatform(t, -1)
	proxy := awstest.NewProxy(t, base.endpoint)
	p := *base
	p.c = proxy.Clients(t)
	dir := filepath.Join(t.TempDir(), "journal")
	ctx := context.Background()
	mutations := map[string]bool{}

	apply := func(t *testing.T, plan model.Plan) model.ApplyResult {
		t.Helper()
		if len(plan.Steps) == 0 {
			t.Fatal("empty plan: the run would record no change")
		}
		res, err := aws.Apply(ctx, p.c, p.cfg, plan, aws.LocalJournals(dir), nil)
		if err != nil {
			t.Fatalf("apply: %v", err)
		}
		for _, ev := range res.Events {
			if ev.State != model.EventDone {
				t.Fatalf("step %s: %s (%s)", ev.Step.ID, ev.State, ev.Message)
			}
		}
		return res
	}
	record := func(t *testing.T, name string, pol policy, run func(t *testing.T)) {
		t.Helper()
		proxy.ResetLog()
		run(t)
		calls := proxy.Log()
		if len(calls) == 0 {
			t.Fatalf("%s: no call recorded", name)
		}
		checkCallsAllowed(t, pol, name, calls)
		for _, c := range calls {
			if aws.IsMutating(c.Action) {
				mutations[c.Service+":"+c.Action] = true
			}
		}
	}

	record(t, "read (read-only policy)", ro, func(t *testing.T) {
		snap := aws.Discover(ctx, p.c, p.cfg, aws.DiscoverOptions{})
		if len(snap.Rules) == 0 {
			t.Fatalf("read found no rule; errors %+v", snap.Errors)
		}
	})
	if len(mutations) > 0 {
		t.Fatalf("the read made mutating calls: %v", mutations)
	}
	record(t, "create", op, func(t *testing.T) {
		plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "iam-a", Owner: "iam", Routing: model.RoutingHost}, applyNow)
		must(t, err)
		apply(t, plan)
	})
	var destroyed model.ApplyResult
	record(t, "destroy", op, func(t *testing.T) {
		plan, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "iam-a", applyNow)
		must(t, err)
		destroyed = apply(t, plan)
	})
	record(t, "gc", op, func(t *testing.T) {
		// An environment created ten days ago for one hour: expired now.
		then := applyNow.Add(-240 * time.Hour)
		plan, err := model.PlanCreate(p.inventory(t, then), p.cfg, model.CreateRequest{Name: "iam-old", Owner: "iam", TTL: time.Hour, Routing: model.RoutingHost}, then)
		must(t, err)
		apply(t, plan)
		proxy.ResetLog() // the create was checked above; record the collection
		apply(t, model.PlanGC(p.inventory(t, applyNow), p.cfg, applyNow))
	})
	record(t, "restore", op, func(t *testing.T) {
		entries, _, err := journal.ReadFile(dir, destroyed.JournalID)
		must(t, err)
		snap := aws.Discover(ctx, p.c, p.cfg, aws.DiscoverOptions{})
		plan, err := model.PlanRestore(model.RestoreRequest{Entries: entries}, snap, p.cfg, applyNow)
		must(t, err)
		apply(t, plan.Plan)
	})

	for _, want := range []string{
		"elbv2:CreateTargetGroup", "elbv2:CreateRule", "elbv2:DeleteRule", "elbv2:DeleteTargetGroup",
		"apigateway:CreateStage", "apigateway:DeleteStage",
		"cloudfront:UpdateDistribution", "route53:ChangeResourceRecordSets",
	} {
		if !mutations[want] {
			t.Errorf("the recorded runs never called %s; recorded mutations %v", want, mutations)
		}
	}
}
