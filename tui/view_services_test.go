package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/envdeck/envdeck/model"
)

// With services configured, the environments view's rule count becomes the
// SERVICES count (complete of configured) and the detail view lists each
// service with what it misses.
func TestServicesInEnvsAndDetail(t *testing.T) {
	fx := newFixture()
	cfg := *fx.cfg
	cfg.ALB.PathPattern, cfg.ALB.TargetGroup = "", model.TargetGroupConfig{}
	cfg.Services = []model.ServiceConfig{
		{Name: "web", PathPattern: "/{env}/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}-web", Type: "lambda"}},
		{Name: "bff", PathPattern: "/{env}/bff/*", TargetGroup: model.TargetGroupConfig{Name: "env-{env}-bff", Type: "lambda"}},
	}
	ctx := newProgramContext(newFakeBackend(&cfg, fx.snap, fixtureNow), Options{})
	ctx.width, ctx.height = 160, 40
	inv := &model.Inventory{Snapshot: &model.Snapshot{}, Environments: []model.Environment{
		{Name: "feat-both", Status: model.StatusHealthy, Routing: "path",
			Services: []model.EnvService{{Name: "web", Rule: true, TargetGroup: true}, {Name: "bff", Rule: true, TargetGroup: true}}},
		{Name: "feat-half", Status: model.StatusPartial, Routing: "path", MissingServices: []string{"bff"},
			Services: []model.EnvService{{Name: "web", Rule: true, TargetGroup: true}, {Name: "bff", TargetGroup: true}}},
	}}
	x := newIndex(inv)
	v := newEnvsView(ctx)
	v.setData(x)
	frame := ansi.Strip(v.render(160, 20))
	if !strings.Contains(frame, "SERVICES") || strings.Contains(frame, "RULES") {
		t.Fatalf("no SERVICES column:\n%s", frame)
	}
	for _, want := range []string{"feat-both", "2/2", "feat-half", "1/2"} {
		if !strings.Contains(frame, want) {
			t.Errorf("envs view lacks %q:\n%s", want, frame)
		}
	}
	d := newDetailView(ctx)
	d.open("feat-half")
	d.setData(x)
	detail := ansi.Strip(d.render(160, 40))
	if !strings.Contains(detail, "services 1/2  web  bff (no rule)") {
		t.Errorf("detail view:\n%s", detail)
	}
}
