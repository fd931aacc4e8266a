package model

import "time"

// Ownership and safety (DESIGN.md § Ownership and safety).
//
// A rule, target group or stage is owned when it carries managed-by=envdeck
// (set on mres.ref.Owned by the mapper). An alias or record outside the slot
// pool is owned when its name matches the pattern for a valid, non-protected
// environment name; slot aliases and records are never owned. Protected: a
// naming.protected glob, or envdeck:keep=true on the resource or on any
// resource of its environment.

// envProtected reports whether env is protected (glob or a keep tag on any of
// its resources).
func (m *envMapper) envProtected(env string) bool {
	if env == "" {
		return false
	}
	if p, ok := m.prot[env]; ok {
		return p
	}
	p := m.cfg.IsProtectedName(env)
	for _, r := range m.envs[env] {
		p = p || r.keep
	}
	m.prot[env] = p
	return p
}

// protected reports whether r may never be deleted because it, or its
// environment, is protected.
func (m *envMapper) protected(r *mres) bool {
	return r.keep || m.envProtected(r.env)
}

// deletable is the one gate every delete passes: owned, not a slot alias or
// record, no tag/pattern conflict, not protected. It returns why not.
func (m *envMapper) deletable(r *mres) (bool, string) {
	switch {
	case (r.ref.Type == TypeAlias || r.ref.Type == TypeRecord) && r.slot != "":
		return false, "it belongs to slot " + r.slot + " (prepared infrastructure, never deleted)"
	case !r.ref.Owned:
		return false, "it is not owned by envdeck"
	case r.conflict:
		return false, "its " + m.keys.Env + " tag (" + r.tagEnv + ") disagrees with its name (" + r.patEnv + ")"
	case r.keep:
		return false, "it carries " + m.keys.Keep + "=true"
	case m.envProtected(r.env):
		return false, "environment " + r.env + " is protected"
	}
	return true, ""
}

// young reports an owned resource created less than gc.grace ago: never
// deleted by gc. Unknown age (no created-at tag) is not young.
func (m *envMapper) young(r *mres, now time.Time) bool {
	return r.hasAge && now.Sub(r.created) < m.cfg.GC.Grace.Duration
}

// oldEnough reports a resource known to be at least gc.grace old: only
// those can be orphans (unknown age never is).
func (m *envMapper) oldEnough(r *mres, now time.Time) bool {
	return r.hasAge && now.Sub(r.created) >= m.cfg.GC.Grace.Duration
}

// envNameValidator returns cfg.ValidateEnvName as a memoised predicate (one
// mapping asks about the same few names thousands of times).
func envNameValidator(cfg *Config) func(string) bool {
	memo := map[string]bool{}
	return func(name string) bool {
		v, ok := memo[name]
		if !ok {
			v = cfg.ValidateEnvName(name) == nil
			memo[name] = v
		}
		return v
	}
}
