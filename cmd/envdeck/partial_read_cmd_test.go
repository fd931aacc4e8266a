package main

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// No mutation on a partial picture, through the real command layer on the
// seeded host platform (moto) behind the fault proxy: in each scenario a
// source the plans rest on fails, and `gc --apply --yes` and `destroy ENV
// --yes` (and create, extend, touch, and apply of a destroy plan saved on
// a clean read) exit 1 with one line naming the failed source, print the same
// source warnings a dry run prints, make no mutating call (the proxy's
// request log) and leave the account exactly as a full read saw it before.
//
// Protection sits on one resource only: envdeck:keep=true on feat-old's
// rule (an expired environment gc would otherwise collect) and on
// feat-web's target group (a host environment with alias and record). On
// the unguarded code each scenario deleted resources of one of them, or of
// feat-login, whose stage goes unseen when API Gateway is denied.
func TestNoMutationOnPartialRead(t *testing.T) {
	var hf *awstest.HostFixture
	r := newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		hf = awstest.SeedHostPlatform(t, c, now)
		return hf.PathFixture
	})
	keepOn(t, r.moto, hf.Rules["feat-old"])
	keepOn(t, r.moto, hf.TargetGroups["env-feat-web"])
	// A destroy plan saved on a clean read, applied on a partial one.
	saved := filepath.Join(t.TempDir(), "destroy-feat-login.json")
	r.mustRun("destroy", "feat-login", "--plan-out", saved)
	// A journal to restore from: feat-search destroyed on a clean read.
	r.mustRun("destroy", "feat-search", "--yes")
	before := r.inventory()
	missingListener := strings.Replace(hf.ConfigYAML, hf.ListenerARN, hf.ListenerARN[:strings.LastIndex(hf.ListenerARN, "/")]+"/0123456789abcdef", 1)

	for _, tc := range []struct {
		name    string
		rules   []awstest.Rule
		region  string // clients in another region than the listener's
		config  string // another config text
		destroy string
		source  string // named in the refusal
	}{
		{name: "DescribeTags throttled on the batch with the keep-tagged rule", destroy: "feat-old", source: "elbv2",
			rules: []awstest.Rule{{Match: func(req *awstest.Request) bool {
				return req.Action == "DescribeTags" && strings.Contains(string(req.Body), url.QueryEscape(hf.Rules["feat-old"]))
			}, Effect: awstest.Throttle()}}},
		{name: "DescribeTargetGroups throttled", destroy: "feat-web", source: "elbv2",
			rules: []awstest.Rule{awstest.On(awstest.ServiceELBv2, "DescribeTargetGroups", awstest.Throttle())}},
		{name: "wrong region", destroy: "feat-web", source: "elbv2", region: "eu-west-1"},
		{name: "listener that does not exist", destroy: "feat-web", source: "elbv2", config: missingListener},
		{name: "API Gateway denied", destroy: "feat-login", source: "apigateway",
			rules: []awstest.Rule{awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied())}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.use(t)
			r.setRules(tc.rules...)
			defer r.setRules()
			if tc.region != "" {
				r.clientOpts = []awstest.ClientOption{func(c *sdkaws.Config) { c.Region = tc.region }}
				defer func() { r.clientOpts = nil }()
			}
			if tc.config != "" {
				saved := r.config
				r.config = writeFile(t, t.TempDir(), "envdeck.yaml", tc.config)
				defer func() { r.config = saved }()
			}
			mutations := len(r.rec.all())
			for _, args := range [][]string{{"gc", "--apply", "--yes"}, {"destroy", tc.destroy, "--yes"}, {"gc", "--apply", "--yes", "-o", "json"},
				{"create", "partial-probe", "--owner", "ci", "--yes"}, {"extend", tc.destroy, "--ttl", "1h", "--yes"},
				{"touch", tc.destroy, "--yes"}, {"apply", saved, "--yes"}, {"restore", "--env", "feat-search", "--yes"}, {"redeploy", "--yes"}} {
				res := r.run(args...)
				kind := args[0]
				if kind == "apply" {
					kind = "destroy" // the saved plan's kind
				}
				refusal := regexp.MustCompile(`(?m)^envdeck: refusing to ` + kind + `: ([a-z0-9:]+, )*` + tc.source + `\b.* could not be read`)
				if res.code != 1 || !refusal.MatchString(res.stderr) || !strings.Contains(res.stderr, "warning: "+tc.source+" could not be read: ") {
					t.Errorf("%v: exit %d, want 1 with %q and the source's warning\nstdout:\n%s\nstderr:\n%s", args, res.code, refusal, res.stdout, res.stderr)
				}
				if n := len(r.rec.all()) - mutations; n != 0 {
					t.Fatalf("%v: %d mutating calls on a partial read: %+v", args, n, r.rec.all()[mutations:])
				}
			}
			checkAccountUnchanged(t, before, r.inventory())
		})
	}

	// The console applies through its backend, which judges a fresh read
	// by the same policy: a gc plan made on a clean read is refused once
	// DescribeTags fails.
	t.Run("console apply", func(t *testing.T) {
		r.use(t)
		plan := model.PlanGC(before, r.f.Config, time.Now().UTC())
		if len(plan.Steps) == 0 {
			t.Fatal("the fixture has nothing to collect")
		}
		r.setRules(awstest.On(awstest.ServiceELBv2, "DescribeTags", awstest.Throttle()))
		defer r.setRules()
		mutations := len(r.rec.all())
		b := r.console(t)
		_, err := b.Apply(context.Background(), plan, nil)
		if err == nil || !strings.HasPrefix(err.Error(), "refusing to gc: elbv2 could not be read") {
			t.Fatalf("console apply: %v", err)
		}
		if n := len(r.rec.all()) - mutations; n != 0 {
			t.Fatalf("%d mutating calls", n)
		}
		checkAccountUnchanged(t, before, r.inventory())
	})
}

// keepOn tags one resource envdeck:keep=true, straight in moto.
func keepOn(t *testing.T, moto, arn string) {
	t.Helper()
	_, err := awstest.MotoSDK(moto).ELB.AddTags(context.Background(), &elbv2.AddTagsInput{
		ResourceArns: []string{arn}, Tags: []elbtypes.Tag{{Key: sdkaws.String("envdeck:keep"), Value: sdkaws.String("true")}}})
	if err != nil {
		t.Fatal(err)
	}
}

// checkAccountUnchanged compares two full reads: the same resources with
// the same definitions and tags.
func checkAccountUnchanged(t *testing.T, before, after *model.Inventory) {
	t.Helper()
	was, is := accountIDs(before.Snapshot), accountIDs(after.Snapshot)
	for k := range was {
		if !is[k] {
			t.Errorf("%s is gone", k)
		}
	}
	for k := range is {
		if !was[k] {
			t.Errorf("%s appeared", k)
		}
	}
	if before.Snapshot.Fingerprint() != after.Snapshot.Fingerprint() {
		t.Errorf("the account changed (fingerprint)")
	}
}

// console builds the console's backend over the proxy, as runTUI does.
func (r *faultRig) console(t *testing.T) *aws.Console {
	t.Helper()
	for k, v := range r.cli.env {
		t.Setenv(k, v)
	}
	cl := r.p.Clients(t, awstest.WithRetryer(awstest.FastBackoff(aws.NewRetryer)))
	a := &app{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{},
		env: func(k string) string { return r.cli.env[k] }, clients: &cl}
	a.flags.config = r.config
	b, _, err := a.console(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
