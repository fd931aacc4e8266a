package model

import (
	"strings"
	"testing"
	"time"
)

// Tags each other tool puts on what it makes, as the tools write them.
var (
	controllerTags = map[string]string{"elbv2.k8s.aws/cluster": "dev-eks", "ingress.k8s.aws/stack": "shop/web",
		"ingress.k8s.aws/resource": "443:1"}
	cfnTags     = map[string]string{"aws:cloudformation:stack-name": "legacy-api", "aws:cloudformation:logical-id": "Rule"}
	copilotTags = map[string]string{"copilot-application": "shop", "copilot-environment": "test",
		"aws:cloudformation:stack-name": "shop-test-web"}
)

func TestForeignOwnerOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		tags map[string]string
		want ForeignOwner
		ok   bool
	}{
		{"load balancer controller", controllerTags, ForeignOwner{OwnerLBController, "dev-eks/shop/web"}, true},
		{"controller resource tag only", map[string]string{"ingress.k8s.aws/resource": "x"}, ForeignOwner{OwnerLBController, ""}, true},
		{"cloudformation", cfnTags, ForeignOwner{OwnerCloudFormation, "legacy-api"}, true},
		{"copilot, deployed through cloudformation", copilotTags, ForeignOwner{OwnerCopilot, "shop/test"}, true},
		{"envdeck's", h1OwnedTags("feat-a", time.Hour, time.Hour), ForeignOwner{}, false},
		{"no tags", nil, ForeignOwner{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ForeignOwnerOf(tc.tags)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// A rule or target group another tool owns is never mapped to an
// environment by its pattern (a controller's '/shop/*' is not environment
// shop), never envdeck's even with envdeck's tags on it, is listed as
// unassigned with its owner, named in its finding, and never collected.
func TestForeignOwnedNeverMappedNorCollected(t *testing.T) {
	old := 30 * time.Hour
	expired := h1OwnedTags("feat-x", old, time.Hour) // expired, would be collected if envdeck's
	s := h1BaseSnap()
	s.Rules = append(s.Rules,
		h1PathRule("ctl", 10, "/shop/*", controllerTags, "k8s-shop-web"),
		h1PathRule("cfn", 11, "/legacy/*", cfnTags, "env-legacy"),
		h1PathRule("cop", 12, "/feat-x/*", h1With(expired, "copilot-application", "shop", "copilot-environment", "test")),
		h1PathRule("own", 1000, "/feat-y/*", h1OwnedTags("feat-y", old, time.Hour), "env-feat-y"))
	s.TargetGroups = append(s.TargetGroups,
		h1LambdaTG("k8s-shop-web", controllerTags, 0),
		h1LambdaTG("env-legacy", h1With(cfnTags, "envdeck:managed-by", "envdeck", "envdeck:env", "legacy"), 0),
		h1LambdaTG("env-feat-y", h1OwnedTags("feat-y", old, time.Hour), 1))
	inv := BuildInventory(s, h1Cfg(), h1Now)

	for _, e := range inv.Environments {
		if e.Name != "feat-y" {
			t.Errorf("environment %s: only feat-y is envdeck's", e.Name)
		}
	}
	want := map[string]ForeignOwner{
		h1RuleARN("ctl"): {OwnerLBController, "dev-eks/shop/web"}, h1TgARN("k8s-shop-web"): {OwnerLBController, "dev-eks/shop/web"},
		h1RuleARN("cfn"): {OwnerCloudFormation, "legacy-api"}, h1TgARN("env-legacy"): {OwnerCloudFormation, "legacy-api"},
		h1RuleARN("cop"): {OwnerCopilot, "shop/test"},
	}
	unassigned := map[string]bool{}
	for _, r := range inv.Unassigned {
		unassigned[r.ID] = true
	}
	for id, o := range want {
		if got, ok := inv.ManagedBy(id); !ok || got != o {
			t.Errorf("%s managed by %+v, want %+v", id, got, o)
		}
		if !unassigned[id] {
			t.Errorf("%s is not unassigned", id)
		}
		f := h1FindOne(t, inv, FindingUnmanaged, id)
		if !strings.Contains(f.Reason, "is managed by "+o.Tool) || f.Action != ActionNone {
			t.Errorf("finding on %s: %+v", id, f)
		}
	}
	if len(inv.Foreign) != len(want) {
		t.Errorf("%d foreign resources, want %d: %v", len(inv.Foreign), len(want), inv.Foreign)
	}
	for _, f := range inv.Findings {
		if _, theirs := want[f.Resource.ID]; theirs && f.Kind != FindingUnmanaged && f.Kind != FindingShadowedRule {
			t.Errorf("finding on another tool's resource: %+v", f)
		}
	}
	for _, plan := range []Plan{PlanGC(inv, h1Cfg(), h1Now)} {
		for _, st := range plan.Steps {
			if _, theirs := want[st.ID]; theirs {
				t.Errorf("gc plans %s %s", st.Action, st.ID)
			}
		}
	}
	for _, r := range RuleRows(inv, h1Cfg().Keys()) {
		if o, theirs := want[r.Rule.ARN]; theirs && (r.Owned || r.Owner != o.Tool || r.OwnerName != o.Name) {
			t.Errorf("rule row %s: owned %v owner %q %q", r.Rule.ARN, r.Owned, r.Owner, r.OwnerName)
		}
		if r.Rule.ARN == h1RuleARN("own") && r.Owner != ManagedByValue {
			t.Errorf("envdeck's rule row: owner %q", r.Owner)
		}
	}
}

// create refuses a listener the AWS Load Balancer Controller manages (its
// tags on the listener or on its load balancer), or whose tags are unknown,
// unless alb.allow_controller_listener is set; other owners' tags on the
// load balancer do not matter.
func TestCreateRefusesControllerListener(t *testing.T) {
	lbARN := "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/abc"
	for _, tc := range []struct {
		name           string
		lb             LoadBalancer
		allow, refused bool
	}{
		{"no owner tags", LoadBalancer{}, false, false},
		{"controller on the listener", LoadBalancer{ListenerTags: controllerTags}, false, true},
		{"controller on the load balancer", LoadBalancer{Tags: controllerTags}, false, true},
		{"controller, allowed", LoadBalancer{Tags: controllerTags}, true, false},
		{"cloudformation on the load balancer", LoadBalancer{Tags: cfnTags}, false, false},
		{"tags unread", LoadBalancer{TagsUnread: true}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, cfg := planInventory(), planConfig()
			cfg.ALB.AllowControllerListener = tc.allow
			tc.lb.ARN, tc.lb.ListenerARN = lbARN, tListener
			inv.Snapshot.LoadBalancers = []LoadBalancer{tc.lb}
			_, err := PlanCreate(inv, cfg, CreateRequest{Name: "feat-z", Owner: "alice"}, planNow)
			if (err != nil) != tc.refused {
				t.Fatalf("err %v, want refused=%v", err, tc.refused)
			}
			if err != nil && (strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "AWS Load Balancer Controller")) {
				t.Errorf("refusal: %q", err)
			}
			if err != nil && !tc.lb.TagsUnread && !strings.Contains(err.Error(), "removes listener rules it did not create") {
				t.Errorf("refusal does not say why: %q", err)
			}
		})
	}
}
