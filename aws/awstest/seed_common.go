package awstest

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// seeder builds fixture resources through the full SDK clients, failing
// the test on the first error (with what it was making).
type seeder struct {
	t    testing.TB
	ctx  context.Context
	sdk  *SDK
	keys model.TagKeys
	now  time.Time
}

func newSeeder(t testing.TB, sdk *SDK, now time.Time) *seeder {
	return &seeder{t: t, ctx: context.Background(), sdk: sdk, keys: (&model.Config{}).Keys(), now: now}
}

func (s *seeder) must(err error, what string, args ...any) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("awstest: seed %s: %v", fmt.Sprintf(what, args...), err)
	}
}

// envTags are the envdeck tags of an owned resource of env, created age ago
// and expiring in ttl (negative: already expired).
type envTags struct {
	env, owner string
	age, ttl   time.Duration
	slot       string
	managed    bool // false: drop managed-by (pattern-only or foreign resources)
}

func (s *seeder) tagMap(e envTags) map[string]string {
	created := s.now.Add(-e.age)
	m := s.keys.For(e.env, e.owner, created, created.Add(e.ttl), e.slot)
	if !e.managed {
		delete(m, s.keys.ManagedBy)
	}
	return m
}

func elbTags(m map[string]string) []elbtypes.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]elbtypes.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, elbtypes.Tag{Key: sdkaws.String(k), Value: sdkaws.String(m[k])})
	}
	return out
}

// tgSpec is one target group: lambda unless ip is set.
type tgSpec struct {
	name    string
	ip      bool
	vpc     string
	tags    map[string]string
	targets []string // lambda ARNs or IPs
}

func (s *seeder) targetGroup(sp tgSpec) string {
	s.t.Helper()
	in := &elbv2.CreateTargetGroupInput{Name: sdkaws.String(sp.name), TargetType: elbtypes.TargetTypeEnumLambda}
	if sp.ip {
		in.TargetType = elbtypes.TargetTypeEnumIp
		in.Protocol = elbtypes.ProtocolEnumHttp
		in.Port = sdkaws.Int32(8080)
		in.VpcId = sdkaws.String(sp.vpc)
		in.HealthCheckPath = sdkaws.String("/healthz")
	}
	if len(sp.tags) > 0 {
		in.Tags = elbTags(sp.tags)
	}
	var arn string
	out, err := s.sdk.ELB.CreateTargetGroup(s.ctx, in)
	if arn = s.retriedTargetGroup(in, err); arn == "" {
		s.must(err, "target group %s", sp.name)
		arn = sdkaws.ToString(out.TargetGroups[0].TargetGroupArn)
	}
	if len(sp.targets) > 0 {
		var ts []elbtypes.TargetDescription
		for _, id := range sp.targets {
			td := elbtypes.TargetDescription{Id: sdkaws.String(id)}
			if sp.ip {
				td.Port = sdkaws.Int32(8080)
			}
			ts = append(ts, td)
		}
		_, err := s.sdk.ELB.RegisterTargets(s.ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: sdkaws.String(arn), Targets: ts})
		s.must(err, "targets of %s", sp.name)
	}
	return arn
}

func lambdaARN(name string) string {
	return "arn:aws:lambda:" + TestRegion + ":" + MotoAccount + ":function:" + name
}

func pathCond(values ...string) elbtypes.RuleCondition {
	return elbtypes.RuleCondition{Field: sdkaws.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: values}}
}

func hostCond(values ...string) elbtypes.RuleCondition {
	return elbtypes.RuleCondition{Field: sdkaws.String("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: values}}
}

func headerCond(name string, values ...string) elbtypes.RuleCondition {
	return elbtypes.RuleCondition{Field: sdkaws.String("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{HttpHeaderName: sdkaws.String(name), Values: values}}
}

// forward is a forward action to one target group (the classic shape).
func forward(tg string) elbtypes.Action {
	return elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: sdkaws.String(tg)}
}

// weighted is a forward action splitting traffic between target groups.
func weighted(tgs []string, weights []int32) elbtypes.Action {
	var w []elbtypes.TargetGroupTuple
	for i, tg := range tgs {
		w = append(w, elbtypes.TargetGroupTuple{TargetGroupArn: sdkaws.String(tg), Weight: sdkaws.Int32(weights[i])})
	}
	return elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: w}}
}

func fixedResponse(status, body string) elbtypes.Action {
	return elbtypes.Action{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
		StatusCode: sdkaws.String(status), ContentType: sdkaws.String("text/plain"), MessageBody: sdkaws.String(body)}}
}

func (s *seeder) rule(listener string, priority int32, conds []elbtypes.RuleCondition, action elbtypes.Action, tags map[string]string) string {
	s.t.Helper()
	in := &elbv2.CreateRuleInput{ListenerArn: sdkaws.String(listener), Priority: sdkaws.Int32(priority),
		Conditions: conds, Actions: []elbtypes.Action{action}}
	if len(tags) > 0 {
		in.Tags = elbTags(tags)
	}
	out, err := s.sdk.ELB.CreateRule(s.ctx, in)
	if arn := s.retriedRule(in, err); arn != "" {
		return arn
	}
	s.must(err, "rule at priority %d", priority)
	return sdkaws.ToString(out.Rules[0].RuleArn)
}

// restAPI creates a REST API with one GET method on / (MOCK integration) and
// one deployment, as CreateDeployment needs a method.
func (s *seeder) restAPI(name string) (id, deployment string) {
	s.t.Helper()
	api, err := s.sdk.APIGW.CreateRestApi(s.ctx, &apigateway.CreateRestApiInput{Name: sdkaws.String(name)})
	s.must(err, "REST API %s", name)
	id = sdkaws.ToString(api.Id)
	res, err := s.sdk.APIGW.GetResources(s.ctx, &apigateway.GetResourcesInput{RestApiId: api.Id})
	s.must(err, "resources of %s", id)
	var root *string
	for _, r := range res.Items {
		if sdkaws.ToString(r.Path) == "/" {
			root = r.Id
		}
	}
	if root == nil {
		s.t.Fatalf("awstest: seed REST API %s: no root resource", id)
	}
	_, err = s.sdk.APIGW.PutMethod(s.ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: root,
		HttpMethod: sdkaws.String("GET"), AuthorizationType: sdkaws.String("NONE")})
	s.must(err, "method of %s", id)
	_, err = s.sdk.APIGW.PutIntegration(s.ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: root,
		HttpMethod: sdkaws.String("GET"), Type: apigwtypes.IntegrationTypeMock})
	s.must(err, "integration of %s", id)
	dep, err := s.sdk.APIGW.CreateDeployment(s.ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, Description: sdkaws.String("seed")})
	s.must(err, "deployment of %s", id)
	return id, sdkaws.ToString(dep.Id)
}

func (s *seeder) stage(api, deployment, name string, vars, tags map[string]string) {
	s.t.Helper()
	in := &apigateway.CreateStageInput{RestApiId: sdkaws.String(api), DeploymentId: sdkaws.String(deployment),
		StageName: sdkaws.String(name), Variables: vars}
	if len(tags) > 0 {
		in.Tags = tags
	}
	_, err := s.sdk.APIGW.CreateStage(s.ctx, in)
	s.must(err, "stage %s", name)
}
