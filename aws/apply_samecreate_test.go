package aws_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// Two creates of one environment (a pipeline re-run, two pushes in quick
// succession) both plan from a read where it is absent, then apply.

// sameCreateRun is one of the two creates: its result and error.
type sameCreateRun struct {
	res model.ApplyResult
	err error
}

// sameCreateFixture is the platform a case runs on.
type sameCreateFixture struct {
	slots    int  // host mode with a slot pool when > 0
	services bool // services web and bff instead of the shorthand
}

func (f sameCreateFixture) platform(t *testing.T) *applyPlatform {
	p := seedApplyPlatform(t, f.slots)
	if f.services {
		withServices(t, p)
	}
	return p
}

// planSame plans the create of env twice from one read: A now and B one
// second later (another pipeline), or both in the same second.
func planSame(t *testing.T, p *applyPlatform, env string, sameSecond bool) (a, b model.Plan) {
	t.Helper()
	inv := p.inventory(t, applyNow)
	req := model.CreateRequest{Name: env, Owner: "ci"}
	a, err := model.PlanCreate(inv, p.cfg, req, applyNow)
	must(t, err)
	later := applyNow.Add(time.Second)
	if sameSecond {
		later = applyNow
	}
	b, err = model.PlanCreate(inv, p.cfg, req, later)
	must(t, err)
	return a, b
}

func applyRun(c aws.Clients, p *applyPlatform, plan model.Plan, dir string) sameCreateRun {
	res, err := aws.Apply(context.Background(), c, p.cfg, plan, aws.LocalJournals(dir), nil)
	return sameCreateRun{res, err}
}

// On moto, path routing with a stage, one service or two, and host mode
// with a slot pool: plan A, plan B, apply A, apply B; and A and B applied
// at once; B planned the next second, or the same one (then both carry the
// same tags). Whatever the order, one complete environment results: every
// resource A or B reported made still exists (by ARN), no two rules route
// the same requests for it, it claims one slot; a create that fails says
// it was undone with nothing left; destroy then removes everything.
func TestApplySameEnvironmentCreatedTwice(t *testing.T) {
	fixtures := map[string]sameCreateFixture{
		"path, stage":               {},
		"path, stage, two services": {services: true},
		"slot pool, stage":          {slots: 2},
	}
	orders := map[string]func(t *testing.T, p *applyPlatform, a, b model.Plan) (sameCreateRun, sameCreateRun){
		"one after the other": func(t *testing.T, p *applyPlatform, a, b model.Plan) (sameCreateRun, sameCreateRun) {
			ra := applyRun(p.c, p, a, t.TempDir())
			return ra, applyRun(p.c, p, b, t.TempDir())
		},
		"at once": func(t *testing.T, p *applyPlatform, a, b model.Plan) (sameCreateRun, sameCreateRun) {
			var wg sync.WaitGroup
			var ra, rb sameCreateRun
			da, db := t.TempDir(), t.TempDir()
			wg.Add(2)
			go func() { defer wg.Done(); ra = applyRun(p.c, p, a, da) }()
			go func() { defer wg.Done(); rb = applyRun(p.c, p, b, db) }()
			wg.Wait()
			return ra, rb
		},
	}
	for fname, fx := range fixtures {
		for oname, order := range orders {
			for _, sameSecond := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/same second %v", fname, oname, sameSecond), func(t *testing.T) {
					p := fx.platform(t)
					a, b := planSame(t, p, "pr-123", sameSecond)
					ra, rb := order(t, p, a, b)
					checkSameCreate(t, p, "pr-123", ra, rb)
				})
			}
		}
	}
}

// interposer runs before (once) just ahead of B's first call named at.
type interposer struct {
	once   sync.Once
	at     string
	before func()
}

func (i *interposer) reach(call string) {
	if call == i.at {
		i.once.Do(i.before)
	}
}

// interposeELB interposes on B's ELB creates; with idempotent it answers a
// DuplicateTargetGroupName with the existing group, as AWS does for a group
// of the same settings (moto refuses it).
type interposeELB struct {
	aws.ELBV2API
	*interposer
	idempotent bool
}

func (e *interposeELB) CreateRule(ctx context.Context, in *elbv2.CreateRuleInput, o ...func(*elbv2.Options)) (*elbv2.CreateRuleOutput, error) {
	e.reach("CreateRule")
	return e.ELBV2API.CreateRule(ctx, in, o...)
}

