package aws_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// takePriority makes a stranger's rule (no envdeck tag, a fixed response
// for a path of its own) at priority on p's listener, as another process
// does between plan and apply; it returns the rule's ARN.
func takePriority(t *testing.T, p *applyPlatform, priority int) string {
	t.Helper()
	out, err := p.raw.elb.CreateRule(context.Background(), &elbv2.CreateRuleInput{
		ListenerArn: awssdk.String(p.listener), Priority: awssdk.Int32(int32(priority)),
		Conditions: []elbtypes.RuleCondition{{Field: awssdk.String("path-pattern"),
			PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{fmt.Sprintf("/other-%d/*", priority)}}}},
		Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: awssdk.String("503")}}},
	})
	must(t, err)
	return awssdk.ToString(out.Rules[0].RuleArn)
}

// servicePriorities maps each service (bff: its path holds /bff/; web: the
// other) to the priority of its rule: planned in plan, or of env's rules
// in snap when plan is nil.
func servicePriorities(plan *model.Plan, snap *model.Snapshot, env string) map[string]int {
	var rules []model.Rule
	if plan != nil {
		for _, st := range plan.Steps {
			if st.Type == model.TypeRule {
				rules = append(rules, *st.Def.Rule)
			}
		}
	} else {
		for _, r := range snap.Rules {
			if r.Tags["envdeck:env"] == env {
				rules = append(rules, r)
			}
		}
	}
	out := map[string]int{}
	for _, r := range rules {
		svc := "web"
		for _, c := range r.Conditions {
			if c.Field == "path-pattern" && strings.Contains(c.Values[0], "/bff/") {
				svc = "bff"
			}
		}
		out[svc] = r.Priority
	}
	return out
}

// raceCase is a two-service create (bff, more specific, before web) whose
// planned priorities others take between plan and apply.
type raceCase struct {
	slots     int
	rng       [2]int // alb.priority_range when set
	before    []int  // taken before planning, to steer the placement
	wantPlan  [2]int // planned bff, web priorities when set
	take      func(planned map[string]int) []int
	failsShut bool // the order cannot be kept: the create fails and is undone
}

var serviceRaceCases = map[string]raceCase{
	"first service's priority taken":  {take: func(pl map[string]int) []int { return []int{pl["bff"]} }},
	"second service's priority taken": {take: func(pl map[string]int) []int { return []int{pl["web"]} }},
	"the move of the first crosses the second's": {take: func(pl map[string]int) []int {
		return []int{pl["bff"], pl["web"], pl["web"] + 1}
	}},
	// 2000, 2002, 2005 and 2006 are free: the only free run of two, where the
	// block goes, is at the range's top.
	"the first moves onto the second's, the second would wrap below it": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004}, wantPlan: [2]int{2005, 2006},
		take: func(pl map[string]int) []int { return []int{pl["bff"]} }, failsShut: true},
	"the second's search wraps below the first": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004}, wantPlan: [2]int{2005, 2006},
		take: func(pl map[string]int) []int { return []int{pl["web"]} }, failsShut: true},
	"both wrap, in order": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004}, wantPlan: [2]int{2005, 2006},
		take: func(pl map[string]int) []int { return []int{pl["bff"], pl["web"]} }},
	// The claim (web, the slot's widest rule) goes first; its slot
	// priority taken by a stranger, it wraps to the range's bottom, below
	// where bff was planned.
	"the slot claim's priority taken": {slots: 2,
		take: func(pl map[string]int) []int { return []int{pl["web"]} }, failsShut: true},
}

// On moto: a two-service create (bff /x/bff/* must precede web /x/*) whose
// planned priorities a stranger's rules take between plan and apply. Apply
// moves a taken rule to a free priority, but never out of the order the
// plan promised: every rule is made, no two rules share a priority, bff
// stays before web and no rule is shadowed; when no free priority keeps
// that order the create fails with one error and undoes what it made
// (nothing of the environment left, the strangers' rules untouched).
func TestApplyServicesKeepOrderWhenPrioritiesAreTaken(t *testing.T) {
	for name, tc := range serviceRaceCases {
		t.Run(name, func(t *testing.T) {
			p := seedApplyPlatform(t, tc.slots)
			withServices(t, p)
			if tc.rng != [2]int{} {
				p.cfg.ALB.PriorityRange = tc.rng
			}
			for _, pr := range tc.before {
				takePriority(t, p, pr)
			}
			plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-x", Owner: "alice", NoStage: true}, applyNow)
			must(t, err)
			planned := servicePriorities(&plan, nil, "")
			if planned["bff"] >= planned["web"] && tc.slots == 0 || tc.wantPlan != [2]int{} && tc.wantPlan != [2]int{planned["bff"], planned["web"]} {
				t.Fatalf("planned %v: not the placement the case needs", planned)
			}
			taken := tc.take(planned)
			for _, pr := range taken {
				takePriority(t, p, pr)
			}
			_, evs, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
			checkServiceRace(t, p, tc, taken, err, evs)
		})
	}
}

