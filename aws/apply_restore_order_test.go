package aws_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// restoreOrderCase is a two-service environment (bff /feat-x/bff/* before
// web /feat-x/*) destroyed, then restored after strangers took some of
// its journaled priorities.
type restoreOrderCase struct {
	rng     [2]int
	before  []int                          // strangers' priorities before the create
	release []int                          // of before, freed after the destroy
	take    func(was map[string]int) []int // taken between destroy and restore
	// want: where restore puts bff and web in the plan's order; zero: the
	// restore of web fails with a *RuleOrderError, bff restored.
	want [2]int
}

// In [2000, 2006] with 2001, 2003 and 2004 taken, the create puts bff at
// 2005 and web at 2006 (the only free run of two).
var restoreOrderCases = map[string]restoreOrderCase{
	// bff's search from 2005 would land on web's 2006, and web's wrap to
	// 2000, before bff.
	"bff's priority taken, its search would take web's": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004},
		take: func(was map[string]int) []int { return []int{was["bff"]} }, want: [2]int{2000, 2006}},
	// web's search wraps to 2000, below bff: nothing after bff is free.
	"web's priority taken, its search would wrap below bff": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004},
		take: func(was map[string]int) []int { return []int{was["web"]} }},
	"both taken, both wrap in order": {rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004},
		take: func(was map[string]int) []int { return []int{was["bff"], was["web"]} }, want: [2]int{2000, 2002}},
	// 2007, taken at the create, is free at the restore: web restored
	// first keeps 2006, and bff's search from 2005 would go to 2007, after
	// web.
	"bff's priority taken, its search would cross web": {rng: [2]int{2000, 2007}, before: []int{2001, 2003, 2004, 2007}, release: []int{2007},
		take: func(was map[string]int) []int { return []int{was["bff"]} }, want: [2]int{2000, 2006}},
}

// On moto: feat-x (bff at 2005 before web at 2006) is destroyed, strangers'
// rules take journaled priorities, and feat-x is restored, with the rule
// steps in the plan's order and reversed. Restore keeps every rule whose
// journaled priority is free there and moves a taken one only inside its
// environment's order (a free priority after its more specific rules and
// before its wider ones, those restored and those still to come): no rule
// of feat-x is shadowed by its wider one, no two rules share a priority,
// the strangers' rules stay. When no priority keeps the order, that rule's
// restore fails in one line with a *RuleOrderError and stays in the
// journal: a second restore, once the stranger's rule is gone, finishes it.
func TestRestoreKeepsRuleOrderWhenPrioritiesAreTaken(t *testing.T) {
	for name, tc := range restoreOrderCases {
		for _, reversed := range []bool{false, true} {
			label := name
			if reversed {
				label += ", rule steps reversed"
			}
			t.Run(label, func(t *testing.T) {
				p, dir, was, strangers := destroyedServices(t, tc)
				var taken []string
				for _, pr := range tc.take(was) {
					strangers[pr] = takePriority(t, p, pr)
					taken = append(taken, strangers[pr])
				}
				plan := restorePlan(t, p, dir)
				if reversed {
					reverseRuleSteps(&plan)
				}
				_, evs, err := runApply(t, p.c, p.cfg, plan, t.TempDir())
				got := checkRestoreOrder(t, p, strangers)
				if !reversed {
					checkRestoreOutcome(t, p, dir, tc, err, evs, got, taken)
				} else if err != nil && !isRuleOrderError(err) {
					t.Fatalf("restore: %v %+v", err, evs)
				}
			})
		}
	}
}

