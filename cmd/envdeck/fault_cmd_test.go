package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// Fault tests of the write path, through the real command layer:
// create, destroy and `gc --apply --yes` under 30 % throttling and 5 % 5xx,
// and with the connection dropped at each mutating call. The proxy's
// request log proves that nothing is deleted twice and that no mutating
// call names a resource envdeck does not own.
//
// The commands get SDK clients for the proxy with aws.NewRetryer's retry
// decisions but a millisecond backoff (awstest.FastBackoff), so hundreds of
// faults are absorbed in seconds. Everything
// else — flags, config, discovery, plan, account guard, apply, journal,
// output — is the real code.

// Fault rates: 30 % of every call throttled (each protocol's own
// form), 5 % answered with HTTP 5xx (half 500, half 503).
const (
	faultThrottle = 0.30
	fault5xx      = 0.05
)

// mutatingCall is one mutating request the proxy saw (body kept).
type mutatingCall struct {
	Seq     int
	Service string
	Action  string
	Method  string
	Path    string
	Body    string
}

// recorder keeps every mutating request with its body; it must be the
// proxy's first rule (it never fires, so later rules still apply).
type recorder struct {
	mu    sync.Mutex
	calls []mutatingCall
}

func (r *recorder) rule() awstest.Rule {
	return awstest.Rule{Match: func(req *awstest.Request) bool {
		if aws.IsMutating(req.Action) {
			r.mu.Lock()
			r.calls = append(r.calls, mutatingCall{Seq: req.Seq, Service: req.Service, Action: req.Action,
				Method: req.HTTP.Method, Path: req.HTTP.URL.Path, Body: string(req.Body)})
			r.mu.Unlock()
		}
		return false
	}, Effect: awstest.Drop()}
}

func (r *recorder) all() []mutatingCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]mutatingCall(nil), r.calls...)
}

// faultRig is a seeded path platform in moto, a proxy in front of it, and
// the CLI pointed at the proxy.
type faultRig struct {
	t      *testing.T
	moto   string
	f      *awstest.PathFixture
	p      *awstest.Proxy
	rec    *recorder
	cli    *cli
	config string
	// clientOpts adjust the clients of every run (e.g. another region).
	clientOpts []awstest.ClientOption
}

func newFaultRig(t *testing.T) *faultRig {
	t.Helper()
	return newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		return awstest.SeedPathPlatform(t, c, now)
	})
}

// newFaultRigWith seeds the platform seed returns (the path platform, or
// the host platform's PathFixture).
func newFaultRigWith(t *testing.T, seed func(aws.Clients, time.Time) *awstest.PathFixture) *faultRig {
	t.Helper()
	moto := awstest.SharedMoto(t)
	f := seed(awstest.MotoClients(t, moto), time.Now().UTC().Truncate(time.Second))
	r := &faultRig{t: t, moto: moto, f: f, rec: &recorder{}, cli: newCLI(t)}
	r.p = awstest.NewProxy(t, moto)
	r.setRules()
	r.config = writeFile(t, t.TempDir(), "envdeck.yaml", f.ConfigYAML)
	return r
}

// use makes t the test that runs commands and fails (for subtests).
func (r *faultRig) use(t *testing.T) {
	r.t, r.cli.t = t, t
}

// setRules installs the recorder then rules.
func (r *faultRig) setRules(rules ...awstest.Rule) {
	r.p.SetRules(append([]awstest.Rule{r.rec.rule()}, rules...)...)
}

// run runs one envdeck command against the proxy, with fresh clients (as
// a new process would build).
func (r *faultRig) run(args ...string) result {
	r.t.Helper()
	opts := append([]awstest.ClientOption{awstest.WithRetryer(awstest.FastBackoff(aws.NewRetryer))}, r.clientOpts...)
	cl := r.p.Clients(r.t, opts...)
	return r.cli.runWith(cl, append(args, "--endpoint-url", r.p.URL, "--config", r.config)...)
}

