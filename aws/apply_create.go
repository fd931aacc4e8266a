package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/envdeck/envdeck/model"
)

// maxPriorityTries bounds the PriorityInUse probing of one rule create.
const maxPriorityTries = 20

// maxETagTries bounds the PreconditionFailed retries of one alias change.
const maxETagTries = 5

// PriorityExhaustedError: no free priority could be taken for a rule.
type PriorityExhaustedError struct {
	Listener string
	Tries    int
	Last     error
}

func (e *PriorityExhaustedError) Error() string {
	return fmt.Sprintf("no free priority on %s after %d tries: %s", e.Listener, e.Tries, OneLine(e.Last))
}

func (e *PriorityExhaustedError) Unwrap() error { return e.Last }

// ours tells whether tags say the resource is envdeck's and env's.
func (a *applier) ours(tags map[string]string, env string) (bool, string) {
	if !a.keys.Owned(tags) {
		return false, "is not managed by envdeck"
	}
	if env != "" && tags[a.keys.Env] != env {
		return false, fmt.Sprintf("belongs to environment %q", tags[a.keys.Env])
	}
	return true, ""
}

// createTargetGroup creates (or adopts) the target group and registers the
// definition's targets (restore).
func (a *applier) createTargetGroup(ctx context.Context, st model.Step) outcome {
	def := st.Def.TargetGroup
	if def == nil {
		return failed(fmt.Errorf("create target group %s: no definition", st.ID))
	}
	cur, err := a.readTargetGroup(ctx, "", def.Name)
	if err != nil {
		return failed(err)
	}
	state, msg := model.EventDone, "created"
	var arn string
	if cur != nil {
		if ok, why := a.ours(cur.Tags, st.Env); !ok {
			return failed(&NotOwnedError{Type: model.TypeTargetGroup, ID: def.Name, Reason: why})
		}
		state, msg, arn = model.EventSkipped, "already exists", cur.ARN
	} else {
		var made bool
		if arn, cur, made, err = a.putTargetGroup(ctx, st); err != nil {
			return failed(err)
		}
		if !made {
			state, msg = model.EventSkipped, "already exists: made meanwhile by another create of "+st.Env
		}
	}
	a.tgARNs[def.Name] = arn
	if def.AttributesRead {
		n, err := a.setAttributes(ctx, arn, def.Attributes)
		if err != nil {
			return failed(fmt.Errorf("set attributes of %s: %w", def.Name, err))
		}
		if n > 0 {
			msg += fmt.Sprintf(", %d attribute(s) set", n)
			state = model.EventDone
		}
	}
	if len(def.Targets) > 0 {
		n, err := a.registerMissing(ctx, arn, cur, def.Targets)
		if err != nil {
			return failed(fmt.Errorf("register targets in %s: %w", def.Name, err))
		}
		if n > 0 {
			msg += fmt.Sprintf(", %d target(s) registered", n)
			state = model.EventDone
		}
	}
	return outcome{state: state, message: msg, result: arn}
}

