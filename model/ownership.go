package model

import "time"

// Ownership and safety (docs/ARCHITECTURE.md).
//
// A rule, target group or stage is owned when it carries managed-by=envdeck
// (set on mres.ref.Owned by the mapper). An alias or record outside the slot
// pool is owned when its name matches the pattern for a valid, non-protected
// environment name; slot aliases and records are never owned.
//
// Protection is decided over the environment as a whole, fail-safe: an
// environment is protected when a naming.protected glob matches it, when any
// of its resources carries envdeck:keep=true, or when envdeck cannot tell
// (a resource of it whose tags were not read or whose envdeck tags cannot be
// read, or an invalid env tag that may have meant it). On top of that, a
// snapshot whose keep tags were not all read (a failed source, a resource
// whose tags were not read) allows no delete at all: any environment may
// have lost a keep tag in what was not read.

// protection says why an environment is protected.
type protection struct {
	why   string // "" when not protected
	doubt bool   // protected because envdeck cannot tell, not because it was asked
}

// envProtected reports whether env is protected (envProtection).
func (m *envMapper) envProtected(env string) bool { return m.envProtection(env).why != "" }

// envProtection decides, once per environment, whether and why it is
// protected: a glob first, then a keep tag, then any doubt.
func (m *envMapper) envProtection(env string) protection {
	if env == "" {
		return protection{}
	}
	if p, ok := m.prot[env]; ok {
		return p
	}
	p := protection{}
	switch {
	case m.cfg.IsProtectedName(env):
		p.why = "it matches naming.protected"
	case m.anyKeep(env):
		p.why = "a resource of it carries " + m.keys.Keep + "=true"
	default:
		for _, r := range m.envs[env] {
			if d := r.doubt(); d != "" {
				p = protection{why: "cannot tell: " + d, doubt: true}
				break
			}
		}
		if why, ok := m.doubted[env]; ok && p.why == "" {
			p = protection{why: "cannot tell: " + why, doubt: true}
		}
	}
	m.prot[env] = p
	return p
}

func (m *envMapper) anyKeep(env string) bool {
	for _, r := range m.envs[env] {
		if r.keep {
			return true
		}
	}
	return false
}

// incompleteRead says why no delete of this snapshot can be trusted, ""
// when every keep tag was read: a source that holds keep tags failed, or a
// resource's tags were not read (its env tag is unknown too, so it may keep
// any environment).
func (m *envMapper) incompleteRead() string {
	for _, src := range []string{SourceALB, SourceAPIGateway, SourceAPIGatewayV2} {
		if m.failed[src] {
			return "source " + src + " could not be read, so a keep tag of any environment may be missing"
		}
	}
	for _, r := range m.all {
		if r.tagsUnread {
			return "the tags of " + r.name() + " could not be read, so it may keep any environment"
		}
	}
	return ""
}

// deletable is the one gate every delete passes: owned, not a slot alias or
// record, every envdeck tag readable, no tag/pattern conflict, not
// protected, and a complete read. It returns why not.
func (m *envMapper) deletable(r *mres) (bool, string) {
	switch {
	case (r.ref.Type == TypeAlias || r.ref.Type == TypeRecord) && r.slot != "":
		return false, "it belongs to slot " + r.slot + " (prepared infrastructure, never deleted)"
	case !r.ref.Owned:
		return false, "it is not owned by envdeck"
	case r.doubt() != "":
		return false, "cannot tell: " + r.doubt()
	case r.conflict:
		return false, "its " + m.keys.Env + " tag (" + r.tagEnv + ") disagrees with its name (" + r.patEnv + ")"
	case r.keep:
		return false, "it carries " + m.keys.Keep + "=true"
	case m.envProtected(r.env):
		why := "environment " + r.env + " is protected"
		if p := m.envProtection(r.env); p.doubt {
			why += " (" + p.why + ")"
		}
		return false, why
	case m.readDoubt != "":
		return false, "cannot tell whether it is protected: " + m.readDoubt
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