// runWith is cli.run with the account's clients already built.
func (c *cli) runWith(clients aws.Clients, args ...string) result {
	c.t.Helper()
	for k, v := range c.env {
		c.t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(c.stdin), stdout: &out, stderr: &errb, env: func(k string) string { return c.env[k] }, clients: &clients}
	if !c.now.IsZero() {
		now := c.now
		a.now = func() time.Time { return now }
	}
	onTerm := c.onTerm
	a.isTerminal = func() bool { return onTerm }
	code := a.main(args)
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// inventory reads moto directly (no proxy, no fault).
func (r *faultRig) inventory() *model.Inventory { return r.read(false) }

// resourcesOnly reads moto without target health: enough to see which
// resources exist, not for findings.
func (r *faultRig) resourcesOnly() *model.Inventory { return r.read(true) }

func (r *faultRig) read(skipHealth bool) *model.Inventory {
	r.t.Helper()
	c := awstest.MotoClients(r.t, r.moto, awstest.WithRetryer(awstest.FastBackoff(aws.NewRetryer)))
	snap := aws.Discover(context.Background(), c, r.f.Config, aws.DiscoverOptions{SkipHealth: skipHealth})
	if len(snap.Errors) != 0 {
		r.t.Fatalf("clean read: %+v", snap.Errors)
	}
	return model.BuildInventory(snap, r.f.Config, time.Now().UTC())
}

// resources is every resource of the account: "type id" → owned.
func resources(inv *model.Inventory) map[string]bool {
	out := map[string]bool{}
	for _, e := range inv.Environments {
		for _, x := range e.Resources {
			out[string(x.Type)+" "+x.ID] = x.Owned
		}
	}
	for _, x := range inv.Unassigned {
		out[string(x.Type)+" "+x.ID] = false
	}
	return out
}

// envResources lists the resources of env (by tag or pattern), leaks included.
func envResources(inv *model.Inventory, env string) []model.ResourceRef {
	keys := inv.Snapshot
	var out []model.ResourceRef
	for _, x := range keys.Rules {
		if x.Tags["envdeck:env"] == env {
			out = append(out, model.ResourceRef{Type: model.TypeRule, ID: x.ARN, Owned: x.Tags["envdeck:managed-by"] == "envdeck"})
		}
	}
	for _, x := range keys.TargetGroups {
		if x.Tags["envdeck:env"] == env || x.Name == "env-"+env {
			out = append(out, model.ResourceRef{Type: model.TypeTargetGroup, ID: x.ARN, Owned: x.Tags["envdeck:managed-by"] == "envdeck"})
		}
	}
	for _, x := range keys.Stages {
		if x.Tags["envdeck:env"] == env || x.Name == env {
			out = append(out, model.ResourceRef{Type: model.TypeStage, ID: model.StageID(x.RestAPIID, x.Name), Owned: x.Tags["envdeck:managed-by"] == "envdeck"})
		}
	}
	return out
}

// checkCreated asserts env exists exactly as a clean create leaves it: one
// rule, one target group, one stage, all owned and tagged for env.
func checkCreated(t *testing.T, inv *model.Inventory, env string) {
	t.Helper()
	kinds := map[model.ResourceType]int{}
	for _, x := range envResources(inv, env) {
		kinds[x.Type]++
		if !x.Owned {
			t.Errorf("%s %s of %s is not owned", x.Type, x.ID, env)
		}
	}
	if kinds[model.TypeRule] != 1 || kinds[model.TypeTargetGroup] != 1 || kinds[model.TypeStage] != 1 {
		t.Fatalf("%s: %v, want one rule, one target group, one stage: %+v", env, kinds, envResources(inv, env))
	}
	if _, ok := inv.Env(env); !ok {
		t.Fatalf("%s is no environment", env)
	}
}

// checkGone asserts nothing of env is left.
func checkGone(t *testing.T, inv *model.Inventory, env string) {
	t.Helper()
	if left := envResources(inv, env); len(left) != 0 {
		t.Fatalf("%s: %d resources left: %+v", env, len(left), left)
	}
}

// checkOthersUnchanged asserts every resource outside envs is as before.
func checkOthersUnchanged(t *testing.T, before, after *model.Inventory, envs ...string) {
	t.Helper()
	skip := map[string]bool{}
	for _, inv := range []*model.Inventory{before, after} {
		for _, e := range envs {
			for _, x := range envResources(inv, e) {
				skip[string(x.Type)+" "+x.ID] = true
			}
		}
	}
	b, a := resources(before), resources(after)
	for k, owned := range b {
		if skip[k] {
			continue
		}
		if o, ok := a[k]; !ok || o != owned {
			t.Errorf("%s (owned %v) changed: present %v owned %v", k, owned, ok, o)
		}
	}
	for k := range a {
		if !skip[k] && !hasKey(b, k) {
			t.Errorf("%s appeared", k)
		}
	}
}

func hasKey(m map[string]bool, k string) bool { _, ok := m[k]; return ok }

// deletedIDs are the resources a mutating call deletes (none when it
// deletes nothing): DeleteRule, DeleteTargetGroup, DeleteStage, and each DELETE of a
// ChangeResourceRecordSets batch ("ZONE/NAME/TYPE").
func deletedIDs(c mutatingCall) []string {
	switch c.Action {
	case "DeleteRule":
		return []string{"rule " + formValue(c.Body, "RuleArn")}
	case "DeleteTargetGroup":
		return []string{"tg " + formValue(c.Body, "TargetGroupArn")}
	case "DeleteStage":
		if m := stagePath.FindStringSubmatch(c.Path); m != nil {
			return []string{"stage " + m[1] + "/" + m[2]}
		}
	case "ChangeResourceRecordSets":
		var out []string
		for _, ch := range recordChanges(c) {
			if ch.action == "DELETE" {
				out = append(out, ch.id)
			}
		}
		return out
	}
	return nil
}

type recordChange struct{ action, id string }

// recordChanges are the changes of a ChangeResourceRecordSets batch, each
// with its record id "record ZONE/NAME/TYPE".
func recordChanges(c mutatingCall) []recordChange {
	if c.Action != "ChangeResourceRecordSets" {
		return nil
	}
	var batch struct {
		Changes []struct {
			Action string `xml:"Action"`
			Set    struct {
				Name string `xml:"Name"`
				Type string `xml:"Type"`
			} `xml:"ResourceRecordSet"`
		} `xml:"ChangeBatch>Changes>Change"`
	}
	_ = xml.Unmarshal([]byte(c.Body), &batch)
	zone := strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(c.Path, "/2013-04-01/hostedzone/"), "/rrset"), "/")
	var out []recordChange
	for _, ch := range batch.Changes {
		out = append(out, recordChange{ch.Action, "record " + model.RecordID(zone, strings.TrimSuffix(ch.Set.Name, "."), ch.Set.Type)})
	}
	return out
}

