package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// h1Platform is a platform with one case of every finding kind and status.
// Ages: "old" = 10h (older than the 2h grace), "young" = 1h.
func h1Platform() *Snapshot {
	s := h1BaseSnap()
	old, young, long := 10*time.Hour, time.Hour, 30*24*time.Hour
	add := func(rules []Rule, tgs []TargetGroup, stages []Stage) {
		s.Rules = append(s.Rules, rules...)
		s.TargetGroups = append(s.TargetGroups, tgs...)
		s.Stages = append(s.Stages, stages...)
	}
	// healthy path env with a stage
	a := h1OwnedTags("feat-a", old, long)
	add([]Rule{h1PathRule("a", 1001, "/feat-a/*", a, "env-feat-a")}, []TargetGroup{h1LambdaTG("env-feat-a", a, 1)}, []Stage{h1Stage("feat-a", a)})
	// expired env: rule, target group, stage all deleted
	x := h1OwnedTags("feat-exp", 100*time.Hour, 72*time.Hour)
	add([]Rule{h1PathRule("x", 1002, "/feat-exp/*", x, "env-feat-exp")}, []TargetGroup{h1LambdaTG("env-feat-exp", x, 1)}, []Stage{h1Stage("feat-exp", x)})
	// protected by glob, expired: nothing deleted
	mn := h1OwnedTags("main", 100*time.Hour, 72*time.Hour)
	add([]Rule{h1PathRule("main", 1003, "/main/*", mn, "env-main")}, []TargetGroup{h1LambdaTG("env-main", mn, 1)}, nil)
	// protected by keep tag, expired
	k := h1With(h1OwnedTags("feat-keep", 100*time.Hour, 72*time.Hour), "envdeck:keep", "true")
	add([]Rule{h1PathRule("keep", 1004, "/feat-keep/*", k, "env-feat-keep")}, []TargetGroup{h1LambdaTG("env-feat-keep", h1OwnedTags("feat-keep", 100*time.Hour, 72*time.Hour), 0)}, nil)
	// orphan rule: its target group has 0 registered targets (degraded)
	g := h1OwnedTags("feat-ghost", old, long)
	add([]Rule{h1PathRule("ghost", 1005, "/feat-ghost/*", g, "env-feat-ghost")}, []TargetGroup{h1LambdaTG("env-feat-ghost", g, 0)}, nil)
	// the same, younger than the grace: no finding
	y := h1OwnedTags("feat-young", young, long)
	add([]Rule{h1PathRule("young", 1006, "/feat-young/*", y, "env-feat-young")}, []TargetGroup{h1LambdaTG("env-feat-young", y, 0)}, nil)
	// the same, health not read: not judged (and status not degraded)
	u := h1OwnedTags("feat-unread", old, long)
	unread := h1LambdaTG("env-feat-unread", u, 0)
	unread.HealthRead = false
	add([]Rule{h1PathRule("unread", 1007, "/feat-unread/*", u, "env-feat-unread")}, []TargetGroup{unread}, nil)
	// orphan target group (partial), and a young one
	add(nil, []TargetGroup{h1LambdaTG("env-feat-lonely", h1OwnedTags("feat-lonely", old, long), 1),
		h1LambdaTG("env-feat-fresh", h1OwnedTags("feat-fresh", young, long), 1)}, nil)
	// orphan stage (partial), and one with no created-at tag (unknown age: never an orphan)
	add(nil, nil, []Stage{h1Stage("feat-stage", h1OwnedTags("feat-stage", old, long)),
		h1Stage("feat-noage", h1With(h1OwnedTags("feat-noage", old, long), "envdeck:created-at", ""))})
	// pattern-matching rule and target group without managed-by; an unassigned legacy rule
	add([]Rule{h1PathRule("legacy", 1008, "/legacy/*", nil, "env-legacy"), h1PathRule("static", 1009, "/static*", nil, "static")},
		[]TargetGroup{h1LambdaTG("env-legacy", nil, 1), h1LambdaTG("static", nil, 1)}, nil)
	// tag/pattern conflict, expired: reported, never deleted
	c := h1OwnedTags("feat-conf", 100*time.Hour, 72*time.Hour)
	add([]Rule{h1PathRule("conf", 1010, "/feat-other/*", c, "env-feat-conf")}, []TargetGroup{h1LambdaTG("env-feat-conf", c, 1)}, nil)
	// shadowed: /feat-a/* at 1001 covers /feat-a/api/* (unowned, so also unmanaged)
	add([]Rule{h1PathRule("shadow", 1500, "/feat-a/api/*", nil, "env-feat-a")}, nil, nil)

	// host mode: a slot env (expired: slot released), a per-env alias env, slots
	sl := h1With(h1OwnedTags("feat-slot", 100*time.Hour, 72*time.Hour), "envdeck:slot", "pv-1.preview.example.com")
	add([]Rule{h1HostRule("slot", 2001, "pv-1.preview.example.com", sl, "env-feat-slot")}, []TargetGroup{h1LambdaTG("env-feat-slot", sl, 1)}, nil)
	w := h1OwnedTags("feat-web", old, long)
	add([]Rule{h1HostRule("web", 2002, "feat-web.preview.example.com", w, "env-feat-web")}, []TargetGroup{h1LambdaTG("env-feat-web", w, 1)}, nil)
	// feat-edge: host rule but its alias has no record → degraded, alias-without-record
	e := h1OwnedTags("feat-edge", old, long)
	add([]Rule{h1HostRule("edge", 2003, "feat-edge.preview.example.com", e, "env-feat-edge")}, []TargetGroup{h1LambdaTG("env-feat-edge", e, 1)}, nil)
	s.Distribution.Aliases = []string{
		"pv-1.preview.example.com", "pv-2.preview.example.com", "pv-3.preview.example.com", // pv-3: no record (broken)
		"feat-web.preview.example.com", "feat-edge.preview.example.com",
	}
	s.Records = []Record{
		h1AliasRec("pv-1.preview.example.com", h1Domain),
		h1AliasRec("pv-2.preview.example.com", h1Domain),
		h1AliasRec("feat-web.preview.example.com", h1Domain),
		h1AliasRec("old-thing.preview.example.com", "d999.cloudfront.net"),                                       // dangling, matches the pattern: delete
		h1AliasRec("www.example.org", "d999.cloudfront.net"),                                                     // dangling, no pattern: report
		h1AliasRec("main.preview.example.com", "d999.cloudfront.net"),                                            // dangling, protected name: report
		{ZoneID: "Z1", Name: "pv-4.preview.example.com", Type: "CNAME", Values: []string{"d111.cloudfront.net"}}, // beyond the pool (count 3)
	}
	s.AccountDistributions = []DistributionSummary{{ID: "E1", DomainName: h1Domain, Aliases: s.Distribution.Aliases}}
	return s
}

