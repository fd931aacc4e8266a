package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/envdeck/envdeck/model"
)

// bigIndex is an inventory of n environments (one rule, one target group
// with two targets, one stage each).
func bigIndex(n int) (*programContext, *index) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	ctx := newProgramContext(be, Options{})
	ctx.width, ctx.height = 200, 60
	snap := &model.Snapshot{}
	inv := &model.Inventory{Snapshot: snap}
	owners := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	statuses := []string{model.StatusHealthy, model.StatusDegraded, model.StatusPartial, model.StatusExpired}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("feat-%05d-%s", i, owners[i%len(owners)][:3])
		created := fixtureNow.Add(-time.Duration(i%500) * time.Hour)
		exp := created.Add(72 * time.Hour)
		tg := fmt.Sprintf("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/env-%s/%012d", name, i)
		rule := fmt.Sprintf("arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/alb/1/2/%012d", i)
		snap.TargetGroups = append(snap.TargetGroups, model.TargetGroup{ARN: tg, Name: "env-" + name, HealthRead: true,
			Targets: []model.Target{{ID: "a", State: "healthy"}, {ID: "b", State: "unhealthy"}}})
		snap.Rules = append(snap.Rules, model.Rule{ARN: rule, Priority: 1000 + i,
			Conditions: []model.Condition{{Field: "path-pattern", Values: []string{"/" + name + "/*"}}}})
		inv.Environments = append(inv.Environments, model.Environment{Name: name, Status: statuses[i%len(statuses)],
			Owner: owners[i%len(owners)], CreatedAt: &created, ExpiresAt: &exp, Routing: "path",
			Resources: []model.ResourceRef{{Type: model.TypeRule, ID: rule, Owned: true}, {Type: model.TypeTargetGroup, ID: tg, Owned: true},
				{Type: model.TypeStage, ID: "api/" + name, Owned: true}}})
	}
	return ctx, newIndex(inv)
}

// BenchmarkEnvsFilterKeystroke: one keystroke of the '/' filter over
// 10,000 environments (fuzzy match of every row, then the frame).
func BenchmarkEnvsFilterKeystroke(b *testing.B) {
	ctx, x := bigIndex(10000)
	v := newEnvsView(ctx)
	v.setData(x)
	// typing "feat-012" then clearing it: each step is one keystroke
	queries := []string{"f", "fe", "fea", "feat", "feat-", "feat-0", "feat-01", "feat-012", ""}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.tbl.setQuery(queries[i%len(queries)])
		_ = v.render(200, 55)
	}
}

// BenchmarkEnvsFilterFirstKeystroke: the worst keystroke, a new query
// matched against every one of the 10,000 rows.
func BenchmarkEnvsFilterFirstKeystroke(b *testing.B) {
	ctx, x := bigIndex(10000)
	v := newEnvsView(ctx)
	v.setData(x)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.tbl.setQuery("")
		v.tbl.setQuery("ali")
		_ = v.render(200, 55)
	}
}

// BenchmarkEnvsRenderFrame: one frame of the environments view with
// 10,000 rows loaded (only the visible window is drawn).
func BenchmarkEnvsRenderFrame(b *testing.B) {
	ctx, x := bigIndex(10000)
	v := newEnvsView(ctx)
	v.setData(x)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.tbl.move(1) // scrolling: the window moves
		_ = v.render(200, 55)
	}
}

// BenchmarkEnvsRenderFrameColour is the same frame with colours on.
func BenchmarkEnvsRenderFrameColour(b *testing.B) {
	ctx, x := bigIndex(10000)
	ctx.theme = newTheme(true, false)
	v := newEnvsView(ctx)
	v.setData(x)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.tbl.move(1)
		_ = v.render(200, 55)
	}
}

// BenchmarkEnvsSetData: rebuilding the rows of 10,000 environments (once
// per refresh or health batch).
func BenchmarkEnvsSetData(b *testing.B) {
	ctx, x := bigIndex(10000)
	v := newEnvsView(ctx)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.setData(x)
	}
}