// changedRecords are the ids of every record a call creates, changes or deletes.
func changedRecords(c mutatingCall) []string {
	var out []string
	for _, ch := range recordChanges(c) {
		out = append(out, ch.id)
	}
	return out
}

var stagePath = regexp.MustCompile(`^/restapis/([^/]+)/stages/([^/]+)$`)

func formValue(body, key string) string {
	v, _ := url.ParseQuery(body)
	return v.Get(key)
}

// checkRequestLog proves from the proxy's log that no resource was deleted
// twice (at most one 2xx delete per id) and that no mutating call named an
// unowned resource. It returns how many deletes succeeded.
func (r *faultRig) checkRequestLog(unowned []model.ResourceRef) int {
	t := r.t
	t.Helper()
	status := map[int]int{}
	for _, c := range r.p.Log() {
		status[c.Seq] = c.Status
	}
	deleted := map[string]int{}
	n := 0
	for _, c := range r.rec.all() {
		st := status[c.Seq]
		if st >= 200 && st < 300 {
			for _, id := range deletedIDs(c) {
				deleted[id]++
				n++
				if deleted[id] == 2 {
					t.Errorf("%s deleted twice (%s, seq %d)", id, c.Action, c.Seq)
				}
			}
		}
		named := map[string]bool{}
		for _, id := range changedRecords(c) {
			named[id] = true
		}
		text := c.Path + " " + c.Body
		if u, err := url.QueryUnescape(c.Body); err == nil {
			text += " " + u
		}
		for _, x := range unowned {
			hit := false
			switch x.Type {
			case model.TypeRecord:
				hit = named["record "+x.ID]
			case model.TypeAlias:
				// UpdateDistribution sends the whole configuration, every
				// alias included: aliases are checked in the end state.
			case model.TypeStage:
				api, stage, _ := strings.Cut(x.ID, "/")
				hit = strings.Contains(text, "/restapis/"+api+"/stages/"+stage)
			default:
				hit = strings.Contains(text, x.ID)
			}
			if hit {
				t.Errorf("%s %s (status %d) names unowned %s %s", c.Service, c.Action, st, x.Type, x.ID)
			}
		}
	}
	return n
}

