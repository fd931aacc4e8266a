package model

// Deep copies of definitions: a copy shares no slice, map or pointer with
// its original, so plans and journals never change the snapshot they came from.

func cloneRule(r Rule) Rule {
	c := r
	c.Conditions = make([]Condition, len(r.Conditions))
	for i, x := range r.Conditions {
		x.Values = append([]string(nil), x.Values...)
		x.Regex = cloneStrings(x.Regex)
		c.Conditions[i] = x
	}
	c.Actions = lkCopyActions(r.Actions)
	if r.Transforms != nil {
		c.Transforms = make([]RuleTransform, len(r.Transforms))
		for i, t := range r.Transforms {
			t.Rewrites = append([]Rewrite(nil), t.Rewrites...)
			c.Transforms[i] = t
		}
	}
	c.Tags = lkCopyTags(r.Tags)
	return c
}

func cloneTargetGroup(tg TargetGroup) TargetGroup {
	c := tg
	c.Targets = append([]Target(nil), tg.Targets...)
	c.LoadBalancerARNs = cloneStrings(tg.LoadBalancerARNs)
	if tg.Matcher != nil {
		m := *tg.Matcher
		c.Matcher = &m
	}
	c.Attributes = lkCopyTags(tg.Attributes)
	c.Tags = lkCopyTags(tg.Tags)
	return c
}

func cloneStage(s Stage) Stage {
	c := s
	c.Variables = lkCopyTags(s.Variables)
	c.Tags = lkCopyTags(s.Tags)
	if s.MethodSettings != nil {
		c.MethodSettings = make(map[string]MethodSetting, len(s.MethodSettings))
		for k, v := range s.MethodSettings {
			c.MethodSettings[k] = v
		}
	}
	if s.Canary != nil {
		cs := *s.Canary
		cs.StageVariableOverrides = lkCopyTags(s.Canary.StageVariableOverrides)
		c.Canary = &cs
	}
	if s.AccessLog != nil {
		al := *s.AccessLog
		c.AccessLog = &al
	}
	return c
}

func cloneRecord(r Record) Record {
	c := r
	c.Values = append([]string(nil), r.Values...)
	if r.Weight != nil {
		w := *r.Weight
		c.Weight = &w
	}
	if r.GeoLocation != nil {
		g := *r.GeoLocation
		c.GeoLocation = &g
	}
	if r.GeoProximity != nil {
		g := *r.GeoProximity
		if g.Bias != nil {
			b := *g.Bias
			g.Bias = &b
		}
		c.GeoProximity = &g
	}
	if r.CIDRRouting != nil {
		x := *r.CIDRRouting
		c.CIDRRouting = &x
	}
	if r.MultiValueAnswer != nil {
		m := *r.MultiValueAnswer
		c.MultiValueAnswer = &m
	}
	return c
}

func cloneAction(a Action) Action {
	a.TargetGroups = append([]WeightedTargetGroup(nil), a.TargetGroups...)
	if a.Stickiness != nil {
		s := *a.Stickiness
		a.Stickiness = &s
	}
	if a.FixedResponse != nil {
		f := *a.FixedResponse
		a.FixedResponse = &f
	}
	if a.Redirect != nil {
		r := *a.Redirect
		a.Redirect = &r
	}
	if a.OIDC != nil {
		o := *a.OIDC
		o.ExtraParams = lkCopyTags(a.OIDC.ExtraParams)
		a.OIDC = &o
	}
	if a.Cognito != nil {
		c := *a.Cognito
		c.ExtraParams = lkCopyTags(a.Cognito.ExtraParams)
		a.Cognito = &c
	}
	if a.JWT != nil {
		j := *a.JWT
		j.AdditionalClaims = make([]JWTClaim, len(a.JWT.AdditionalClaims))
		for i, cl := range a.JWT.AdditionalClaims {
			cl.Values = cloneStrings(cl.Values)
			j.AdditionalClaims[i] = cl
		}
		a.JWT = &j
	}
	return a
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}
