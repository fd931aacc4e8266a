package tui

import (
	"strconv"
	"strings"

	"github.com/envdeck/envdeck/model"
)

// rulesCell is the environments view's RULES cell, or its SERVICES cell
// (complete/configured) when the config lists services.
func rulesCell(e *model.Environment) string {
	if s := e.ServicesSummary(); s != "" {
		return s
	}
	return strconv.Itoa(count(e, "alb-rule"))
}

// serviceLines list the detail view's services, when the config lists
// them: each with what it misses of its rule and target group.
func serviceLines(th *Theme, e *model.Environment) []string {
	if len(e.Services) == 0 {
		return nil
	}
	parts := make([]string, len(e.Services))
	for i, s := range e.Services {
		var miss []string
		if !s.Rule {
			miss = append(miss, "no rule")
		}
		if !s.TargetGroup {
			miss = append(miss, "no target group")
		}
		if len(miss) == 0 {
			parts[i] = th.OK.Render(s.Name)
		} else {
			parts[i] = th.Warn.Render(s.Name + " (" + strings.Join(miss, ", ") + ")")
		}
	}
	return []string{th.Label.Render("services") + " " + e.ServicesSummary() + "  " + strings.Join(parts, "  ")}
}
