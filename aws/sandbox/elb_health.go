package sandbox

import (
	"time"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Health states and reasons as ELB reports them.
const (
	StateHealthy     = string(elbtypes.TargetHealthStateEnumHealthy)
	StateUnhealthy   = string(elbtypes.TargetHealthStateEnumUnhealthy)
	StateInitial     = string(elbtypes.TargetHealthStateEnumInitial)
	StateUnused      = string(elbtypes.TargetHealthStateEnumUnused)
	StateDraining    = string(elbtypes.TargetHealthStateEnumDraining)
	StateUnavailable = string(elbtypes.TargetHealthStateEnumUnavailable)
)

var reasonText = map[string]string{
	"Elb.RegistrationInProgress":      "Target registration is in progress",
	"Target.NotInUse":                 "Target group is not configured to receive traffic from the load balancer",
	"Target.HealthCheckDisabled":      "Health checks are disabled",
	"Target.DeregistrationInProgress": "Target deregistration is in progress",
	"Target.ResponseCodeMismatch":     "Health checks failed with these codes: [502]",
	"Target.Timeout":                  "Request timed out",
	"Target.FailedHealthChecks":       "Health checks failed",
	"Target.NotRegistered":            "Target is not registered to the target group",
}

// health is the target's state as ELB reports it at now: draining stays
// draining; a group no rule forwards to has unused targets; a new target is
// initial until it settles; then its settled state.
func (t *target) health(now time.Time, inUse bool) (state, reason, desc string) {
	switch {
	case t.State == StateDraining:
		state, reason = StateDraining, "Target.DeregistrationInProgress"
	case !inUse:
		state, reason = StateUnused, "Target.NotInUse"
	case now.Before(t.SettleAt):
		state, reason = StateInitial, "Elb.RegistrationInProgress"
	default:
		state, reason = t.State, t.Reason
	}
	desc = t.Description
	if desc == "" || state != t.State {
		desc = reasonText[reason]
	}
	return state, reason, desc
}

// settledState is where a newly registered target ends up.
func (tg *targetGroup) settledState() (state, reason string) {
	if !tg.HealthCheckEnabled {
		return StateUnavailable, "Target.HealthCheckDisabled"
	}
	return StateHealthy, ""
}
