package model

import (
	"fmt"
	"strings"
)

// The stage phase of a create: one stage on every configured API (REST
// and HTTP), each checked against its own API's quota and names.

// stagePlan is one API's stage of the environment being created.
type stagePlan struct {
	api  APIConfig
	name string // the stage's name
	make bool   // this plan creates it (a half-made environment may have it)
	// deployment: the REST API's newest deployment, the stage's.
	deployment string
}

func (s stagePlan) id() string { return StageID(s.api.ID, s.name) }

// resolveStages names the stage of every configured API (none with NoStage).
func (c *createPlan) resolveStages() {
	c.stages = nil
	if c.req.NoStage {
		return
	}
	for _, a := range c.cfg.StageAPIs() {
		c.stages = append(c.stages, stagePlan{api: a, name: a.StageName(c.name)})
	}
}

// decideStages marks the stages this plan makes; it reports whether any.
func (c *createPlan) decideStages() bool {
	some := false
	for i := range c.stages {
		c.stages[i].make = !c.half.hasStage(c.stages[i].id())
		some = some || c.stages[i].make
	}
	return some
}

// stageHeadroom refuses a create when the stage quota of an API it adds a
// stage to is full.
func (c *createPlan) stageHeadroom() error {
	for _, s := range c.stages {
		if !s.make {
			continue
		}
		code := QuotaStagesPerAPI
		if s.api.Type == APITypeHTTP {
			code = QuotaStagesPerHTTPAPI
		}
		for _, q := range c.inv.Quotas {
			if q.Code == code && (q.Scope == "" || q.Scope == s.api.ID) && q.Limit > 0 && q.Used+1 > q.Limit {
				return &QuotaFullError{Name: q.Name, Code: q.Code, Used: q.Used, Limit: q.Limit}
			}
		}
	}
	return nil
}

// checkStagesFree refuses a stage name taken on its API and a REST API
// without a deployment; it records each REST stage's deployment.
func (c *createPlan) checkStagesFree() error {
	snap := c.snap
	for i := range c.stages {
		s := &c.stages[i]
		if !s.make {
			continue
		}
		if _, taken := snap.Lookup(stageType(s.api.Type), s.id()); taken {
			return &NameTakenError{Name: c.name, Reason: "stage " + s.id() + " already exists"}
		}
		if s.api.Type == APITypeHTTP {
			continue // created with auto-deploy: it needs no deployment
		}
		deps := snap.DeploymentsOf(s.api.ID)
		if len(deps) == 0 {
			return fmt.Errorf("cannot create %q: REST API %s has no deployment to create a stage from", c.name, s.api.ID)
		}
		s.deployment = deps[0].ID
	}
	return nil
}

// stageSteps are the create steps of the stages the plan makes.
func (c *createPlan) stageSteps(tags func() map[string]string) []Step {
	var steps []Step
	for _, s := range c.stages {
		if !s.make {
			continue
		}
		vars := map[string]string{}
		for k, v := range s.api.Variables {
			vars[k] = strings.ReplaceAll(v, PlaceholderEnv, c.name)
		}
		if s.api.Type == APITypeHTTP {
			st := &HTTPStage{APIID: s.api.ID, Name: s.name, AutoDeploy: true, Variables: vars, Tags: tags()}
			steps = append(steps, Step{Action: StepCreate, Type: TypeHTTPStage, ID: s.id(), Env: c.name,
				Reason: "HTTP API stage with auto-deploy", Def: &Definition{HTTPStage: st}})
			continue
		}
		st := &Stage{RestAPIID: s.api.ID, Name: s.name, DeploymentID: s.deployment, Variables: vars, Tags: tags()}
		steps = append(steps, Step{Action: StepCreate, Type: TypeStage, ID: s.id(), Env: c.name,
			Reason: "stage from deployment " + s.deployment, Def: &Definition{Stage: st}})
	}
	return steps
}

// stageType is the resource type of a stage of an API of type typ.
func stageType(typ string) ResourceType {
	if typ == APITypeHTTP {
		return TypeHTTPStage
	}
	return TypeStage
}
