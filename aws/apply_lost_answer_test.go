package aws_test

import (
	"strings"
	"testing"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// A create whose answer is lost: the service made the resource, the
// connection dropped before the answer (awstest.DropResponse, the proxy in
// front of moto), and the SDK retried the call. The retry is refused
// (PriorityInUse, DuplicateTargetGroupName, ConflictException, Route 53's
// "already exists") or answered with an injected AWS error, because the
// resource is there: it is this create's, so the step is done and adopts
// it, and nothing is made twice ("already exists" on create
// counts as done).
func TestApplyLostCreateAnswer(t *testing.T) {
	tests := map[string]struct {
		slots   int // seedApplyPlatform's: 0 path, 1 a one-slot pool, -1 host without slots
		service string
		action  string
		// then answers the call's retry (nil: moto does).
		then *awstest.Effect
	}{
		"rule: retry refused with PriorityInUse": {service: awstest.ServiceELBv2, action: "CreateRule"},
		"rule: retry refused with TooManyRules": {service: awstest.ServiceELBv2, action: "CreateRule",
			then: effect(awstest.APIError(400, "TooManyRules", "You've reached the limit on the number of rules per load balancer"))},
		"slot claim: retry refused with PriorityInUse":              {slots: 1, service: awstest.ServiceELBv2, action: "CreateRule"},
		"target group: retry refused with DuplicateTargetGroupName": {service: awstest.ServiceELBv2, action: "CreateTargetGroup"},
		"stage: retry refused with ConflictException":               {service: awstest.ServiceAPIGateway, action: "CreateStage"},
		"alias: retry accepted (moto keeps the ETag)":               {slots: -1, service: awstest.ServiceCloudFront, action: "UpdateDistribution"},
		"alias: retry refused with PreconditionFailed": {slots: -1, service: awstest.ServiceCloudFront, action: "UpdateDistribution",
			then: effect(awstest.APIError(412, "PreconditionFailed", "The request failed because it didn't meet the preconditions"))},
		"alias: retry refused with CNAMEAlreadyExists": {slots: -1, service: awstest.ServiceCloudFront, action: "UpdateDistribution",
			then: effect(awstest.APIError(409, "CNAMEAlreadyExists", "One or more of the CNAMEs you provided are already associated with a different resource"))},
		"record: retry refused with InvalidChangeBatch": {slots: -1, service: awstest.ServiceRoute53, action: "ChangeResourceRecordSets"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := seedApplyPlatform(t, tc.slots)
			const env = "lost"
			plan, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: env, Owner: "ci"}, applyNow)
			must(t, err)

			rules := []awstest.Rule{awstest.On(tc.service, tc.action, awstest.DropResponse()).Times(1)}
			if tc.then != nil {
				rules = append(rules, awstest.On(tc.service, tc.action, *tc.then).Times(1))
			}
			proxy := awstest.NewProxy(t, p.endpoint, rules...)
			res, _, err := runApply(t, proxy.Clients(t), p.cfg, plan, t.TempDir())
			if err != nil {
				t.Fatalf("apply: %v\nevents %+v", err, res.Events)
			}
			if n := proxy.Count(tc.service, tc.action); n < 2 {
				t.Fatalf("%s called %d time(s): the lost answer was not retried", tc.action, n)
			}
			for _, ev := range res.Events {
				if ev.State != model.EventDone && ev.State != model.EventSkipped {
					t.Errorf("step %d %s: %s %s", ev.Index, ev.Step.Type, ev.State, ev.Message)
				}
			}

			inv := p.inventory(t, applyNow)
			checkOwnedAndTagged(t, p, inv, env, "ci")
			if r, tg, s := countEnvResources(inv.Snapshot, env); r != 1 || tg != 1 || s != 1 {
				t.Fatalf("%d rules, %d target groups, %d stages of %s; want one each", r, tg, s, env)
			}
			e := envOf(t, inv, env)
			switch {
			case tc.slots > 0:
				if s := slotState(inv, "pv-1.preview.example.com"); s.State != model.SlotClaimed || s.Environment != env {
					t.Fatalf("slot %+v, want claimed by %s", s, env)
				}
			case tc.slots < 0:
				host := env + ".preview.example.com"
				aliases, records := 0, 0
				for _, a := range inv.Snapshot.Distribution.Aliases {
					if strings.EqualFold(a, host) {
						aliases++
					}
				}
				for _, r := range inv.Snapshot.Records {
					if strings.EqualFold(strings.TrimSuffix(r.Name, "."), host) {
						records++
					}
				}
				if aliases != 1 || records != 1 || e.Hostname != host {
					t.Fatalf("%d aliases and %d records of %s, hostname %q", aliases, records, host, e.Hostname)
				}
			}
		})
	}
}

func effect(e awstest.Effect) *awstest.Effect { return &e }
