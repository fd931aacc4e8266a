package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/envdeck/envdeck/model"
)

// The describe records of each kind of row: every field in full.

func describeFinding(x *index, f model.Finding) describeDoc {
	d := describeDoc{title: "finding " + f.Kind, id: f.Resource.ID}
	if d.id == "" {
		d.id = f.Environment
	}
	action := "report only: envdeck never changes it"
	if collectable(f) {
		action = "delete (gc collects it)"
	}
	d.add("kind", f.Kind)
	d.add("severity", f.Severity)
	d.add("action", action)
	d.add("environment", orDash(f.Environment))
	d.add("resource", string(f.Resource.Type))
	d.add("id", f.Resource.ID)
	reason, fix, _ := strings.Cut(f.Reason, "; fix: ")
	d.add("reason", reason)
	d.add("fix", fix)
	d.fields = append(d.fields, resourceFields(x, f.Resource.ID)...)
	return d
}

// resourceFields is the evidence a resource ID points at: the rule,
// target group, stage or record as read.
func resourceFields(x *index, id string) []describeField {
	var d describeDoc
	if r, ok := x.rule[id]; ok {
		d.add("priority", rulePriority(*r))
		d.add("listener", r.ListenerARN)
		d.add("conditions", conditionLines(r.Conditions))
		d.add("actions", actionLines(x, r.Actions))
		d.add("tags", tagLines(r.Tags))
	}
	if g, ok := x.tg[id]; ok {
		d.add("target group", g.Name+" ("+g.TargetType+")")
		d.add("targets", targetLines(g))
		d.add("tags", tagLines(g.Tags))
	}
	if st, ok := x.stage[id]; ok {
		d.add("deployment", orDash(st.DeploymentID))
		d.add("variables", tagLines(st.Variables))
	}
	if rec, ok := x.rec[id]; ok {
		d.add("record", rec.Name+" "+rec.Type+" → "+rec.Target())
	}
	return d.fields
}

func describeRule(x *index, r model.Rule, owned bool) describeDoc {
	d := describeDoc{title: "rule " + rulePriority(r), id: r.ARN}
	d.add("arn", r.ARN)
	d.add("environment", orDash(x.envOf[r.ARN]))
	d.add("owned", yesNo(owned))
	if o, ok := x.inv.ManagedBy(r.ARN); ok {
		d.add("managed by", o.Text())
	}
	d.fields = append(d.fields, resourceFields(x, r.ARN)...)
	d.add("findings", findingLines(x.byRes[r.ARN]))
	return d
}

func describeSlot(s model.Slot) describeDoc {
	d := describeDoc{title: "slot " + s.Host, id: s.Host}
	d.add("hostname", s.Host)
	d.add("state", s.State)
	d.add("environment", orDash(s.Environment))
	reason, fix, _ := strings.Cut(s.Reason, "; fix: ")
	d.add("reason", reason)
	d.add("fix", fix)
	return d
}

func describeQuota(q model.QuotaUsage) describeDoc {
	d := describeDoc{title: "quota " + q.Name, id: q.Code}
	d.add("name", q.Name)
	d.add("code", q.Code)
	d.add("scope", q.Scope)
	limit := "unknown"
	if q.Limit > 0 {
		limit = fmt.Sprint(q.Limit)
	}
	d.add("used", fmt.Sprintf("%d of %s (%.1f%%)", q.Used, limit, q.Percent))
	d.add("source", q.Source)
	d.add("envs that fit", fmt.Sprint(q.EnvsRemaining))
	return d
}

func describeEnv(x *index, e *model.Environment) describeDoc {
	d := describeDoc{title: "environment " + e.Name, id: e.Name}
	d.add("name", e.Name)
	d.add("status", e.Status)
	d.add("owner", orDash(e.Owner))
	d.add("routing", x.routing(e))
	d.add("created", model.FormatTime(e.CreatedAt))
	d.add("expires", model.FormatTime(e.ExpiresAt))
	d.add("protected", yesNo(e.Protected))
	d.add("keep", yesNo(e.Keep))
	var res []string
	for _, r := range e.Resources {
		own := "unowned"
		if r.Owned {
			own = "owned"
		}
		res = append(res, string(r.Type)+" "+r.ID+" ("+own+")")
	}
	d.add("resources", strings.Join(res, "\n"))
	d.add("findings", findingLines(x.byEnv[e.Name]))
	return d
}

func rulePriority(r model.Rule) string {
	if r.IsDefault {
		return "default"
	}
	return fmt.Sprint(r.Priority)
}

func conditionLines(cs []model.Condition) string {
	var out []string
	for _, c := range cs {
		out = append(out, model.ConditionsText([]model.Condition{c}))
	}
	return strings.Join(out, "\n")
}

func actionLines(x *index, as []model.Action) string {
	var out []string
	for _, a := range as {
		line := a.Type
		for _, t := range a.TargetGroups {
			name := t.Name
			if t.ARN != "" {
				name = x.tgName(t.ARN) + " " + t.ARN
			}
			line += fmt.Sprintf("\n  %s (weight %d)", name, t.Weight)
		}
		if a.FixedResponse != nil {
			line += " " + a.FixedResponse.StatusCode + " " + a.FixedResponse.MessageBody
		}
		if r := a.Redirect; r != nil {
			line += fmt.Sprintf(" %s %s://%s:%s%s?%s", r.StatusCode, r.Protocol, r.Host, r.Port, r.Path, r.Query)
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func tagLines(tags map[string]string) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, k+"="+tags[k])
	}
	return strings.Join(out, "\n")
}

func targetLines(g *model.TargetGroup) string {
	if !g.HealthRead {
		return "health not read yet"
	}
	if len(g.Targets) == 0 {
		return "none registered"
	}
	var out []string
	for _, t := range g.Targets {
		line := t.ID
		if t.Port > 0 {
			line += fmt.Sprintf(":%d", t.Port)
		}
		line += " " + t.State
		if t.Reason != "" {
			line += " (" + t.Reason + ")"
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func findingLines(fs []model.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity+" "+f.Kind+": "+f.Reason)
	}
	return strings.Join(out, "\n")
}
