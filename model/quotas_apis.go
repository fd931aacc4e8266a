package model

// Stage quotas, one per configured API: REST APIs count toward
// QuotaStagesPerAPI (Service Quotas), HTTP APIs toward their own stages
// per API limit, which Service Quotas does not serve (built-in 10).

const (
	QuotaNameHTTPStages   = "Stages per HTTP API"
	QuotaStagesPerHTTPAPI = "apigatewayv2-stages"
)

// stageQuota is what one API's stages use of its quota.
type stageQuota struct {
	name, code, api string
	used            int
	known           bool
}

// stageQuotas measures the stage quota of every configured API. With
// several APIs each quota's name carries its API id, so the bottleneck
// says which API is full.
func stageQuotas(snap *Snapshot, cfg *Config) []stageQuota {
	apis := cfg.StageAPIs()
	var out []stageQuota
	for _, a := range apis {
		q := stageQuota{name: QuotaNameStages, code: QuotaStagesPerAPI, api: a.ID}
		if a.Type == APITypeHTTP {
			q.name, q.code = QuotaNameHTTPStages, QuotaStagesPerHTTPAPI
		}
		if len(apis) > 1 {
			q.name += " " + a.ID
		}
		q.used = countStagesOf(snap, a)
		q.known = !apiReadFailed(snap, apiSource(a.Type), a.ID)
		out = append(out, q)
	}
	return out
}

func countStagesOf(snap *Snapshot, a APIConfig) int {
	n := 0
	if a.Type == APITypeHTTP {
		for _, s := range snap.HTTPStages {
			if s.APIID == a.ID {
				n++
			}
		}
		return n
	}
	for _, s := range snap.Stages {
		if s.RestAPIID == a.ID || (s.RestAPIID == "" && a.ID == snap.RestAPIID) {
			n++
		}
	}
	return n
}