// unownedRefs are the resources of inv envdeck does not own.
func unownedRefs(inv *model.Inventory) []model.ResourceRef {
	var out []model.ResourceRef
	for _, e := range inv.Environments {
		for _, x := range e.Resources {
			if !x.Owned {
				out = append(out, x)
			}
		}
	}
	return append(out, inv.Unassigned...)
}

func (r *faultRig) mustRun(args ...string) result {
	r.t.Helper()
	res := r.run(args...)
	if res.code != 0 {
		r.t.Fatalf("envdeck %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.code, res.stdout, res.stderr)
	}
	return res
}

// outage drops the connection at the k-th mutating call — before the
// upstream sees it (Drop) or after the upstream acted on it (DropResponse)
// — and, when down, every request after it, as if the network went away
// mid-apply: the SDK's retries fail too and the apply stops there.
type outage struct {
	mu     sync.Mutex
	k      int
	effect awstest.Effect
	down   bool // every request after the k-th mutating one is dropped
	seen   int
	at     int // seq of the k-th mutating request; 0 until it comes
}

func (o *outage) rules() []awstest.Rule {
	return []awstest.Rule{
		{Match: func(r *awstest.Request) bool {
			o.mu.Lock()
			defer o.mu.Unlock()
			if o.at != 0 || !aws.IsMutating(r.Action) {
				return false
			}
			if o.seen++; o.seen == o.k {
				o.at = r.Seq
				return true
			}
			return false
		}, Effect: o.effect},
		{Match: func(r *awstest.Request) bool {
			o.mu.Lock()
			defer o.mu.Unlock()
			return o.down && o.at != 0 && r.Seq > o.at
		}, Effect: awstest.Drop()},
	}
}

func (o *outage) fired() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.at != 0
}

// mutatingCount is how many mutating calls a clean run of args makes.
func (r *faultRig) mutatingCount(args ...string) int {
	r.t.Helper()
	n := len(r.rec.all())
	r.mustRun(args...)
	return len(r.rec.all()) - n
}

// purge deletes every resource of envs straight in moto (test cleanup, so
// a failed case leaves neither stages nor priorities to the next).
func (r *faultRig) purge(envs ...string) {
	t := r.t
	t.Helper()
	sdk := awstest.MotoSDK(r.moto)
	ctx := context.Background()
	inv := r.resourcesOnly()
	for _, typ := range []model.ResourceType{model.TypeRule, model.TypeStage, model.TypeTargetGroup} {
		for _, env := range envs {
			for _, x := range envResources(inv, env) {
				if x.Type != typ {
					continue
				}
				var err error
				switch typ {
				case model.TypeRule:
					_, err = sdk.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: &x.ID})
				case model.TypeTargetGroup:
					_, err = sdk.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: &x.ID})
				case model.TypeStage:
					api, stage, _ := strings.Cut(x.ID, "/")
					_, err = sdk.APIGW.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: &api, StageName: &stage})
				}
				if err != nil {
					t.Errorf("purge %s %s: %v", x.Type, x.ID, err)
				}
			}
		}
	}
}

