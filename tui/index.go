package tui

import (
	"strconv"
	"strings"

	"github.com/envdeck/envdeck/model"
)

// index looks resources, environments and findings up by ID: built once
// per inventory so views never scan the snapshot per row.
type index struct {
	inv   *model.Inventory
	snap  *model.Snapshot
	tg    map[string]*model.TargetGroup
	rule  map[string]*model.Rule
	stage map[string]*model.Stage
	rec   map[string]*model.Record
	envOf map[string]string // resource ID → environment
	byRes map[string][]model.Finding
	byEnv map[string][]model.Finding
	env   map[string]*model.Environment
	// tgNames names target groups by ARN (model.ActionsText)
	tgNames map[string]string
}

func newIndex(inv *model.Inventory) *index {
	x := &index{
		inv: inv, snap: inv.Snapshot,
		tg: map[string]*model.TargetGroup{}, rule: map[string]*model.Rule{},
		stage: map[string]*model.Stage{}, rec: map[string]*model.Record{},
		envOf: map[string]string{}, byRes: map[string][]model.Finding{},
		byEnv: map[string][]model.Finding{}, env: map[string]*model.Environment{},
	}
	if s := x.snap; s != nil {
		x.tgNames = make(map[string]string, len(s.TargetGroups))
		for i := range s.TargetGroups {
			x.tg[s.TargetGroups[i].ARN] = &s.TargetGroups[i]
			x.tgNames[s.TargetGroups[i].ARN] = s.TargetGroups[i].Name
		}
		for i := range s.Rules {
			x.rule[s.Rules[i].ARN] = &s.Rules[i]
		}
		for i := range s.Stages {
			st := &s.Stages[i]
			x.stage[model.StageID(st.RestAPIID, st.Name)] = st
		}
		for i := range s.Records {
			r := &s.Records[i]
			x.rec[r.ID()] = r
		}
	}
	for i := range inv.Environments {
		e := &inv.Environments[i]
		x.env[e.Name] = e
		for _, r := range e.Resources {
			x.envOf[r.ID] = e.Name
		}
	}
	for _, f := range inv.Findings {
		if f.Resource.ID != "" {
			x.byRes[f.Resource.ID] = append(x.byRes[f.Resource.ID], f)
		}
		if f.Environment != "" {
			x.byEnv[f.Environment] = append(x.byEnv[f.Environment], f)
		}
	}
	return x
}

// health summarises an environment's targets as model.ServingCount does
// (the CLI's show prints the same).
func (x *index) health(e *model.Environment) (cell string, ratio float64) {
	c := model.CountServing(e, func(arn string) (*model.TargetGroup, bool) {
		g, ok := x.tg[arn]
		return g, ok
	})
	return c.String(), c.Ratio()
}

// count counts an environment's resources of type t.
func count(e *model.Environment, t model.ResourceType) int {
	n := 0
	for _, r := range e.Resources {
		if r.Type == t {
			n++
		}
	}
	return n
}

// stageName returns "✓" when the environment has its own stage (with the
// count when it has one on several APIs: "✓2"), the stage name(s) when they
// differ from the environment's, or "-".
func stageName(e *model.Environment) string {
	var names []string
	seen := map[string]bool{}
	n := 0
	for _, r := range e.Resources {
		if r.Type != model.TypeStage && r.Type != model.TypeHTTPStage {
			continue
		}
		n++
		_, name, _ := strings.Cut(r.ID, "/")
		if name == e.Name {
			name = "✓"
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	switch {
	case n == 0:
		return "-"
	case len(names) == 1 && names[0] == "✓" && n > 1:
		return "✓" + strconv.Itoa(n)
	}
	return strings.Join(names, ",")
}

// routing renders "path", "host feat.example.com" or "slot
// pv-3.example.com" (the detail view shows the rule's exact conditions).
func (x *index) routing(e *model.Environment) string {
	switch {
	case e.Slot != "":
		return "slot " + e.Slot
	case e.Routing == model.RoutingHost:
		if e.Hostname != "" {
			return "host " + e.Hostname
		}
		return "host"
	case e.Routing == "":
		return "-"
	}
	return e.Routing
}

// tgName names a target group by ARN (the ARN's name part when unknown).
func (x *index) tgName(arn string) string {
	if g, ok := x.tg[arn]; ok && g.Name != "" {
		return g.Name
	}
	parts := strings.Split(arn, "/")
	if len(parts) >= 2 {
		return parts[len(parts)-2]
	}
	return arn
}
