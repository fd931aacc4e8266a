package model

import (
	"slices"
	"strconv"
)

// Services (docs/CONTRACT.md § Mapping resources to environments): a rule
// and a target group belong to an environment and to one of its services.
// A rule's service is the one whose path pattern gave its environment's
// name (path mode), or whose host_path is its path condition next to the
// host condition (host mode); a target group's, the one whose name template
// gave its environment's name, else the service of the rules forwarding to
// it. When several templates fit, the most specific (longest literal part)
// wins.

// svcPattern is one service's compiled templates.
type svcPattern struct {
	name     string
	path, tg Pattern
	hostPath string
}

// svcMatch is one service template a value fits, the name it gives, and
// the length of the template's literal part.
type svcMatch struct {
	service, env string
	literal      int
}

func compileServicePatterns(cfg *Config) []svcPattern {
	var out []svcPattern
	for _, s := range cfg.ServiceList() {
		p := svcPattern{name: s.Name, hostPath: s.HostPath}
		if s.PathPattern != "" {
			p.path, _ = ParsePattern(s.PathPattern, PlaceholderEnv)
		}
		if s.TargetGroup.Name != "" {
			p.tg, _ = ParsePattern(s.TargetGroup.Name, PlaceholderEnv)
		}
		out = append(out, p)
	}
	return out
}

// serviceMatches appends to dst the services whose template (pick) fits v
// with a valid environment name, most specific first. Callers pass a
// scratch slice of the mapper: mapping 10,000 environments allocates
// nothing per resource here.
func (m *envMapper) serviceMatches(dst []svcMatch, v string, pick func(svcPattern) Pattern) []svcMatch {
	start := len(dst)
	for _, s := range m.svcs {
		p := pick(s)
		if n := m.patName(p, v); n != "" {
			dst = append(dst, svcMatch{s.name, n, len(p.String()) - len(PlaceholderEnv)})
		}
	}
	slices.SortStableFunc(dst[start:], func(a, b svcMatch) int { return b.literal - a.literal })
	return dst
}

// isHostPath reports a path configured as a service's host_path: in a rule
// next to a host condition, never an environment's path.
func (m *envMapper) isHostPath(v string) bool {
	for _, s := range m.svcs {
		if s.hostPath != "" && s.hostPath == v {
			return true
		}
	}
	return false
}

// pickService is the service of the first match naming env ("" if none).
func pickService(ms []svcMatch, env string) string {
	for _, x := range ms {
		if x.env == env {
			return x.service
		}
	}
	return ""
}

func pathPatternOf(s svcPattern) Pattern { return s.path }
func tgPatternOf(s svcPattern) Pattern   { return s.tg }

// ruleService decides the service of a mapped rule: by its path in path
// mode, by its host path next to a host condition in host mode.
func (m *envMapper) ruleService(r *mres, pathMatches []svcMatch) {
	if r.env == "" {
		return
	}
	if s := pickService(pathMatches, r.env); s != "" {
		r.service = s
		return
	}
	if ruleHost(r.rule) == "" && r.slot == "" {
		return
	}
	var paths []string
	for _, c := range r.rule.Conditions {
		if c.Field == "path-pattern" {
			paths = append(paths, c.Values...)
		}
	}
	for _, s := range m.svcs {
		if (len(paths) == 0 && s.hostPath == "") || (len(paths) == 1 && paths[0] == s.hostPath && s.hostPath != "") {
			r.service = s.name
			return
		}
	}
}

// tgService decides the service of a mapped target group: by its name,
// else by the rules of its environment forwarding to it.
func (m *envMapper) tgService(r *mres, nameMatches []svcMatch) {
	if r.env == "" {
		return
	}
	if s := pickService(nameMatches, r.env); s != "" {
		r.service = s
		return
	}
	var svcs []string
	for _, rule := range m.forwardedBy[r.tg.ARN] {
		if rule.env == r.env && rule.service != "" {
			svcs = append(svcs, rule.service)
		}
	}
	r.service = mapOneName(svcs)
}

// refService is the service a ResourceRef carries: set only when the
// config lists its services (the shorthand's one service stays unnamed).
func (m *envMapper) refService(r *mres) {
	if m.cfg.HasServices() {
		r.ref.Service = r.service
	}
}

// EnvService is one configured service of an environment and what it has
// of its own (docs/CONTRACT.md § CLI contract).
type EnvService struct {
	Name        string `json:"name"`
	Rule        bool   `json:"rule"`
	TargetGroup bool   `json:"target_group"`
}

// Complete: the service has its rule and its target group.
func (s EnvService) Complete() bool { return s.Rule && s.TargetGroup }

// envServices fills the services of e from its resources rs, when the
// config lists services: each with its rule and target group, and the names
// of those missing either.
func (m *envMapper) envServices(e *Environment, rs []*mres) {
	if !m.cfg.HasServices() {
		return
	}
	for _, s := range m.svcs {
		es := EnvService{Name: s.name}
		for _, r := range rs {
			if r.service != s.name {
				continue
			}
			es.Rule = es.Rule || r.rule != nil
			es.TargetGroup = es.TargetGroup || r.tg != nil
		}
		e.Services = append(e.Services, es)
		if !es.Complete() {
			e.MissingServices = append(e.MissingServices, s.name)
		}
	}
}

// ServicesSummary is "complete/configured" (2/2) for an environment of a
// config that lists services; "" otherwise.
func (e *Environment) ServicesSummary() string {
	if len(e.Services) == 0 {
		return ""
	}
	return strconv.Itoa(len(e.Services)-len(e.MissingServices)) + "/" + strconv.Itoa(len(e.Services))
}
