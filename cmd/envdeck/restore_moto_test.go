package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
)

// Through the command layer on moto: create leaves no journal and tightens
// a 0777 journal folder; restore beside a foreign target group of the same
// name refuses that group and the rule that needs it (no rule is routed to
// the stranger), restores the unrelated stage, and exits 1; once the name
// is free, restore --env brings the rest back and gc plans nothing of it.
func TestRestoreNeverAdoptsAndHousekeeping(t *testing.T) {
	c, fx, flags := motoPathPlatform(t)
	const env = "feat-n4"
	dir := filepath.Join(c.env["XDG_STATE_HOME"], "envdeck")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	must(t, os.Chmod(dir, 0o777))

	if r := c.run(append([]string{"create", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	st, err := os.Stat(dir)
	must(t, err)
	if des, _ := os.ReadDir(dir); st.Mode().Perm() != 0o700 || len(des) != 0 {
		t.Fatalf("after create: journal folder mode %o, files %v (want 0700, none)", st.Mode().Perm(), des)
	}
	if r := c.run(append([]string{"destroy", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("destroy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	des, _ := os.ReadDir(dir)
	if len(des) != 1 {
		t.Fatalf("journals after destroy: %v", des)
	}
	id := strings.TrimSuffix(des[0].Name(), ".jsonl")

	// Another team makes a target group of the same name.
	elb := awstest.MotoClients(t, flags[3]).ELB
	ctx := context.Background()
	foreign, err := elb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: awssdk.String("env-" + env), TargetType: elbtypes.TargetTypeEnumLambda,
		Tags: []elbtypes.Tag{{Key: awssdk.String("team"), Value: awssdk.String("payments")}}})
	must(t, err)
	foreignARN := awssdk.ToString(foreign.TargetGroups[0].TargetGroupArn)

	for _, args := range [][]string{{"restore", id, "--yes"}, {"restore", "--env", env, "--yes"}} {
		r := c.run(append(args, flags...)...)
		if r.code != 1 || !strings.Contains(r.stdout, "Not restored (2)") || !strings.Contains(r.stdout, "never takes over") {
			t.Fatalf("%v beside a foreign target group: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	routesTo := func(arn string) bool {
		out, err := elb.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: awssdk.String(fx.ListenerARN)})
		must(t, err)
		for _, r := range out.Rules {
			for _, a := range r.Actions {
				if awssdk.ToString(a.TargetGroupArn) == arn {
					return true
				}
				if a.ForwardConfig != nil {
					for _, tg := range a.ForwardConfig.TargetGroups {
						if awssdk.ToString(tg.TargetGroupArn) == arn {
							return true
						}
					}
				}
			}
		}
		return false
	}
	if routesTo(foreignARN) {
		t.Fatal("a restored rule routes to the foreign target group")
	}
	tags, err := elb.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{foreignARN}})
	must(t, err)
	if len(tags.TagDescriptions) != 1 || len(tags.TagDescriptions[0].Tags) != 1 {
		t.Fatalf("foreign target group's tags changed: %+v", tags.TagDescriptions)
	}
	var show envJSON
	r := c.run(append([]string{"show", env, "-o", "json"}, flags...)...)
	mustJSON(t, r.stdout, &show)
	owned := map[string]int{}
	for _, res := range show.Resources {
		if res.Owned {
			owned[string(res.Type)]++
		}
	}
	if len(owned) != 1 || owned["apigw-stage"] != 1 {
		t.Fatalf("after the refused restore, %s owns %v (want its stage only)", env, owned)
	}

	// The name is free again: restore --env brings the rest back, alive.
	_, err = elb.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: awssdk.String(foreignARN)})
	must(t, err)
	if r := c.run(append([]string{"restore", "--env", env, "--yes"}, flags...)...); r.code != 0 {
		t.Fatalf("restore --env: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(append([]string{"show", env, "-o", "json"}, flags...)...)
	mustJSON(t, r.stdout, &show)
	if len(show.Resources) != 3 {
		t.Fatalf("after restore --env: %+v", show.Resources)
	}
	var gc gcJSON
	mustJSON(t, c.run(append([]string{"gc", "-o", "json"}, flags...)...).stdout, &gc)
	for _, s := range gc.Plan {
		if strings.Contains(s.ID, env) {
			t.Errorf("gc after restore plans %s %s", s.Type, s.ID)
		}
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Fatalf("restore runs that deleted nothing wrote journals: %v", des)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// --oidc-client-secret-from names a variable that is not set: refused
// before anything is read.
func TestRestoreSecretVariableMustBeSet(t *testing.T) {
	c := newCLI(t)
	r := c.run("restore", "20261101T000000Z-0000", "--oidc-client-secret-from", "NOT_SET_ANYWHERE", "--yes")
	if r.code != 2 || !strings.Contains(r.stderr, "NOT_SET_ANYWHERE") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}
