package sandbox

import (
	"sort"
	"strconv"
	"strings"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Lookups and derived facts of the ELB state. Callers hold the lock.

func (s *state) lb(arn string) *loadBalancer {
	for _, lb := range s.LoadBalancers {
		if lb.ARN == arn {
			return lb
		}
	}
	return nil
}

func (s *state) listener(arn string) (*loadBalancer, *listener) {
	for _, lb := range s.LoadBalancers {
		for _, l := range lb.Listeners {
			if l.ARN == arn {
				return lb, l
			}
		}
	}
	return nil, nil
}

// rule finds a rule (default rules included) and its listener.
func (s *state) rule(arn string) (*loadBalancer, *listener, *rule) {
	for _, lb := range s.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, r := range l.Rules {
				if r.ARN == arn {
					return lb, l, r
				}
			}
		}
	}
	return nil, nil, nil
}

func (s *state) targetGroup(arn string) *targetGroup {
	for _, tg := range s.TargetGroups {
		if tg.ARN == arn {
			return tg
		}
	}
	return nil
}

func (s *state) targetGroupByName(name string) *targetGroup {
	for _, tg := range s.TargetGroups {
		if tg.Name == name {
			return tg
		}
	}
	return nil
}

// forwardARNs lists the target groups an action list forwards to.
func forwardARNs(actions []elbtypes.Action) []string {
	var out []string
	for _, a := range actions {
		if a.Type != elbtypes.ActionTypeEnumForward {
			continue
		}
		seen := map[string]bool{}
		if a.TargetGroupArn != nil {
			seen[*a.TargetGroupArn] = true
			out = append(out, *a.TargetGroupArn)
		}
		if a.ForwardConfig != nil {
			for _, t := range a.ForwardConfig.TargetGroups {
				if t.TargetGroupArn != nil && !seen[*t.TargetGroupArn] {
					seen[*t.TargetGroupArn] = true
					out = append(out, *t.TargetGroupArn)
				}
			}
		}
	}
	return out
}

// ruleUsing returns the first rule (default rules included) forwarding to tg.
func (s *state) ruleUsing(tgARN string) *rule {
	for _, lb := range s.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, r := range l.Rules {
				for _, a := range forwardARNs(r.Actions) {
					if a == tgARN {
						return r
					}
				}
			}
		}
	}
	return nil
}

// lbsOf returns the load balancers whose rules forward to tg (exact, unlike moto).
func (s *state) lbsOf(tgARN string) []string {
	var out []string
	for _, lb := range s.LoadBalancers {
	scan:
		for _, l := range lb.Listeners {
			for _, r := range l.Rules {
				for _, a := range forwardARNs(r.Actions) {
					if a == tgARN {
						out = append(out, lb.ARN)
						break scan
					}
				}
			}
		}
	}
	return out
}

// attachedTGs is the set of target groups any rule of lb forwards to.
func attachedTGs(lb *loadBalancer) map[string]bool {
	set := map[string]bool{}
	for _, l := range lb.Listeners {
		for _, r := range l.Rules {
			for _, a := range forwardARNs(r.Actions) {
				set[a] = true
			}
		}
	}
	return set
}

// ruleCount counts lb's rules across listeners, default rules excluded (as
// the "rules per ALB" quota does).
func ruleCount(lb *loadBalancer) int {
	n := 0
	for _, l := range lb.Listeners {
		for _, r := range l.Rules {
			if !r.IsDefault {
				n++
			}
		}
	}
	return n
}

// sortedRules returns l's rules by priority, the default rule last (AWS order).
func sortedRules(l *listener) []*rule {
	rs := append([]*rule(nil), l.Rules...)
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].IsDefault != rs[j].IsDefault {
			return !rs[i].IsDefault
		}
		return rs[i].Priority < rs[j].Priority
	})
	return rs
}

func (r *rule) sdk() elbtypes.Rule {
	prio := "default"
	if !r.IsDefault {
		prio = strconv.Itoa(r.Priority)
	}
	actions := clone(r.Actions)
	for i := range actions {
		if c := actions[i].AuthenticateOidcConfig; c != nil {
			c.ClientSecret = nil // AWS never returns it
		}
	}
	return elbtypes.Rule{
		RuleArn:    ptr(r.ARN),
		Priority:   ptr(prio),
		IsDefault:  ptr(r.IsDefault),
		Conditions: clone(r.Conditions),
		Actions:    actions,
		Transforms: clone(r.Transforms),
	}
}

// arnKind tells what an ELB ARN names: loadbalancer, listener,
// listener-rule or targetgroup ("" when it is no ELB ARN).
func arnKind(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing" {
		return ""
	}
	res := parts[5]
	if i := strings.IndexByte(res, '/'); i > 0 {
		return res[:i]
	}
	return ""
}

// tagsOf returns the tags of any ELB resource; ok is false when the ARN
// names nothing in the account.
func (s *state) tagsOf(arn string) (tagMap, bool) {
	switch arnKind(arn) {
	case "loadbalancer":
		if lb := s.lb(arn); lb != nil {
			return lb.Tags, true
		}
	case "listener":
		if _, l := s.listener(arn); l != nil {
			return l.Tags, true
		}
	case "listener-rule":
		if _, _, r := s.rule(arn); r != nil {
			return r.Tags, true
		}
	case "targetgroup":
		if tg := s.targetGroup(arn); tg != nil {
			return tg.Tags, true
		}
	}
	return nil, false
}

// setTags replaces the tag map of an existing resource.
func (s *state) setTags(arn string, t tagMap) {
	switch arnKind(arn) {
	case "loadbalancer":
		s.lb(arn).Tags = t
	case "listener":
		_, l := s.listener(arn)
		l.Tags = t
	case "listener-rule":
		_, _, r := s.rule(arn)
		r.Tags = t
	case "targetgroup":
		s.targetGroup(arn).Tags = t
	}
}

// notFound is the error AWS gives for an unknown ARN of that kind.
func notFound(arn string) error {
	switch arnKind(arn) {
	case "loadbalancer":
		return &elbtypes.LoadBalancerNotFoundException{Message: msg("Load balancers '[%s]' not found", arn)}
	case "listener":
		return &elbtypes.ListenerNotFoundException{Message: msg("One or more listeners not found")}
	case "listener-rule":
		return &elbtypes.RuleNotFoundException{Message: msg("One or more rules not found")}
	case "targetgroup":
		return &elbtypes.TargetGroupNotFoundException{Message: msg("Target groups '[%s]' not found", arn)}
	}
	return generic("ValidationError", "'%s' is not a valid ELB resource ARN", arn)
}

func tagList(t tagMap) []elbtypes.Tag {
	out := make([]elbtypes.Tag, 0, len(t))
	for _, k := range t.keys() {
		out = append(out, elbtypes.Tag{Key: ptr(k), Value: ptr(t[k])})
	}
	return out
}