// destroyedServices creates feat-x with bff and web in tc's range, checks
// its placement, destroys it with a journal in dir, and returns the
// priorities its rules had and the strangers' rules left, by priority.
func destroyedServices(t *testing.T, tc restoreOrderCase) (*applyPlatform, string, map[string]int, map[int]string) {
	t.Helper()
	p := seedApplyPlatform(t, 0)
	withServices(t, p)
	p.cfg.ALB.PriorityRange = tc.rng
	strangers := map[int]string{}
	for _, pr := range tc.before {
		strangers[pr] = takePriority(t, p, pr)
	}
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-x", Owner: "alice", NoStage: true}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	was := servicePriorities(nil, p.inventory(t, applyNow).Snapshot, "feat-x")
	if was["bff"] != 2005 || was["web"] != 2006 {
		t.Fatalf("created at %v: not the placement the case needs", was)
	}
	dir := t.TempDir()
	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-x", applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, destroy, dir); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	for _, pr := range tc.release {
		_, err := p.raw.elb.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{RuleArn: awssdk.String(strangers[pr])})
		must(t, err)
		delete(strangers, pr)
	}
	return p, dir, was, strangers
}

// restorePlan plans restoring every journal in dir.
func restorePlan(t *testing.T, p *applyPlatform, dir string) model.Plan {
	t.Helper()
	entries, err := journal.AccountEntries(context.Background(), aws.LocalJournals(dir), "123456789012")
	must(t, err)
	rp, err := model.PlanRestore(model.RestoreRequest{Entries: entries, Library: entries}, p.inventory(t, applyNow).Snapshot, p.cfg, applyNow)
	must(t, err)
	if len(rp.Refused) > 0 {
		t.Fatalf("restore refuses %+v", rp.Refused)
	}
	return rp.Plan
}

// reverseRuleSteps reverses the order of plan's rule steps among themselves.
func reverseRuleSteps(plan *model.Plan) {
	var at []int
	for i, st := range plan.Steps {
		if st.Type == model.TypeRule {
			at = append(at, i)
		}
	}
	for i, j := 0, len(at)-1; i < j; i, j = i+1, j-1 {
		plan.Steps[at[i]], plan.Steps[at[j]] = plan.Steps[at[j]], plan.Steps[at[i]]
	}
}

func isRuleOrderError(err error) bool {
	var ro *aws.RuleOrderError
	return errors.As(err, &ro)
}

// checkRestoreOrder asserts what holds whatever the outcome: no two rules
// share a priority, the strangers' rules are where they were, and no rule
// of feat-x is shadowed. It returns feat-x's rules' priorities.
func checkRestoreOrder(t *testing.T, p *applyPlatform, strangers map[int]string) map[string]int {
	t.Helper()
	inv := p.inventory(t, applyNow)
	seen := rulesByPriority(t, inv.Snapshot)
	for pr, arn := range strangers {
		if seen[pr] != arn {
			t.Fatalf("the stranger's rule %s at %d: now %q there", arn, pr, seen[pr])
		}
	}
	got := servicePriorities(nil, inv.Snapshot, "feat-x")
	if len(got) == 2 && got["bff"] >= got["web"] {
		t.Fatalf("restored at %v: web shadows bff", got)
	}
	for _, f := range inv.Findings {
		if f.Kind == model.FindingShadowedRule {
			t.Fatalf("finding %+v", f)
		}
	}
	return got
}

