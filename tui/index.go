package tui

import (
	"fmt"
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
		for i := range s.TargetGroups {
			x.tg[s.TargetGroups[i].ARN] = &s.TargetGroups[i]
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

// health summarises an environment's targets: "serving/total", "…" while
// health is still being read, "-" without target groups.
func (x *index) health(e *model.Environment) (cell string, ratio float64) {
	var tgs, serve, total int
	pending := false
	for _, r := range e.Resources {
		if r.Type != model.TypeTargetGroup {
			continue
		}
		tgs++
		g, ok := x.tg[r.ID]
		if !ok {
			continue
		}
		if !g.HealthRead {
			pending = true
			continue
		}
		for _, t := range g.Targets {
			total++
			if model.Serving(g, t) {
				serve++
			}
		}
	}
	switch {
	case tgs == 0:
		return "-", -1
	case pending && total == 0:
		return "…", -1
	case total == 0:
		return "0/0", 0
	}
	cell = fmt.Sprintf("%d/%d", serve, total)
	if pending {
		cell += "…"
	}
	return cell, float64(serve) / float64(total)
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

// stageName returns "✓" when the environment has its own stage, the
// stage name(s) when they differ from the environment's, or "-".
func stageName(e *model.Environment) string {
	var names []string
	for _, r := range e.Resources {
		if r.Type == model.TypeStage {
			_, name, _ := strings.Cut(r.ID, "/")
			if name == e.Name {
				name = "✓"
			}
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "-"
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

// listenerLabel names the listener readably: "shared-alb:443 HTTPS".
func listenerLabel(arn string, snap *model.Snapshot) string {
	if arn == "" {
		return "-"
	}
	name := shortARN(arn)
	if parts := strings.Split(arn, "/"); len(parts) >= 4 {
		name = parts[2]
	}
	if snap != nil {
		for _, l := range snap.Listeners {
			if l.ARN == arn {
				return fmt.Sprintf("%s:%d %s", name, l.Port, l.Protocol)
			}
		}
	}
	return name
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

// conditions renders rule conditions as "path-pattern=/a/*  host-header=x".
func conditions(cs []model.Condition) string {
	if len(cs) == 0 {
		return "-"
	}
	return strings.Join(conditionParts(cs, "=", ","), " ")
}

// conditionParts renders each condition as field[header]=values.
func conditionParts(cs []model.Condition, eq, sep string) []string {
	var parts []string
	for _, c := range cs {
		f := c.Field
		if c.HeaderName != "" {
			f += "[" + c.HeaderName + "]"
		}
		parts = append(parts, f+eq+strings.Join(c.Values, sep))
	}
	return parts
}

// actions renders rule actions ("forward env-a", "fixed 404").
func (x *index) actions(as []model.Action) string {
	var parts []string
	for _, a := range as {
		switch a.Type {
		case "forward":
			var names []string
			for _, t := range a.TargetGroups {
				if t.ARN != "" {
					names = append(names, x.tgName(t.ARN))
				} else {
					names = append(names, t.Name)
				}
			}
			parts = append(parts, "forward "+strings.Join(names, ","))
		case "fixed-response":
			code := ""
			if a.FixedResponse != nil {
				code = " " + a.FixedResponse.StatusCode
			}
			parts = append(parts, "fixed"+code)
		case "redirect":
			parts = append(parts, "redirect")
		default:
			parts = append(parts, a.Type)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

// shortARN keeps the readable tail of an ARN.
func shortARN(arn string) string {
	if i := strings.Index(arn, ":listener"); i >= 0 {
		return arn[i+1:]
	}
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
