package model

import "fmt"

// Stages follow deployments: a REST API's changes reach a stage only
// through a deployment, so a stage can keep serving an old one. HTTP API
// stages that envdeck makes use auto-deploy and are never stale.

// FindingStaleStage: an owned REST stage on an older deployment than its
// API's newest (severity warning, action none; envdeck redeploy fixes it).
const FindingStaleStage = "stale-stage"

// Staleness is how far a REST stage is behind its API's newest deployment.
type Staleness struct {
	Current Deployment `json:"current"`
	Newest  Deployment `json:"newest"`
	Behind  int        `json:"behind"` // deployments made after the stage's
}

// StageStaleness tells whether st serves an older deployment than the
// newest of its API. ok is false when it is up to date, or when that
// cannot be told (deployments not read, the stage's deployment not among
// them).
func (s *Snapshot) StageStaleness(st Stage) (Staleness, bool) {
	if s == nil || s.LeftUnread(PartDeployments) {
		return Staleness{}, false
	}
	deps := s.DeploymentsOf(firstNonEmpty(st.RestAPIID, s.RestAPIID))
	if len(deps) == 0 || deps[0].ID == st.DeploymentID {
		return Staleness{}, false
	}
	for _, d := range deps {
		if d.ID != st.DeploymentID {
			continue
		}
		if !d.CreatedAt.Before(deps[0].CreatedAt) {
			return Staleness{}, false
		}
		behind := 0
		for _, n := range deps {
			if n.CreatedAt.After(d.CreatedAt) {
				behind++
			}
		}
		return Staleness{Current: d, Newest: deps[0], Behind: behind}, true
	}
	return Staleness{}, false
}

// Reason says it in one line: both deployments with their dates and how
// many deployments behind.
func (x Staleness) Reason(stageID string) string {
	return fmt.Sprintf("stage %s serves deployment %s of %s, %s behind the API's newest %s of %s",
		stageID, x.Current.ID, fmtTime(x.Current.CreatedAt), plural(x.Behind, "deployment"), x.Newest.ID, fmtTime(x.Newest.CreatedAt))
}

// DeploymentText is how the front ends show a REST stage's deployment:
// its id and, when its API's deployments were read, how far behind the
// newest it is ("deployment d1, 3 behind (newest d4)", "deployment d4, the
// newest").
func (s *Snapshot) DeploymentText(st Stage) string {
	text := "deployment " + firstNonEmpty(st.DeploymentID, "-")
	if x, ok := s.StageStaleness(st); ok {
		return fmt.Sprintf("%s, %d behind (newest %s)", text, x.Behind, x.Newest.ID)
	}
	if s != nil && !s.LeftUnread(PartDeployments) {
		if deps := s.DeploymentsOf(firstNonEmpty(st.RestAPIID, s.RestAPIID)); len(deps) > 0 && deps[0].ID == st.DeploymentID {
			return text + ", the newest"
		}
	}
	return text
}

// HTTPDeploymentText shows an HTTP API stage's deployment: auto-deploy
// stages follow the API and are never behind.
func HTTPDeploymentText(st HTTPStage) string {
	if st.AutoDeploy {
		return "auto-deploy (never behind)"
	}
	return "deployment " + firstNonEmpty(st.DeploymentID, "-")
}

// staleStages: every owned REST stage behind its API's newest deployment.
func (c *findingCtx) staleStages() []Finding {
	var out []Finding
	for _, r := range c.m.all {
		if r.stage == nil || !r.ref.Owned {
			continue
		}
		if x, ok := c.m.snap.StageStaleness(*r.stage); ok {
			out = append(out, newFinding(FindingStaleStage, SeverityWarning, r, x.Reason(r.ref.ID)+"; envdeck redeploy points it at the newest", false))
		}
	}
	return out
}
