package model

import (
	"strings"
	"testing"
)

func TestLoadConfigAPIs(t *testing.T) {
	base := "alb: {listener_arn: " + h2ListenerARN + "}\n"
	tests := []struct {
		name, yaml, wantErr string
		want                []APIConfig
	}{
		{"apis list", "apis:\n  - {id: a1b2c3d4e5, type: rest, variables: {env: '{env}'}}\n  - {id: x9y8z7w6v5, type: http, stage: 'pr-{env}'}\n", "",
			[]APIConfig{{ID: "a1b2c3d4e5", Type: APITypeREST, Stage: "{env}", Variables: map[string]string{"env": "{env}"}}, {ID: "x9y8z7w6v5", Type: APITypeHTTP, Stage: "pr-{env}"}}},
		{"apigateway is one rest API", "apigateway: {rest_api_id: a1b2c3d4e5}\n", "",
			[]APIConfig{{ID: "a1b2c3d4e5", Type: APITypeREST, Stage: "{env}"}}},
		{"both keys", "apigateway: {rest_api_id: a1b2c3d4e5}\napis: [{id: x9y8z7w6v5, type: http}]\n", "apis: apigateway and apis both given", nil},
		{"unknown type", "apis: [{id: x9y8z7w6v5, type: websocket}]\n", "apis[0].type: must be rest or http", nil},
		{"no type", "apis: [{id: x9y8z7w6v5}]\n", "apis[0].type: must be rest or http", nil},
		{"twice", "apis: [{id: x9y8z7w6v5, type: http}, {id: x9y8z7w6v5, type: rest}]\n", "apis[1].id: API x9y8z7w6v5 is listed twice", nil},
		{"bad stage", "apis: [{id: x9y8z7w6v5, type: http, stage: 'a b {env}'}]\n", "apis[0].stage:", nil},
		{"bad variable", "apis: [{id: x9y8z7w6v5, type: rest, variables: {a-b: x}}]\n", "apis[0].variables.a-b:", nil},
		{"unknown key", "apis: [{id: x9y8z7w6v5, type: rest, stages: x}]\n", "stages", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := LoadConfig(strings.NewReader(base + tc.yaml))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.StageAPIs()
			if len(got) != len(tc.want) {
				t.Fatalf("StageAPIs %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i].ID != tc.want[i].ID || got[i].Type != tc.want[i].Type || got[i].Stage != tc.want[i].Stage || len(got[i].Variables) != len(tc.want[i].Variables) {
					t.Errorf("API %d: %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// A failed read of one API leaves the other APIs' quotas measured and
// makes every change refuse.
func TestOneAPIReadFailure(t *testing.T) {
	cfg := h2Cfg()
	cfg.APIs = []APIConfig{{ID: "rest1", Type: APITypeREST}, {ID: "http1", Type: APITypeHTTP}}
	snap := &Snapshot{Stages: []Stage{{RestAPIID: "rest1", Name: "a"}},
		Errors: []SourceError{{Source: SourceAPIGatewayV2, API: "http1", Message: "stages of HTTP API http1: AccessDenied"}}}
	quotas, _ := ComputeQuotas(snap, cfg, nil, nil)
	got := map[string]int{}
	for _, q := range quotas {
		got[q.Scope] = q.Limit
	}
	if got["rest1"] != 10 || got["http1"] != 0 {
		t.Errorf("limits by API %v: want rest1 measured (10), http1 unknown (0)", got)
	}
	if err := CheckComplete(snap, "create"); err == nil || !strings.Contains(err.Error(), "apigatewayv2") {
		t.Errorf("CheckComplete: %v", err)
	}
}
