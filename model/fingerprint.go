package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"
)

// fingerprintLen is how many hex characters of the sha256 a fingerprint keeps
// (64 bits: plenty to notice a change, short enough to show).
const fingerprintLen = 16

// Fingerprint is a stable hash of one resource's definition: every field a
// journal keeps (settings, attributes, routing policy, tags). Volatile state
// is left out so that re-reading an unchanged resource gives the same value:
// target health (state, reason, HealthRead) and the AttributesRead flag.
// Target IDs and ports are included: a target registered after planning is a
// real change (apply must read a target group's targets before comparing).
// Condition, value, action and tag order does not matter.
func (d Definition) Fingerprint() string {
	c := fpDefinition{}
	if d.Rule != nil {
		r := fpCanonRule(*d.Rule)
		c.Rule = &r
	}
	if d.TargetGroup != nil {
		tg := fpCanonTargetGroup(*d.TargetGroup)
		c.TargetGroup = &tg
	}
	if d.Stage != nil {
		s := fpCanonStage(*d.Stage)
		c.Stage = &s
	}
	if d.HTTPStage != nil {
		s := fpCanonHTTPStage(*d.HTTPStage)
		c.HTTPStage = &s
	}
	if d.Alias != nil {
		a := Alias{DistributionID: d.Alias.DistributionID, Name: strings.ToLower(d.Alias.Name)}
		c.Alias = &a
	}
	if d.Record != nil {
		r := fpCanonRecord(*d.Record)
		c.Record = &r
	}
	return fpHash(c)
}

// Fingerprint is a stable hash of the snapshot's resources: load balancer,
// listeners, rules, target groups (targets without health), stages,
// distribution aliases and records. Taken, Calls, Errors, limits, history,
// target health and the distribution's status/ETag are left out. The order
// in which discovery listed things does not matter.
func (s *Snapshot) Fingerprint() string {
	if s == nil {
		return fpHash(nil)
	}
	c := fpSnapshot{
		Account:         s.Account,
		Region:          s.Region,
		LoadBalancerARN: s.LoadBalancerARN,
		RestAPIID:       s.RestAPIID,
		HostedZoneID:    s.HostedZoneID,
	}
	for _, l := range s.Listeners {
		l.DefaultActions = fpCanonActions(l.DefaultActions)
		c.Listeners = append(c.Listeners, l)
	}
	sort.Slice(c.Listeners, func(i, j int) bool { return c.Listeners[i].ARN < c.Listeners[j].ARN })
	for _, r := range s.Rules {
		c.Rules = append(c.Rules, fpCanonRule(r))
	}
	sort.Slice(c.Rules, func(i, j int) bool { return c.Rules[i].ARN < c.Rules[j].ARN })
	for _, tg := range s.TargetGroups {
		c.TargetGroups = append(c.TargetGroups, fpCanonTargetGroup(tg))
	}
	sort.Slice(c.TargetGroups, func(i, j int) bool { return c.TargetGroups[i].ARN < c.TargetGroups[j].ARN })
	for _, st := range s.Stages {
		c.Stages = append(c.Stages, fpCanonStage(st))
	}
	sort.Slice(c.Stages, func(i, j int) bool {
		return StageID(c.Stages[i].RestAPIID, c.Stages[i].Name) < StageID(c.Stages[j].RestAPIID, c.Stages[j].Name)
	})
	for _, st := range s.HTTPStages {
		c.HTTPStages = append(c.HTTPStages, fpCanonHTTPStage(st))
	}
	sort.Slice(c.HTTPStages, func(i, j int) bool { return c.HTTPStages[i].ID() < c.HTTPStages[j].ID() })
	if d := s.Distribution; d != nil {
		c.DistributionID, c.DistributionDomain = d.ID, d.DomainName
		for _, a := range d.Aliases {
			c.Aliases = append(c.Aliases, strings.ToLower(a))
		}
		sort.Strings(c.Aliases)
	}
	for _, r := range s.Records {
		c.Records = append(c.Records, fpCanonRecord(r))
	}
	sort.Slice(c.Records, func(i, j int) bool {
		a, b := c.Records[i], c.Records[j]
		return a.ID() < b.ID()
	})
	return fpHash(c)
}

type fpDefinition struct {
	Rule        *Rule        `json:"rule,omitempty"`
	TargetGroup *TargetGroup `json:"target_group,omitempty"`
	Stage       *Stage       `json:"stage,omitempty"`
	HTTPStage   *HTTPStage   `json:"http_stage,omitempty"`
	Alias       *Alias       `json:"alias,omitempty"`
	Record      *Record      `json:"record,omitempty"`
}

