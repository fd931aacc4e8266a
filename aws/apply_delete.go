package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

// driftOf compares the resource as re-read with what the step was planned
// against: "" when unchanged, else why it is drift.
func (a *applier) driftOf(st model.Step, cur model.Definition) string {
	if model.Taggable(st.Type) && !a.keys.Owned(cur.Tags()) {
		return "no longer owned by envdeck (managed-by tag changed)"
	}
	if model.Taggable(st.Type) && st.Env != "" {
		if env := cur.Tags()[a.keys.Env]; env != "" && env != st.Env {
			return fmt.Sprintf("now tagged for environment %q", env)
		}
	}
	expect := st.Expect
	if expect == "" && st.Def != nil {
		expect = st.Def.Fingerprint()
	}
	if expect == "" {
		return ""
	}
	if comparable(st.Def, cur).Fingerprint() != expect {
		return "definition changed since the plan was made"
	}
	return ""
}

// comparable returns cur without what planned was made without reading: a
// target group's targets (health unread) and attributes (discovery does not
// read them), so that only what both sides know is compared.
func comparable(planned *model.Definition, cur model.Definition) model.Definition {
	if planned == nil || planned.TargetGroup == nil || cur.TargetGroup == nil {
		return cur
	}
	tg := *cur.TargetGroup
	if !planned.TargetGroup.HealthRead {
		tg.Targets, tg.HealthRead = nil, false
	}
	if !planned.TargetGroup.AttributesRead {
		tg.Attributes, tg.AttributesRead = nil, false
	}
	return model.Definition{TargetGroup: &tg}
}

// delete journals the resource's current definition, then deletes it. A
// resource that carries keep now is drift, whatever the plan says.
func (a *applier) delete(ctx context.Context, st model.Step) outcome {
	if st.Type == model.TypeRule && st.Def != nil && st.Def.Rule != nil && st.Def.Rule.IsDefault {
		return failed(fmt.Errorf("delete rule %s: a listener's default rule is never deleted", st.ID))
	}
	cur, err := a.recheck(ctx, st)
	if err != nil {
		return failed(err)
	}
	if !cur.exists {
		return skipped("already gone", "")
	}
	if st.Type == model.TypeRule && cur.def.Rule.IsDefault {
		return failed(fmt.Errorf("delete rule %s: a listener's default rule is never deleted", st.ID))
	}
	if model.Taggable(st.Type) && a.keys.Kept(cur.def.Tags()) {
		return drift(fmt.Sprintf("it carries %s=%s now: kept", a.keys.Keep, cur.def.Tags()[a.keys.Keep]))
	}
	if why := a.driftOf(st, cur.def); why != "" {
		return drift(why + ": kept")
	}
	for _, check := range []func(context.Context, model.Step) (string, error){a.notEmpty, a.notDangling} {
		if why, err := check(ctx, st); err != nil || why != "" {
			if err != nil {
				return failed(err)
			}
			return drift(why + ": kept")
		}
	}
	if err := a.j.Append(model.JournalEntry{Time: a.now(), Step: st, Def: cur.def, Unrecoverable: cur.def.Unrecoverable()}); err != nil {
		return failed(err)
	}
	o := a.deleteNow(ctx, st, cur)
	if o.state == model.EventFailed {
		return a.markFailed(ctx, st, o)
	}
	return o
}

// markFailed journals a failed delete as failed when the resource, read
// again, is still there. Gone, it was deleted after all: the journal line
// stands. Unreadable, nobody knows: the line stands too, so that restore
// can bring the resource back if it is gone.
func (a *applier) markFailed(ctx context.Context, st model.Step, o outcome) outcome {
	again, err := a.recheck(ctx, st)
	if err != nil || !again.exists {
		return o
	}
	e := model.JournalEntry{Time: a.now(), Step: st, State: model.JournalFailed, Error: o.message}
	if jerr := a.j.Append(e); jerr != nil {
		return failed(errors.Join(o.err, jerr))
	}
	return o
}

// deleteNow makes the delete call for a resource journaled and re-read as cur.
func (a *applier) deleteNow(ctx context.Context, st model.Step, cur current) outcome {
	op, ok := kindOps[st.Type]
	if !ok {
		return failed(fmt.Errorf("delete: unknown resource type %q", st.Type))
	}
	return op.delete(a, ctx, st, cur)
}

// deleted is the outcome of a delete call that answered err.
func deleted(st model.Step, err error) outcome {
	if IsNotFound(err) {
		return done("already gone", "")
	}
	if err != nil {
		return failed(fmt.Errorf("delete %s %s: %w", st.Type, st.ID, err))
	}
	return done("deleted", "")
}

func (a *applier) deleteRule(ctx context.Context, st model.Step, _ current) outcome {
	_, err := a.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(st.ID)})
	return deleted(st, err)
}

func (a *applier) deleteTargetGroup(ctx context.Context, st model.Step, _ current) outcome {
	_, err := a.c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: awssdk.String(st.ID)})
	return deleted(st, err)
}