func (e *interposeELB) CreateTargetGroup(ctx context.Context, in *elbv2.CreateTargetGroupInput, o ...func(*elbv2.Options)) (*elbv2.CreateTargetGroupOutput, error) {
	e.reach("CreateTargetGroup")
	out, err := e.ELBV2API.CreateTargetGroup(ctx, in, o...)
	if !e.idempotent || !aws.IsAlreadyExists(err) {
		return out, err
	}
	d, derr := e.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{awssdk.ToString(in.Name)}})
	if derr != nil {
		return nil, derr
	}
	return &elbv2.CreateTargetGroupOutput{TargetGroups: d.TargetGroups}, nil
}

// interposeAPIGW interposes on B's CreateStage; fail, when set, is its
// answer after the interposition.
type interposeAPIGW struct {
	aws.APIGatewayAPI
	*interposer
	fail error
}

func (g *interposeAPIGW) CreateStage(ctx context.Context, in *apigateway.CreateStageInput, o ...func(*apigateway.Options)) (*apigateway.CreateStageOutput, error) {
	g.reach("CreateStage")
	if g.fail != nil {
		return nil, g.fail
	}
	return g.APIGatewayAPI.CreateStage(ctx, in, o...)
}

// On moto: B reads each resource absent, and A's whole create runs just
// before B's create call of one kind: B's target group create is refused
// by name (or answered with A's group, as AWS does), its rule create finds
// the priority taken by A's rule of the same conditions, its stage create
// is refused as existing. What B made before, A adopted. Both succeed and
// each resource is made by one and reported already so by the other; one
// complete environment, one slot claim.
func TestApplySameEnvironmentInterleavedAtEachCreate(t *testing.T) {
	for _, fx := range []sameCreateFixture{{services: true}, {slots: 2}} {
		for _, at := range []string{"CreateTargetGroup", "CreateTargetGroup idempotent", "CreateRule", "CreateStage"} {
			t.Run(fmt.Sprintf("slots %d, %s", fx.slots, at), func(t *testing.T) {
				p := fx.platform(t)
				a, b := planSame(t, p, "pr-123", false)
				var ra sameCreateRun
				call, idem := strings.CutSuffix(at, " idempotent")
				ip := &interposer{at: call, before: func() { ra = applyRun(p.c, p, a, t.TempDir()) }}
				cb := p.c
				cb.ELB = &interposeELB{ELBV2API: p.c.ELB, interposer: ip, idempotent: idem}
				cb.APIGW = &interposeAPIGW{APIGatewayAPI: p.c.APIGW, interposer: ip}
				rb := applyRun(cb, p, b, t.TempDir())
				if ra.err != nil || rb.err != nil {
					t.Fatalf("A: %v; B: %v", ra.err, rb.err)
				}
				for i, ev := range rb.res.Events {
					if made := ev.State == model.EventDone; made == (ra.res.Events[i].State == model.EventDone) {
						t.Errorf("step %d (%s %s): A %s (%s), B %s (%s): want one made it, the other adopted it", i+1, ev.Step.Type, ev.Step.ID,
							ra.res.Events[i].State, ra.res.Events[i].Message, ev.State, ev.Message)
					}
				}
				checkSameCreate(t, p, "pr-123", ra, rb)
			})
		}
	}
}

var errStageRead = errors.New("injected: stage call failed")

