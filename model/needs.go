package model

// Needs is what a command's answer depends on. Discovery reads only that,
// and the snapshot says what it left out (TargetGroup.HealthRead false,
// Snapshot.Unread), so nothing downstream takes an unread part for an empty
// one. The zero value needs everything: ls, gc, rules and the console.
type Needs struct {
	Health HealthNeed
	// Env is the environment whose target groups' health HealthOfEnv reads.
	Env string
	// Parts the answer does not depend on (Part* constants).
	Skip []string
	// ForChange: the answer plans a change, so the facts it is judged on
	// (ownership, protection, expiry: tags) are read as they are now, never
	// taken from a cache. Health may come from one: apply re-reads the
	// health of every target group whose emptiness a step depends on.
	ForChange bool
}

// ChangeNeeds: everything, for a plan that changes the account (create,
// destroy, gc --apply, apply, restore).
func ChangeNeeds() Needs { return Needs{ForChange: true} }

// HealthNeed says whose target health a command needs.
type HealthNeed int

const (
	HealthAll   HealthNeed = iota // every target group's
	HealthNone                    // none
	HealthOfEnv                   // Needs.Env's target groups only
)

// Parts of the account a command may leave unread. Snapshot.Unread names
// the ones a discovery skipped (those of configured sources only).
const (
	PartLimits        = "limits"                 // quota limits
	PartRecords       = "route53:records"        // the zone's record list (its record count is always read)
	PartDistributions = SourceDistributions      // every distribution of the account
	PartDeployments   = "apigateway:deployments" // the REST APIs' deployments (create, stale stages)
	// PartOwnerTags: the configured listener's and load balancer's tags,
	// which only create judges (left unread, LoadBalancer.TagsUnread
	// makes create refuse).
	PartOwnerTags = "elbv2:listener-tags"
)

// Skips reports whether n leaves part unread.
func (n Needs) Skips(part string) bool {
	for _, p := range n.Skip {
		if p == part {
			return true
		}
	}
	return false
}

// QuotaNeeds: quotas and the forecast count rules, target groups, stages,
// aliases and the zone's record count, and read the environments' tags;
// they never depend on target health, deployments or other distributions,
// and on the records themselves only to tell free slots from broken ones.
func QuotaNeeds(cfg *Config) Needs {
	n := Needs{Health: HealthNone, Skip: []string{PartDistributions, PartDeployments, PartOwnerTags}}
	if cfg == nil || cfg.CloudFront == nil || cfg.CloudFront.Slots == nil {
		n.Skip = append(n.Skip, PartRecords)
	}
	return n
}

// SlotNeeds: a slot's state comes from the distribution's aliases, the
// zone's records and the rules that claim it; never from target health,
// limits, deployments or the account's other distributions.
func SlotNeeds() Needs {
	return Needs{Health: HealthNone, Skip: []string{PartLimits, PartDeployments, PartDistributions, PartOwnerTags}}
}

// EnvNeeds: one environment's status and findings depend on the health of
// its own target groups (and those its rules forward to) only; account-wide
// quota findings are not its own.
func EnvNeeds(env string) Needs {
	return Needs{Health: HealthOfEnv, Env: env, Skip: []string{PartLimits, PartOwnerTags}}
}

// TagChangeNeeds: changing an environment's tags (extend) judges ownership
// and protection from every resource's tags, never from health or limits.
func TagChangeNeeds() Needs {
	return Needs{Health: HealthNone, Skip: []string{PartLimits, PartDeployments, PartOwnerTags}, ForChange: true}
}

// EnvTargetGroups returns the ARNs of the target groups whose health env's
// status and findings depend on: its own and those its rules forward to
// (that the snapshot holds), in snapshot order. Only the load balancer's
// parts of snap are needed: target groups map to environments by their
// tags, names and the rules that forward to them.
func EnvTargetGroups(snap *Snapshot, cfg *Config, env string) []string {
	if snap == nil || cfg == nil || env == "" {
		return nil
	}
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	want := map[string]bool{}
	for _, r := range m.envs[env] {
		switch {
		case r.tg != nil:
			want[r.tg.ARN] = true
		case r.rule != nil:
			for arn := range forwardARNs(r.rule) {
				want[arn] = true
			}
		}
	}
	var out []string
	for _, tg := range snap.TargetGroups {
		if want[tg.ARN] {
			out = append(out, tg.ARN)
		}
	}
	return out
}

// markUnread makes the parts a discovery skipped count as not read for
// every judgement that depends on them (status, slots, findings), as a
// failed source does, without an error entry.
func (m *envMapper) markUnread(parts []string) {
	for _, p := range parts {
		switch p {
		case PartRecords:
			m.failed[SourceRoute53] = true
		case PartDistributions:
			m.failed[SourceDistributions] = true
		}
	}
}

// LeftUnread reports whether the discovery left part out (Snapshot.Unread).
func (s *Snapshot) LeftUnread(part string) bool {
	for _, p := range s.Unread {
		if p == part {
			return true
		}
	}
	return false
}