// rerunOK: a rerun that finds nothing left to do may say so with exit 1
// ("no such environment": the destroy had in fact finished before the
// connection dropped); any other failure fails the test. It reports
// whether the rerun said so.
func rerunOK(t *testing.T, res result) (alreadyDone bool) {
	t.Helper()
	if res.code == 0 {
		return false
	}
	if !strings.Contains(res.stderr, "no such environment") {
		t.Fatalf("rerun: exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	return true
}

// The write path under faults, on one seeded platform behind one proxy:
//
//   - throttling-and-5xx: create, destroy and `gc --apply --yes` complete
//     and converge under 30 % throttling and 5 % 5xx on every call; gc
//     deletes exactly the fixture's collectable resources;
//   - dropped connections mid-apply, for create, destroy and gc: the
//     connection of the k-th mutating call is dropped after the upstream
//     acted on it (drop-response) or before it reached it (drop), with the
//     network down from then on: the command fails; run again, it
//     converges to the end state of a clean run. With a single dropped
//     answer and the network up (drop-response-retried: the SDK retries a
//     call the upstream already acted on), the end state is the clean one
//     too. A create is rerun as `envdeck apply PLAN` of the plan it saved;
//   - create-rerun: a killed `envdeck create` is finished by running it
//     again (docs/CONTRACT.md § Ownership and safety);
//
// and at the end the request log of all of it shows no resource deleted
// twice and no mutating call naming a resource envdeck does not own.
func TestFaultWritePath(t *testing.T) {
	r := newFaultRig(t)
	start := r.inventory()
	unowned := unownedRefs(start)
	if len(unowned) < 10 {
		t.Fatalf("fixture has %d unowned resources, want the legacy and feat-manual ones", len(unowned))
	}
	fl := awstest.NewFaultMix(8, faultThrottle, fault5xx, aws.NewRetryer().MaxAttempts()-1)

	t.Run("throttling-and-5xx", func(t *testing.T) {
		r.use(t)
		r.setRules(fl.Rules()...)
		defer r.setRules()
		n0 := len(r.p.Log())

		r.mustRun("create", "fault-a", "--owner", "ci", "--yes")
		mid := r.resourcesOnly()
		checkCreated(t, mid, "fault-a")
		checkOthersUnchanged(t, start, mid, "fault-a")

		r.mustRun("destroy", "fault-a", "--yes")
		after := r.resourcesOnly()
		checkGone(t, after, "fault-a")
		checkOthersUnchanged(t, start, after, "fault-a")

		res := r.mustRun("gc", "--apply", "--yes", "-o", "json")
		var gc gcJSON
		if err := json.Unmarshal([]byte(res.stdout), &gc); err != nil {
			t.Fatalf("gc json: %v\n%s", err, res.stdout)
		}
		var planned, collectable []string
		for _, s := range gc.Plan {
			planned = append(planned, string(s.Type)+" "+s.ID)
		}
		gone := map[string]bool{}
		for _, x := range r.f.Collectable {
			collectable = append(collectable, string(x.Type)+" "+x.ID)
			gone[string(x.Type)+" "+x.ID] = true
		}
		sort.Strings(planned)
		sort.Strings(collectable)
		if !gc.Applied || strings.Join(planned, "\n") != strings.Join(collectable, "\n") {
			t.Fatalf("gc applied=%v plan:\n%s\nwant:\n%s", gc.Applied, strings.Join(planned, "\n"), strings.Join(collectable, "\n"))
		}
		end := r.inventory()
		left := resources(end)
		for k, owned := range resources(start) {
			o, ok := left[k]
			switch {
			case gone[k] && ok:
				t.Errorf("%s still exists after gc", k)
			case !gone[k] && (!ok || o != owned):
				t.Errorf("%s (owned %v) not kept by gc", k, owned)
			}
		}
		if again := model.PlanGC(end, r.f.Config, time.Now().UTC()); len(again.Steps) != 0 {
			t.Fatalf("a second gc still plans %+v", again.Steps)
		}
		log := r.p.Log()[n0:]
		throttles, errs5xx := 0, 0
		for _, c := range log {
			if strings.HasPrefix(c.Injected, "throttle") {
				throttles++
			}
			if strings.HasPrefix(c.Injected, "http-5") {
				errs5xx++
			}
		}
		if throttles == 0 || errs5xx == 0 {
			t.Fatalf("%d throttles and %d 5xx injected: the faults did not apply", throttles, errs5xx)
		}
		t.Logf("create + destroy + gc of %d: %d attempts at the proxy, %d throttles and %d 5xx absorbed, %d faults withheld by the streak limit",
			len(collectable), len(log), throttles, errs5xx, fl.Withheld())
	})

	// Count the mutating calls of a clean create and destroy.
	r.use(t)
	nCreate := r.mutatingCount("create", "probe", "--owner", "ci", "--yes")
	nDestroy := r.mutatingCount("destroy", "probe", "--yes")
	if nCreate != 3 || nDestroy != 3 {
		t.Fatalf("a clean create makes %d mutating calls, a destroy %d; want 3 each (target group, rule, stage)", nCreate, nDestroy)
	}
	base := r.resourcesOnly()
	past := time.Now().UTC().Add(-10 * 24 * time.Hour)

	type variant struct {
		name   string
		effect awstest.Effect
		down   bool
		ks     []int // which mutating call of a create or destroy (3 each)
		gcKs   []int // which of a gc of two environments (6)
	}
	variants := []variant{
		{"drop-response", awstest.DropResponse(), true, []int{1, 2, 3}, []int{1, 4, 6}},
		{"drop-response-retried", awstest.DropResponse(), false, []int{1, 2, 3}, []int{4}},
		{"drop", awstest.Drop(), true, []int{2}, []int{4}},
	}
	// firstRun runs args with v's fault at mutating call k and tells
	// whether it failed.
	firstRun := func(t *testing.T, v variant, k int, args ...string) bool {
		t.Helper()
		o := &outage{k: k, effect: v.effect, down: v.down}
		r.setRules(o.rules()...)
		first := r.run(args...)
		r.setRules()
		if !o.fired() {
			t.Fatalf("mutating call %d never came (exit %d)\n%s", k, first.code, first.stdout)
		}
		if v.down && first.code == 0 {
			t.Fatalf("%v succeeded with the network down from mutating call %d:\n%s", args, k, first.stdout)
		}
		return first.code != 0
	}
	reruns, noSuchEnv := 0, 0
	for _, v := range variants {
		for _, k := range v.ks {
			t.Run(fmt.Sprintf("create/%s/%d", v.name, k), func(t *testing.T) {
				r.use(t)
				env := fmt.Sprintf("c-%s-%d", v.name, k)
				t.Cleanup(func() { r.use(t); r.purge(env) })
				plan := filepath.Join(t.TempDir(), "plan.json")
				r.mustRun("create", env, "--owner", "ci", "--plan-out", plan)
				if firstRun(t, v, k, "apply", plan, "--yes") {
					reruns++
					r.mustRun("apply", plan, "--yes")
				}
				after := r.resourcesOnly()
				checkCreated(t, after, env)
				checkOthersUnchanged(t, base, after, env)
			})
		}
		for _, k := range v.ks {
			t.Run(fmt.Sprintf("destroy/%s/%d", v.name, k), func(t *testing.T) {
				r.use(t)
				env := fmt.Sprintf("d-%s-%d", v.name, k)
				t.Cleanup(func() { r.use(t); r.purge(env) })
				r.mustRun("create", env, "--owner", "ci", "--yes")
				if firstRun(t, v, k, "destroy", env, "--yes") {
					reruns++
					if rerunOK(t, r.run("destroy", env, "--yes")) {
						noSuchEnv++
					}
				}
				after := r.resourcesOnly()
				checkGone(t, after, env)
				checkOthersUnchanged(t, base, after, env)
			})
		}
		for _, k := range v.gcKs {
			t.Run(fmt.Sprintf("gc/%s/%d", v.name, k), func(t *testing.T) {
				r.use(t)
				envs := []string{fmt.Sprintf("g-%s-%d-a", v.name, k), fmt.Sprintf("g-%s-%d-b", v.name, k)}
				t.Cleanup(func() { r.use(t); r.purge(envs...) })
				r.cli.now = past
				for _, n := range envs {
					r.mustRun("create", n, "--owner", "ci", "--ttl", "1h", "--yes")
				}
				r.cli.now = time.Time{}
				if firstRun(t, v, k, "gc", "--apply", "--yes") {
					reruns++
					r.mustRun("gc", "--apply", "--yes")
				}
				after := r.inventory()
				for _, e := range envs {
					checkGone(t, after, e)
				}
				checkOthersUnchanged(t, base, after, envs...)
				if again := model.PlanGC(after, r.f.Config, time.Now().UTC()); len(again.Steps) != 0 {
					t.Fatalf("a second gc still plans %+v", again.Steps)
				}
			})
		}
	}

	t.Run("create-rerun", func(t *testing.T) {
		r.use(t)
		t.Cleanup(func() { r.use(t); r.purge("half-made") })
		o := &outage{k: 1, effect: awstest.DropResponse(), down: true}
		r.setRules(o.rules()...)
		first := r.run("create", "half-made", "--owner", "ci", "--yes")
		r.setRules()
		if first.code == 0 || !o.fired() {
			t.Fatalf("create with the network down after its first mutating call: exit %d, fired %v", first.code, o.fired())
		}
		r.mustRun("create", "half-made", "--owner", "ci", "--yes")
		after := r.resourcesOnly()
		checkCreated(t, after, "half-made")
		checkOthersUnchanged(t, base, after, "half-made")
	})

	r.use(t)
	n := r.checkRequestLog(unowned)
	t.Logf("%d first runs failed and were rerun (%d destroy reruns exited 1 with \"no such environment\": it had finished); %d successful deletes in all, none twice; %d mutating attempts, none naming one of the %d unowned resources",
		reruns, noSuchEnv, n, len(r.rec.all()), len(unowned))
}

// accountIDs is every rule, target group, stage, alias and record of the
// snapshot, as "type id".
func accountIDs(snap *model.Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, x := range snap.Rules {
		if !x.IsDefault {
			out[string(model.TypeRule)+" "+x.ARN] = true
		}
	}
	for _, x := range snap.TargetGroups {
		out[string(model.TypeTargetGroup)+" "+x.ARN] = true
	}
	for _, x := range snap.Stages {
		out[string(model.TypeStage)+" "+model.StageID(x.RestAPIID, x.Name)] = true
	}
	if d := snap.Distribution; d != nil {
		for _, a := range d.Aliases {
			out[string(model.TypeAlias)+" "+model.AliasID(d.ID, a)] = true
		}
	}
	for _, x := range snap.Records {
		out[string(model.TypeRecord)+" "+model.RecordID(x.ZoneID, x.Name, x.Type)] = true
	}
	return out
}

// Host mode under 30 % throttling (Route 53 alternately as Throttling and
// PriorRequestNotComplete) and 5 % 5xx: destroying a per-environment
// hostname environment (record, alias through the distribution's ETag,
// rule, target group) and `gc --apply --yes` (feat-dead's dangling record,
// feat-gone's rule and target group, its slot released) complete; the
// account ends exactly as before minus what they deleted; every slot alias
// and record is kept; the request log shows no double delete and no
// mutating call naming an unowned or slot record or resource.
func TestFaultHostDestroyAndGC(t *testing.T) {
	var hf *awstest.HostFixture
	r := newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		hf = awstest.SeedHostPlatform(t, c, now)
		return hf.PathFixture
	})
	before := r.inventory()
	unowned := unownedRefs(before)
	for host := range hf.Slots {
		unowned = append(unowned, model.ResourceRef{Type: model.TypeAlias, ID: model.AliasID(hf.DistributionID, host)})
		if id, ok := hf.Records[host]; ok {
			unowned = append(unowned, model.ResourceRef{Type: model.TypeRecord, ID: id})
		}
	}
	web, ok := before.Env("feat-web")
	if !ok {
		t.Fatal("no feat-web in the host fixture")
	}
	deleted := map[string]bool{}
	kinds := map[model.ResourceType]bool{}
	for _, x := range web.Resources {
		deleted[string(x.Type)+" "+x.ID] = true
		kinds[x.Type] = true
	}
	if !kinds[model.TypeAlias] || !kinds[model.TypeRecord] || !kinds[model.TypeRule] || !kinds[model.TypeTargetGroup] {
		t.Fatalf("feat-web resources %+v: want a rule, a target group, an alias and a record", web.Resources)
	}
	var collectable []string
	for _, x := range hf.Collectable {
		collectable = append(collectable, string(x.Type)+" "+x.ID)
		deleted[string(x.Type)+" "+x.ID] = true
	}
	sort.Strings(collectable)

	fl := awstest.NewFaultMix(9, faultThrottle, fault5xx, aws.NewRetryer().MaxAttempts()-1)
	r.setRules(fl.Rules()...)
	r.mustRun("destroy", "feat-web", "--yes")
	res := r.mustRun("gc", "--apply", "--yes", "-o", "json")
	r.setRules()
	var gc gcJSON
	if err := json.Unmarshal([]byte(res.stdout), &gc); err != nil {
		t.Fatalf("gc json: %v\n%s", err, res.stdout)
	}
	var planned []string
	for _, s := range gc.Plan {
		planned = append(planned, string(s.Type)+" "+s.ID)
	}
	sort.Strings(planned)
	if !gc.Applied || strings.Join(planned, "\n") != strings.Join(collectable, "\n") {
		t.Fatalf("gc applied=%v plan:\n%s\nwant:\n%s", gc.Applied, strings.Join(planned, "\n"), strings.Join(collectable, "\n"))
	}

	after := r.inventory()
	was, is := accountIDs(before.Snapshot), accountIDs(after.Snapshot)
	for k := range was {
		if deleted[k] == is[k] {
			t.Errorf("%s: deleted %v, still there %v", k, deleted[k], is[k])
		}
	}
	for k := range is {
		if !was[k] {
			t.Errorf("%s appeared", k)
		}
	}
	for _, s := range after.Slots {
		want := hf.Slots[s.Host]
		if hf.SlotEnv[s.Host] == "feat-gone" {
			want = model.SlotFree // released by gc, alias and record kept
		}
		if s.State != want {
			t.Errorf("slot %s: %s, want %s (%s)", s.Host, s.State, want, s.Reason)
		}
	}
	if again := model.PlanGC(after, r.f.Config, time.Now().UTC()); len(again.Steps) != 0 {
		t.Fatalf("a second gc still plans %+v", again.Steps)
	}
	n := r.checkRequestLog(unowned)
	if want := len(web.Resources) - 1 + len(collectable); n != want {
		// the alias is removed by UpdateDistribution, not a delete call
		t.Errorf("%d successful deletes, want %d", n, want)
	}
	t.Logf("%d attempts; %d Throttling, %d PriorRequestNotComplete, %d 5xx absorbed; %d faults withheld by the streak limit; %d successful deletes, none twice",
		len(r.p.Log()), r.p.CountInjected("throttle"), r.p.CountInjected("prior-request"), r.p.CountInjected("http-5"), fl.Withheld(), n)
}
