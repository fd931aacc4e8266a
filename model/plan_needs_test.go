package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// A failed step stops only the steps that need it: a target group's delete
// needs its rule's, an alias's delete its record's; a rule's create needs
// its target group's, a record's create its alias's.
func TestPlanNeeds(t *testing.T) {
	tags := h1OwnedTags("feat-a", time.Hour, time.Hour)
	rule := h1PathRule("a", 1001, "/feat-a/*", tags, "env-feat-a")
	tg := h1LambdaTG("env-feat-a", tags, 1)
	other := h1LambdaTG("env-other", tags, 1)
	stage := h1Stage("feat-a", tags)
	alias := Alias{DistributionID: "E1", Name: "feat-a.preview.example.com"}
	rec := h1AliasRec("feat-a.preview.example.com.", h1Domain)
	del := func(typ ResourceType, id string, d Definition) Step {
		return Step{Action: StepDelete, Type: typ, ID: id, Def: &d}
	}
	newRule := rule
	newRule.Actions = []Action{{Type: "forward", TargetGroups: []WeightedTargetGroup{{Name: "env-feat-a"}}}}
	add := func(typ ResourceType, id string, d Definition) Step {
		return Step{Action: StepCreate, Type: typ, ID: id, Def: &d}
	}
	tests := map[string]struct {
		steps []Step
		want  [][]int
	}{
		"destroy": {
			steps: []Step{
				del(TypeRecord, RecordID("Z1", rec.Name, "A"), Definition{Record: &rec}),
				del(TypeAlias, AliasID("E1", "FEAT-A.preview.example.com"), Definition{}), // no definition: the ID names it
				del(TypeStage, StageID("api1", "feat-a"), Definition{Stage: &stage}),
				del(TypeRule, rule.ARN, Definition{Rule: &rule}),
				del(TypeTargetGroup, tg.ARN, Definition{TargetGroup: &tg}),
				del(TypeTargetGroup, other.ARN, Definition{TargetGroup: &other}),
			},
			want: [][]int{nil, {0}, nil, nil, {3}, nil},
		},
		"create": {
			steps: []Step{
				add(TypeTargetGroup, "env-feat-a", Definition{TargetGroup: &tg}),
				add(TypeRule, "rule", Definition{Rule: &newRule}),
				add(TypeStage, "stage", Definition{Stage: &stage}),
				add(TypeAlias, "alias", Definition{Alias: &alias}),
				add(TypeRecord, "record", Definition{Record: &rec}),
			},
			want: [][]int{nil, {0}, nil, nil, {3}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Plan{Steps: tc.steps}.Needs()
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("needs %v, want %v", got, tc.want)
			}
		})
	}
}

// Protection as decided just before a saved plan's deletes: a glob, a keep
// tag on any resource of the environment (records and aliases carry none),
// or nothing.
func TestEnvProtection(t *testing.T) {
	tags := h1OwnedTags("feat-a", time.Hour, 72*time.Hour)
	snapWith := func(ruleTags, stageTags map[string]string) *Snapshot {
		s := h1BaseSnap()
		s.Rules = append(s.Rules, h1PathRule("a", 1001, "/feat-a/*", ruleTags, "env-feat-a"))
		s.TargetGroups = append(s.TargetGroups, h1LambdaTG("env-feat-a", tags, 1))
		s.Stages = append(s.Stages, h1Stage("feat-a", stageTags))
		return s
	}
	globbed := h1Cfg()
	globbed.Naming.Protected = append(globbed.Naming.Protected, "feat-*")
	tests := map[string]struct {
		snap *Snapshot
		cfg  *Config
		want string // in the reason; "" = not protected
	}{
		"not protected":   {snapWith(tags, tags), h1Cfg(), ""},
		"glob added":      {snapWith(tags, tags), globbed, "naming.protected"},
		"keep on stage":   {snapWith(tags, h1With(tags, "envdeck:keep", "true")), h1Cfg(), "stage api1/feat-a carries envdeck:keep=true"},
		"keep on rule":    {snapWith(h1With(tags, "envdeck:keep", "true"), tags), h1Cfg(), "carries envdeck:keep=true"},
		"keep=false kept": {snapWith(h1With(tags, "envdeck:keep", "false"), tags), h1Cfg(), ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			why, refs := EnvProtection(tc.snap, tc.cfg, "feat-a")
			if (why == "") != (tc.want == "") || !strings.Contains(why, tc.want) {
				t.Fatalf("why %q, want %q", why, tc.want)
			}
			if len(refs) != 3 {
				t.Fatalf("taggable %v, want the rule, target group and stage", refs)
			}
		})
	}
}
