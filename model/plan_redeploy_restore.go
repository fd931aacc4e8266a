package model

import (
	"fmt"
	"sort"
)

// Restore of a redeploy's journal: each journaled update holds the stage
// as it was before (its old deployment); restore points the stage back at
// it. Only a journal restored by its id undoes its redeploys: restoring an
// environment from every journal recreates what was deleted, and an old
// redeploy must not move a stage back behind the user's back.

// redeployBacks keeps, per stage, the newest journaled redeploy of
// entries (none when restoring by environment).
func redeployBacks(req RestoreRequest) []JournalEntry {
	if req.Env != "" {
		return nil
	}
	newest := map[string]JournalEntry{}
	for _, e := range req.Entries {
		if e.Step.Action != StepUpdate || e.State != "" || e.Def.Stage == nil {
			continue
		}
		if cur, seen := newest[e.Step.ID]; !seen || !e.Time.Before(cur.Time) {
			newest[e.Step.ID] = e
		}
	}
	out := make([]JournalEntry, 0, len(newest))
	for _, e := range newest {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Step.ID < out[j].Step.ID })
	return out
}

// addRedeployBacks plans pointing each journaled stage back at its old
// deployment, or refuses it.
func (r *restorer) addRedeployBacks(rp *RestorePlan, backs []JournalEntry) {
	for _, e := range backs {
		step, skip, why := r.redeployBackStep(e)
		switch {
		case why != "":
			rp.Refused = append(rp.Refused, RestoreRefusal{Type: TypeStage, ID: e.Step.ID, Env: e.Step.Env, Reason: why})
		case !skip:
			rp.Steps = append(rp.Steps, step)
		}
	}
}

// redeployBackStep: the stage must still exist as envdeck's stage of the
// same environment, and its old deployment must still exist; a stage on
// that deployment already is skipped.
func (r *restorer) redeployBackStep(e JournalEntry) (Step, bool, string) {
	old := e.Def.Stage
	var cur *Stage
	for i := range r.snap.Stages {
		if s := &r.snap.Stages[i]; s.RestAPIID == old.RestAPIID && s.Name == old.Name {
			cur = s
		}
	}
	if cur == nil {
		return Step{}, false, "the stage no longer exists: nothing to point back"
	}
	if ok, why := r.ours(cur.Tags, e.Step.Env); !ok {
		return Step{}, false, "the stage exists but " + why
	}
	if cur.DeploymentID == old.DeploymentID {
		return Step{}, true, ""
	}
	if !r.snap.LeftUnread(PartDeployments) && !hasDeployment(r.snap.DeploymentsOf(old.RestAPIID), old.DeploymentID) {
		return Step{}, false, "deployment " + old.DeploymentID + " no longer exists"
	}
	next := cloneStage(*cur)
	next.DeploymentID = old.DeploymentID
	return Step{Action: StepUpdate, Type: TypeStage, ID: e.Step.ID, Env: e.Step.Env,
		Reason: fmt.Sprintf("deployment %s → %s again (undoes the redeploy)", cur.DeploymentID, old.DeploymentID),
		Def:    &Definition{Stage: &next}, Expect: defOfStage(*cur).Fingerprint()}, false, ""
}

func hasDeployment(deps []Deployment, id string) bool {
	for _, d := range deps {
		if d.ID == id {
			return true
		}
	}
	return false
}