// putTargetGroup makes the CreateTargetGroup call for a group read as
// absent. Its answer may be a group someone made since the read: AWS
// answers a create of a group with the same settings with that group, moto
// refuses the name (DuplicateTargetGroupName), and the someone may be
// another create of this environment. So the group is this run's (made:
// undone on a later failure) only when it carries this plan's created-at
// (and, refused by name, is this environment's); else it is adopted (cur:
// as read) if it is this environment's, and left alone by any undo. An attempt of this very call whose answer was lost
// carries this plan's created-at too.
func (a *applier) putTargetGroup(ctx context.Context, st model.Step) (arn string, cur *model.TargetGroup, made bool, err error) {
	def := st.Def.TargetGroup
	out, err := a.c.ELB.CreateTargetGroup(ctx, sdkTargetGroupInput(def))
	var tags map[string]string
	refused := IsAlreadyExists(err)
	switch {
	case refused:
		if cur, err = a.readTargetGroup(ctx, "", def.Name); err != nil {
			return "", nil, false, err
		}
		if cur == nil {
			return "", nil, false, fmt.Errorf("create target group %s: refused as existing, yet it does not exist", def.Name)
		}
		if ok, why := a.ours(cur.Tags, st.Env); !ok {
			return "", nil, false, &NotOwnedError{Type: model.TypeTargetGroup, ID: def.Name, Reason: why}
		}
		arn, tags = cur.ARN, cur.Tags
	case err != nil:
		return "", nil, false, fmt.Errorf("create target group %s: %w", def.Name, err)
	case len(out.TargetGroups) == 0:
		return "", nil, false, fmt.Errorf("create target group %s: empty answer", def.Name)
	default:
		arn = awssdk.ToString(out.TargetGroups[0].TargetGroupArn)
		if tags, err = a.elbTags(ctx, arn); err != nil {
			return "", nil, false, err
		}
	}
	if c := a.keys.CreatedAt; tags[c] != def.Tags[c] || refused && tags[c] == "" {
		if ok, why := a.ours(tags, st.Env); !ok {
			return "", nil, false, &NotOwnedError{Type: model.TypeTargetGroup, ID: def.Name, Reason: why}
		}
		if cur == nil {
			if cur, err = a.readTargetGroup(ctx, arn, ""); err != nil {
				return "", nil, false, err
			}
		}
		return arn, cur, false, nil
	}
	a.madeTGs[st.Env] = append(a.madeTGs[st.Env], arn)
	a.madeNow(model.TypeTargetGroup, arn)
	return arn, cur, true, nil
}

// setAttributes gives the target group the attributes of want that it does
// not have yet (a new group starts with AWS's defaults); it returns how many
// it changed.
func (a *applier) setAttributes(ctx context.Context, arn string, want map[string]string) (int, error) {
	if len(want) == 0 {
		return 0, nil
	}
	out, err := a.c.ELB.DescribeTargetGroupAttributes(ctx, &elbv2.DescribeTargetGroupAttributesInput{TargetGroupArn: awssdk.String(arn)})
	if err != nil {
		return 0, err
	}
	changes := attributeChanges(toAttributes(out.Attributes), want)
	if len(changes) == 0 {
		return 0, nil
	}
	if _, err := a.c.ELB.ModifyTargetGroupAttributes(ctx, &elbv2.ModifyTargetGroupAttributesInput{TargetGroupArn: awssdk.String(arn), Attributes: changes}); err != nil {
		return 0, err
	}
	return len(changes), nil
}

// registerMissing registers the targets of want that cur (nil for a new
// group) does not have, with their ports and availability zones.
func (a *applier) registerMissing(ctx context.Context, arn string, cur *model.TargetGroup, want []model.Target) (int, error) {
	type key struct {
		id   string
		port int
	}
	have := map[key]bool{}
	if cur != nil {
		for _, t := range cur.Targets {
			have[key{t.ID, t.Port}] = true
		}
	}
	var missing []elbtypes.TargetDescription
	for _, t := range want {
		if have[key{t.ID, t.Port}] {
			continue
		}
		missing = append(missing, elbtypes.TargetDescription{Id: awssdk.String(t.ID), Port: optInt32(t.Port), AvailabilityZone: optString(t.AZ)})
	}
	if len(missing) == 0 {
		return 0, nil
	}
	if _, err := a.c.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: awssdk.String(arn), Targets: missing}); err != nil {
		return 0, err
	}
	return len(missing), nil
}

// resolveTargetGroups returns the actions with every target group given by
// name replaced by its ARN. A group this run did not make or adopt must be
// envdeck's group of env: a rule is never routed to anyone else's.
func (a *applier) resolveTargetGroups(ctx context.Context, actions []model.Action, env string) ([]model.Action, error) {
	out := make([]model.Action, len(actions))
	for i, act := range actions {
		act.TargetGroups = append([]model.WeightedTargetGroup(nil), act.TargetGroups...)
		for j, t := range act.TargetGroups {
			if t.ARN != "" && a.knownTG(t.ARN) {
				continue
			}
			arn := a.tgARNs[t.Name]
			if arn == "" {
				tg, err := a.readTargetGroup(ctx, t.ARN, t.Name)
				if err != nil {
					return nil, err
				}
				if tg == nil {
					return nil, fmt.Errorf("target group %s does not exist", first(t.Name, t.ARN))
				}
				if ok, why := a.ours(tg.Tags, env); !ok {
					return nil, &NotOwnedError{Type: model.TypeTargetGroup, ID: tg.Name, Reason: why}
				}
				arn = tg.ARN
				a.tgARNs[tg.Name] = arn
			}
			act.TargetGroups[j].ARN = arn
		}
		out[i] = act
	}
	return out, nil
}

