package main

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
)

// Other owners on the shared listener, on moto through the real command
// layer: rules and target groups of the AWS Load Balancer Controller,
// CloudFormation and Copilot beside the path platform's, their paths and
// names fitting envdeck's patterns. `ls -o json` names who manages each;
// `gc --apply --yes` and destroy (of an expired environment, and of the
// names their patterns would give) leave each byte for byte as it was (the
// raw describe output before and after); create on a listener, or a load
// balancer, the controller tags exits 1 with no mutating call (the proxy's
// request log), and goes ahead with alb.allow_controller_listener: true.
func TestOtherOwnersNamedAndNeverTouched(t *testing.T) {
	r := newFaultRig(t)
	oo := awstest.SeedOtherOwners(t, awstest.MotoClients(t, r.moto), r.f.Now, r.f.ListenerARN)
	before := rawELB(t, r.moto, oo)

	var ls lsJSON
	if err := json.Unmarshal([]byte(r.mustRun("ls", "-o", "json").stdout), &ls); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range ls.Unassigned {
		o, theirs := oo.ManagedBy[u.ID]
		switch {
		case theirs && (u.ManagedBy == nil || *u.ManagedBy != o.Tool || u.ManagedByName == nil || *u.ManagedByName != o.Name):
			t.Errorf("unassigned %s: managed_by %v %v, want %+v", u.ID, u.ManagedBy, u.ManagedByName, o)
		case !theirs && (u.ManagedBy != nil || u.ManagedByName != nil):
			t.Errorf("unassigned %s: managed_by %v, want null", u.ID, *u.ManagedBy)
		}
		seen[u.ID] = true
	}
	for arn := range oo.ManagedBy {
		if !seen[arn] {
			t.Errorf("%s is not listed as unassigned", arn)
		}
	}
	for _, e := range ls.Environments {
		if e.Name == "shop" || e.Name == "reports" || e.Name == "feat-cop" || e.Name == "cfn-fixed" {
			t.Errorf("another tool's resources made environment %s", e.Name)
		}
	}
	if out := r.mustRun("rules").stdout; !strings.Contains(out, "OWNER") || !strings.Contains(out, "aws-load-balancer-controller:dev-eks/shop/web") {
		t.Errorf("rules table does not name the controller:\n%s", out)
	}

	n := len(r.rec.all())
	r.mustRun("gc", "--apply", "--yes")
	for _, env := range []string{"feat-old", "shop", "reports", "feat-cop", "cfn-fixed"} {
		r.run("destroy", env, "--yes") // the pattern names are no environments: refused
	}
	for _, c := range r.rec.all()[n:] {
		for _, arn := range oo.ARNs() {
			if strings.Contains(c.Body, arn) || strings.Contains(c.Body, url.QueryEscape(arn)) {
				t.Errorf("%s %s names another tool's %s", c.Service, c.Action, arn)
			}
		}
	}
	after := rawELB(t, r.moto, oo)
	for arn, was := range before {
		if after[arn] != was {
			t.Errorf("%s changed:\nbefore %s\nafter  %s", arn, was, after[arn])
		}
	}

	for _, on := range []string{r.f.ListenerARN, r.f.LoadBalancerARN} {
		setTags(t, r.moto, on, awstest.ControllerTags("dev-eks", "ingress/shared"))
		n := len(r.rec.all())
		res := r.run("create", "feat-z", "--owner", "ci", "--yes")
		if res.code != 1 || !strings.Contains(res.stderr, "AWS Load Balancer Controller") || !strings.Contains(res.stderr, "alb.allow_controller_listener") {
			t.Errorf("create with the controller's tags on %s: exit %d\n%s", on, res.code, res.stderr)
		}
		if m := len(r.rec.all()) - n; m != 0 {
			t.Errorf("create with the controller's tags on %s: %d mutating calls", on, m)
		}
		removeControllerTags(t, r.moto, on)
	}
	setTags(t, r.moto, r.f.ListenerARN, awstest.ControllerTags("dev-eks", "ingress/shared"))
	r.config = writeFile(t, t.TempDir(), "envdeck.yaml",
		strings.Replace(r.f.ConfigYAML, "alb:\n", "alb:\n  allow_controller_listener: true\n", 1))
	r.mustRun("create", "feat-z", "--owner", "ci", "--yes")
}

// rawELB is, by ARN, the describe output of every resource of oo with its
// tags (and a target group's target health), as moto answers it, each read
// on its own so that no answer's order matters.
func rawELB(t *testing.T, moto string, oo *awstest.OtherOwners) map[string]string {
	t.Helper()
	elb := awstest.MotoSDK(moto).ELB
	ctx := context.Background()
	out := map[string]string{}
	for _, a := range oo.ARNs() {
		var parts []any
		if strings.Contains(a, ":targetgroup/") {
			to, err := elb.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{a}})
			h, herr := elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: sdkaws.String(a)})
			parts = append(parts, to, err, h.TargetHealthDescriptions, herr)
		} else {
			ro, err := elb.DescribeRules(ctx, &elbv2.DescribeRulesInput{RuleArns: []string{a}})
			parts = append(parts, ro.Rules, err)
		}
		tags, err := elb.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{a}})
		for _, d := range tags.TagDescriptions {
			sort.Slice(d.Tags, func(i, j int) bool { return *d.Tags[i].Key < *d.Tags[j].Key })
		}
		parts = append(parts, tags.TagDescriptions, err)
		b, err := json.Marshal(parts)
		if err != nil {
			t.Fatal(err)
		}
		out[a] = string(b)
	}
	return out
}

func setTags(t *testing.T, moto, arn string, tags map[string]string) {
	t.Helper()
	var ts []elbtypes.Tag
	for k, v := range tags {
		ts = append(ts, elbtypes.Tag{Key: sdkaws.String(k), Value: sdkaws.String(v)})
	}
	if _, err := awstest.MotoSDK(moto).ELB.AddTags(context.Background(), &elbv2.AddTagsInput{ResourceArns: []string{arn}, Tags: ts}); err != nil {
		t.Fatal(err)
	}
}

func removeControllerTags(t *testing.T, moto, arn string) {
	t.Helper()
	var keys []string
	for k := range awstest.ControllerTags("", "") {
		keys = append(keys, k)
	}
	if _, err := awstest.MotoSDK(moto).ELB.RemoveTags(context.Background(), &elbv2.RemoveTagsInput{ResourceArns: []string{arn}, TagKeys: keys}); err != nil {
		t.Fatal(err)
	}
}
