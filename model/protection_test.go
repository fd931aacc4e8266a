package model

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// protSnap is a platform with two expired, owned, collectable path
// environments: feat-x (rule, target group, stage) and feat-y (rule, target
// group). Each case changes feat-x; feat-y shows what still happens
// elsewhere.
func protSnap() *Snapshot {
	s := h1BaseSnap()
	for i, env := range []string{"feat-x", "feat-y"} {
		tags := h1OwnedTags(env, 100*time.Hour, 72*time.Hour)
		s.Rules = append(s.Rules, h1PathRule(env, 1001+i, "/"+env+"/*", tags, "env-"+env))
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-"+env, h1With(tags), 1))
	}
	s.Stages = append(s.Stages, h1Stage("feat-x", h1OwnedTags("feat-x", 100*time.Hour, 72*time.Hour)))
	return s
}

// plannedOf returns the ids of the plan's steps that belong to env.
func plannedOf(p Plan, env string) []string {
	var out []string
	for _, st := range p.Steps {
		if strings.Contains(st.ID, env) {
			out = append(out, st.ID)
		}
	}
	return out
}

func invalidTagFindings(inv *Inventory) []Finding {
	var out []Finding
	for _, f := range inv.Findings {
		if f.Kind == FindingInvalidTag {
			out = append(out, f)
		}
	}
	return out
}