// On moto: B's target group create comes right after A made its target
// groups and rules (B read them absent just before; A is still to make
// its stage), then B fails at its stage step (an injected error) and
// undoes what it made. B made nothing: its target group call was answered
// with A's group (AWS's idempotent answer, emulated; or moto's
// DuplicateTargetGroupName), its rules found A's. The undo must leave
// every resource of A in place, whether B planned in the same second as A
// (then A's group reads as B's own, and is kept because A's rule forwards
// to it) or the next, and B's error must not tell the user to destroy the
// environment A makes.
func TestApplySameEnvironmentLoserUndoKeepsWinners(t *testing.T) {
	for _, idempotent := range []bool{false, true} {
		for _, sameSecond := range []bool{false, true} {
			name := map[bool]string{false: "moto refuses the name", true: "AWS answers with the group"}[idempotent] +
				map[bool]string{false: ", next second", true: ", same second"}[sameSecond]
			t.Run(name, func(t *testing.T) {
				p := sameCreateFixture{services: true}.platform(t)
				a, b := planSame(t, p, "pr-123", sameSecond)
				if last := a.Steps[len(a.Steps)-1]; last.Type != model.TypeStage {
					t.Fatalf("A's last step is %s, want the stage", last.Type)
				}
				a.Steps = a.Steps[:len(a.Steps)-1]
				var ra sameCreateRun
				cb := p.c
				ip := &interposer{at: "CreateTargetGroup", before: func() { ra = applyRun(p.c, p, a, t.TempDir()) }}
				cb.ELB = &interposeELB{ELBV2API: p.c.ELB, interposer: ip, idempotent: idempotent}
				cb.APIGW = &interposeAPIGW{APIGatewayAPI: p.c.APIGW, interposer: ip, fail: errStageRead}
				rb := applyRun(cb, p, b, t.TempDir())
				if ra.err != nil {
					t.Fatalf("A: %v", ra.err)
				}
				var cf *aws.CreateFailedError
				if !errors.Is(rb.err, errStageRead) || !errors.As(rb.err, &cf) {
					t.Fatalf("B: want the injected stage failure, got %v", rb.err)
				}
				if cf.MadeSome != sameSecond || cf.Undone > 0 || len(cf.Left) > 0 || (len(cf.Kept) > 0) != sameSecond ||
					strings.Contains(rb.err.Error(), "envdeck destroy") {
					t.Errorf("B made nothing, yet says made %v, undone %d, left %v, kept %v: %v", cf.MadeSome, cf.Undone, cf.Left, cf.Kept, rb.err)
				}
				t.Logf("B: %v", rb.err)
				checkSameCreate(t, p, "pr-123", ra, sameCreateRun{})
			})
		}
	}
}