type fpSnapshot struct {
	Account, Region, LoadBalancerARN, RestAPIID, HostedZoneID string
	Listeners                                                 []Listener
	Rules                                                     []Rule
	TargetGroups                                              []TargetGroup
	Stages                                                    []Stage
	HTTPStages                                                []HTTPStage `json:",omitempty"`
	DistributionID, DistributionDomain                        string
	Aliases                                                   []string
	Records                                                   []Record
}

// fpHash hashes the JSON of v: encoding/json writes map keys sorted, so the
// result only depends on the content.
func fpHash(v any) string {
	b, err := json.Marshal(v)
	if err != nil { // only plain data goes in; cannot happen
		panic("fingerprint: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:fingerprintLen]
}

// fpCanonRule returns a copy of r with conditions, values and actions in a
// canonical order (the input is not modified).
func fpCanonRule(r Rule) Rule {
	conds := make([]Condition, 0, len(r.Conditions))
	for _, c := range r.Conditions {
		v := append([]string(nil), c.Values...)
		sort.Strings(v)
		var re []string
		if len(c.Regex) > 0 {
			re = append(re, c.Regex...)
			sort.Strings(re)
		}
		conds = append(conds, Condition{Field: c.Field, HeaderName: strings.ToLower(c.HeaderName), Values: v, Regex: re})
	}
	sort.Slice(conds, func(i, j int) bool {
		a, b := conds[i], conds[j]
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		if a.HeaderName != b.HeaderName {
			return a.HeaderName < b.HeaderName
		}
		if va, vb := strings.Join(a.Values, "\x00"), strings.Join(b.Values, "\x00"); va != vb {
			return va < vb
		}
		return strings.Join(a.Regex, "\x00") < strings.Join(b.Regex, "\x00")
	})
	r.Conditions = conds
	r.Actions = fpCanonActions(r.Actions)
	r.Tags = fpCanonMap(r.Tags)
	return r
}

func fpCanonActions(in []Action) []Action {
	out := make([]Action, 0, len(in))
	for _, a := range in {
		tgs := append([]WeightedTargetGroup(nil), a.TargetGroups...)
		sort.Slice(tgs, func(i, j int) bool {
			if tgs[i].ARN != tgs[j].ARN {
				return tgs[i].ARN < tgs[j].ARN
			}
			return tgs[i].Name < tgs[j].Name
		})
		a.TargetGroups = tgs
		a = cloneAction(a)
		if a.OIDC != nil {
			a.OIDC.ExtraParams = fpCanonMap(a.OIDC.ExtraParams)
		}
		if a.Cognito != nil {
			a.Cognito.ExtraParams = fpCanonMap(a.Cognito.ExtraParams)
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

func fpCanonTargetGroup(tg TargetGroup) TargetGroup {
	ts := make([]Target, 0, len(tg.Targets))
	for _, t := range tg.Targets {
		ts = append(ts, Target{ID: t.ID, Port: t.Port, AZ: t.AZ})
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].ID != ts[j].ID {
			return ts[i].ID < ts[j].ID
		}
		return ts[i].Port < ts[j].Port
	})
	tg.Targets = ts
	tg.HealthRead, tg.AttributesRead = false, false
	tg.Attributes = fpCanonMap(tg.Attributes)
	// Attachment follows the rules (a rule deleted before its target
	// group detaches it); the rules are fingerprinted themselves.
	tg.LoadBalancerARNs = nil
	tg.Tags = fpCanonMap(tg.Tags)
	return tg
}

func fpCanonRecord(r Record) Record {
	r.Name = strings.ToLower(strings.TrimSuffix(r.Name, "."))
	r.AliasTarget = strings.ToLower(strings.TrimSuffix(r.AliasTarget, "."))
	v := make([]string, 0, len(r.Values))
	for _, x := range r.Values {
		v = append(v, strings.ToLower(strings.TrimSuffix(x, ".")))
	}
	sort.Strings(v)
	r.Values = v
	return r
}

func fpCanonStage(s Stage) Stage {
	s.Tags = fpCanonMap(s.Tags)
	s.Variables = fpCanonMap(s.Variables)
	if len(s.MethodSettings) == 0 {
		s.MethodSettings = nil
	}
	if s.Canary != nil {
		c := *s.Canary
		c.StageVariableOverrides = fpCanonMap(c.StageVariableOverrides)
		s.Canary = &c
	}
	s.CreatedAt = s.CreatedAt.UTC()
	return s
}

// fpCanonMap makes an empty map and a nil map hash the same.
func fpCanonMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}