// Protection is decided over the environment as a whole and fail-safe: a
// keep on any resource (read case-insensitively), a keep value envdeck
// cannot read, an unparseable expires-at or created-at, tags that were not
// read, or a source that holds keep tags failing: feat-x is never in a gc
// or destroy plan.
func TestProtectionFailSafe(t *testing.T) {
	ruleX, tgX := h1RuleARN("feat-x"), h1TgARN("env-feat-x")
	setTag := func(arn, k, v string) func(*Snapshot) {
		return func(s *Snapshot) {
			for i := range s.Rules {
				if s.Rules[i].ARN == arn {
					s.Rules[i].Tags = h1With(s.Rules[i].Tags, k, v)
					s.Rules[i].Tags[k] = v // h1With drops empty values; keep them here
				}
			}
			for i := range s.TargetGroups {
				if s.TargetGroups[i].ARN == arn {
					s.TargetGroups[i].Tags = h1With(s.TargetGroups[i].Tags, k, v)
					s.TargetGroups[i].Tags[k] = v
				}
			}
		}
	}
	cases := []struct {
		name   string
		change func(*Snapshot)
		cfg    func(*Config)
		// protected: feat-x shows as protected (ls); collectable: gc and
		// destroy plan feat-x; others: gc still plans feat-y.
		protected, collectable, others bool
		destroyErr                     string // substring of PlanDestroy(feat-x)'s error
		finding                        string // severity of the one invalid-tag finding ("" = none)
	}{
		{name: "nothing: collectable", change: func(*Snapshot) {}, collectable: true, others: true},
		{name: "keep=true on the target group only", change: setTag(tgX, "envdeck:keep", "true"),
			protected: true, others: true, destroyErr: "carries envdeck:keep=true"},
		{name: "keep=True", change: setTag(ruleX, "envdeck:keep", "True"),
			protected: true, others: true, destroyErr: "carries envdeck:keep=true", finding: SeverityInfo},
		{name: "keep=TRUE", change: setTag(ruleX, "envdeck:keep", "TRUE"),
			protected: true, others: true, destroyErr: "carries envdeck:keep=true", finding: SeverityInfo},
		{name: "keep=yes", change: setTag(tgX, "envdeck:keep", "yes"),
			protected: true, others: true, destroyErr: "carries envdeck:keep=true", finding: SeverityInfo},
		{name: "keep=false", change: setTag(ruleX, "envdeck:keep", "false"), collectable: true, others: true},
		{name: "keep=False", change: setTag(ruleX, "envdeck:keep", "False"), collectable: true, others: true, finding: SeverityInfo},
		{name: "keep=maybe", change: setTag(ruleX, "envdeck:keep", "maybe"),
			protected: true, others: true, destroyErr: `cannot tell: rule ` + ruleX + `: envdeck:keep="maybe" is neither true nor false`, finding: SeverityWarning},
		{name: "keep empty", change: setTag(tgX, "envdeck:keep", ""),
			protected: true, others: true, destroyErr: `envdeck:keep=""`, finding: SeverityWarning},
		{name: "keep='true ' with a space", change: setTag(tgX, "envdeck:keep", "true "),
			protected: true, others: true, destroyErr: `envdeck:keep="true "`, finding: SeverityWarning},
		// tag keys are case-sensitive: a keep key in another case or with
		// a space is not envdeck's, but plainly meant as one
		{name: "key Envdeck:Keep=true", change: setTag(tgX, "Envdeck:Keep", "true"),
			protected: true, others: true, destroyErr: `cannot tell: target group env-feat-x: Envdeck:Keep="true" is not the keep tag envdeck:keep`, finding: SeverityWarning},
		{name: "key 'envdeck:keep '=yes", change: setTag(ruleX, "envdeck:keep ", "yes"),
			protected: true, others: true, destroyErr: `envdeck:keep ="yes" is not the keep tag`, finding: SeverityWarning},
		{name: "key ENVDECK:KEEP=false", change: setTag(ruleX, "ENVDECK:KEEP", "false"), collectable: true, others: true, finding: SeverityInfo},
		// the target group's expires-at still says "expired": the
		// environment's resources disagree, and the doubt wins.
		{name: "expires-at=tomorrow on the rule", change: setTag(ruleX, "envdeck:expires-at", "tomorrow"),
			protected: true, others: true, destroyErr: `envdeck:expires-at="tomorrow" is not an RFC 3339 time`, finding: SeverityWarning},
		{name: "expires-at=tomorrow on an orphan rule", change: func(s *Snapshot) {
			setTag(ruleX, "envdeck:expires-at", "tomorrow")(s)
			for i := range s.TargetGroups {
				if s.TargetGroups[i].ARN == tgX {
					s.TargetGroups[i].Targets = []Target{} // the rule is an orphan-rule too
				}
			}
		}, protected: true, others: true, destroyErr: `envdeck:expires-at="tomorrow"`, finding: SeverityWarning},
		{name: "created-at unparseable on the target group", change: setTag(tgX, "envdeck:created-at", "2026-11-20"),
			protected: true, others: true, destroyErr: `envdeck:created-at="2026-11-20"`, finding: SeverityWarning},
		{name: "tags of the target group not read", change: func(s *Snapshot) {
			for i := range s.TargetGroups {
				if s.TargetGroups[i].ARN == tgX {
					s.TargetGroups[i].Tags, s.TargetGroups[i].TagsUnread = nil, true
				}
			}
			// discovery also reports the failed tag read as a source error
			s.Errors = append(s.Errors, SourceError{Source: SourceALB, Message: "tags: Throttling"})
		}, protected: true, destroyErr: "cannot tell: the tags of target group env-feat-x could not be read"},
		{name: "tags of one rule not read, no source error", change: func(s *Snapshot) {
			for i := range s.Rules {
				if s.Rules[i].ARN == ruleX {
					s.Rules[i].Tags, s.Rules[i].TagsUnread = nil, true
				}
			}
		}, protected: true, destroyErr: "cannot tell: the tags of rule " + ruleX + " could not be read"},
		{name: "elbv2 source failed", change: func(s *Snapshot) {
			s.Errors = append(s.Errors, SourceError{Source: SourceALB, Message: "rules of listener: Throttling"})
		}, destroyErr: "cannot tell whether the environment is protected: source elbv2 could not be read"},
		{name: "apigateway source failed", change: func(s *Snapshot) {
			s.Errors = append(s.Errors, SourceError{Source: SourceAPIGateway, Message: "AccessDenied"})
		}, destroyErr: "source apigateway could not be read"},
		// Route 53 and CloudFront hold no keep tags: deletes go on.
		{name: "route53 source failed", change: func(s *Snapshot) {
			s.Errors = append(s.Errors, SourceError{Source: SourceRoute53, Message: "AccessDenied"})
		}, collectable: true, others: true},
		{name: "glob in another case", change: func(*Snapshot) {}, cfg: func(c *Config) { c.Naming.Protected = []string{"FEAT-X"} },
			protected: true, others: true, destroyErr: "matches naming.protected"},
		{name: "glob with spaces around it", change: func(*Snapshot) {}, cfg: func(c *Config) { c.Naming.Protected = []string{"feat-x "} },
			protected: true, others: true, destroyErr: "matches naming.protected"},
		{name: "wildcard glob with a leading space", change: func(*Snapshot) {}, cfg: func(c *Config) { c.Naming.Protected = []string{" feat-x*"} },
			protected: true, others: true, destroyErr: "matches naming.protected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, cfg := protSnap(), h1Cfg()
			tc.change(s)
			if tc.cfg != nil {
				tc.cfg(cfg)
			}
			inv := BuildInventory(s, cfg, h1Now)
			e, ok := inv.Env("feat-x")
			if !ok {
				t.Fatalf("no feat-x: %+v", inv.Environments)
			}
			if e.Protected != tc.protected || (e.Status == StatusProtected) != tc.protected {
				t.Errorf("feat-x protected=%v status=%s, want protected=%v", e.Protected, e.Status, tc.protected)
			}
			gc := PlanGC(inv, cfg, h1Now)
			if got := plannedOf(gc, "feat-x"); (len(got) == 3) != tc.collectable || (len(got) != 0 && len(got) != 3) {
				t.Errorf("gc plans %v of feat-x, collectable=%v", got, tc.collectable)
			}
			if got := plannedOf(gc, "feat-y"); (len(got) == 2) != tc.others {
				t.Errorf("gc plans %v of feat-y, want it planned=%v", got, tc.others)
			}
			p, err := PlanDestroy(inv, cfg, "feat-x", h1Now)
			switch {
			case tc.collectable && (err != nil || len(p.Steps) != 3):
				t.Errorf("destroy: %v, %d steps", err, len(p.Steps))
			case !tc.collectable && (err == nil || !strings.Contains(err.Error(), tc.destroyErr) || len(p.Steps) != 0):
				t.Errorf("destroy: err %v (want %q), %d steps", err, tc.destroyErr, len(p.Steps))
			}
			fs := invalidTagFindings(inv)
			switch {
			case tc.finding == "" && len(fs) != 0:
				t.Errorf("unexpected findings %+v", fs)
			case tc.finding != "" && (len(fs) != 1 || fs[0].Severity != tc.finding || fs[0].Action != ActionNone ||
				fs[0].Environment != "feat-x" || !strings.Contains(fs[0].Reason, "envdeck:")):
				t.Errorf("invalid-tag findings %+v, want one %s", fs, tc.finding)
			}
			for _, f := range inv.Findings {
				if strings.Contains(f.Resource.ID, "feat-x") && f.Action == ActionDelete && !tc.collectable {
					t.Errorf("delete finding on protected feat-x: %+v", f)
				}
			}
		})
	}
}