func (a *applier) deleteStage(ctx context.Context, st model.Step, cur current) outcome {
	s := cur.def.Stage
	_, err := a.c.APIGW.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: awssdk.String(s.RestAPIID), StageName: awssdk.String(s.Name)})
	return deleted(st, err)
}

func (a *applier) deleteAliasStep(ctx context.Context, _ model.Step, cur current) outcome {
	return a.deleteAlias(ctx, cur.def.Alias)
}

// deleteRecord deletes the record set exactly as Route 53 holds it.
func (a *applier) deleteRecord(ctx context.Context, st model.Step, cur current) outcome {
	_, err := a.c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: awssdk.String(cur.def.Record.ZoneID),
		ChangeBatch:  &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionDelete, ResourceRecordSet: cur.rrset}}},
	})
	if err != nil && !IsNotFound(err) {
		// Route 53 says "not found" in several ways: believe a fresh read.
		if again, rerr := a.recheckRecord(ctx, st); rerr == nil && !again.exists {
			return done("deleted (gone on re-read)", "")
		}
	}
	return deleted(st, err)
}

// deleteAlias removes the alternate domain name from its distribution.
func (a *applier) deleteAlias(ctx context.Context, al *model.Alias) outcome {
	status, changed, err := a.changeAliases(ctx, al.DistributionID, func(list []string) ([]string, bool) {
		var next []string
		for _, x := range list {
			if !strings.EqualFold(x, al.Name) {
				next = append(next, x)
			}
		}
		return next, len(next) != len(list)
	})
	if err != nil {
		return failed(err)
	}
	if !changed {
		return skipped("already gone", "")
	}
	return done(distributionMessage("removed", al.DistributionID, status), "")
}

// update changes the tags of a rule, target group or stage to the step's
// definition (Apply validated the plan: an update holds one, of a taggable
// kind). Already tagged so: skipped. Changed otherwise since planning: drift.
func (a *applier) update(ctx context.Context, st model.Step) outcome {
	if kindOps[st.Type].retag == nil {
		return failed(&UnsupportedUpdateError{Type: st.Type, ID: st.ID})
	}
	cur, err := a.recheck(ctx, st)
	if err != nil {
		return failed(err)
	}
	if !cur.exists {
		return drift("gone since the plan was made")
	}
	if movesDeployment(st, cur) {
		return a.redeployStage(ctx, st, cur)
	}
	want := st.Def.Tags()
	have := cur.def.Tags()
	if maps.Equal(want, have) {
		return skipped("already up to date", st.ID)
	}
	if why := a.driftOf(st, cur.def); why != "" {
		return drift(why + ": not changed")
	}
	// Only tags may differ between the re-read resource and the desired one.
	planned := *st.Def
	withCurTags := planned.WithTags(have)
	if withCurTags.Fingerprint() != comparable(st.Def, cur.def).Fingerprint() {
		return failed(&UnsupportedUpdateError{Type: st.Type, ID: st.ID})
	}
	set, remove := tagDiff(have, want)
	if err := kindOps[st.Type].retag(a, ctx, st, cur, set, remove); err != nil {
		return failed(err)
	}
	return done(fmt.Sprintf("tags updated (%d set, %d removed)", len(set), len(remove)), st.ID)
}

// retagELB sets and removes tags of a rule or target group.
func (a *applier) retagELB(ctx context.Context, st model.Step, _ current, set map[string]string, remove []string) error {
	if len(set) > 0 {
		if _, err := a.c.ELB.AddTags(ctx, &elbv2.AddTagsInput{ResourceArns: []string{st.ID}, Tags: sdkTags(set)}); err != nil {
			return fmt.Errorf("tag %s: %w", st.ID, err)
		}
	}
	if len(remove) > 0 {
		if _, err := a.c.ELB.RemoveTags(ctx, &elbv2.RemoveTagsInput{ResourceArns: []string{st.ID}, TagKeys: remove}); err != nil {
			return fmt.Errorf("untag %s: %w", st.ID, err)
		}
	}
	return nil
}

// retagStage sets and removes tags of a stage (by its resource ARN).
func (a *applier) retagStage(ctx context.Context, st model.Step, cur current, set map[string]string, remove []string) error {
	arn := stageARN(a.region(), cur.def.Stage.RestAPIID, cur.def.Stage.Name)
	if len(set) > 0 {
		if _, err := a.c.APIGW.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: awssdk.String(arn), Tags: set}); err != nil {
			return fmt.Errorf("tag %s: %w", st.ID, err)
		}
	}
	if len(remove) > 0 {
		if _, err := a.c.APIGW.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: awssdk.String(arn), TagKeys: remove}); err != nil {
			return fmt.Errorf("untag %s: %w", st.ID, err)
		}
	}
	return nil
}

func (a *applier) region() string {
	if a.plan.Region != "" {
		return a.plan.Region
	}
	return a.c.Region
}

// stageARN is the API Gateway resource ARN of a stage (for tagging).
func stageARN(region, restAPIID, stage string) string {
	return fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s/stages/%s", region, restAPIID, stage)
}
