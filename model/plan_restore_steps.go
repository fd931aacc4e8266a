package model

import (
	"fmt"
	"strings"
	"time"
)

// restorer plans one restore.
type restorer struct {
	req     RestoreRequest
	snap    *Snapshot
	keys    TagKeys
	now     time.Time
	set     map[restoreKey]JournalEntry // what this restore recreates
	library map[restoreKey]JournalEntry // every journal of the account
	// byOldARN: a journaled target group's ARN → its name (any journal).
	byOldARN map[string]string
	refused  map[restoreKey]string
}

func (r *restorer) indexLibrary() {
	for _, m := range []map[restoreKey]JournalEntry{r.library, r.set} {
		for _, e := range m {
			if tg := e.Def.TargetGroup; tg != nil && tg.ARN != "" {
				r.byOldARN[tg.ARN] = tg.Name
			}
		}
	}
	// Older definitions of a group (deleted, restored, deleted again) carry
	// older ARNs that rules journaled in between may name.
	for _, e := range r.req.Library {
		if tg := e.Def.TargetGroup; tg != nil && tg.ARN != "" && r.byOldARN[tg.ARN] == "" {
			r.byOldARN[tg.ARN] = tg.Name
		}
	}
}

// pullDependencies adds to the set the target groups its rules forward to
// that another run deleted and nothing has brought back yet: restoring the
// rule's journal first then restores its group too.
func (r *restorer) pullDependencies() {
	for k, e := range r.set {
		if k.t != TypeRule {
			continue
		}
		for _, a := range e.Def.Rule.Actions {
			for _, w := range a.TargetGroups {
				name := r.byOldARN[w.ARN]
				tk := restoreKey{TypeTargetGroup, name}
				if name == "" || r.tgInAccount(name) != nil {
					continue
				}
				if _, in := r.set[tk]; in {
					continue
				}
				if lib, ok := r.library[tk]; ok {
					r.set[tk] = lib
				}
			}
		}
	}
}

func (r *restorer) tgInAccount(name string) *TargetGroup {
	for i := range r.snap.TargetGroups {
		if r.snap.TargetGroups[i].Name == name {
			return &r.snap.TargetGroups[i]
		}
	}
	return nil
}

// ours tells whether a resource's tags make it envdeck's resource of env.
func (r *restorer) ours(tags map[string]string, env string) (bool, string) {
	if !r.keys.Owned(tags) {
		return false, "envdeck does not own it"
	}
	if env != "" && tags[r.keys.Env] != env {
		return false, fmt.Sprintf("it belongs to environment %q", tags[r.keys.Env])
	}
	return true, ""
}

// step returns the create step for one resource, skip when it exists again
// as ours, or why it is refused.
func (r *restorer) step(e JournalEntry) (Step, bool, string) {
	if k := kindOfDef(e.Def); k != nil {
		return k.restore(r, e)
	}
	return Step{}, true, ""
}

func (r *restorer) targetGroupStep(e JournalEntry) (Step, bool, string) {
	tg := cloneTargetGroup(*e.Def.TargetGroup)
	if cur := r.tgInAccount(tg.Name); cur != nil {
		if ok, why := r.ours(cur.Tags, e.Step.Env); !ok {
			return Step{}, false, fmt.Sprintf("a target group named %s exists (%s) and %s: restore never takes over a resource it does not own", tg.Name, cur.ARN, why)
		}
		return Step{}, true, ""
	}
	old := tg.ARN
	tg.ARN, tg.HealthRead = "", false
	for i, t := range tg.Targets {
		tg.Targets[i] = Target{ID: t.ID, Port: t.Port, AZ: t.AZ}
	}
	reason := fmt.Sprintf("restore target group %s (was %s) with %d target(s), %d attribute(s)", tg.Name, old, len(tg.Targets), len(tg.Attributes))
	tg.Tags, reason = r.renewed(tg.Tags, reason)
	return Step{Action: StepCreate, Type: TypeTargetGroup, ID: tg.Name, Env: e.Step.Env, Reason: reason, Def: &Definition{TargetGroup: &tg}}, false, ""
}

