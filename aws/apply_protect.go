package aws

import (
	"context"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"

	"github.com/envdeck/envdeck/model"
)

// Protection as it is now. A saved plan may be applied long after it was
// made: a naming.protected glob or a keep tag may have come since. Before
// the first step of an environment that deletes anything, apply decides
// the environment's protection again from the config it was given and the
// tags of every rule, target group and stage of the environment (aliases
// and records carry no tags: they are protected through their
// environment). A protected environment's steps are drift, never forced;
// one whose tags cannot be read is protected too.

// guard is what one Apply run knows of the environments' protection.
type guard struct {
	snap    *model.Snapshot // the taggable resources, listed once per run
	listErr error           // the listing failed: no environment can be told
	readAt  int             // the step before which snap was listed or last refreshed
	verdict map[string]string
	facts   map[string]string // fact and env → why it no longer holds (gcFactsNow)
}

// protectedNow returns why step i must not run because its environment is
// protected now, or "". Deletes ask the full question; a create plan's
// creates only the glob (create refuses a protected name); updates never
// (extend must be able to set or clear keep on a protected environment).
func (a *applier) protectedNow(ctx context.Context, i int, st model.Step) string {
	if st.Env == "" {
		return ""
	}
	why := ""
	switch {
	case st.Action == model.StepDelete:
		v, ok := a.guard.verdict[st.Env]
		if !ok {
			v = a.envProtection(ctx, i, st.Env)
			a.guard.verdict[st.Env] = v
		}
		why = v
	case st.Action == model.StepCreate && a.plan.Kind == model.PlanKindCreate && a.cfg.IsProtectedName(st.Env):
		why = "it matches naming.protected"
	}
	if why == "" {
		return ""
	}
	return fmt.Sprintf("environment %s is protected now: %s", st.Env, why)
}

// envProtection decides env's protection just before step i.
func (a *applier) envProtection(ctx context.Context, i int, env string) string {
	if a.cfg.IsProtectedName(env) {
		return "it matches naming.protected"
	}
	if a.guard.snap == nil && a.guard.listErr == nil {
		a.guard.snap, a.guard.listErr = a.listTaggable(ctx)
		a.guard.readAt = i
	}
	if a.guard.listErr != nil {
		return "cannot tell, the tags of its resources could not be read: " + OneLine(a.guard.listErr)
	}
	if i > a.guard.readAt {
		// Steps ran since the listing: read this environment's tags again.
		_, refs := model.EnvProtection(a.guard.snap, a.cfg, env)
		if err := a.refreshTags(ctx, refs); err != nil {
			return "cannot tell, the tags of its resources could not be read: " + OneLine(err)
		}
	}
	why, _ := model.EnvProtection(a.guard.snap, a.cfg, env)
	return why
}

// listTaggable lists the rules and target groups of the configured load
// balancer and the stages of the REST APIs (the configured one and any the
// plan deletes from), with their tags; target health is not read. A plan's
// rule or target group the listing does not hold is added with its tags
// read now, so its environment's verdict counts it.
func (a *applier) listTaggable(ctx context.Context) (*model.Snapshot, error) {
	alb, errs := readALB(ctx, a.c, a.cfg, DiscoverOptions{SkipHealth: true}, DefaultConcurrency)
	if len(errs) > 0 {
		return nil, sourceErrors(errs)
	}
	snap := &model.Snapshot{LoadBalancerARN: alb.lbARN, Listeners: alb.listeners, Rules: alb.rules, TargetGroups: alb.targetGroups,
		LoadBalancers: alb.loadBalancers}
	if rest := a.cfg.APIsOfType(model.APITypeREST); len(rest) > 0 {
		snap.RestAPIID = rest[0].ID
	}
	if err := a.listHTTPStages(ctx, snap); err != nil {
		return nil, err
	}
	for _, api := range a.stageAPIs() {
		stages, err := a.listStages(ctx, api)
		if err != nil {
			return nil, err
		}
		snap.Stages = append(snap.Stages, stages...)
	}
	if err := a.addPlanned(ctx, snap); err != nil {
		return nil, err
	}
	return snap, nil
}

// stageAPIs are the REST APIs whose stages count: the configured ones and
// those of the plan's stage deletes.
func (a *applier) stageAPIs() []string {
	return a.guardAPIs(model.APITypeREST, model.TypeStage)
}