// An envdeck:env value that is not a valid environment name never makes an
// environment of its own (no second main row), is never collected or
// destroyed, is an invalid-tag finding naming the value and the resource,
// and protects the environment it may have meant.
func TestInvalidEnvTagNeverCollected(t *testing.T) {
	cases := []struct {
		value    string
		meant    string // the environment it may have meant, now protected
		protDiff bool   // meant was not protected before
	}{
		{value: "main ", meant: "main"},
		{value: "MAIN", meant: "main"},
		{value: "feat x", meant: "feat x"},
		{value: "Feat-Y", meant: "feat-y", protDiff: true},
		{value: "-bad", meant: "-bad"},
	}
	for _, tc := range cases {
		t.Run(strconv.Quote(tc.value), func(t *testing.T) {
			s, cfg := protSnap(), h1Cfg()
			mainTags := h1OwnedTags("main", 100*time.Hour, 72*time.Hour)
			bad := h1With(h1OwnedTags("x", 100*time.Hour, 72*time.Hour), "envdeck:env", tc.value)
			s.Rules = append(s.Rules, h1PathRule("main", 1100, "/main/*", mainTags, "env-main"),
				h1PathRule("bad", 1101, "/bad-path", bad, "bad-group"),
				h1PathRule("bad-orphan", 1102, "/bad-orphan", bad, "bad-empty")) // 0 targets: would be an orphan
			s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-main", mainTags, 1),
				h1LambdaTG("bad-group", bad, 1), h1LambdaTG("bad-empty", bad, 0))
			s.Stages = append(s.Stages, h1Stage("bad-stage", bad))
			badIDs := []string{h1RuleARN("bad"), h1RuleARN("bad-orphan"), h1TgARN("bad-group"), h1TgARN("bad-empty"), StageID("api1", "bad-stage")}

			inv := BuildInventory(s, cfg, h1Now)
			var names []string
			for _, e := range inv.Environments {
				names = append(names, e.Name)
				for _, r := range e.Resources {
					if slices.Contains(badIDs, r.ID) {
						t.Errorf("%s is in environment %s", r.ID, e.Name)
					}
				}
			}
			if !slices.Equal(names, []string{"feat-x", "feat-y", "main"}) {
				t.Errorf("environments %q, want feat-x feat-y main", names)
			}
			for _, id := range badIDs {
				if !slices.ContainsFunc(inv.Unassigned, func(r ResourceRef) bool { return r.ID == id }) {
					t.Errorf("%s not unassigned", id)
				}
				f := h1FindOne(t, inv, FindingInvalidTag, id)
				if f.Severity != SeverityWarning || f.Action != ActionNone || f.Environment != "" ||
					!strings.Contains(f.Reason, `envdeck:env=`+strconv.Quote(tc.value)) || !strings.Contains(f.Reason, id[strings.LastIndex(id, "/")+1:]) {
					t.Errorf("finding %+v", f)
				}
			}
			for _, f := range inv.Findings {
				if slices.Contains(badIDs, f.Resource.ID) && (f.Action == ActionDelete || f.Kind == FindingTagConflict) {
					t.Errorf("finding %+v", f)
				}
			}
			gc := PlanGC(inv, cfg, h1Now)
			for _, st := range gc.Steps {
				if slices.Contains(badIDs, st.ID) || st.Env == "main" {
					t.Errorf("gc plans %s %s", st.Type, st.ID)
				}
			}
			if got := plannedOf(gc, "feat-y"); (len(got) == 2) == tc.protDiff {
				t.Errorf("gc plans %v of feat-y; protected by the doubt: %v", got, tc.protDiff)
			}
			for _, env := range []string{tc.value, "main", tc.meant} {
				if p, err := PlanDestroy(inv, cfg, env, h1Now); (err == nil && env != "feat-y") || len(plannedOf(p, "bad")) != 0 {
					t.Errorf("destroy %q: %v, %+v", env, err, p.Steps)
				}
			}
			if tc.protDiff {
				if _, err := PlanDestroy(inv, cfg, "feat-y", h1Now); err == nil || !strings.Contains(err.Error(), "cannot tell") {
					t.Errorf("destroy feat-y: %v", err)
				}
			}
		})
	}
}

// KeepValue reads keep case-insensitively and fails safe on anything else.
func TestKeepValue(t *testing.T) {
	k := DefaultConfig().Keys()
	cases := []struct {
		tags        map[string]string
		keep, known bool
	}{
		{nil, false, true},
		{map[string]string{"envdeck:keep": "true"}, true, true},
		{map[string]string{"envdeck:keep": "True"}, true, true},
		{map[string]string{"envdeck:keep": "YES"}, true, true},
		{map[string]string{"envdeck:keep": "false"}, false, true},
		{map[string]string{"envdeck:keep": "No"}, false, true},
		{map[string]string{"envdeck:keep": ""}, true, false},
		{map[string]string{"envdeck:keep": "1"}, true, false},
		{map[string]string{"envdeck:keep": "true "}, true, false},
	}
	for _, tc := range cases {
		keep, known := k.KeepValue(tc.tags)
		if keep != tc.keep || known != tc.known || k.Kept(tc.tags) != tc.keep {
			t.Errorf("%v: keep=%v known=%v, want %v %v", tc.tags, keep, known, tc.keep, tc.known)
		}
	}
}
