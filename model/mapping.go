package model

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Mapping (docs/CONTRACT.md § Mapping resources to environments): the envdeck:env
// tag names the environment; else the configured pattern; else the resource
// is unassigned. A slot hostname maps to its slot, never to an environment.
//
// Pattern names count only when they are valid environment names
// (Config.ValidateEnvName): a legacy "/*" or "*.example.com" condition does
// not invent an environment called "*".

// envPatterns are the configured name templates; an unset or unparsable
// template is the zero Pattern, which matches nothing.
type envPatterns struct {
	host, alias, record, slot Pattern
	stage                     map[string]Pattern // by API id
}

func compileEnvPatterns(cfg *Config) envPatterns {
	p := envPatterns{}
	parse := func(raw, ph string) Pattern {
		if raw == "" {
			return Pattern{}
		}
		pt, err := ParsePattern(raw, ph)
		if err != nil {
			return Pattern{}
		}
		return pt
	}
	p.host = parse(cfg.ALB.HostPattern, PlaceholderEnv)
	p.stage = map[string]Pattern{}
	for _, a := range cfg.StageAPIs() {
		p.stage[a.ID] = parse(a.Stage, PlaceholderEnv)
	}
	if cfg.CloudFront != nil {
		p.alias = parse(cfg.CloudFront.AliasPattern, PlaceholderEnv)
		if cfg.CloudFront.Slots != nil {
			p.slot = parse(cfg.CloudFront.Slots.Pattern, PlaceholderSlot)
		}
	}
	if cfg.Route53 != nil {
		p.record = parse(cfg.Route53.RecordPattern, PlaceholderEnv)
	}
	return p
}

// mres is one resource as the mapping understands it.
type mres struct {
	ref      ResourceRef // Owned: docs/CONTRACT.md § Ownership
	env      string      // final environment; "" = unassigned (or a slot's)
	service  string      // of a rule or target group of env (mapping_services.go)
	tagEnv   string      // envdeck:env tag
	patEnv   string      // name through the pattern ("" when none)
	conflict bool        // tagEnv and patEnv both set and different
	slot     string      // slot host: of a slot alias/record, or claimed by a rule
	tags     map[string]string
	created  time.Time // envdeck:created-at
	hasAge   bool      // created is known
	keep     bool      // envdeck:keep=true (or yes, any case)
	// tagsUnread: discovery could not read its tags (Rule.TagsUnread).
	tagsUnread bool
	badEnv     bool       // tagEnv is set but not a valid environment name
	issues     []tagIssue // envdeck tag values it cannot use (tag_values.go)
	// foreign: another tool's (owners.go), never envdeck's.
	foreign *ForeignOwner

	rule      *Rule
	tg        *TargetGroup
	stage     *Stage
	httpStage *HTTPStage
	alias     string
	record    *Record
}

// name is how a reason names the resource.
func (r *mres) name() string {
	switch {
	case r.rule != nil:
		return "rule " + r.ref.ID
	case r.tg != nil:
		return "target group " + r.tg.Name
	case r.stage != nil:
		return "stage " + r.ref.ID
	case r.httpStage != nil:
		return "HTTP API stage " + r.ref.ID
	case r.record != nil:
		return "record " + r.record.Name + " " + r.record.Type
	default:
		return "alias " + r.alias
	}
}

// envMapper holds the mapping of one snapshot.
type envMapper struct {
	snap  *Snapshot
	cfg   *Config
	keys  TagKeys
	pat   envPatterns
	svcs  []svcPattern
	valid func(string) bool
	// scratch holds a resource's service matches (serviceMatches).
	scratch []svcMatch
	// block: the resources not handed out yet (newRes).
	block []mres

	all     []*mres // every non-default resource, discovery order by type
	rules   []*mres // non-default rules sorted by listener, priority
	tgByARN map[string]*mres
	// forwardedBy: target group ARN → non-default rules forwarding to it.
	forwardedBy map[string][]*mres
	// defaultForward: target group ARNs a listener default action forwards to.
	defaultForward map[string]bool
	slotHosts      []string       // lowercase, in pool order pv-1..pv-N
	slotIndex      map[string]int // lowercase host → index in slotHosts
	slotClaim      map[string]*mres
	envs           map[string][]*mres
	failed         map[string]bool       // sources with an error entry
	prot           map[string]protection // memo of envProtection
	aliasNames     map[string]bool       // lowercase aliases of the distribution
	recordNames    map[string]bool       // lowercase names of the records
	lbOfListener   map[string]string     // memo of listenerLB
	// doubted: environment names an invalid env tag may have meant → why.
	doubted map[string]string
	// readDoubt: why no delete of this snapshot can be trusted ("" if none).
	readDoubt string
}