// checkRestoreOutcome asserts where the restore in the plan's order put
// the rules or, when it could not keep the order, that it failed in one
// line and a second restore after freeing web's priority finishes it.
func checkRestoreOutcome(t *testing.T, p *applyPlatform, dir string, tc restoreOrderCase, err error, evs []model.StepEvent, got map[string]int, strangers []string) {
	t.Helper()
	if tc.want != [2]int{} {
		if err != nil || got["bff"] != tc.want[0] || got["web"] != tc.want[1] {
			t.Fatalf("restored at %v (%v): want bff %d, web %d %+v", got, err, tc.want[0], tc.want[1], evs)
		}
		return
	}
	if !isRuleOrderError(err) || strings.Contains(err.Error(), "\n") || len(got) != 1 || got["bff"] != 2005 {
		t.Fatalf("want web's restore refused in one line with a RuleOrderError, bff at 2005; got %v, rules %v", err, got)
	}
	t.Logf("restore refused: %v", err)
	for _, arn := range strangers {
		_, err := p.raw.elb.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{RuleArn: awssdk.String(arn)})
		must(t, err)
	}
	plan := restorePlan(t, p, dir)
	if n := slices.IndexFunc(plan.Steps, func(st model.Step) bool { return st.Type != model.TypeRule }); len(plan.Steps) != 1 || n >= 0 {
		t.Fatalf("second restore plans %+v: want web's rule alone", plan.Steps)
	}
	if _, evs, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("second restore: %v %+v", err, evs)
	}
	if got := servicePriorities(nil, p.inventory(t, applyNow).Snapshot, "feat-x"); got["bff"] != 2005 || got["web"] != 2006 {
		t.Fatalf("after the second restore %v: want bff 2005, web 2006", got)
	}
}

// On moto: feat-x (bff at 2005 before web at 2006) is destroyed, then its
// web rule made again by a create at a lower priority while the others
// were taken. Restoring feat-x brings back bff only: its journaled 2005 is
// free but after web, which would shadow it; apply finds web by its tags
// and puts bff before it, or, with no free priority before web, refuses
// bff's rule with a *RuleOrderError.
func TestRestoreKeepsOrderWithTheEnvironmentsRulesThere(t *testing.T) {
	for _, tc := range []struct {
		name      string
		webAt     int
		wantBFFAt int // 0: refused
	}{
		{"a free priority before web", 2002, 2000},
		{"none before web", 2000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := restoreOrderCase{rng: [2]int{2000, 2006}, before: []int{2001, 2003, 2004}}
			p, dir, _, strangers := destroyedServices(t, base)
			webAgain(t, p, tc.webAt)
			_, evs, err := runApply(t, p.c, p.cfg, restorePlan(t, p, dir), t.TempDir())
			got := checkRestoreOrder(t, p, strangers)
			if tc.wantBFFAt == 0 {
				if !isRuleOrderError(err) || strings.Contains(err.Error(), "\n") || len(got) != 1 {
					t.Fatalf("want bff's restore refused in one line with a RuleOrderError; got %v, rules %v", err, got)
				}
				t.Logf("restore refused: %v", err)
				return
			}
			if err != nil || got["bff"] != tc.wantBFFAt || got["web"] != tc.webAt {
				t.Fatalf("restored at %v (%v): want bff %d, web %d %+v", got, err, tc.wantBFFAt, tc.webAt, evs)
			}
			want := fmt.Sprintf("created at priority %d (2005 is after a wider rule of feat-x)", tc.wantBFFAt)
			if !slices.ContainsFunc(evs, func(ev model.StepEvent) bool { return ev.Message == want }) {
				t.Fatalf("no event says %q: %+v", want, evs)
			}
		})
	}
}

// webAgain creates feat-x's web service alone at priority at: strangers
// hold the range's other free priorities meanwhile.
func webAgain(t *testing.T, p *applyPlatform, at int) {
	t.Helper()
	var temp []string
	for _, pr := range []int{2000, 2002, 2005, 2006} {
		if pr != at {
			temp = append(temp, takePriority(t, p, pr))
		}
	}
	req := model.CreateRequest{Name: "feat-x", Owner: "alice", NoStage: true, Services: []string{"web"}}
	plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, req, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, plan, t.TempDir()); err != nil {
		t.Fatalf("create web: %v", err)
	}
	for _, arn := range temp {
		_, err := p.raw.elb.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{RuleArn: awssdk.String(arn)})
		must(t, err)
	}
	if got := servicePriorities(nil, p.inventory(t, applyNow).Snapshot, "feat-x"); got["web"] != at || len(got) != 1 {
		t.Fatalf("feat-x's rules %v: want web alone at %d", got, at)
	}
}
