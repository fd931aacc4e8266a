package model

import "time"

// TypeHTTPStage is a stage of an API Gateway v2 HTTP API; its id is
// APIID/STAGE (HTTPStageID).
const TypeHTTPStage ResourceType = "apigwv2-stage"

// HTTPStage is one stage of an HTTP API, as GetStages lists it (tags
// included).
type HTTPStage struct {
	APIID        string `json:"api_id"`
	Name         string `json:"name"`
	DeploymentID string `json:"deployment_id,omitempty"`
	// AutoDeploy: every change of the API is deployed to the stage, so it
	// never serves an old deployment.
	AutoDeploy          bool                         `json:"auto_deploy"`
	Description         string                       `json:"description,omitempty"`
	Variables           map[string]string            `json:"variables,omitempty"`
	DefaultRoute        *HTTPRouteSettings           `json:"default_route_settings,omitempty"`
	RouteSettings       map[string]HTTPRouteSettings `json:"route_settings,omitempty"`
	AccessLog           *AccessLogSettings           `json:"access_log,omitempty"`
	ClientCertificateID string                       `json:"client_certificate_id,omitempty"`
	Tags                map[string]string            `json:"tags"`
	CreatedAt           time.Time                    `json:"created_at"`
}

// HTTPRouteSettings are the logging, metrics and throttling of a route (or
// of every route: the stage's default route settings).
type HTTPRouteSettings struct {
	DetailedMetricsEnabled bool    `json:"detailed_metrics_enabled,omitempty"`
	LoggingLevel           string  `json:"logging_level,omitempty"`
	DataTraceEnabled       bool    `json:"data_trace_enabled,omitempty"`
	ThrottlingBurstLimit   int     `json:"throttling_burst_limit,omitempty"`
	ThrottlingRateLimit    float64 `json:"throttling_rate_limit,omitempty"`
}

// HTTPStageID is the resource id of an HTTP API stage: APIID/STAGE.
func HTTPStageID(apiID, stage string) string { return apiID + "/" + stage }

// ID is the stage's resource id.
func (s HTTPStage) ID() string { return HTTPStageID(s.APIID, s.Name) }

func cloneHTTPStage(s HTTPStage) HTTPStage {
	c := s
	c.Variables = lkCopyTags(s.Variables)
	c.Tags = lkCopyTags(s.Tags)
	if s.DefaultRoute != nil {
		d := *s.DefaultRoute
		c.DefaultRoute = &d
	}
	if s.RouteSettings != nil {
		c.RouteSettings = make(map[string]HTTPRouteSettings, len(s.RouteSettings))
		for k, v := range s.RouteSettings {
			c.RouteSettings[k] = v
		}
	}
	if s.AccessLog != nil {
		al := *s.AccessLog
		c.AccessLog = &al
	}
	return c
}

func defOfHTTPStage(s HTTPStage) *Definition {
	c := cloneHTTPStage(s)
	return &Definition{HTTPStage: &c}
}

func fpCanonHTTPStage(s HTTPStage) HTTPStage {
	s.Tags = fpCanonMap(s.Tags)
	s.Variables = fpCanonMap(s.Variables)
	if len(s.RouteSettings) == 0 {
		s.RouteSettings = nil
	}
	s.CreatedAt = s.CreatedAt.UTC()
	return s
}

func (r *restorer) httpStageStep(e JournalEntry) (Step, bool, string) {
	st := cloneHTTPStage(*e.Def.HTTPStage)
	for _, cur := range r.snap.HTTPStages {
		if cur.APIID == st.APIID && cur.Name == st.Name {
			if ok, why := r.ours(cur.Tags, e.Step.Env); !ok {
				return Step{}, false, "an HTTP API stage named " + st.Name + " exists and " + why
			}
			return Step{}, true, ""
		}
	}
	st.CreatedAt = time.Time{}
	reason := "restore HTTP API stage"
	if st.AutoDeploy {
		reason += " (auto-deploy)"
	} else if st.DeploymentID != "" {
		reason += " from deployment " + st.DeploymentID
	}
	st.Tags, reason = r.renewed(st.Tags, reason)
	return Step{Action: StepCreate, Type: TypeHTTPStage, ID: st.ID(), Env: e.Step.Env, Reason: reason, Def: &Definition{HTTPStage: &st}}, false, ""
}