// knownTG: this run made or adopted the target group.
func (a *applier) knownTG(arn string) bool {
	for _, x := range a.tgARNs {
		if x == arn {
			return true
		}
	}
	return false
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// sameConditions reports whether two rules route the same requests
// (order-insensitive, hostnames case-insensitive).
func sameConditions(a, b []model.Condition) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	key := func(cs []model.Condition) string {
		r := model.Rule{Conditions: cs}
		for i := range r.Conditions {
			if r.Conditions[i].Field == "host-header" {
				vs := make([]string, len(r.Conditions[i].Values))
				for k, v := range r.Conditions[i].Values {
					vs[k] = strings.ToLower(v)
				}
				r.Conditions[i].Values = vs
			}
		}
		return model.Definition{Rule: &model.Rule{Conditions: r.Conditions}}.Fingerprint()
	}
	return key(a) == key(b)
}

// slotClaimants returns the rules (other than self) routing or claiming slot.
func (a *applier) slotClaimants(rules []model.Rule, slot, self string) []model.Rule {
	var out []model.Rule
	for _, r := range rules {
		if r.ARN == self || r.IsDefault {
			continue
		}
		for _, c := range r.Conditions {
			if c.Field != "host-header" {
				continue
			}
			for _, v := range c.Values {
				if strings.EqualFold(v, slot) {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// ruleCreate is one rule create under way.
type ruleCreate struct {
	st           model.Step
	def          *model.Rule
	listener     string
	actions      []elbtypes.Action // target groups resolved to ARNs
	slot         string            // the slot the rule claims, if any
	slotPriority int               // the slot's own priority (0: none)
	rules        []model.Rule      // the listener's rules as last read
	order        ruleOrder         // where the rule may go (orderWindow)
}

// createRule creates the rule at its planned priority, moving to the next
// free one on PriorityInUse; with a slot tag it makes sure it is the only
// claimant of the slot, else rolls back.
func (a *applier) createRule(ctx context.Context, st model.Step) outcome {
	rc, o, ok := a.prepareRule(ctx, st)
	if !ok {
		return o
	}
	arn, priority, o, ok := a.putRule(ctx, rc)
	if !ok {
		return o
	}
	a.madeNow(model.TypeRule, arn)
	if o, twin := a.twinRule(ctx, rc, arn, priority); twin {
		return o
	}
	msg := fmt.Sprintf("created at priority %d", priority)
	if priority != rc.def.Priority {
		msg = fmt.Sprintf("created at priority %d (%d %s)", priority, rc.def.Priority, rc.whyMoved())
	}
	if rc.slot != "" {
		if o, lost := a.lostSlot(ctx, rc, arn, priority); lost {
			return o
		}
		msg += ", claims slot " + rc.slot
	}
	return done(msg, arn)
}

// whyMoved says why the rule is not at its planned priority: taken, or
// out of its environment's order (orderWindow).
func (rc *ruleCreate) whyMoved() string {
	p := rc.def.Priority
	switch {
	case rulePriorities(rc.rules)[p]:
	case p > rc.order.to:
		return "is after a wider rule of " + rc.st.Env
	case p < rc.order.from:
		return "is before a more specific rule of " + rc.st.Env
	}
	return "was taken"
}

// prepareRule resolves what the rule forwards to and reads the listener's
// rules; ok is false when o already ends the step (the rule exists, or its
// slot is claimed, or a read failed).
func (a *applier) prepareRule(ctx context.Context, st model.Step) (rc *ruleCreate, o outcome, ok bool) {
	def := st.Def.Rule
	if def == nil {
		return nil, failed(fmt.Errorf("create rule %s: no definition", st.ID)), false
	}
	rc = &ruleCreate{st: st, def: def, listener: def.ListenerARN, slot: def.Tags[a.keys.Slot]}
	if rc.listener == "" {
		if pool := a.cfg.ALB.Pool(); len(pool) > 0 {
			rc.listener = pool[0]
		}
	}
	actions, err := a.resolveTargetGroups(ctx, def.Actions, st.Env)
	if err != nil {
		return nil, failed(fmt.Errorf("create rule %s: %w", st.ID, err)), false
	}
	rc.actions = sdkActions(actions)
	if err := withOIDCSecret(rc.actions, oidcClientSecret(ctx)); err != nil {
		return nil, failed(fmt.Errorf("create rule %s: %w", st.ID, err)), false
	}
	if rc.rules, err = a.listRules(ctx, rc.listener); err != nil {
		return nil, failed(err), false
	}
	rc.slotPriority, _ = model.SlotPriority(a.cfg, rc.slot)
	if o, found := a.existingRule(ctx, st, rc.rules, rc.slotPriority); found {
		return nil, o, false
	}
	if rc.slot != "" {
		if cl := a.slotClaimants(rc.rules, rc.slot, ""); len(cl) > 0 {
			return nil, a.rollbackSlot(ctx, st, "", &SlotClaimedError{Slot: rc.slot, By: cl[0].ARN}), false
		}
	}
	return rc, outcome{}, true
}

// putRule makes the CreateRule call at the planned priority, or the next
// free one when someone took it since the read or an earlier rule of the
// environment moved (movedPriority: inside the order the plan promised);
// ok is false when o ends the step.
func (a *applier) putRule(ctx context.Context, rc *ruleCreate) (arn string, priority int, o outcome, ok bool) {
	taken := model.AvoidSlotPriorities(a.cfg, rulePriorities(rc.rules), rc.slot)
	lo, hi := a.cfg.ALB.PriorityRange[0], a.cfg.ALB.PriorityRange[1]
	if lo < model.MinRulePriority || hi < lo {
		lo, hi = model.MinRulePriority, model.MaxRulePriority
	}
	var err error
	if rc.order, err = a.orderWindow(ctx, rc, lo, hi, false); err != nil {
		return "", 0, failed(err), false
	}
	priority = rc.def.Priority
	if taken[priority] || priority < rc.order.from || priority > rc.order.to {
		if priority, err = a.movedPriority(ctx, rc, lo, hi, priority, taken); err != nil {
			return "", 0, failed(err), false
		}
	}
	var last error
	for try := 0; ; try++ {
		if priority == 0 || try >= maxPriorityTries {
			return "", 0, failed(&PriorityExhaustedError{Listener: rc.listener, Tries: try, Last: last}), false
		}
		out, err := a.c.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{
			ListenerArn: awssdk.String(rc.listener),
			Priority:    awssdk.Int32(int32(priority)),
			Conditions:  sdkConditions(rc.def.Conditions),
			Actions:     rc.actions,
			Transforms:  sdkTransforms(rc.def.Transforms),
			Tags:        sdkTags(rc.def.Tags),
		})
		if err == nil {
			if len(out.Rules) == 0 {
				return "", 0, failed(fmt.Errorf("create rule %s: empty answer", rc.st.ID)), false
			}
			return awssdk.ToString(out.Rules[0].RuleArn), priority, outcome{}, true
		}
		last = err
		if o, stop := a.ruleRefused(ctx, rc, priority, err); stop {
			return "", 0, o, false
		}
		// Not ours: move to the next free priority.
		taken[priority] = true
		for _, r := range rc.rules {
			taken[r.Priority] = true
		}
		if priority, err = a.movedPriority(ctx, rc, lo, hi, priority+1, taken); err != nil {
			return "", 0, failed(err), false
		}
	}
}

// ruleRefused decides what a refused CreateRule means; stop is false when
// the create should probe the next free priority.
func (a *applier) ruleRefused(ctx context.Context, rc *ruleCreate, priority int, err error) (o outcome, stop bool) {
	var tooMany *elbtypes.TooManyRulesException
	if !errors.As(err, &tooMany) && !IsPriorityInUse(err) {
		return failed(fmt.Errorf("create rule %s at priority %d: %w", rc.st.ID, priority, err)), true
	}
	// Someone took the priority (or the last room) since we read: read
	// again. The someone may be this very create: an attempt whose
	// answer was lost made the rule, and the SDK's retry of it was
	// refused. Then the rule is ours and done; never make a second one.
	rules, lerr := a.listRules(ctx, rc.listener)
	if lerr != nil {
		return failed(lerr), true
	}
	rc.rules = rules
	if o, found := a.existingRule(ctx, rc.st, rules, rc.slotPriority); found {
		return o, true
	}
	if errors.As(err, &tooMany) {
		return failed(fmt.Errorf("create rule on %s: the listener's load balancer has no room for another rule: %w", rc.listener, err)), true
	}
	if rc.slot != "" {
		// Lost the slot's priority to another claim of the same slot.
		if cl := a.slotClaimants(rules, rc.slot, ""); len(cl) > 0 {
			return a.rollbackSlot(ctx, rc.st, "", &SlotClaimedError{Slot: rc.slot, By: cl[0].ARN}), true
		}
	}
	return outcome{}, false
}

// lostSlot: two creates may have claimed the same slot. The claim holding
// the slot's own priority keeps it (the listener let only one take that
// priority); between claims without it, the lowest rule ARN. The loser
// rolls back (lost true, o says why).
func (a *applier) lostSlot(ctx context.Context, rc *ruleCreate, arn string, priority int) (o outcome, lost bool) {
	rules, err := a.listRules(ctx, rc.listener)
	if err != nil {
		return failed(err), true
	}
	if rc.slotPriority != 0 && priority == rc.slotPriority {
		return outcome{}, false
	}
	for _, r := range a.slotClaimants(rules, rc.slot, arn) {
		if (rc.slotPriority != 0 && r.Priority == rc.slotPriority) || r.ARN < arn {
			return a.rollbackSlot(ctx, rc.st, arn, &SlotClaimedError{Slot: rc.slot, By: r.ARN}), true
		}
	}
	return outcome{}, false
}

// rulePriorities are the priorities the rules hold.
func rulePriorities(rules []model.Rule) map[int]bool {
	taken := make(map[int]bool, len(rules))
	for _, r := range rules {
		taken[r.Priority] = true
	}
	return taken
}

// existingRule looks among the listener's rules for the one this step
// makes: same conditions, or (for a slot claim) the slot's own priority.
// One carrying envdeck's managed-by tag and this environment's env tag is
// this environment's rule, made earlier (a killed run, or an attempt whose
// answer was lost): the step is done, its ARN adopted. One with the same
// conditions that is not ours refuses the step (a slot claim rolls back).
// found is false when there is no such rule.
func (a *applier) existingRule(ctx context.Context, st model.Step, rules []model.Rule, slotPriority int) (o outcome, found bool) {
	def := st.Def.Rule
	slot := def.Tags[a.keys.Slot]
	for _, r := range rules {
		if r.IsDefault {
			continue
		}
		same := sameConditions(r.Conditions, def.Conditions)
		atSlot := slot != "" && slotPriority != 0 && r.Priority == slotPriority
		if !same && !atSlot {
			continue
		}
		tags, err := a.elbTags(ctx, r.ARN)
		if err != nil {
			return failed(err), true
		}
		ok, why := a.ours(tags, st.Env)
		if ok && (same || tags[a.keys.Slot] == slot) {
			return skipped(fmt.Sprintf("already exists at priority %d", r.Priority), r.ARN), true
		}
		if !same {
			continue // another rule at the slot's priority: the claim probes on
		}
		if slot != "" {
			return a.rollbackSlot(ctx, st, "", &SlotClaimedError{Slot: slot, By: r.ARN}), true
		}
		return failed(&NotOwnedError{Type: model.TypeRule, ID: r.ARN, Reason: why}), true
	}
	return outcome{}, false
}

// rollbackSlot deletes the rule (if any) and the target groups this run
// created for the environment, then fails with cause.
func (a *applier) rollbackSlot(ctx context.Context, st model.Step, ruleARN string, cause error) outcome {
	var errs []error
	if ruleARN != "" {
		if _, err := a.c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: awssdk.String(ruleARN)}); err != nil && !IsNotFound(err) {
			errs = append(errs, fmt.Errorf("roll back rule %s: %w", ruleARN, err))
		}
	}
	for _, tg := range a.madeTGs[st.Env] {
		if user, err := a.usedByAnother(ctx, model.Step{Type: model.TypeTargetGroup, ID: tg}); err != nil || user != "" {
			continue // the create's undo reports it
		}
		if _, err := a.c.ELB.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: awssdk.String(tg)}); err != nil && !IsNotFound(err) {
			errs = append(errs, fmt.Errorf("roll back target group %s: %w", tg, err))
		}
	}
	delete(a.madeTGs, st.Env)
	if len(errs) > 0 {
		return failed(errors.Join(append([]error{cause}, errs...)...))
	}
	return failed(cause)
}

