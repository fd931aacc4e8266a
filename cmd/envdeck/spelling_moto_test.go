package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
)

// spelled is one misspelled platform resource pair seeded beside the path
// platform: an owned rule and its target group, 26h old, expired 24h ago.
type spelled struct {
	name     string // what the test calls it
	env      string // its envdeck:env before ruleTags and tgTags
	path     string // '/{env}/*' for env, or a path no pattern maps
	tgName   string
	ruleTags func(map[string]string) // changes the rule's tags
	tgTags   func(map[string]string)
	rule, tg string // ARNs once seeded
}

// seedSpelled creates each pair in moto at priorities from 3000, plus a
// correctly tagged, expired main (protected by naming.protected).
func seedSpelled(t *testing.T, c aws.Clients, f *awstest.PathFixture, now time.Time, pairs []*spelled) {
	t.Helper()
	sdk := awstest.SDKOf(t, c)
	ctx := context.Background()
	keys := f.Config.Keys()
	created := now.Add(-26 * time.Hour)
	tagsFor := func(env string, change func(map[string]string)) []elbtypes.Tag {
		m := keys.For(env, "alice", created, created.Add(2*time.Hour), "")
		if change != nil {
			change(m)
		}
		var out []elbtypes.Tag
		for k, v := range m {
			out = append(out, elbtypes.Tag{Key: sdkaws.String(k), Value: sdkaws.String(v)})
		}
		return out
	}
	all := append([]*spelled{{name: "main", env: "main", path: "/main/*", tgName: "env-main"}}, pairs...)
	for i, p := range all {
		env := p.env
		tg, err := sdk.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: sdkaws.String(p.tgName),
			TargetType: elbtypes.TargetTypeEnumLambda, Tags: tagsFor(env, p.tgTags)})
		if err != nil {
			t.Fatalf("target group of %s: %v", p.name, err)
		}
		p.tg = sdkaws.ToString(tg.TargetGroups[0].TargetGroupArn)
		_, err = sdk.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: &p.tg,
			Targets: []elbtypes.TargetDescription{{Id: sdkaws.String("arn:aws:lambda:" + awstest.TestRegion + ":" + awstest.MotoAccount + ":function:" + env)}}})
		if err != nil {
			t.Fatalf("target of %s: %v", p.name, err)
		}
		r, err := sdk.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: sdkaws.String(f.ListenerARN), Priority: sdkaws.Int32(int32(3000 + i)),
			Conditions: []elbtypes.RuleCondition{{Field: sdkaws.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{p.path}}}},
			Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: &p.tg}}, Tags: tagsFor(env, p.ruleTags)})
		if err != nil {
			t.Fatalf("rule of %s: %v", p.name, err)
		}
		p.rule = sdkaws.ToString(r.Rules[0].RuleArn)
	}
}

