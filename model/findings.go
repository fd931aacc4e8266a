package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Findings (docs/CONTRACT.md § Findings). Every delete action passes one gate,
// envMapper.deletable (owned, not a slot's, no tag conflict, not protected),
// and none is given to a resource younger than gc.grace. A target group is
// deleted only when every rule forwarding to it is deleted too and no
// default action forwards to it. Orphans are judged only on evidence: a
// known age (created-at tag), the ALB source read, the health read.

// findingCtx carries one findings pass.
type findingCtx struct {
	m   *envMapper
	now time.Time
	// delRules: rules some finding deletes; target groups are judged after.
	delRules map[*mres]bool
}

// findings computes every finding of the mapping except quota-pressure.
func (m *envMapper) findings(now time.Time, slots []slotInfo) []Finding {
	c := &findingCtx{m: m, now: now, delRules: map[*mres]bool{}}
	var out []Finding
	out = append(out, c.expired()...)
	out = append(out, c.orphanRules()...)
	out = append(out, c.orphanTargetGroups()...)
	out = append(out, c.orphanStages()...)
	out = append(out, c.staleStages()...)
	out = append(out, c.danglingRecords()...)
	out = append(out, c.brokenSlots(slots)...)
	out = append(out, c.aliasesWithoutRecord()...)
	out = append(out, m.shadowFindings()...)
	out = append(out, c.tagConflicts()...)
	out = append(out, c.invalidTags()...)
	out = append(out, c.unmanaged()...)
	out = append(out, c.splitEnvironments()...)
	return out
}

// sortFindings orders findings by kind, environment, resource id.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Environment != b.Environment {
			return a.Environment < b.Environment
		}
		if a.Resource.ID != b.Resource.ID {
			return a.Resource.ID < b.Resource.ID
		}
		if a.Resource.Type != b.Resource.Type {
			return a.Resource.Type < b.Resource.Type
		}
		return a.Reason < b.Reason
	})
}

func newFinding(kind, sev string, r *mres, reason string, del bool) Finding {
	f := Finding{Kind: kind, Severity: sev, Environment: r.env, Resource: r.ref, Reason: reason, Action: ActionNone}
	if del {
		f.Action = ActionDelete
	}
	return f
}

// decide applies the delete gate, grace included, and returns whether r may
// be deleted and, if not, the reason suffix to append.
func (c *findingCtx) decide(r *mres) (bool, string) {
	if ok, why := c.m.deletable(r); !ok {
		return false, "; kept: " + why
	}
	if c.m.young(r, c.now) {
		return false, "; kept: created " + fmtTime(r.created) + ", less than gc.grace ago"
	}
	return true, ""
}

// tgDecide adds to decide: a target group may go only when no rule that
// stays forwards to it, no default action does, and no other load balancer
// has it attached.
func (c *findingCtx) tgDecide(r *mres) (bool, string) {
	if ok, why := c.decide(r); !ok {
		return false, why
	}
	if lb := c.m.otherLoadBalancer(r); lb != "" {
		return false, keptAttachedElsewhere(lb)
	}
	if c.m.defaultForward[r.ref.ID] {
		return false, "; kept: a listener default action forwards to it"
	}
	for _, rule := range c.m.forwardedBy[r.ref.ID] {
		if !c.delRules[rule] {
			return false, "; kept: rule " + rule.ref.ID + " still forwards to it"
		}
	}
	return true, ""
}

// orphanKeep is decide (or tgDecide) for an orphan finding: an environment
// split across load balancers is never collected as orphan.
func (c *findingCtx) orphanKeep(r *mres, decide func(*mres) (bool, string)) (bool, string) {
	ok, why := decide(r)
	if s := c.m.splitWhy(r.env); ok && s != "" {
		return false, s
	}
	return ok, why
}