func (r *restorer) ruleStep(e JournalEntry) (Step, bool, string) {
	rule := cloneRule(*e.Def.Rule)
	for _, cur := range r.snap.Rules {
		if cur.ListenerARN == rule.ListenerARN && !cur.IsDefault && restoreSameConditions(cur.Conditions, rule.Conditions) {
			if ok, why := r.ours(cur.Tags, e.Step.Env); !ok {
				return Step{}, false, fmt.Sprintf("rule %s routes the same requests and %s", cur.ARN, why)
			}
			return Step{}, true, ""
		}
	}
	for ai := range rule.Actions {
		for ti, w := range rule.Actions[ai].TargetGroups {
			ref, why := r.forwardTarget(w, e.Step.Env)
			if why != "" {
				return Step{}, false, why
			}
			rule.Actions[ai].TargetGroups[ti] = ref
		}
	}
	old := rule.ARN
	rule.ARN, rule.IsDefault = "", false
	reason := fmt.Sprintf("restore rule %s at priority %d", old, rule.Priority)
	if oidc := oidcClients(rule); len(oidc) > 0 {
		if !r.req.OIDCSecret {
			return Step{}, false, fmt.Sprintf("its authenticate-oidc action (client %s) needs the client secret, which AWS never returns: rerun with --oidc-client-secret-from ENVVAR", strings.Join(oidc, ", "))
		}
		reason += "; authenticate-oidc client secret from --oidc-client-secret-from"
	}
	for _, cur := range r.snap.Rules {
		if cur.ListenerARN == rule.ListenerARN && cur.Priority == rule.Priority && !cur.IsDefault {
			reason += fmt.Sprintf(" (now taken by %s: apply moves it to a free one that keeps its environment's rules in order, or fails)", cur.ARN)
		}
	}
	reason += r.orderNote(rule, e.Step.Env)
	rule.Tags, reason = r.renewed(rule.Tags, reason)
	return Step{Action: StepCreate, Type: TypeRule, ID: RuleCreateIDOf(rule.ListenerARN, rule.Conditions), Env: e.Step.Env, Reason: reason, Def: &Definition{Rule: &rule}}, false, ""
}

// orderNote says when the rule's journaled priority is out of order with
// its environment's rules there now (docs/ARCHITECTURE.md § Services):
// apply then moves it inside that order, or fails.
func (r *restorer) orderNote(rule Rule, env string) string {
	var own []Rule
	for _, cur := range r.snap.Rules {
		if ok, _ := r.ours(cur.Tags, env); ok && cur.ListenerARN == rule.ListenerARN && !cur.IsDefault {
			own = append(own, cur)
		}
	}
	from, to := ruleWindow(rule.Conditions, own, MinRulePriority, MaxRulePriority)
	switch {
	case rule.Priority > to:
		return fmt.Sprintf(" (after a wider rule of %s now, at %d: apply moves it before, or fails)", env, to+1)
	case rule.Priority < from:
		return fmt.Sprintf(" (before a more specific rule of %s now, at %d: apply moves it after, or fails)", env, from-1)
	}
	return ""
}

func oidcClients(rule Rule) []string {
	var out []string
	for _, a := range rule.Actions {
		if a.OIDC != nil {
			out = append(out, a.OIDC.ClientID)
		}
	}
	return out
}

// forwardTarget resolves one target group a restored rule forwards to: by
// name when the group is restored here or exists again as this
// environment's; by ARN when it was never deleted and envdeck owns it.
// Anything else refuses the rule.
func (r *restorer) forwardTarget(w WeightedTargetGroup, env string) (WeightedTargetGroup, string) {
	if w.ARN == "" {
		return w, ""
	}
	name := r.byOldARN[w.ARN]
	if name == "" {
		for _, cur := range r.snap.TargetGroups {
			if cur.ARN != w.ARN {
				continue
			}
			if ok, why := r.ours(cur.Tags, env); !ok {
				return w, fmt.Sprintf("it forwards to target group %s and %s", cur.Name, why)
			}
			return w, ""
		}
		return w, fmt.Sprintf("it forwards to target group %s, which is neither in a journal nor in the account", w.ARN)
	}
	tk := restoreKey{TypeTargetGroup, name}
	if why, refused := r.refused[tk]; refused {
		return w, fmt.Sprintf("it forwards to target group %s, which is not restored: %s", name, why)
	}
	if _, restored := r.set[tk]; !restored {
		cur := r.tgInAccount(name)
		if cur == nil {
			return w, fmt.Sprintf("it forwards to target group %s, which is neither restored nor in the account", name)
		}
		if ok, why := r.ours(cur.Tags, env); !ok {
			return w, fmt.Sprintf("it forwards to target group %s and %s", name, why)
		}
	}
	return WeightedTargetGroup{Name: name, Weight: w.Weight}, ""
}

func (r *restorer) stageStep(e JournalEntry) (Step, bool, string) {
	st := cloneStage(*e.Def.Stage)
	for _, cur := range r.snap.Stages {
		if cur.RestAPIID == st.RestAPIID && cur.Name == st.Name {
			if ok, why := r.ours(cur.Tags, e.Step.Env); !ok {
				return Step{}, false, fmt.Sprintf("a stage named %s exists and %s", st.Name, why)
			}
			return Step{}, true, ""
		}
	}
	st.CreatedAt = time.Time{}
	reason := "restore stage from deployment " + st.DeploymentID
	if st.WebACLARN != "" {
		reason += "; WAF web ACL " + st.WebACLARN + " is not re-associated (do it through WAF)"
		st.WebACLARN = ""
	}
	st.Tags, reason = r.renewed(st.Tags, reason)
	return Step{Action: StepCreate, Type: TypeStage, ID: StageID(st.RestAPIID, st.Name), Env: e.Step.Env, Reason: reason, Def: &Definition{Stage: &st}}, false, ""
}

