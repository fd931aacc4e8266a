package model

import (
	"reflect"
	"testing"
)

// oneOfEach is a snapshot holding one resource of every kind, and the
// definition of each by type.
func oneOfEach() (*Snapshot, map[ResourceType]Definition) {
	rule := Rule{ARN: "arn:rule/1", ListenerARN: "arn:listener/1", Priority: 7,
		Conditions: []Condition{{Field: "path-pattern", Values: []string{"/a/*"}}}, Tags: map[string]string{"k": "rule"}}
	tg := TargetGroup{ARN: "arn:tg/a", Name: "tg-a", TargetType: "lambda", Tags: map[string]string{"k": "tg"}}
	st := Stage{RestAPIID: "api1", Name: "a", DeploymentID: "d1", Tags: map[string]string{"k": "stage"}}
	hst := HTTPStage{APIID: "api2", Name: "a", AutoDeploy: true, Tags: map[string]string{"k": "http-stage"}}
	rec := Record{ZoneID: "Z1", Name: "a.example.com", Type: "A", AliasTarget: "d1.cloudfront.net"}
	snap := &Snapshot{Rules: []Rule{rule}, TargetGroups: []TargetGroup{tg}, Stages: []Stage{st}, HTTPStages: []HTTPStage{hst},
		Distribution: &Distribution{ID: "E1", Aliases: []string{"a.example.com"}}, Records: []Record{rec}}
	defs := map[ResourceType]Definition{
		TypeRule: {Rule: &rule}, TypeTargetGroup: {TargetGroup: &tg}, TypeStage: {Stage: &st}, TypeHTTPStage: {HTTPStage: &hst},
		TypeAlias: {Alias: &Alias{DistributionID: "E1", Name: "a.example.com"}}, TypeRecord: {Record: &rec},
	}
	return snap, defs
}

func TestKindTableIsConsistent(t *testing.T) {
	ranks, deleteRanks, types := map[int]bool{}, map[int]bool{}, map[ResourceType]bool{}
	for i, k := range Kinds() {
		if k.Rank != i {
			t.Errorf("%s: rank %d at position %d: the table is kept in rank order", k.Type, k.Rank, i)
		}
		if ranks[k.Rank] || deleteRanks[k.DeleteRank] || types[k.Type] {
			t.Errorf("%s: type, rank or delete rank used twice", k.Type)
		}
		ranks[k.Rank], deleteRanks[k.DeleteRank], types[k.Type] = true, true, true
		if k.DeleteRank < 0 || k.DeleteRank >= len(kinds) || k.Label == "" {
			t.Errorf("%s: delete rank %d out of range or no label", k.Type, k.DeleteRank)
		}
		if k.Taggable != (k.tags != nil && k.withTags != nil) {
			t.Errorf("%s: taggable %v but tag functions set: %v", k.Type, k.Taggable, k.tags != nil)
		}
		if k.holds == nil || k.resource == nil || k.each == nil || k.restoreKey == nil || k.restore == nil {
			t.Errorf("%s: a kind function is missing", k.Type)
		}
	}
	want := []ResourceType{TypeTargetGroup, TypeRule, TypeStage, TypeHTTPStage, TypeAlias, TypeRecord}
	if got := restoreOrder(); !reflect.DeepEqual(got, want) {
		t.Errorf("restore order %v, want %v", got, want)
	}
}

func TestDefinitionKindAccessors(t *testing.T) {
	_, defs := oneOfEach()
	for _, k := range Kinds() {
		d := defs[k.Type]
		if d.Type() != k.Type || d.Resource() == nil {
			t.Errorf("%s: Type() %q, Resource() %v", k.Type, d.Type(), d.Resource())
		}
		before := d.Fingerprint()
		nd := d.WithTags(map[string]string{"new": "1"})
		if d.Fingerprint() != before {
			t.Errorf("%s: WithTags changed the original", k.Type)
		}
		switch {
		case k.Taggable && (d.Tags()["k"] == "" || nd.Tags()["new"] != "1" || nd.Type() != k.Type):
			t.Errorf("%s: tags %v, with new tags %v", k.Type, d.Tags(), nd.Tags())
		case !k.Taggable && (d.Tags() != nil || nd.Fingerprint() != before):
			t.Errorf("%s: an untaggable kind has tags %v or changed", k.Type, d.Tags())
		}
	}
	if (Definition{}).Type() != "" || (Definition{}).Resource() != nil || (Definition{}).Tags() != nil {
		t.Error("an empty definition has a type, resource or tags")
	}
}

// Lookup and the plans' index find every kind by its contract id, DNS
// names case-insensitively, and agree.
func TestLookupEveryKind(t *testing.T) {
	snap, defs := oneOfEach()
	ids := map[ResourceType]string{
		TypeRule: "arn:rule/1", TypeTargetGroup: "arn:tg/a", TypeStage: "api1/a", TypeHTTPStage: "api2/a",
		TypeAlias: "E1/A.Example.com", TypeRecord: "Z1/A.EXAMPLE.COM/A",
	}
	ix := newSnapIndex(snap)
	for _, k := range Kinds() {
		got, ok := snap.Lookup(k.Type, ids[k.Type])
		if !ok || got.Fingerprint() != defs[k.Type].Fingerprint() {
			t.Errorf("%s %s: Lookup %v %v", k.Type, ids[k.Type], got, ok)
			continue
		}
		fromIx, ok := ix.get(k.Type, ids[k.Type])
		if !ok || fromIx.Fingerprint() != got.Fingerprint() {
			t.Errorf("%s: the index disagrees with Lookup", k.Type)
		}
		if _, ok := snap.Lookup(k.Type, ids[k.Type]+"x"); ok {
			t.Errorf("%s: found an id that is not there", k.Type)
		}
	}
	if _, ok := snap.Lookup(TypeRule, "ARN:RULE/1"); ok {
		t.Error("rule ARNs compare exactly")
	}
	if _, ok := snap.Lookup("http-api-stage", "x"); ok {
		t.Error("an unknown type was found")
	}
}
