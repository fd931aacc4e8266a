package model

import (
	"sort"
	"strconv"
	"strings"
)

// Reading envdeck's tag values fail-safe. A value envdeck cannot read is
// never taken as its harmless default ("not kept", "never expires", "old
// enough", "this environment"): it becomes a tagIssue, shown as an
// invalid-tag finding, and, when it leaves envdeck unable to tell whether
// the resource or its environment may be deleted, a doubt that protects
// the environment (ownership.go).

// tagIssue is one envdeck tag whose value envdeck cannot use as written.
type tagIssue struct {
	key, value string
	problem    string // completes "KEY=VALUE ...", e.g. "is not an RFC 3339 time"
	detail     string // what the finding adds: the rule broken, what envdeck does
	// doubt: envdeck cannot tell what the tag means, so it protects; false
	// for a value read fine but spelled unusually (keep=True).
	doubt bool
}

// text is how reasons quote the tag: envdeck:env="main " shows the space.
func (t tagIssue) text() string { return t.key + "=" + strconv.Quote(t.value) + " " + t.problem }

// readTagValues fills the tag-derived fields of a taggable resource and
// records every value it cannot use.
func (m *envMapper) readTagValues(r *mres, tags map[string]string, unread bool) {
	r.tags = tags
	r.tagsUnread = unread
	r.ref.Owned = m.keys.Owned(tags)
	r.tagEnv = tags[m.keys.Env]
	if r.tagEnv != "" && !m.valid(r.tagEnv) {
		r.badEnv = true
		detail := "; it belongs to no environment and is never collected or destroyed"
		if err := m.cfg.ValidateEnvName(r.tagEnv); err != nil {
			detail = " (" + err.Error() + ")" + detail
		}
		r.issues = append(r.issues, tagIssue{key: m.keys.Env, value: r.tagEnv,
			problem: "is not a valid environment name", detail: detail, doubt: true})
	}
	keep, known := m.keys.KeepValue(tags)
	r.keep = keep && known
	if v, present := tags[m.keys.Keep]; present && (!known || (v != "true" && v != "false")) {
		issue := tagIssue{key: m.keys.Keep, value: v}
		if known {
			issue.problem = "is read as " + strconv.FormatBool(keep) + " (write " + strconv.FormatBool(keep) + ")"
		} else {
			issue.problem, issue.detail, issue.doubt = "is neither true nor false", "; read as keep", true
		}
		r.issues = append(r.issues, issue)
	}
	m.readKeepLookalikes(r, tags)
	var createdPresent, createdValid bool
	r.created, createdPresent, createdValid = tagTimeValue(tags, m.keys.CreatedAt)
	r.hasAge = createdPresent && createdValid
	// Times matter only on what envdeck owns: they decide expiry and age.
	if r.ref.Owned {
		if createdPresent && !createdValid {
			r.issues = append(r.issues, badTimeIssue(m.keys.CreatedAt, tags))
		}
		if _, present, valid := tagTimeValue(tags, m.keys.ExpiresAt); present && !valid {
			r.issues = append(r.issues, badTimeIssue(m.keys.ExpiresAt, tags))
		}
	}
}

// readKeepLookalikes records every tag whose key is the keep key in
// another case or with spaces ("Envdeck:Keep", "envdeck:keep "): AWS tag
// keys are case-sensitive, so it is not envdeck's keep tag, but it was
// plainly meant as one. Unless its value reads as false it is a doubt, so
// the environment is protected rather than collected on a spelling.
func (m *envMapper) readKeepLookalikes(r *mres, tags map[string]string) {
	var keys []string
	for k := range tags {
		if k != m.keys.Keep && strings.EqualFold(strings.TrimSpace(k), m.keys.Keep) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := tags[k]
		issue := tagIssue{key: k, value: v, problem: "is not the keep tag " + m.keys.Keep + " (tag keys are case-sensitive)"}
		if keep, known := m.keys.KeepValue(map[string]string{m.keys.Keep: v}); keep || !known {
			issue.detail, issue.doubt = "; read as keep", true
		}
		r.issues = append(r.issues, issue)
	}
}

func badTimeIssue(key string, tags map[string]string) tagIssue {
	return tagIssue{key: key, value: tags[key], doubt: true,
		problem: "is not an RFC 3339 time", detail: " (such as 2026-01-02T15:04:05Z)"}
}

// doubt says why envdeck cannot tell whether r, and so its environment,
// may be deleted ("" when it can): its tags were not read, or one of its
// envdeck tags cannot be read.
func (r *mres) doubt() string {
	if r.tagsUnread {
		return "the tags of " + r.name() + " could not be read"
	}
	for _, is := range r.issues {
		if is.doubt {
			return r.name() + ": " + is.text()
		}
	}
	return ""
}

// doubtedEnvNames maps each environment name an invalid env tag may have
// meant ("MAIN", "main " → main) and the name its resource's pattern gives
// to why it is in doubt: such a resource may be that environment's, keep
// tag included, so the environment is protected.
func (m *envMapper) doubtedEnvNames() map[string]string {
	out := map[string]string{}
	for _, r := range m.all {
		if !r.badEnv {
			continue
		}
		why := r.name() + " is tagged " + m.keys.Env + "=" + strconv.Quote(r.tagEnv) + ", not a valid environment name"
		for _, name := range []string{strings.ToLower(strings.TrimSpace(r.tagEnv)), r.patEnv} {
			if _, seen := out[name]; name != "" && !seen {
				out[name] = why
			}
		}
	}
	return out
}