func (c *findingCtx) expiredEnvs() []string {
	var names []string
	for name, rs := range c.m.envs {
		if c.m.envProtected(name) {
			continue
		}
		if exp, ok := c.m.envExpiry(rs); ok && c.now.After(exp) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// envExpiry: the latest expires-at of the owned resources carrying one.
// Resources that disagree (an extend that failed half-way) leave the
// environment uncollected until the last of them expires: a stale tag never
// makes an extended resource collectable. (Environment.ExpiresAt shows the
// first, rules first, so that ls points at the resource to extend.)
func (m *envMapper) envExpiry(rs []*mres) (time.Time, bool) {
	var latest time.Time
	found := false
	for _, r := range rs {
		if r.ref.Owned && r.tags != nil {
			if t, ok := TagTime(r.tags, m.keys.ExpiresAt); ok && (!found || t.After(latest)) {
				latest, found = t, true
			}
		}
	}
	return latest, found
}

// expired: every resource of an expired, non-protected environment; the
// owned, collectable ones get delete. Slot aliases and records are not
// environment resources: the slot is released, not deleted.
func (c *findingCtx) expired() []Finding {
	var out []Finding
	for _, name := range c.expiredEnvs() {
		rs := c.m.envs[name]
		exp, _ := c.m.envExpiry(rs)
		base := "environment " + name + " expired " + fmtTime(exp) + " (" + fmtAgo(c.now.Sub(exp)) + " ago)"
		for _, r := range rs {
			if r.rule != nil {
				if ok, _ := c.decide(r); ok {
					c.delRules[r] = true
				}
			}
		}
		for _, r := range rs {
			var ok bool
			var why string
			if r.tg != nil {
				ok, why = c.tgDecide(r)
			} else {
				ok, why = c.decide(r)
			}
			out = append(out, newFinding(FindingExpired, SeverityWarning, r, base+": "+r.name()+why, ok))
		}
	}
	return out
}

// orphanRules: an owned rule at least gc.grace old whose target groups have
// no registered targets (health read for each); its target groups that only
// it (and other deleted rules) forward to go with it.
func (c *findingCtx) orphanRules() []Finding {
	m := c.m
	if m.failed[SourceALB] {
		return nil
	}
	var out []Finding
	var tgs []*mres
	for _, r := range m.rules {
		if !r.ref.Owned || !m.oldEnough(r, c.now) {
			continue
		}
		empty := true
		var names []string
		for arn := range forwardARNs(r.rule) {
			tg, ok := m.tgByARN[arn]
			if !ok || !tg.tg.HealthRead || len(tg.tg.Targets) > 0 {
				empty = false
				break
			}
			names = append(names, tg.tg.Name)
		}
		if !empty || len(names) == 0 { // names: one per target group it forwards to
			continue
		}
		ok, why := c.orphanKeep(r, c.decide)
		if ok {
			c.delRules[r] = true
		}
		reason := "rule " + r.ref.ID + " (priority " + strconv.Itoa(r.rule.Priority) + ", created " + fmtTime(r.created) +
			") forwards only to target group " + strings.Join(names, ", ") + " with 0 registered targets"
		out = append(out, newFinding(FindingOrphanRule, SeverityWarning, r, reason+why, ok))
		for arn := range forwardARNs(r.rule) {
			tgs = append(tgs, m.tgByARN[arn])
		}
	}
	seen := map[*mres]bool{}
	for _, tg := range tgs {
		if seen[tg] || !tg.ref.Owned {
			continue
		}
		seen[tg] = true
		ok, why := c.orphanKeep(tg, c.tgDecide)
		reason := "target group " + tg.tg.Name + " has 0 registered targets and is used only by orphan rules"
		out = append(out, newFinding(FindingOrphanRule, SeverityWarning, tg, reason+why, ok))
	}
	return out
}

// orphanTargetGroups: an owned target group at least gc.grace old that no
// rule or default action of the configured load balancer forwards to and
// no other load balancer has attached (its rules are not read: in use).
func (c *findingCtx) orphanTargetGroups() []Finding {
	m := c.m
	if m.failed[SourceALB] {
		return nil
	}
	var out []Finding
	for _, r := range m.all {
		if r.tg == nil || !r.ref.Owned || !m.oldEnough(r, c.now) {
			continue
		}
		if len(m.forwardedBy[r.ref.ID]) > 0 || m.defaultForward[r.ref.ID] || m.otherLoadBalancer(r) != "" {
			continue
		}
		ok, why := c.orphanKeep(r, c.tgDecide)
		reason := "target group " + r.tg.Name + " (created " + fmtTime(r.created) + ") has no rule or default action forwarding to it"
		out = append(out, newFinding(FindingOrphanTargetGroup, SeverityWarning, r, reason+why, ok))
	}
	return out
}

// orphanStages: an owned stage at least gc.grace old whose environment has
// no ALB rule. A stage mapped to no environment is reported, never deleted.
func (c *findingCtx) orphanStages() []Finding {
	m := c.m
	if m.failed[SourceALB] {
		return nil
	}
	var out []Finding
	for _, r := range m.all {
		if (r.stage == nil && r.httpStage == nil) || !r.ref.Owned || !m.oldEnough(r, c.now) {
			continue
		}
		if r.env == "" {
			out = append(out, newFinding(FindingOrphanStage, SeverityWarning, r,
				r.name()+" (created "+fmtTime(r.created)+") maps to no environment; kept: no environment to judge it by", false))
			continue
		}
		hasRule := false
		for _, x := range m.envs[r.env] {
			hasRule = hasRule || x.rule != nil
		}
		if hasRule {
			continue
		}
		ok, why := c.decide(r)
		reason := r.name() + " (created " + fmtTime(r.created) + "): environment " + r.env + " has no ALB rule"
		out = append(out, newFinding(FindingOrphanStage, SeverityWarning, r, reason+why, ok))
	}
	return out
}

// danglingRecords: a record pointing at a CloudFront domain whose name no
// distribution of the account holds as an alias (subdomain takeover risk).
// Judged only on a full read of the account's distributions. Delete only
// when it matches record_pattern for a valid, non-protected name and is no
// slot record.
func (c *findingCtx) danglingRecords() []Finding {
	m := c.m
	ds := m.snap.AccountDistributions
	if m.snap.Distribution == nil || ds == nil || m.failed[SourceCloudFront] || m.failed[SourceDistributions] {
		return nil
	}
	held := accountAliasNames(ds)
	var out []Finding
	for _, r := range m.all {
		if r.record == nil {
			continue
		}
		target := dnsName(r.record.Target())
		if !strings.HasSuffix(target, ".cloudfront.net") || nameSetCovers(m.aliasNames, r.record.Name) || nameSetCovers(held, r.record.Name) {
			continue
		}
		ok, why := c.decide(r)
		if !ok && !r.ref.Owned && r.slot == "" {
			if r.env != "" {
				why = "; kept: environment " + r.env + " is protected"
			} else {
				why = "; kept: it does not match the record pattern for a valid environment name"
			}
		}
		out = append(out, newFinding(FindingDanglingRecord, SeverityCritical, r, danglingReason(r.record, target, ds)+why, ok))
	}
	return out
}

// danglingReason names where the record points, whether that distribution
// exists in the account, and that no distribution holds the name.
func danglingReason(rec *Record, target string, ds []DistributionSummary) string {
	at := "which no distribution of this account serves"
	if d, ok := distributionAt(ds, target); ok {
		at = "distribution " + d.ID + " of this account"
	}
	return "record " + rec.Name + " " + rec.Type + " points at " + target + " (" + at + ") but no distribution of the account holds " +
		dnsName(rec.Name) + " as an alias (subdomain takeover risk)"
}

// brokenSlots: each verified slot with a defect (claimed ones included).
func (c *findingCtx) brokenSlots(slots []slotInfo) []Finding {
	var out []Finding
	distID := ""
	if d := c.m.snap.Distribution; d != nil {
		distID = d.ID
	}
	for _, s := range slots {
		if s.defect == "" || !s.verified {
			continue
		}
		ref := ResourceRef{Type: TypeAlias, ID: AliasID(distID, s.Host)}
		if s.alias != nil {
			ref = s.alias.ref
		} else if len(s.records) > 0 {
			ref = s.records[0].ref
		}
		out = append(out, Finding{Kind: FindingBrokenSlot, Severity: SeverityWarning, Environment: s.Environment,
			Resource: ref, Reason: "slot " + s.Host + ": " + s.defect, Action: ActionNone})
	}
	return out
}

// aliasesWithoutRecord: an alias outside the pool with no record (checked
// only when the zone was read).
func (c *findingCtx) aliasesWithoutRecord() []Finding {
	m := c.m
	if m.cfg.Route53 == nil || m.failed[SourceRoute53] || m.failed[SourceCloudFront] {
		return nil
	}
	var out []Finding
	for _, r := range m.all {
		if r.ref.Type != TypeAlias || r.slot != "" || nameSetCovers(m.recordNames, r.alias) {
			continue
		}
		out = append(out, newFinding(FindingAliasWithoutRecord, SeverityWarning, r,
			"alias "+r.alias+" of distribution "+m.snap.Distribution.ID+" has no Route 53 record pointing at CloudFront in zone "+m.cfg.Route53.HostedZoneID, false))
	}
	return out
}

func (c *findingCtx) tagConflicts() []Finding {
	var out []Finding
	for _, r := range c.m.all {
		if r.conflict {
			out = append(out, newFinding(FindingTagConflict, SeverityWarning, r,
				r.name()+": tag "+c.m.keys.Env+"="+r.tagEnv+" but its name maps to environment "+r.patEnv, false))
		}
	}
	return out
}

// unmanaged: a rule, target group or stage that names an environment (tag
// or pattern) without managed-by, every non-default rule not owned, and
// whatever another tool owns (the reason names it).
func (c *findingCtx) unmanaged() []Finding {
	var out []Finding
	for _, r := range c.m.all {
		if r.ref.Owned || r.ref.Type == TypeAlias || r.ref.Type == TypeRecord {
			continue
		}
		named := r.tagEnv != "" || r.patEnv != ""
		if r.rule == nil && !named && r.foreign == nil {
			continue
		}
		reason := r.name() + " has no " + c.m.keys.ManagedBy + "=" + ManagedByValue + " tag"
		if r.foreign != nil {
			reason = r.name() + " is managed by " + r.foreign.Text()
		}
		if named && r.env != "" {
			reason += " though it maps to environment " + r.env
		}
		out = append(out, newFinding(FindingUnmanaged, SeverityInfo, r, reason+"; never changed by envdeck", false))
	}
	return out
}

// fmtTime formats a time as in reasons: 2026-11-20T10:00Z.
func fmtTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04Z") }

// fmtAgo renders a duration as "3d", "5h", "12m".
func fmtAgo(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	default:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
}