// checkSameCreate asserts what two creates of env must leave, then destroys
// env and asserts nothing of it is left.
func checkSameCreate(t *testing.T, p *applyPlatform, env string, runs ...sameCreateRun) {
	t.Helper()
	ok := 0
	for i, r := range runs {
		var cf *aws.CreateFailedError
		switch {
		case r.err == nil:
			ok++
		case !errors.As(r.err, &cf) || len(cf.Left) > 0:
			t.Errorf("create %c: %v: want success, or a failure undone with nothing left", 'A'+i, r.err)
		default:
			t.Logf("create %c: %v", 'A'+i, r.err)
		}
	}
	if ok == 0 {
		t.Fatal("neither create succeeded")
	}
	inv := p.inventory(t, applyNow)
	e := envOf(t, inv, env)
	if e.Status == model.StatusPartial {
		t.Errorf("%s is partial: missing %v", env, e.MissingServices)
	}
	checkMadeStillExist(t, inv.Snapshot, runs)
	checkOneRuleEach(t, inv.Snapshot, env)
	if p.cfg.CloudFront != nil && p.cfg.CloudFront.Slots != nil {
		n := 0
		for _, s := range inv.Slots {
			if s.Environment == env {
				n++
			}
		}
		if n != 1 || e.Slot == "" {
			t.Errorf("%s claims %d slots (%q), want one", env, n, e.Slot)
		}
	}
	destroy, err := model.PlanDestroy(inv, p.cfg, env, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, destroy, t.TempDir()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	rules, tgs, stages := countEnvResources(p.inventory(t, applyNow).Snapshot, env)
	if rules+tgs+stages > 0 {
		t.Fatalf("after destroy: %d rules, %d target groups, %d stages of %s left", rules, tgs, stages, env)
	}
}

// checkMadeStillExist: every rule, target group and stage a successful run
// reported made or adopted is there, by its ARN or id.
func checkMadeStillExist(t *testing.T, snap *model.Snapshot, runs []sameCreateRun) {
	t.Helper()
	for i, r := range runs {
		if r.err != nil {
			continue
		}
		for _, ev := range r.res.Events {
			if ev.Result == "" || ev.Step.Type == model.TypeAlias || ev.Step.Type == model.TypeRecord {
				continue
			}
			if _, ok := snap.Lookup(ev.Step.Type, ev.Result); !ok {
				t.Errorf("create %c's %s %s (%s) is gone", 'A'+i, ev.Step.Type, ev.Result, ev.Message)
			}
		}
	}
}

// checkOneRuleEach: env has no two rules routing the same requests.
func checkOneRuleEach(t *testing.T, snap *model.Snapshot, env string) {
	t.Helper()
	seen := map[string]string{}
	for _, r := range snap.Rules {
		if r.Tags["envdeck:env"] != env {
			continue
		}
		var key []string
		for _, c := range r.Conditions {
			key = append(key, c.Field+"="+strings.Join(c.Values, ","))
		}
		k := strings.Join(key, " ")
		if other, dup := seen[k]; dup {
			t.Errorf("two rules of %s route %s: %s and %s", env, k, other, r.ARN)
		}
		seen[k] = r.ARN
	}
}

// On moto: B planned its rules at other priorities than A (it read the
// listener later, after others' rules moved the free ones) and listed the
// listener before A's whole create ran, just ahead of B's first rule
// create. B's rules are made beside A's: B sees each has a twin of its
// environment at a lower priority (the one that routes), deletes its own
// (by the ARN its create returned) and adopts A's. One rule per service
// is left, none shadowed by its twin.
func TestApplySameEnvironmentRulePlannedElsewhere(t *testing.T) {
	for _, fx := range []sameCreateFixture{{}, {services: true}} {
		t.Run(fmt.Sprintf("services %v", fx.services), func(t *testing.T) {
			p := fx.platform(t)
			ra, rb := applyTwins(t, p, 100)
			checkSameCreate(t, p, "pr-123", ra, rb)
		})
	}
}

// On moto, what is left open: as above, but B planned its rule lower than
// A's, and A checked for a twin before B's rule existed. B's rule routes,
// A's stays as dead weight: the shadowed-rule finding names it, and
// destroy removes both.
func TestApplySameEnvironmentTwinLeftHigher(t *testing.T) {
	p := sameCreateFixture{}.platform(t)
	ra, rb := applyTwins(t, p, -100)
	inv := p.inventory(t, applyNow)
	checkMadeStillExist(t, inv.Snapshot, []sameCreateRun{ra, rb})
	shadowed := 0
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule && f.Environment == "pr-123" {
			shadowed++
			t.Logf("finding: %s %s", f.Resource.ID, f.Reason)
		}
	}
	if rules, _, _ := countEnvResources(inv.Snapshot, "pr-123"); rules != 2 || shadowed != 1 {
		t.Fatalf("%d rules of pr-123, %d shadowed-rule findings: want the twin left and reported", rules, shadowed)
	}
	destroy, err := model.PlanDestroy(inv, p.cfg, "pr-123", applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, destroy, t.TempDir()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if rules, tgs, stages := countEnvResources(p.inventory(t, applyNow).Snapshot, "pr-123"); rules+tgs+stages > 0 {
		t.Fatalf("after destroy: %d rules, %d target groups, %d stages left", rules, tgs, stages)
	}
}

// applyTwins plans pr-123 twice, B's rules shift priorities away from A's,
// and applies B with A's whole create run just before B's first rule
// create; both must succeed.
func applyTwins(t *testing.T, p *applyPlatform, shift int) (ra, rb sameCreateRun) {
	t.Helper()
	a, b := planSame(t, p, "pr-123", false)
	for _, st := range b.Steps {
		if st.Type == model.TypeRule {
			st.Def.Rule.Priority += shift
		}
	}
	cb := p.c
	ip := &interposer{at: "CreateRule", before: func() { ra = applyRun(p.c, p, a, t.TempDir()) }}
	cb.ELB = &interposeELB{ELBV2API: p.c.ELB, interposer: ip}
	rb = applyRun(cb, p, b, t.TempDir())
	if ra.err != nil || rb.err != nil {
		t.Fatalf("A: %v; B: %v", ra.err, rb.err)
	}
	return ra, rb
}

// On moto: B made the target groups and rules, then A's whole create ran
// (adopting them, making the stage) just before B's stage create, which
// fails (an injected error). B's undo would delete what A now relies on:
// it sees the environment's stage, which it did not make, so another
// create is at work, and it keeps what it made, saying so. A's environment
// stays complete.
func TestApplySameEnvironmentLoserKeepsWhatWinnerAdopted(t *testing.T) {
	p := sameCreateFixture{services: true}.platform(t)
	a, b := planSame(t, p, "pr-123", false)
	var ra sameCreateRun
	ip := &interposer{at: "CreateStage", before: func() { ra = applyRun(p.c, p, a, t.TempDir()) }}
	cb := p.c
	cb.APIGW = &interposeAPIGW{APIGatewayAPI: p.c.APIGW, interposer: ip, fail: errStageRead}
	rb := applyRun(cb, p, b, t.TempDir())
	if ra.err != nil {
		t.Fatalf("A: %v", ra.err)
	}
	var cf *aws.CreateFailedError
	if !errors.Is(rb.err, errStageRead) || !errors.As(rb.err, &cf) || cf.Undone > 0 || len(cf.Left) > 0 ||
		strings.Contains(rb.err.Error(), "envdeck destroy") {
		t.Fatalf("B: want the injected failure, nothing undone, got %v", rb.err)
	}
	t.Logf("B: %v", rb.err)
	checkSameCreate(t, p, "pr-123", ra, sameCreateRun{})
}

// On moto: B makes the target groups and rules; A adopts them all and
// pauses before its stage; B fails at its stage (an injected error) and,
// seeing nothing of another create yet, undoes what it made, which A had
// adopted; then A makes its stage. A must not report the environment
// made: it reads what it adopted again, finds it gone, fails and undoes
// its stage. Both exit with an error, nothing is left, and a create run
// again makes the environment whole.
func TestApplySameEnvironmentAdoptedThenUndone(t *testing.T) {
	p := sameCreateFixture{services: true}.platform(t)
	a, b := planSame(t, p, "pr-123", false)
	atStage, bDone := make(chan struct{}), make(chan struct{})
	var ra sameCreateRun
	aDone := make(chan struct{})
	ca := p.c
	ca.APIGW = &interposeAPIGW{APIGatewayAPI: p.c.APIGW, interposer: &interposer{at: "CreateStage", before: func() {
		close(atStage)
		<-bDone
	}}}
	cb := p.c
	cb.APIGW = &interposeAPIGW{APIGatewayAPI: p.c.APIGW, fail: errStageRead, interposer: &interposer{at: "CreateStage", before: func() {
		go func() { ra = applyRun(ca, p, a, t.TempDir()); close(aDone) }()
		<-atStage
	}}}
	rb := applyRun(cb, p, b, t.TempDir())
	close(bDone)
	<-aDone
	var cfa, cfb *aws.CreateFailedError
	if !errors.As(rb.err, &cfb) || !errors.Is(rb.err, errStageRead) {
		t.Fatalf("B: want the injected failure, got %v", rb.err)
	}
	if !errors.As(ra.err, &cfa) || len(cfa.Left) > 0 || !strings.Contains(ra.err.Error(), "deleted meanwhile") {
		t.Fatalf("A: want a failure saying what it adopted is gone, undone, got %v", ra.err)
	}
	t.Logf("A: %v\nB: %v", ra.err, rb.err)
	if rules, tgs, stages := countEnvResources(p.inventory(t, applyNow).Snapshot, "pr-123"); rules+tgs+stages > 0 {
		t.Fatalf("left of pr-123: %d rules, %d target groups, %d stages", rules, tgs, stages)
	}
	again, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "pr-123", Owner: "ci"}, applyNow)
	must(t, err)
	checkSameCreate(t, p, "pr-123", applyRun(p.c, p, again, t.TempDir()))
}

