package model

import "time"

// EnvProtection says why env is protected in snap ("" when it is not), as
// the mapping decides it over the environment as a whole (envProtection):
// a naming.protected glob, a keep tag on any of its resources (named), any
// doubt, or a snapshot whose keep tags were not all read. Apply asks it
// again just before it deletes anything of a saved plan, with the tags read
// anew. taggable lists the environment's rules, target groups and stages
// (the resources whose tags can say keep), so a caller can read them again.
func EnvProtection(snap *Snapshot, cfg *Config, env string) (why string, taggable []ResourceRef) {
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	for _, r := range m.envs[env] {
		if Taggable(r.ref.Type) {
			taggable = append(taggable, r.ref)
		}
	}
	p := m.envProtection(env)
	switch {
	case p.why == "":
		if why := m.incompleteRead(); why != "" {
			return "cannot tell: " + why, taggable
		}
		return "", taggable
	case !cfg.IsProtectedName(env) && !p.doubt:
		for _, r := range m.envs[env] {
			if r.keep {
				return r.name() + " carries " + m.keys.Keep + "=" + r.tags[m.keys.Keep], taggable
			}
		}
	}
	return p.why, taggable
}

// EnvExpiredNow says why env may no longer be collected as expired at now
// ("" while it still is), by the rule of the expired-environment finding
// over snap's tags: apply asks it again, with the tags read anew, before a
// gc step that rests on the expiry.
func EnvExpiredNow(snap *Snapshot, cfg *Config, env string, now time.Time) string {
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	exp, ok := m.envExpiry(m.envs[env])
	switch {
	case !ok:
		return "environment " + env + " has no " + m.keys.ExpiresAt + " now"
	case !now.After(exp):
		return "environment " + env + " is no longer expired: it expires " + fmtTime(exp)
	}
	return ""
}

// EnvRuleNow says why an orphan stage of env may no longer be collected
// ("" while env still has no ALB rule), over snap's rules and tags: apply
// asks it again before a gc step that rests on the missing rule.
func EnvRuleNow(snap *Snapshot, cfg *Config, env string) string {
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	for _, r := range m.envs[env] {
		if r.rule != nil {
			return "environment " + env + " has a rule now: " + r.name()
		}
	}
	return ""
}

// EnvMadeSince names an owned rule, target group or stage of env that
// planned does not hold and that was created at or after since (the plan's
// time), "" when there is none: the environment was destroyed and made
// again after the plan, so the plan's alias and record, which carry no
// tags and look the same, are the new environment's now.
func EnvMadeSince(snap *Snapshot, cfg *Config, env string, since time.Time, planned map[string]bool) string {
	m := newEnvMapper(snap, cfg, envNameValidator(cfg))
	for _, r := range m.envs[env] {
		if r.ref.Owned && Taggable(r.ref.Type) && !planned[r.ref.ID] && r.hasAge && !r.created.Before(since) {
			return "environment " + env + " was made again since the plan: " + r.name() + " is new (created " + fmtTime(r.created) + ")"
		}
	}
	return ""
}