// newEnvMapper maps every resource of snap. valid reports a valid
// environment name (Config.ValidateEnvName, memoised).
func newEnvMapper(snap *Snapshot, cfg *Config, valid func(string) bool) *envMapper {
	m := &envMapper{
		snap: snap, cfg: cfg, keys: cfg.Keys(), pat: compileEnvPatterns(cfg), svcs: compileServicePatterns(cfg), valid: valid,
		tgByARN: map[string]*mres{}, forwardedBy: map[string][]*mres{}, defaultForward: map[string]bool{},
		slotIndex: map[string]int{}, slotClaim: map[string]*mres{},
		failed: map[string]bool{}, prot: map[string]protection{},
		aliasNames: map[string]bool{}, recordNames: map[string]bool{}, lbOfListener: map[string]string{},
	}
	if snap.Distribution != nil {
		for _, a := range snap.Distribution.Aliases {
			m.aliasNames[dnsName(a)] = true
		}
	}
	for _, r := range snap.Records {
		m.recordNames[dnsName(r.Name)] = true
	}
	for _, e := range snap.Errors {
		m.failed[e.Source] = true
	}
	m.markUnread(snap.Unread)
	m.block = make([]mres, snap.resourceCount())
	if cfg.CloudFront != nil && cfg.CloudFront.Slots != nil && !m.pat.slot.IsZero() {
		for n := 1; n <= cfg.CloudFront.Slots.Count; n++ {
			h := strings.ToLower(m.pat.slot.Render(strconv.Itoa(n)))
			if _, dup := m.slotIndex[h]; dup {
				continue
			}
			m.slotIndex[h] = len(m.slotHosts)
			m.slotHosts = append(m.slotHosts, h)
		}
	}
	for _, l := range snap.Listeners {
		for _, a := range l.DefaultActions {
			for _, w := range a.TargetGroups {
				m.defaultForward[w.ARN] = true
			}
		}
	}
	m.mapRules()
	m.mapTargetGroups()
	m.mapStages()
	m.mapHTTPStages()
	m.mapAliases()
	m.mapRecords()
	m.groupByEnv()
	for _, rs := range m.envs {
		sortEnvResources(rs)
	}
	m.doubted = m.doubtedEnvNames()
	m.readDoubt = m.incompleteRead()
	return m
}

// newRes places v in the mapper's block of resources: one allocation for a
// whole snapshot rather than one per resource.
func (m *envMapper) newRes(v mres) *mres {
	if len(m.block) == 0 {
		m.block = make([]mres, 64)
	}
	r := &m.block[0]
	*r = v
	m.block = m.block[1:]
	return r
}

// resourceCount is how many resources the mapping may make of s (default
// rules included, though they are not mapped).
func (s *Snapshot) resourceCount() int {
	n := len(s.Rules) + len(s.TargetGroups) + len(s.Stages) + len(s.HTTPStages) + len(s.Records)
	if s.Distribution != nil {
		n += len(s.Distribution.Aliases)
	}
	return n
}

// groupByEnv fills envs from all, in discovery order: each environment's
// resources are carved out of one backing list, sized by a first count.
func (m *envMapper) groupByEnv() {
	count := map[string]int{}
	mapped := 0
	for _, r := range m.all {
		if r.env != "" {
			count[r.env]++
			mapped++
		}
	}
	m.envs = make(map[string][]*mres, len(count))
	backing := make([]*mres, mapped)
	for _, r := range m.all {
		if r.env == "" {
			continue
		}
		rs, ok := m.envs[r.env]
		if !ok {
			n := count[r.env]
			rs, backing = backing[:0:n], backing[n:]
		}
		m.envs[r.env] = append(rs, r)
	}
}