// failGetStage fails every GetStage (a missing permission, say).
type failGetStage struct{ aws.APIGatewayAPI }

func (failGetStage) GetStage(context.Context, *apigateway.GetStageInput, ...func(*apigateway.Options)) (*apigateway.GetStageOutput, error) {
	return nil, errStageRead
}

// On moto, one create alone whose stage step fails on a read (no other
// create at work): the check for another create cannot read the stage
// either, which proves nothing, so the undo deletes what the run made, as
// it always did.
func TestApplyCreateAloneFailingOnAReadIsUndone(t *testing.T) {
	p := sameCreateFixture{services: true}.platform(t)
	a, _ := planSame(t, p, "pr-123", false)
	c := p.c
	c.APIGW = failGetStage{p.c.APIGW}
	r := applyRun(c, p, a, t.TempDir())
	var cf *aws.CreateFailedError
	if !errors.Is(r.err, errStageRead) || !errors.As(r.err, &cf) || cf.Undone != 4 || len(cf.Kept)+len(cf.Left) > 0 {
		t.Fatalf("want the failure, its 4 resources undone, got %v", r.err)
	}
	if rules, tgs, stages := countEnvResources(p.inventory(t, applyNow).Snapshot, "pr-123"); rules+tgs+stages > 0 {
		t.Fatalf("left of pr-123: %d rules, %d target groups, %d stages", rules, tgs, stages)
	}
}