// rulesByPriority maps each priority to the ARN of the rule holding it,
// failing when two rules share one.
func rulesByPriority(t *testing.T, snap *model.Snapshot) map[int]string {
	t.Helper()
	seen := map[int]string{}
	for _, r := range snap.Rules {
		if other, dup := seen[r.Priority]; dup && !r.IsDefault {
			t.Fatalf("priority %d held by %s and %s", r.Priority, other, r.ARN)
		}
		seen[r.Priority] = r.ARN
	}
	return seen
}

// checkServiceRace asserts the outcome of one raceCase.
func checkServiceRace(t *testing.T, p *applyPlatform, tc raceCase, taken []int, err error, evs []model.StepEvent) {
	t.Helper()
	inv := p.inventory(t, applyNow)
	seen := rulesByPriority(t, inv.Snapshot)
	for _, pr := range append(taken, tc.before...) {
		if seen[pr] == "" {
			t.Fatalf("the stranger's rule at %d is gone", pr)
		}
	}
	got := servicePriorities(nil, inv.Snapshot, "feat-x")
	if tc.failsShut {
		var cf *aws.CreateFailedError
		if !errors.As(err, &cf) || len(cf.Left) > 0 {
			t.Fatalf("want a create that fails and is undone, got %v (rules %v) %+v", err, got, evs)
		}
		t.Logf("create refused: %v", err)
		if _, ok := inv.Env("feat-x"); ok {
			t.Fatalf("feat-x left behind after the undo: rules %v", got)
		}
		return
	}
	if err != nil {
		t.Fatalf("apply: %v %+v", err, evs)
	}
	if len(got) != 2 || got["bff"] >= got["web"] {
		t.Fatalf("rules at %v: want both, bff before web", got)
	}
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule {
			t.Errorf("finding %+v", f)
		}
	}
}

// On moto: feat-x has its web rule (/feat-x/*) at 2002; completing it plans
// bff at 2001, the only free priority before web. A stranger takes 2001
// before apply: the next free one above, 2003, is after web (bff would be
// shadowed), so apply finds web by its tags, has no free priority before
// it, and fails; the undo deletes bff's target group and leaves web as it
// was.
func TestApplyServicesCompleteKeepsOrderWhenPriorityIsTaken(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	withServices(t, p)
	p.cfg.ALB.PriorityRange = [2]int{2000, 2003}
	takePriority(t, p, 2000)
	s2001, s2003 := takePriority(t, p, 2001), takePriority(t, p, 2003)
	req := model.CreateRequest{Name: "feat-x", Owner: "alice", NoStage: true, Services: []string{"web"}}
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, req, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create web: %v", err)
	}
	for _, arn := range []string{s2001, s2003} {
		_, err := p.raw.elb.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{RuleArn: awssdk.String(arn)})
		must(t, err)
	}
	req.Services = nil
	plan, err = model.PlanCreate(p.inventory(t, applyNow), p.cfg, req, applyNow)
	must(t, err)
	if pl := servicePriorities(&plan, nil, ""); len(pl) != 1 || pl["bff"] != 2001 {
		t.Fatalf("planned %v: want bff alone at 2001", pl)
	}
	takePriority(t, p, 2001)
	_, evs, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
	var cf *aws.CreateFailedError
	var ro *aws.RuleOrderError
	if !errors.As(err, &cf) || !errors.As(err, &ro) || len(cf.Left) > 0 {
		t.Fatalf("want a RuleOrderError, undone, got %v %+v", err, evs)
	}
	inv := p.inventory(t, applyNow)
	if got := servicePriorities(nil, inv.Snapshot, "feat-x"); len(got) != 1 || got["web"] != 2002 {
		t.Fatalf("rules of feat-x %v: want web alone, at 2002", got)
	}
	for _, tg := range inv.Snapshot.TargetGroups {
		if tg.Name == "env-feat-x-bff" {
			t.Fatal("bff's target group left behind")
		}
	}
}