// createStage creates (or adopts) the stage.
func (a *applier) createStage(ctx context.Context, st model.Step) outcome {
	def := st.Def.Stage
	if def == nil {
		return failed(fmt.Errorf("create stage %s: no definition", st.ID))
	}
	id := model.StageID(def.RestAPIID, def.Name)
	check := func() (outcome, bool) {
		cur, err := a.readStage(ctx, def.RestAPIID, def.Name)
		if err != nil {
			return failed(err), true
		}
		if cur == nil {
			return outcome{}, false
		}
		if ok, why := a.ours(cur.Tags, st.Env); !ok {
			return failed(&NotOwnedError{Type: model.TypeStage, ID: id, Reason: why}), true
		}
		// Ours, made by an earlier attempt: finish its settings.
		if err := a.patchStage(ctx, def); err != nil {
			return failed(err), true
		}
		return skipped("already exists", id), true
	}
	if o, found := check(); found {
		return o
	}
	in := &apigateway.CreateStageInput{
		RestApiId:            awssdk.String(def.RestAPIID),
		StageName:            awssdk.String(def.Name),
		DeploymentId:         awssdk.String(def.DeploymentID),
		Description:          optString(def.Description),
		Variables:            def.Variables,
		Tags:                 def.Tags,
		TracingEnabled:       def.TracingEnabled,
		CacheClusterEnabled:  def.CacheClusterEnabled,
		CacheClusterSize:     apigwtypes.CacheClusterSize(def.CacheClusterSize),
		CanarySettings:       sdkCanary(def.Canary),
		DocumentationVersion: optString(def.DocumentationVersion),
	}
	if _, err := a.c.APIGW.CreateStage(ctx, in); err != nil {
		if IsAlreadyExists(err) {
			if o, found := check(); found {
				return o
			}
		}
		return failed(fmt.Errorf("create stage %s: %w", id, err))
	}
	a.madeNow(model.TypeStage, id)
	if err := a.patchStage(ctx, def); err != nil {
		return failed(err)
	}
	return done("created from deployment "+def.DeploymentID, id)
}