// guardAPIs lists the APIs of type typ the protection guard reads: the
// configured ones and those of the plan's deletes of stages of kind t.
func (a *applier) guardAPIs(typ string, t model.ResourceType) []string {
	var apis []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			apis = append(apis, id)
		}
	}
	for _, api := range a.cfg.APIsOfType(typ) {
		add(api.ID)
	}
	for _, st := range a.plan.Steps {
		if st.Type == t && st.Action == model.StepDelete {
			api, _, _ := strings.Cut(st.ID, "/")
			add(api)
		}
	}
	return apis
}

// listStages reads every stage of one REST API with its tags (one GetStages).
func (a *applier) listStages(ctx context.Context, api string) ([]model.Stage, error) {
	if a.c.APIGW == nil {
		return nil, errNoClient("apigateway")
	}
	out, err := a.c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: awssdk.String(api)})
	if err != nil {
		return nil, fmt.Errorf("stages of %s: %w", api, err)
	}
	stages := make([]model.Stage, 0, len(out.Item))
	for _, s := range out.Item {
		stages = append(stages, toStage(api, s))
	}
	return stages, nil
}

// addPlanned adds the plan's deleted rules and target groups that the
// listing does not hold (on another load balancer, say), with fresh tags.
func (a *applier) addPlanned(ctx context.Context, snap *model.Snapshot) error {
	listed := map[string]bool{}
	for _, r := range snap.Rules {
		listed[r.ARN] = true
	}
	for _, t := range snap.TargetGroups {
		listed[t.ARN] = true
	}
	var arns []string
	defs := map[string]*model.Definition{}
	for _, st := range a.plan.Steps {
		if st.Action != model.StepDelete || st.Def == nil || listed[st.ID] {
			continue
		}
		if (st.Type == model.TypeRule && st.Def.Rule != nil) || (st.Type == model.TypeTargetGroup && st.Def.TargetGroup != nil) {
			listed[st.ID] = true
			arns = append(arns, st.ID)
			defs[st.ID] = st.Def
		}
	}
	if len(arns) == 0 {
		return nil
	}
	tags, gone, err := readTags(ctx, a.c.ELB, arns, DefaultConcurrency)
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	for _, arn := range arns {
		if gone[arn] {
			continue
		}
		d := defs[arn].WithTags(tags[arn])
		if d.Rule != nil {
			snap.Rules = append(snap.Rules, *d.Rule)
		} else {
			snap.TargetGroups = append(snap.TargetGroups, *d.TargetGroup)
		}
	}
	return nil
}

// refreshTags reads the tags of refs again into the run's listing: rules
// and target groups by DescribeTags (20 a call), stages by one GetStages
// per REST API.
func (a *applier) refreshTags(ctx context.Context, refs []model.ResourceRef) error {
	snap := a.guard.snap
	var arns []string
	stageAPIs, httpAPIs := map[string]bool{}, map[string]bool{}
	for _, r := range refs {
		switch r.Type {
		case model.TypeRule, model.TypeTargetGroup:
			arns = append(arns, r.ID)
		case model.TypeStage:
			api, _, _ := strings.Cut(r.ID, "/")
			stageAPIs[api] = true
		case model.TypeHTTPStage:
			api, _, _ := strings.Cut(r.ID, "/")
			httpAPIs[api] = true
		}
	}
	if len(arns) > 0 {
		tags, gone, err := readTags(ctx, a.c.ELB, arns, DefaultConcurrency)
		if err != nil {
			return fmt.Errorf("tags: %w", err)
		}
		for i := range snap.Rules {
			if t, ok := tags[snap.Rules[i].ARN]; ok && !gone[snap.Rules[i].ARN] {
				snap.Rules[i].Tags = t
			}
		}
		for i := range snap.TargetGroups {
			if t, ok := tags[snap.TargetGroups[i].ARN]; ok && !gone[snap.TargetGroups[i].ARN] {
				snap.TargetGroups[i].Tags = t
			}
		}
	}
	for api := range stageAPIs {
		fresh, err := a.listStages(ctx, api)
		if err != nil {
			return err
		}
		kept := snap.Stages[:0]
		for _, s := range snap.Stages {
			if s.RestAPIID != api {
				kept = append(kept, s)
			}
		}
		snap.Stages = append(kept, fresh...)
	}
	return a.refreshHTTPStages(ctx, snap, httpAPIs)
}

// sourceErrors joins a listing's source errors into one error.
func sourceErrors(errs []model.SourceError) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Source + ": " + e.Message
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}
