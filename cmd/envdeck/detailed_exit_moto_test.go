package main

import (
	"context"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// gc --detailed-exitcode on moto: 0 on a platform with nothing to collect
// and no warning; with one warning that nothing can fix by deleting (a tag
// conflict), 2, or 0 with --fail-on critical; 1 when a source fails (API
// Gateway denied by the fault proxy in front of moto), even though the
// rest of the read plans nothing.
func TestGCDetailedExitcodeOnMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	clients := awstest.MotoClients(t, endpoint)
	fx := awstest.SeedScalePlatform(t, clients, now, awstest.ScaleOptions{Envs: 3, Stages: 2})
	c := newCLI(t)
	c.now = now
	config := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML)
	gc := func(endpoint string, extra ...string) result {
		t.Helper()
		return c.run(append([]string{"gc", "--detailed-exitcode", "-o", "json", "--config", config, "--endpoint-url", endpoint}, extra...)...)
	}

	r := gc(endpoint)
	var doc gcJSON
	mustJSON(t, r.stdout, &doc)
	if r.code != model.ExitOK || len(doc.Plan) != 0 {
		t.Fatalf("clean platform: exit %d, plan %v, findings %v\n%s", r.code, doc.Plan, doc.Findings, r.stderr)
	}

	proxy := awstest.NewProxy(t, endpoint, awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))
	if r := gc(proxy.URL); r.code != model.ExitError {
		t.Errorf("API Gateway denied: exit %d, want 1\n%s", r.code, r.stderr)
	}

	// env-0001's target group says it belongs to env-0002: a tag conflict,
	// a warning that is never collected.
	_, err := clients.ELB.AddTags(context.Background(), &elbv2.AddTagsInput{
		ResourceArns: []string{fx.TargetGroups["env-env-0001"]},
		Tags:         []elbtypes.Tag{{Key: sdkaws.String("envdeck:env"), Value: sdkaws.String("env-0002")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r = gc(endpoint)
	doc = gcJSON{}
	mustJSON(t, r.stdout, &doc)
	warnings := 0
	for _, f := range doc.Findings {
		if f.Severity == model.SeverityCritical {
			t.Fatalf("critical finding on the test platform: %+v", f)
		}
		if f.Severity == model.SeverityWarning {
			warnings++
		}
	}
	if warnings == 0 || len(doc.Plan) != 0 {
		t.Fatalf("want warnings and no plan: %d warnings, plan %v", warnings, doc.Plan)
	}
	if r.code != model.ExitChanges {
		t.Errorf("a warning with --fail-on warning: exit %d, want 2\n%s", r.code, r.stderr)
	}
	if r := gc(endpoint, "--fail-on", "critical"); r.code != model.ExitOK {
		t.Errorf("only warnings with --fail-on critical: exit %d, want 0\n%s", r.code, r.stderr)
	}
}