// patchStage sets what CreateStage cannot: method settings, access logging,
// the client certificate (nothing to do for a plain stage).
func (a *applier) patchStage(ctx context.Context, def *model.Stage) error {
	ops := stagePatch(def)
	if len(ops) == 0 {
		return nil
	}
	_, err := a.c.APIGW.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: awssdk.String(def.RestAPIID), StageName: awssdk.String(def.Name), PatchOperations: ops})
	if err != nil {
		return fmt.Errorf("set method settings, logging and certificate of stage %s: %w", model.StageID(def.RestAPIID, def.Name), err)
	}
	return nil
}

// changeAliases reads the distribution config, lets edit change the alias
// list, and writes it back with the ETag, retrying on a stale ETag.
// It returns the distribution status after the update ("" when nothing changed).
func (a *applier) changeAliases(ctx context.Context, distID string, edit func([]string) ([]string, bool)) (string, bool, error) {
	var last error
	for try := 0; try < maxETagTries; try++ {
		aliases, cfgOut, err := a.readAliases(ctx, distID)
		if err != nil {
			return "", false, err
		}
		next, changed := edit(aliases)
		if !changed {
			return "", false, nil
		}
		dc := *cfgOut.DistributionConfig
		dc.Aliases = &cftypes.Aliases{Items: next, Quantity: awssdk.Int32(int32(len(next)))}
		out, err := a.c.CF.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{
			Id:                 awssdk.String(distID),
			IfMatch:            cfgOut.ETag,
			DistributionConfig: &dc,
		})
		if IsPrecondition(err) {
			// A stale ETag: someone changed the config, or an attempt of
			// this very update whose answer was lost did. Read it again.
			last = err
			continue
		}
		if IsAlreadyExists(err) {
			// CNAMEAlreadyExists: done if the change is in fact there (an
			// attempt whose answer was lost made it), else a real conflict.
			if again, _, rerr := a.readAliases(ctx, distID); rerr == nil {
				if _, changed := edit(again); !changed {
					return "", false, nil
				}
			}
			return "", false, fmt.Errorf("update distribution %s: %w", distID, err)
		}
		if err != nil {
			return "", false, fmt.Errorf("update distribution %s: %w", distID, err)
		}
		status := ""
		if out.Distribution != nil {
			status = awssdk.ToString(out.Distribution.Status)
		}
		return status, true, nil
	}
	return "", false, fmt.Errorf("update distribution %s: the config kept changing (%d tries): %w", distID, maxETagTries, last)
}