// patName returns the name in place of {env} when s fits p and the name is
// a valid environment name.
func (m *envMapper) patName(p Pattern, s string) string {
	v, ok := p.Match(s)
	if !ok || !m.valid(v) {
		return ""
	}
	return v
}

func (m *envMapper) isSlot(host string) bool {
	_, ok := m.slotIndex[strings.ToLower(strings.TrimSuffix(host, "."))]
	return ok
}

// tagged fills the tag-derived fields of a taggable resource and resolves
// its environment (tag first, then pattern).
//
// An env tag that is not a valid environment name ("MAIN", "main ") leaves
// the resource unassigned, with an invalid-tag finding: taking the pattern's
// name instead would put it in an environment its own tag disputes, where
// destroy would delete it, and guessing the name it meant ("main") would
// act on a guess. Unassigned resources are never destroyed, the delete gate
// refuses them (deletable), and the names it may have meant are protected
// (doubtedEnvNames).
func (m *envMapper) tagged(r *mres, tags map[string]string, unread bool) {
	m.readTagValues(r, tags, unread)
	if o, ok := ForeignOwnerOf(tags); ok {
		r.foreignOwned(o)
		return
	}
	switch {
	case r.badEnv:
		r.env = ""
	case r.tagEnv != "":
		r.env = r.tagEnv
	default:
		r.env = r.patEnv
	}
	r.conflict = !r.badEnv && r.tagEnv != "" && r.patEnv != "" && r.tagEnv != r.patEnv
}

func (m *envMapper) mapRules() {
	for i := range m.snap.Rules {
		rule := &m.snap.Rules[i]
		for _, a := range rule.Actions {
			if rule.IsDefault {
				for _, w := range a.TargetGroups {
					m.defaultForward[w.ARN] = true
				}
			}
		}
		if rule.IsDefault {
			continue // default rules are never environment resources
		}
		r := m.newRes(mres{ref: ResourceRef{Type: TypeRule, ID: rule.ARN}, rule: rule})
		var nameBuf [2]string // most rules give one or two names: no allocation
		names := nameBuf[:0]
		pathMatches := m.scratch[:0]
		for _, c := range rule.Conditions {
			for _, v := range c.Values {
				switch c.Field {
				case "path-pattern":
					before := len(pathMatches)
					if pathMatches = m.serviceMatches(pathMatches, v, pathPatternOf); len(pathMatches) > before && !m.isHostPath(v) {
						names = append(names, pathMatches[before].env)
					} else {
						pathMatches = pathMatches[:before]
					}
				case "host-header":
					if m.isSlot(v) {
						if r.slot == "" {
							r.slot = strings.ToLower(v)
						}
					} else if n := m.patName(m.pat.host, v); n != "" {
						names = append(names, n)
					}
				}
			}
		}
		if s := strings.ToLower(rule.Tags[m.keys.Slot]); s != "" && m.isSlot(s) {
			r.slot = s // the envdeck:slot tag first, the host condition second
		}
		r.patEnv = mapOneName(names)
		m.tagged(r, rule.Tags, rule.TagsUnread)
		m.ruleService(r, pathMatches)
		m.scratch = pathMatches[:0]
		m.refService(r)
		m.rules = append(m.rules, r)
		m.all = append(m.all, r)
	}
	slices.SortStableFunc(m.rules, func(a, b *mres) int { return byListenerPriority(a.rule, b.rule) })
	for _, r := range m.rules {
		for _, a := range r.rule.Actions {
			for _, w := range a.TargetGroups {
				if l := m.forwardedBy[w.ARN]; w.ARN != "" && (len(l) == 0 || l[len(l)-1] != r) {
					m.forwardedBy[w.ARN] = append(m.forwardedBy[w.ARN], r)
				}
			}
		}
		if r.slot != "" {
			if prev, ok := m.slotClaim[r.slot]; !ok || m.claimsBefore(r, prev) {
				m.slotClaim[r.slot] = r
			}
		}
	}
}