func (r *restorer) aliasStep(e JournalEntry) (Step, bool, string) {
	a := *e.Def.Alias
	if d := r.snap.Distribution; d != nil && d.ID == a.DistributionID {
		for _, cur := range d.Aliases {
			if strings.EqualFold(cur, a.Name) {
				return Step{}, true, ""
			}
		}
	}
	return Step{Action: StepCreate, Type: TypeAlias, ID: AliasID(a.DistributionID, a.Name), Env: e.Step.Env,
		Reason: "restore alternate domain name on distribution " + a.DistributionID, Def: &Definition{Alias: &a}}, false, ""
}

func (r *restorer) recordStep(e JournalEntry) (Step, bool, string) {
	rec := cloneRecord(*e.Def.Record)
	for _, cur := range r.snap.Records {
		if strings.EqualFold(cur.ID(), rec.ID()) {
			if !strings.EqualFold(cur.Target(), rec.Target()) {
				return Step{}, false, fmt.Sprintf("record %s exists and points at %s", cur.ID(), cur.Target())
			}
			return Step{}, true, ""
		}
	}
	reason := "restore record → " + rec.Target()
	if rec.SetIdentifier != "" {
		reason += " (set " + rec.SetIdentifier + routingWords(rec) + ")"
	}
	return Step{Action: StepCreate, Type: TypeRecord, ID: rec.ID(), Env: e.Step.Env, Reason: reason, Def: &Definition{Record: &rec}}, false, ""
}

func routingWords(rec Record) string {
	switch {
	case rec.Weight != nil:
		return fmt.Sprintf(", weight %d", *rec.Weight)
	case rec.Failover != "":
		return ", failover " + strings.ToLower(rec.Failover)
	case rec.Region != "":
		return ", latency " + rec.Region
	case rec.GeoLocation != nil:
		return ", geolocation"
	}
	return ""
}

// renewed gives restored tags expires-at = now + the environment's TTL (its
// ttl tag, else expires-at − created-at), unless KeepExpiry; the reason
// says which.
func (r *restorer) renewed(tags map[string]string, reason string) (map[string]string, string) {
	expires, okE := TagTime(tags, r.keys.ExpiresAt)
	if !okE {
		return tags, reason
	}
	ttl := r.ttlOf(tags, expires)
	if r.req.KeepExpiry || ttl <= 0 {
		if !expires.After(r.now) {
			reason += fmt.Sprintf("; keeps expires-at %s, already past: the next gc collects it again", expires.UTC().Format(time.RFC3339))
		}
		return tags, reason
	}
	next := r.now.Add(ttl).UTC().Truncate(time.Second)
	out := lkCopyTags(tags)
	out[r.keys.ExpiresAt] = next.Format(time.RFC3339)
	return out, reason + fmt.Sprintf("; expires-at %s (now + its TTL %s; --keep-expiry keeps %s)", out[r.keys.ExpiresAt], FormatDuration(ttl), expires.UTC().Format(time.RFC3339))
}

// ttlOf is the environment's TTL: the ttl tag touch records, else the span
// from created-at to expires; 0 when neither says.
func (r *restorer) ttlOf(tags map[string]string, expires time.Time) time.Duration {
	if v, ok := tags[r.keys.TTL]; ok {
		if d, err := ParseDuration(v); err == nil && d > 0 {
			return d
		}
	}
	if created, ok := TagTime(tags, r.keys.CreatedAt); ok && expires.After(created) {
		return expires.Sub(created)
	}
	return 0
}

// restoreSameConditions: same set of conditions (order-insensitive).
func restoreSameConditions(a, b []Condition) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	ra := fpCanonRule(Rule{Conditions: a})
	rb := fpCanonRule(Rule{Conditions: b})
	return fpHash(ra.Conditions) == fpHash(rb.Conditions)
}

// RuleCreateID is the step ID of a rule that does not exist yet: its
// listener and its first condition value.
func RuleCreateID(listenerARN string, c Condition) string {
	v := ""
	if len(c.Values) > 0 {
		v = c.Values[0]
	}
	return listenerARN + "#" + c.Field + "=" + v
}

// RuleCreateIDOf is RuleCreateID of a rule's first condition, followed by
// "&field=value" for each further one (two rules of one host differ by
// their path).
func RuleCreateIDOf(listenerARN string, conds []Condition) string {
	if len(conds) == 0 {
		return RuleCreateID(listenerARN, Condition{})
	}
	id := RuleCreateID(listenerARN, conds[0])
	for _, c := range conds[1:] {
		v := ""
		if len(c.Values) > 0 {
			v = c.Values[0]
		}
		id += "&" + c.Field + "=" + v
	}
	return id
}
