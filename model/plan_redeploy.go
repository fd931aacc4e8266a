package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// PlanKindRedeploy is the kind of a redeploy plan.
const PlanKindRedeploy = "redeploy"

// RedeployRequest says which stale stages to point at their API's newest
// deployment.
type RedeployRequest struct {
	Envs []string // none: every environment
	API  string   // only this REST API's stages; "": every configured API
}

// RedeploySkip is a stale stage redeploy leaves alone, and why.
type RedeploySkip struct {
	Type   ResourceType `json:"type"`
	ID     string       `json:"id"`
	Env    string       `json:"env,omitempty"`
	Reason string       `json:"reason"`
}

// RedeployPlan is a redeploy plan and the stale stages it does not touch
// (said before anything runs).
type RedeployPlan struct {
	Plan
	Skipped []RedeploySkip `json:"skipped,omitempty"`
}

// PlanRedeploy plans pointing every stale owned REST stage of the chosen
// environments (all without Envs) at its API's newest deployment: one
// update step each (UpdateStage replace /deploymentId), whose definition is
// the stage on the new deployment and whose Expect is the stage as read, so
// apply re-checks it and journals the old deployment before the call. A
// stale stage envdeck does not own, or that maps to no environment, is
// listed in Skipped and never changed; so is, without Envs, a protected
// environment's stage (it may be pinned on purpose: naming the environment
// moves it).
func PlanRedeploy(inv *Inventory, cfg *Config, req RedeployRequest, now time.Time) (RedeployPlan, error) {
	if inv == nil || inv.Snapshot == nil {
		return RedeployPlan{}, errors.New("redeploy: no inventory")
	}
	snap := inv.Snapshot
	if err := checkRedeployRequest(inv, cfg, req); err != nil {
		return RedeployPlan{}, err
	}
	refs := stageRefs(inv)
	wanted := map[string]bool{}
	for _, e := range req.Envs {
		wanted[e] = true
	}
	rp := RedeployPlan{Plan: Plan{Kind: PlanKindRedeploy, Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: []Step{}}}
	for _, st := range sortedStages(snap.Stages) {
		id := StageID(st.RestAPIID, st.Name)
		x, stale := snap.StageStaleness(st)
		ref := refs[id]
		if !stale || (req.API != "" && st.RestAPIID != req.API) || (len(wanted) > 0 && !wanted[ref.env]) {
			continue
		}
		switch {
		case len(wanted) == 0 && envIsProtected(inv, ref.env):
			rp.Skipped = append(rp.Skipped, RedeploySkip{Type: TypeStage, ID: id, Env: ref.env,
				Reason: x.Reason(id) + "; environment " + ref.env + " is protected: name it (envdeck redeploy " + ref.env + ") to move it"})
		case !ref.owned:
			rp.Skipped = append(rp.Skipped, RedeploySkip{Type: TypeStage, ID: id, Env: ref.env, Reason: x.Reason(id) + "; not owned by envdeck: reported, never redeployed"})
		case ref.env == "":
			rp.Skipped = append(rp.Skipped, RedeploySkip{Type: TypeStage, ID: id, Reason: x.Reason(id) + "; maps to no environment: left alone"})
		default:
			rp.Steps = append(rp.Steps, redeployStep(st, x, ref.env))
		}
	}
	return rp, nil
}

// checkRedeployRequest refuses environments that do not exist, an API that
// is not a configured REST API, and a read without deployments.
func checkRedeployRequest(inv *Inventory, cfg *Config, req RedeployRequest) error {
	if inv.Snapshot.LeftUnread(PartDeployments) {
		return errors.New("redeploy: the APIs' deployments were not read")
	}
	for _, e := range req.Envs {
		if _, ok := inv.Env(e); !ok {
			return fmt.Errorf("redeploy: no environment %s", e)
		}
	}
	if req.API == "" {
		return nil
	}
	a, ok := cfg.StageAPI(req.API)
	switch {
	case !ok:
		return fmt.Errorf("redeploy: --api %s is not a configured API (apis, apigateway)", req.API)
	case a.Type == APITypeHTTP:
		return fmt.Errorf("redeploy: --api %s is an HTTP API: its stages auto-deploy and are never stale", req.API)
	}
	return nil
}

// redeployStep points st at x's newest deployment.
func redeployStep(st Stage, x Staleness, env string) Step {
	cur := defOfStage(st)
	next := cloneStage(st)
	next.DeploymentID = x.Newest.ID
	return Step{Action: StepUpdate, Type: TypeStage, ID: StageID(st.RestAPIID, st.Name), Env: env,
		Reason: fmt.Sprintf("deployment %s (%s) → %s (%s), %s behind", x.Current.ID, fmtTime(x.Current.CreatedAt),
			x.Newest.ID, fmtTime(x.Newest.CreatedAt), plural(x.Behind, "deployment")),
		Def: &Definition{Stage: &next}, Expect: cur.Fingerprint()}
}

func envIsProtected(inv *Inventory, env string) bool {
	e, ok := inv.Env(env)
	return ok && e.Protected
}

type stageRef struct {
	env   string
	owned bool
}

// stageRefs maps every stage id of an environment to it and its ownership
// (a stage of no environment is absent: unowned, no environment).
func stageRefs(inv *Inventory) map[string]stageRef {
	out := map[string]stageRef{}
	for _, e := range inv.Environments {
		for _, r := range e.Resources {
			if r.Type == TypeStage {
				out[r.ID] = stageRef{env: e.Name, owned: r.Owned}
			}
		}
	}
	for _, r := range inv.Unassigned {
		if r.Type == TypeStage {
			out[r.ID] = stageRef{owned: r.Owned}
		}
	}
	return out
}

func sortedStages(in []Stage) []Stage {
	out := append([]Stage(nil), in...)
	sort.Slice(out, func(i, j int) bool {
		return strings.Compare(StageID(out[i].RestAPIID, out[i].Name), StageID(out[j].RestAPIID, out[j].Name)) < 0
	})
	return out
}