// claimsBefore: when two rules route one slot, the one carrying the slot tag
// wins, then the one that matches first (rules are visited by priority).
func (m *envMapper) claimsBefore(a, b *mres) bool {
	return a.tags[m.keys.Slot] != "" && b.tags[m.keys.Slot] == ""
}

func (m *envMapper) mapTargetGroups() {
	for i := range m.snap.TargetGroups {
		tg := &m.snap.TargetGroups[i]
		r := m.newRes(mres{ref: ResourceRef{Type: TypeTargetGroup, ID: tg.ARN}, tg: tg})
		nameMatches := m.serviceMatches(m.scratch[:0], tg.Name, tgPatternOf)
		if len(nameMatches) > 0 {
			r.patEnv = nameMatches[0].env
		}
		m.tagged(r, tg.Tags, tg.TagsUnread)
		if r.env == "" && !r.badEnv && r.foreign == nil {
			// A target group forwarded to by one environment's rules belongs
			// to it too, unless its name or tag says otherwise.
			var envs []string
			for _, rule := range m.forwardedBy[tg.ARN] {
				if rule.env != "" {
					envs = append(envs, rule.env)
				}
			}
			r.env = mapOneName(envs)
		}
		m.tgService(r, nameMatches)
		m.scratch = nameMatches[:0]
		m.refService(r)
		m.tgByARN[tg.ARN] = r
		m.all = append(m.all, r)
	}
}

func (m *envMapper) mapStages() {
	for i := range m.snap.Stages {
		st := &m.snap.Stages[i]
		r := m.newRes(mres{ref: ResourceRef{Type: TypeStage, ID: StageID(st.RestAPIID, st.Name)}, stage: st})
		r.patEnv = m.patName(m.stagePattern(st.RestAPIID), st.Name)
		m.tagged(r, st.Tags, false)
		m.all = append(m.all, r)
	}
}

// untagged resolves an alias or record name: a slot host maps to its slot;
// else the pattern. Ownership: outside the pool, a match for a valid,
// non-protected name.
func (m *envMapper) untagged(r *mres, name string, p Pattern) {
	host := strings.ToLower(strings.TrimSuffix(name, "."))
	if m.isSlot(host) {
		r.slot = host
		return
	}
	r.patEnv = m.patName(p, host)
	r.env = r.patEnv
	r.ref.Owned = r.env != "" && !m.cfg.IsProtectedName(r.env)
}

func (m *envMapper) mapAliases() {
	d := m.snap.Distribution
	if d == nil {
		return
	}
	for _, a := range d.Aliases {
		r := m.newRes(mres{ref: ResourceRef{Type: TypeAlias, ID: AliasID(d.ID, a)}, alias: a})
		m.untagged(r, a, m.pat.alias)
		m.all = append(m.all, r)
	}
}

func (m *envMapper) mapRecords() {
	for i := range m.snap.Records {
		rec := &m.snap.Records[i]
		r := m.newRes(mres{ref: ResourceRef{Type: TypeRecord, ID: rec.ID()}, record: rec})
		m.untagged(r, rec.Name, m.pat.record)
		m.all = append(m.all, r)
	}
}

// ruleTargetGroups returns the ARNs a rule forwards to.
func ruleTargetGroups(r *Rule) []string {
	return slices.Collect(forwardARNs(r))
}

// forwardARNs yields the ARNs a rule forwards to, in order (ruleTargetGroups
// without building the list, for the loops that only look at each).
func forwardARNs(r *Rule) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, a := range r.Actions {
			for _, w := range a.TargetGroups {
				if w.ARN != "" && !yield(w.ARN) {
					return
				}
			}
		}
	}
}

// mapOneName returns the single distinct name of names, or "" when there
// is none or more than one (ambiguous: left unassigned).
func mapOneName(names []string) string {
	one := ""
	for _, n := range names {
		if one == "" {
			one = n
		} else if n != one {
			return ""
		}
	}
	return one
}
