package main

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
)

// healthAnswer rewrites a DescribeTargetHealth answer to one Lambda target
// in state (moto reports every registered target healthy, and a new group
// has none: the proxy gives the states AWS goes through).
func healthAnswer(state, reason string) awstest.Effect {
	return awstest.Rewrite(func(_ *awstest.Request, r *awstest.Reply) {
		r.Status = 200
		r.Body = []byte(`<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">` +
			`<DescribeTargetHealthResult><TargetHealthDescriptions><member>` +
			`<Target><Id>arn:aws:lambda:us-east-1:123456789012:function:feat-wait</Id></Target>` +
			`<TargetHealth><State>` + state + `</State><Reason>` + reason + `</Reason></TargetHealth>` +
			`</member></TargetHealthDescriptions></DescribeTargetHealthResult>` +
			`<ResponseMetadata><RequestId>wait</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`)
	})
}

// healthOf is a rule on the health reads of target group name only.
func healthOf(name string, e awstest.Effect) awstest.Rule {
	r := awstest.On(awstest.ServiceELBv2, "DescribeTargetHealth", e)
	r.Match = func(req *awstest.Request) bool { return bytes.Contains(req.Body, []byte("%2F"+name+"%2F")) }
	return r
}

// create --wait on moto, through a proxy that reports the new target
// initial twice, then healthy: create returns (exit 0) after the third
// read of that group's health, counted in the proxy's log; nothing is
// written to stderr on a pipe.
func TestCreateWaitServesOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	r.proxy.SetRules(
		healthOf("env-feat-wait", healthAnswer("initial", "Elb.RegistrationInProgress")).Times(2),
		healthOf("env-feat-wait", healthAnswer("healthy", "")).Skip(2),
	)
	res := r.run("create", "feat-wait", "--no-stage", "--wait=20s", "--yes")
	if res.code != 0 {
		t.Fatalf("create --wait: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	reads := r.proxy.CountInjected("rewrite")
	if reads != 3 {
		t.Errorf("%d health reads of env-feat-wait, want 3 (initial, initial, healthy)", reads)
	}
	if !strings.Contains(res.stdout, "feat-wait is serving: env-feat-wait: 1 serving (3 reads") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
	if res.stderr != "" {
		t.Errorf("progress on a pipe: %q", res.stderr)
	}
}

// create --wait with the target unhealthy forever exits 1 at the timeout
// with the last health state; the environment stays created.
func TestCreateWaitTimesOutOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	r.proxy.SetRules(healthOf("env-feat-sick", healthAnswer("unhealthy", "Target.FailedHealthChecks")))
	res := r.run("create", "feat-sick", "--no-stage", "--wait=3s", "--yes")
	want := "envdeck: feat-sick is not serving after 3s"
	if res.code != 1 || !strings.HasPrefix(res.stderr, want) ||
		!strings.Contains(res.stderr, "env-feat-sick: 1 unhealthy (Target.FailedHealthChecks)") || strings.Count(res.stderr, "\n") != 1 {
		t.Fatalf("exit %d stderr %q, want one line starting %q with the last state", res.code, res.stderr, want)
	}
	if reads := r.proxy.CountInjected("rewrite"); reads < 2 {
		t.Errorf("%d health reads: the wait read only once", reads)
	}
	if e := r.show(t, "feat-sick"); len(e.Resources) < 2 {
		t.Errorf("feat-sick after the wait: %+v", e.Resources)
	}
	for _, bad := range []string{"--wait=soon", "--wait=0"} {
		r.refused(t, "--wait", "create", "feat-bad", bad, "--yes")
	}
}

// create --host --wait with a per-environment hostname also waits for the
// distribution to be Deployed: the proxy reports it InProgress on the
// first two reads that hold the new alias (moto is Deployed at once), the
// target serves from the start: create returns after the third read.
func TestCreateWaitForDistributionOnMoto(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	fx := awstest.SeedHostPlatform(t, awstest.MotoClients(t, endpoint), time.Now().UTC().Truncate(time.Second))
	proxy := awstest.NewProxy(t, endpoint)
	var mu sync.Mutex
	inProgress, distReads := 2, 0
	cf := awstest.On(awstest.ServiceCloudFront, "GetDistribution", awstest.Rewrite(func(_ *awstest.Request, rep *awstest.Reply) {
		if !bytes.Contains(rep.Body, []byte("feat-edge."+awstest.PreviewZone)) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		distReads++
		if inProgress > 0 && bytes.Contains(rep.Body, []byte("<Status>Deployed</Status>")) {
			inProgress--
			rep.Body = bytes.Replace(rep.Body, []byte("<Status>Deployed</Status>"), []byte("<Status>InProgress</Status>"), 1)
		}
	}))
	proxy.SetRules(healthOf("env-feat-edge", healthAnswer("healthy", "")), cf)
	// Per-environment hostnames: the fixture's config without the slot pool.
	cfg := regexp.MustCompile(`(?m)^  slots:\n(    .*\n)+`).ReplaceAllString(fx.ConfigYAML, "")
	c := newCLI(t)
	flags := []string{"--config", writeFile(t, t.TempDir(), "envdeck.yaml", cfg), "--endpoint-url", proxy.URL}
	res := c.run(append([]string{"create", "feat-edge", "--host", "--no-stage", "--wait=30s", "--yes"}, flags...)...)
	if res.code != 0 {
		t.Fatalf("create --host --wait: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	want := "feat-edge is serving: env-feat-edge: 1 serving; distribution " + fx.DistributionID + " Deployed (3 reads"
	if !strings.Contains(res.stdout, want) || distReads != 3 || inProgress != 0 {
		t.Errorf("%d distribution reads (%d InProgress left), stdout:\n%s\nwant %q", distReads, inProgress, res.stdout, want)
	}
}

// create --target registers the backend in the new target group; moto
// reports a registered target healthy at once, so --wait returns after
// its first read, and show lists the target.
func TestCreateTargetAndWaitOnMoto(t *testing.T) {
	r := newLifecycleRig(t)
	fn := "arn:aws:lambda:us-east-1:" + awstest.MotoAccount + ":function:app-feat-reg"
	res := r.run("create", "feat-reg", "--no-stage", "--target", fn, "--wait=20s", "--yes")
	if res.code != 0 || !strings.Contains(res.stdout, "registers "+fn) || !strings.Contains(res.stdout, "feat-reg is serving: env-feat-reg: 1 serving (1 read,") {
		t.Fatalf("create --target --wait: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if n := r.proxy.Count(awstest.ServiceELBv2, "RegisterTargets"); n != 1 {
		t.Errorf("%d RegisterTargets calls", n)
	}
	e := r.show(t, "feat-reg")
	if e.Status != "healthy" {
		t.Errorf("feat-reg is %s", e.Status)
	}
	r.refused(t, `--target "10.0.0.1": want a Lambda function ARN`, "create", "feat-ip", "--target", "10.0.0.1", "--yes")
}
