package tui

import (
	"testing"

	"github.com/envdeck/envdeck/model"
)

// The STAGE cell counts an environment's stages on every API, REST and HTTP.
func TestStageCell(t *testing.T) {
	ref := func(t model.ResourceType, id string) model.ResourceRef { return model.ResourceRef{Type: t, ID: id} }
	tests := []struct {
		name string
		refs []model.ResourceRef
		want string
	}{
		{"none", nil, "-"},
		{"one REST stage", []model.ResourceRef{ref(model.TypeStage, "a1/feat-a")}, "✓"},
		{"REST and HTTP", []model.ResourceRef{ref(model.TypeStage, "a1/feat-a"), ref(model.TypeStage, "a2/feat-a"), ref(model.TypeHTTPStage, "h1/feat-a")}, "✓3"},
		{"another name", []model.ResourceRef{ref(model.TypeHTTPStage, "h1/pr-feat-a")}, "pr-feat-a"},
	}
	for _, tc := range tests {
		if got := stageName(&model.Environment{Name: "feat-a", Resources: tc.refs}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
