package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/envdeck/envdeck/model"
)

// Two creates of one environment that read the listener before either
// made its rule, and planned it at different priorities, both make it:
// the listener refuses only a second rule at the same priority. After its
// create, a rule is checked for such a twin (same conditions, this
// environment's tags) at a lower priority, the one that routes: then the
// rule just made is dead weight, and is deleted again by the ARN its own
// create returned, and the twin adopted. The twin's creator, if it checks
// after, finds this one gone or higher and keeps its own.

// twinRule looks for a twin of the rule this run just made (arn, at
// priority); found with o when there is one and the rule was deleted again
// (or its delete failed: then o fails the step and the undo retries it).
func (a *applier) twinRule(ctx context.Context, rc *ruleCreate, arn string, priority int) (o outcome, found bool) {
	r, ok, err := a.envRuleLike(ctx, rc.listener, rc.def.Conditions, rc.st.Env, func(r model.Rule) bool {
		return r.ARN != arn && r.Priority <= priority
	})
	if err != nil {
		return failed(err), true
	}
	if !ok {
		return outcome{}, false
	}
	if _, err := a.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(arn)}); err != nil && !IsNotFound(err) {
		return failed(fmt.Errorf("delete rule %s again, a twin of %s's rule %s: %w", arn, rc.st.Env, r.ARN, err)), true
	}
	a.made = a.made[:len(a.made)-1]
	return skipped(fmt.Sprintf("already exists at priority %d: made meanwhile by another create of %s (this run's twin at %d deleted again)", r.Priority, rc.st.Env, priority), r.ARN), true
}

// envRuleLike returns the first rule on listener that passes consider,
// has conditions conds and is tagged as env's (tags read only for the
// rules that pass the rest); ok is false when there is none.
func (a *applier) envRuleLike(ctx context.Context, listener string, conds []model.Condition, env string, consider func(model.Rule) bool) (model.Rule, bool, error) {
	rules, err := a.listRules(ctx, listener)
	if err != nil {
		return model.Rule{}, false, err
	}
	for _, r := range rules {
		if r.IsDefault || !consider(r) || !sameConditions(r.Conditions, conds) {
			continue
		}
		tags, err := a.elbTags(ctx, r.ARN)
		if err != nil {
			return model.Rule{}, false, err
		}
		if mine, _ := a.ours(tags, env); mine {
			return r, true, nil
		}
	}
	return model.Rule{}, false, nil
}

// anotherCreate tells why another create of the environment is at work,
// or "": a step of this plan from the failed one on, which this run did
// not make, has its resource there now as the environment's. Then what
// this run made may be what that create adopted (nothing tells them
// apart), and an undo must leave it.
func (a *applier) anotherCreate(ctx context.Context, from int) string {
	made := map[int]bool{}
	for _, m := range a.made {
		made[m.index] = true
	}
	for i := from; i < len(a.plan.Steps); i++ {
		st := a.plan.Steps[i]
		if made[i] || st.Action != model.StepCreate || st.Def == nil {
			continue
		}
		// A read that fails proves nothing: most often it is the failure
		// itself (a missing permission), and the undo goes on as always.
		if there, err := a.presentNow(ctx, st); err == nil && there {
			return fmt.Sprintf("another create of %s made %s %s meanwhile", st.Env, st.Type, st.ID)
		}
	}
	return ""
}

// presentNow reports whether the resource of a create step exists now as
// its environment's (kinds without env tags: never).
func (a *applier) presentNow(ctx context.Context, st model.Step) (bool, error) {
	var tags map[string]string
	switch d := st.Def; {
	case d.TargetGroup != nil:
		tg, err := a.readTargetGroup(ctx, "", d.TargetGroup.Name)
		if err != nil || tg == nil {
			return false, err
		}
		tags = tg.Tags
	case d.Stage != nil:
		s, err := a.readStage(ctx, d.Stage.RestAPIID, d.Stage.Name)
		if err != nil || s == nil {
			return false, err
		}
		tags = s.Tags
	case d.HTTPStage != nil && a.c.APIGWv2 != nil:
		s, err := a.readHTTPStage(ctx, d.HTTPStage.APIID, d.HTTPStage.Name)
		if err != nil || s == nil {
			return false, err
		}
		tags = s.Tags
	case d.Rule != nil:
		return a.twinThere(ctx, st)
	}
	ok, _ := a.ours(tags, st.Env)
	return tags != nil && ok, nil
}

// twinThere reports whether the listener holds a rule of the step's
// environment with the step's conditions.
func (a *applier) twinThere(ctx context.Context, st model.Step) (bool, error) {
	l := st.Def.Rule.ListenerARN
	if pool := a.cfg.ALB.Pool(); l == "" && len(pool) > 0 {
		l = pool[0]
	}
	_, ok, err := a.envRuleLike(ctx, l, st.Def.Rule.Conditions, st.Env, func(model.Rule) bool { return true })
	return ok, err
}

// adoptedGone ends a create plan whose steps all ran: each resource it
// adopted (found made by another create of the environment) is read
// again by the ID it adopted; one that is gone (that create failed and
// undid it) fails its step, so the environment is not reported made
// without it. nil when none is gone (or could not be read), or for other
// plans.
func (a *applier) adoptedGone(ctx context.Context, res *model.ApplyResult) *StepError {
	if a.plan.Kind != model.PlanKindCreate {
		return nil
	}
	for i, ev := range res.Events {
		st := ev.Step
		if ev.State != model.EventSkipped || st.Action != model.StepCreate || ev.Result == "" ||
			st.Type == model.TypeAlias || st.Type == model.TypeRecord {
			continue
		}
		again := st
		again.ID = ev.Result
		if cur, err := a.recheck(ctx, again); err != nil || cur.exists {
			continue // a failed read proves nothing gone
		}
		err := fmt.Errorf("%s %s, found made by another create of %s, was deleted meanwhile (that create failed and undid it)", st.Type, ev.Result, st.Env)
		res.Events[i].State, res.Events[i].Message = model.EventFailed, OneLine(err)
		return &StepError{Index: i, Step: st, Err: err}
	}
	return nil
}