// createAlias adds the alternate domain name to the distribution.
func (a *applier) createAlias(ctx context.Context, st model.Step) outcome {
	def := st.Def.Alias
	if def == nil {
		return failed(fmt.Errorf("create alias %s: no definition", st.ID))
	}
	status, changed, err := a.changeAliases(ctx, def.DistributionID, func(cur []string) ([]string, bool) {
		for _, x := range cur {
			if strings.EqualFold(x, def.Name) {
				return cur, false
			}
		}
		return append(append([]string(nil), cur...), def.Name), true
	})
	id := model.AliasID(def.DistributionID, def.Name)
	switch {
	case err != nil:
		return failed(err)
	case !changed:
		return skipped("already exists", id)
	}
	a.madeNow(model.TypeAlias, id)
	return done(distributionMessage("added", def.DistributionID, status), id)
}

func distributionMessage(verb, distID, status string) string {
	if status == "" {
		return verb
	}
	return fmt.Sprintf("%s; distribution %s is %s", verb, distID, status)
}

// createRecord creates the record (A alias to the distribution, or CNAME).
func (a *applier) createRecord(ctx context.Context, st model.Step) outcome {
	def := st.Def.Record
	if def == nil {
		return failed(fmt.Errorf("create record %s: no definition", st.ID))
	}
	id := def.ID()
	check := func() (outcome, bool) {
		cur, _, err := a.readRecord(ctx, def.ZoneID, def.Name, def.Type, def.SetIdentifier)
		if err != nil {
			return failed(err), true
		}
		if cur == nil {
			return outcome{}, false
		}
		if !strings.EqualFold(cur.Target(), strings.TrimSuffix(def.Target(), ".")) {
			return failed(&NotOwnedError{Type: model.TypeRecord, ID: id, Reason: "points at " + cur.Target()}), true
		}
		return skipped("already exists", id), true
	}
	if o, found := check(); found {
		return o
	}
	rs := sdkRecordSet(def)
	_, err := a.c.R53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: awssdk.String(def.ZoneID),
		ChangeBatch:  &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionCreate, ResourceRecordSet: rs}}},
	})
	if err != nil {
		if IsAlreadyExists(err) {
			if o, found := check(); found {
				return o
			}
		}
		return failed(fmt.Errorf("create record %s: %w", id, err))
	}
	a.madeNow(model.TypeRecord, id)
	return done("created → "+def.Target(), id)
}