// Misspelled envdeck tags on owned, expired resources: env "main " and
// "MAIN", keep=True, expires-at=tomorrow (its target group's expires-at says
// expired), a keep key in another case (Envdeck:Keep=true). Through the real command layer on moto: ls shows one main row
// and the environments as protected, gc -o json plans exactly the
// platform's collectable resources and shows each misspelling as an
// invalid-tag finding, destroy refuses each with no mutating call (proxy
// log), and gc --apply leaves them all in place. The misspellings are
// seeded in moto (it stores any tag value); the proxy only records.
func TestMisspelledTagsNeverPlanned(t *testing.T) {
	keys := (&model.Config{}).Keys()
	set := func(k, v string) func(map[string]string) { return func(m map[string]string) { m[k] = v } }
	// The env-tag pairs have names no pattern maps, so only the tag names
	// their environment (with a pattern name they would be a tag conflict).
	space := &spelled{name: `env "main "`, env: "main ", path: "/spelled/space", tgName: "spelled-space"}
	upper := &spelled{name: `env "MAIN"`, env: "MAIN", path: "/spelled/upper", tgName: "spelled-upper"}
	keepTrue := &spelled{name: "keep=True", env: "feat-keepcase", path: "/feat-keepcase/*", tgName: "env-feat-keepcase",
		ruleTags: set(keys.Keep, "True")}
	tomorrow := &spelled{name: "expires-at=tomorrow", env: "feat-tomorrow", path: "/feat-tomorrow/*", tgName: "env-feat-tomorrow",
		ruleTags: set(keys.ExpiresAt, "tomorrow")}
	keyCase := &spelled{name: "Envdeck:Keep=true", env: "feat-keepkey", path: "/feat-keepkey/*", tgName: "env-feat-keepkey",
		tgTags: set("Envdeck:Keep", "true")}
	pairs := []*spelled{space, upper, keepTrue, tomorrow, keyCase}
	rig := newFaultRigWith(t, func(c aws.Clients, now time.Time) *awstest.PathFixture {
		f := awstest.SeedPathPlatform(t, c, now)
		seedSpelled(t, c, f, now, pairs)
		return f
	})
	var ids []string
	for _, p := range pairs {
		ids = append(ids, p.rule, p.tg)
	}

	var ls lsJSON
	mustJSON(t, rig.mustRun("ls", "-o", "json").stdout, &ls)
	var names []string
	status := map[string]string{}
	for _, e := range ls.Environments {
		names = append(names, e.Name)
		status[e.Name] = e.Status
	}
	for _, bad := range []string{"main ", "MAIN"} {
		if slices.Contains(names, bad) {
			t.Errorf("ls shows an environment %q: %q", bad, names)
		}
	}
	if n := slices.Index(names, "main"); n < 0 || slices.Index(names[n+1:], "main") >= 0 {
		t.Errorf("want exactly one main row: %q", names)
	}
	for _, env := range []string{"main", "feat-keepcase", "feat-tomorrow", "feat-keepkey"} {
		if status[env] != model.StatusProtected {
			t.Errorf("%s is %q, want protected", env, status[env])
		}
	}

	var gc gcJSON
	mustJSON(t, rig.mustRun("gc", "-o", "json").stdout, &gc)
	var planned []refJSON
	for _, s := range gc.Plan {
		planned = append(planned, refJSON{Type: s.Type, ID: s.ID})
	}
	if want := fixtureRefs(rig.f.Collectable); !equalJSON(sortedRefs(planned), want) {
		t.Errorf("gc plans\n%v\nwant exactly the platform's collectable\n%v", sortedRefs(planned), want)
	}
	invalid := map[string]findingJSON{}
	for _, f := range gc.Findings {
		if f.Kind == model.FindingInvalidTag {
			invalid[f.Resource.ID] = f
		}
		if slices.Contains(ids, f.Resource.ID) && f.Action == model.ActionDelete {
			t.Errorf("delete finding on a misspelled resource: %+v", f)
		}
	}
	for _, c := range []struct {
		id, sev, value string
	}{
		{space.rule, model.SeverityWarning, `envdeck:env="main "`}, {space.tg, model.SeverityWarning, `envdeck:env="main "`},
		{upper.rule, model.SeverityWarning, `envdeck:env="MAIN"`}, {upper.tg, model.SeverityWarning, `envdeck:env="MAIN"`},
		{keepTrue.rule, model.SeverityInfo, `envdeck:keep="True"`},
		{tomorrow.rule, model.SeverityWarning, `envdeck:expires-at="tomorrow"`},
		{keyCase.tg, model.SeverityWarning, `Envdeck:Keep="true" is not the keep tag envdeck:keep`},
	} {
		f, ok := invalid[c.id]
		if !ok || f.Severity != c.sev || f.Action != model.ActionNone || !strings.Contains(f.Reason, c.value) {
			t.Errorf("invalid-tag finding for %s: %+v (found %v), want %s %s", c.id, f, ok, c.sev, c.value)
		}
	}

	for _, env := range []string{"main", "main ", "MAIN", "feat-keepcase", "feat-tomorrow", "feat-keepkey"} {
		before := len(rig.rec.all())
		r := rig.run("destroy", env, "--yes")
		if r.code == 0 || len(rig.rec.all()) != before {
			t.Errorf("destroy %q: exit %d, %d mutating calls\n%s%s", env, r.code, len(rig.rec.all())-before, r.stdout, r.stderr)
		}
	}

	r := rig.run("gc", "--apply", "--yes", "-o", "json")
	if r.code != 0 {
		t.Fatalf("gc --apply: exit %d\n%s", r.code, r.stderr)
	}
	after := rig.resourcesOnly().Snapshot
	for _, p := range pairs {
		if _, ok := after.Lookup(model.TypeRule, p.rule); !ok {
			t.Errorf("%s: rule deleted", p.name)
		}
		if _, ok := after.Lookup(model.TypeTargetGroup, p.tg); !ok {
			t.Errorf("%s: target group deleted", p.name)
		}
	}
}
