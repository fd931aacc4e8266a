package main

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// findingsOn returns the findings about resource id.
func findingsOn(gc gcJSON, id string) []findingJSON {
	var out []findingJSON
	for _, f := range gc.Findings {
		if f.Resource.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// gcCLI is a CLI at now against the moto platform described by configYAML.
func gcCLI(t *testing.T, now time.Time, endpoint, configYAML string) (*cli, []string) {
	c := newCLI(t)
	c.now = now
	return c, []string{"--config", writeFile(t, t.TempDir(), "envdeck.yaml", configYAML), "--endpoint-url", endpoint}
}

// gcDryRun runs gc -o json and decodes its answer.
func gcDryRun(t *testing.T, c *cli, flags []string) gcJSON {
	t.Helper()
	r := c.run(append([]string{"gc", "-o", "json"}, flags...)...)
	var dry gcJSON
	mustJSON(t, r.stdout, &dry)
	return dry
}

func inPlan(gc gcJSON, id string) bool {
	for _, s := range gc.Plan {
		if s.ID == id {
			return true
		}
	}
	return false
}

// An owned target group that only a rule on another load balancer of the
// account forwards to is in use, not an orphan: gc neither reports nor
// plans it, and gc --apply leaves it (moto refuses its delete with
// ResourceInUse, which used to fail every later run at the same step).
func TestGCKeepsTargetGroupUsedByAnotherLoadBalancer(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	clients := awstest.MotoClients(t, endpoint)
	fx := awstest.SeedPathPlatform(t, clients, now)
	tg, _ := awstest.SeedOtherLoadBalancerUse(t, clients, now, "feat-shared")
	c, flags := gcCLI(t, now, endpoint, fx.ConfigYAML)
	dry := gcDryRun(t, c, flags)
	if fs := findingsOn(dry, tg); len(fs) != 0 || inPlan(dry, tg) {
		t.Fatalf("target group used on another load balancer: findings %+v, planned %v", fs, inPlan(dry, tg))
	}
	if len(dry.Plan) == 0 {
		t.Fatal("empty plan: the fixture's garbage is no longer collected")
	}

	r := c.run(append([]string{"gc", "--apply", "--yes", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("gc --apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out, err := awstest.SDKOf(t, clients).ELB.DescribeTargetGroups(context.Background(), &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{tg}})
	if err != nil || len(out.TargetGroups) != 1 || sdkaws.ToString(out.TargetGroups[0].TargetGroupArn) != tg {
		t.Fatalf("target group in use elsewhere gone after gc --apply: %v", err)
	}
}

// A record is dangling only when no distribution of the account holds its
// name: one pointing at a live second distribution that holds it is no
// finding and stays; one pointing at a CloudFront domain that exists
// nowhere is critical and, matching the record pattern, collected. The
// reasons say where each points and whether that distribution exists.
func TestGCDanglingRecordsJudgedOverTheAccount(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	clients := awstest.MotoClients(t, endpoint)
	fx := awstest.SeedHostPlatform(t, clients, now)
	_, otherDomain := awstest.SeedDistribution(t, clients, "other-team", "feat-moved."+awstest.PreviewZone)
	moved := awstest.SeedAliasRecord(t, clients, fx.HostedZoneID, "feat-moved."+awstest.PreviewZone, otherDomain)
	ghost := awstest.SeedAliasRecord(t, clients, fx.HostedZoneID, "feat-ghost."+awstest.PreviewZone, "d0nowhere0000.cloudfront.net")
	dead := fx.Records["feat-dead."+awstest.PreviewZone]
	c, flags := gcCLI(t, now, endpoint, fx.ConfigYAML)
	dry := gcDryRun(t, c, flags)
	if fs := findingsOn(dry, moved); len(fs) != 0 || inPlan(dry, moved) {
		t.Errorf("record served by a second distribution: findings %+v, planned %v", fs, inPlan(dry, moved))
	}
	for id, want := range map[string]string{
		ghost: "points at d0nowhere0000.cloudfront.net (which no distribution of this account serves)",
		dead:  "points at " + fx.DistributionDomain + " (distribution " + fx.DistributionID + " of this account)",
	} {
		fs := findingsOn(dry, id)
		if len(fs) != 1 || fs[0].Kind != model.FindingDanglingRecord || fs[0].Severity != model.SeverityCritical ||
			fs[0].Action != model.ActionDelete || !strings.Contains(fs[0].Reason, want) {
			t.Errorf("%s: findings %+v, want one critical dangling-record to delete saying %q", id, fs, want)
		}
		if !inPlan(dry, id) {
			t.Errorf("%s not planned", id)
		}
	}

	r := c.run(append([]string{"gc", "--apply", "--yes", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("gc --apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	snap := aws.Discover(context.Background(), clients, fx.Config, aws.DiscoverOptions{SkipHealth: true})
	left := map[string]bool{}
	for _, rec := range snap.Records {
		left[model.RecordID(rec.ZoneID, rec.Name, rec.Type)] = true
	}
	if !left[moved] || left[ghost] || left[dead] {
		t.Errorf("after gc --apply: %s kept=%v (want true), %s kept=%v, %s kept=%v (want false)", moved, left[moved], ghost, left[ghost], dead, left[dead])
	}
}
