package model

import (
	"slices"
	"testing"
	"time"
)

// An expired environment's target group that a rule outside the
// environment still forwards to is in use: gc and destroy delete the
// environment's rule and keep the group, whoever's the other rule is —
// another environment's (a plain or a weighted forward), an unmanaged
// rule, another tool's (Load Balancer Controller tags), an orphan rule
// that is kept because it is young.
func TestTargetGroupForwardedFromOutsideItsEnvironmentKept(t *testing.T) {
	y := h1OwnedTags("feat-y", 100*time.Hour, 400*time.Hour) // healthy
	lbc := map[string]string{"elbv2.k8s.aws/cluster": "dev-eks", "ingress.k8s.aws/stack": "shop/web"}
	for name, other := range map[string]Rule{
		"another environment's rule":     h1PathRule("y", 1002, "/feat-y/*", y, "env-feat-x"),
		"another environment's weighted": h1PathRule("y", 1002, "/feat-y/*", y, "env-feat-y", "env-feat-x"),
		"an unmanaged rule":              h1PathRule("legacy", 1002, "/legacy/*", nil, "env-feat-x"),
		"another tool's rule":            h1PathRule("k8s", 1002, "/shop/*", lbc, "env-feat-x"),
		"a young rule of no environment": h1PathRule("young", 1002, "/young-x", h1With(h1OwnedTags("", time.Hour, 400*time.Hour)), "env-feat-x"),
	} {
		t.Run(name, func(t *testing.T) {
			s, cfg := h1BaseSnap(), h1Cfg()
			x := h1OwnedTags("feat-x", 100*time.Hour, 72*time.Hour) // expired
			s.Rules = append(s.Rules, h1PathRule("x", 1001, "/feat-x/*", x, "env-feat-x"), other)
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-x", x, 1), h1LambdaTG("env-feat-y", y, 1))
			inv := BuildInventory(s, cfg, h1Now)
			tg, rule := h1TgARN("env-feat-x"), h1RuleARN("x")
			gc := PlanGC(inv, cfg, h1Now)
			destroy, err := PlanDestroy(inv, cfg, "feat-x", h1Now)
			if err != nil {
				t.Fatal(err)
			}
			for kind, p := range map[string]Plan{"gc": gc, "destroy": destroy} {
				var ids []string
				for _, st := range p.Steps {
					ids = append(ids, st.ID)
				}
				if !slices.Contains(ids, rule) || slices.Contains(ids, tg) || slices.Contains(ids, other.ARN) {
					t.Errorf("%s plans %v: want feat-x's rule, not its group nor the other rule", kind, ids)
				}
			}
		})
	}
}
