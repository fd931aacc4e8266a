package model

import "sort"

// DeploymentsOf returns the deployments of REST API apiID, newest first.
func (s *Snapshot) DeploymentsOf(apiID string) []Deployment {
	var out []Deployment
	for _, d := range s.Deployments {
		if d.APIID == apiID || (d.APIID == "" && apiID == s.RestAPIID) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

// apiReadFailed reports whether the read of API apiID through source
// failed (an error of the source naming that API, or naming none).
func apiReadFailed(snap *Snapshot, source, apiID string) bool {
	for _, e := range snap.Errors {
		if e.Source == source && (e.API == "" || e.API == apiID) {
			return true
		}
	}
	return false
}

// apiSource is the source API Gateway APIs of type typ are read from.
func apiSource(typ string) string {
	if typ == APITypeHTTP {
		return SourceAPIGatewayV2
	}
	return SourceAPIGateway
}

// stagePattern is the stage name template of API apiID (a stage of an
// older snapshot without its API id: the snapshot's REST API's).
func (m *envMapper) stagePattern(apiID string) Pattern {
	if apiID == "" {
		apiID = m.snap.RestAPIID
	}
	return m.pat.stage[apiID]
}

func (m *envMapper) mapHTTPStages() {
	for i := range m.snap.HTTPStages {
		st := &m.snap.HTTPStages[i]
		r := m.newRes(mres{ref: ResourceRef{Type: TypeHTTPStage, ID: st.ID()}, httpStage: st})
		r.patEnv = m.patName(m.stagePattern(st.APIID), st.Name)
		m.tagged(r, st.Tags, false)
		m.all = append(m.all, r)
	}
}