func h1FindingKey(f Finding) string {
	id := f.Resource.ID
	if i := strings.LastIndex(id, "/rule/"); i >= 0 {
		id = "rule:" + id[i+6:]
	} else if strings.Contains(id, ":targetgroup/") {
		id = "tg:" + strings.Split(id, "/")[1]
	}
	return fmt.Sprintf("%s %s %s %s", f.Kind, f.Environment, id, f.Action)
}

func TestFindingsEveryKind(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	var got []string
	for _, f := range inv.Findings {
		if f.Kind == FindingQuotaPressure {
			continue // H2's quota findings; tested there
		}
		got = append(got, h1FindingKey(f))
		if f.Reason == "" || f.Severity == "" {
			t.Errorf("finding without reason or severity: %+v", f)
		}
	}
	want := []string{
		"alias-without-record feat-edge E1/feat-edge.preview.example.com none",
		"broken-slot  E1/pv-3.preview.example.com none",
		"dangling-record  Z1/www.example.org/A none",
		"dangling-record main Z1/main.preview.example.com/A none",
		"dangling-record old-thing Z1/old-thing.preview.example.com/A delete",
		"dangling-record pv-4 Z1/pv-4.preview.example.com/CNAME delete",
		"expired-environment feat-conf rule:conf none",
		"expired-environment feat-conf tg:env-feat-conf none",
		"expired-environment feat-exp rule:x delete",
		"expired-environment feat-exp tg:env-feat-exp delete",
		"expired-environment feat-exp api1/feat-exp delete",
		"expired-environment feat-slot rule:slot delete",
		"expired-environment feat-slot tg:env-feat-slot delete",
		"orphan-rule feat-ghost rule:ghost delete",
		"orphan-rule feat-ghost tg:env-feat-ghost delete",
		"orphan-rule feat-keep rule:keep none",
		"orphan-rule feat-keep tg:env-feat-keep none",
		"orphan-stage feat-stage api1/feat-stage delete",
		"orphan-target-group feat-lonely tg:env-feat-lonely delete",
		"shadowed-rule  rule:shadow none",
		"tag-conflict feat-conf rule:conf none",
		"unmanaged  rule:shadow none",
		"unmanaged  rule:static none",
		"unmanaged legacy rule:legacy none",
		"unmanaged legacy tg:env-legacy none",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestFindingsNeedEvidence: a failed source never yields orphan, dangling or
// missing-record findings (a gap in what was read is not evidence).
func TestFindingsNeedEvidence(t *testing.T) {
	tests := []struct {
		source string
		none   []string // kinds that must disappear
		keep   []string // kinds still reported
	}{
		{SourceALB, []string{FindingOrphanRule, FindingOrphanTargetGroup, FindingOrphanStage}, []string{FindingExpired, FindingDanglingRecord}},
		{SourceCloudFront, []string{FindingDanglingRecord, FindingBrokenSlot, FindingAliasWithoutRecord}, []string{FindingOrphanRule, FindingExpired}},
		{SourceRoute53, []string{FindingBrokenSlot, FindingAliasWithoutRecord}, []string{FindingOrphanRule, FindingDanglingRecord}},
	}
	for _, tc := range tests {
		t.Run(tc.source, func(t *testing.T) {
			s := h1Platform()
			s.Errors = []SourceError{{Source: tc.source, Message: "AccessDenied"}}
			inv := BuildInventory(s, h1Cfg(), h1Now)
			count := map[string]int{}
			for _, f := range inv.Findings {
				count[f.Kind]++
			}
			for _, k := range tc.none {
				if count[k] != 0 {
					t.Errorf("%d %s findings with %s unread", count[k], k, tc.source)
				}
			}
			for _, k := range tc.keep {
				if count[k] == 0 {
					t.Errorf("no %s finding with %s unread", k, tc.source)
				}
			}
			if len(inv.Errors) != 1 || inv.Errors[0].Source != tc.source {
				t.Errorf("errors = %+v", inv.Errors)
			}
		})
	}
}

func TestFindingReasonsNameEvidence(t *testing.T) {
	inv := BuildInventory(h1Platform(), h1Cfg(), h1Now)
	tests := []struct{ kind, id, want string }{
		{FindingExpired, h1RuleARN("x"), "expired 2026-11-24T08:00Z (28h ago)"},
		{FindingOrphanRule, h1TgARN("env-feat-ghost"), "target group env-feat-ghost has 0 registered targets"},
		{FindingOrphanTargetGroup, h1TgARN("env-feat-lonely"), "no rule or default action forwarding to it"},
		{FindingOrphanStage, "api1/feat-stage", "environment feat-stage has no ALB rule"},
		{FindingDanglingRecord, "Z1/old-thing.preview.example.com/A", "points at d999.cloudfront.net"},
		{FindingDanglingRecord, "Z1/main.preview.example.com/A", "kept: environment main is protected"},
		{FindingBrokenSlot, "E1/pv-3.preview.example.com", "fix: create an A alias record pv-3.preview.example.com → d111.cloudfront.net"},
		{FindingExpired, h1TgARN("env-feat-conf"), "still forwards to it"},
	}
	for _, tc := range tests {
		f := h1FindOne(t, inv, tc.kind, tc.id)
		if !strings.Contains(f.Reason, tc.want) {
			t.Errorf("%s %s reason %q, want %q", tc.kind, tc.id, f.Reason, tc.want)
		}
	}
	sev := map[string]string{FindingDanglingRecord: SeverityCritical, FindingUnmanaged: SeverityInfo, FindingOrphanRule: SeverityWarning, FindingExpired: SeverityWarning}
	for _, f := range inv.Findings {
		if want, ok := sev[f.Kind]; ok && f.Severity != want {
			t.Errorf("%s severity %s, want %s", f.Kind, f.Severity, want)
		}
	}
}
