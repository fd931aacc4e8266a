package tui

// jumpHelp says what each ':' word opens, for the help screen.
var jumpHelp = map[viewID]string{
	viewEnvs:   "environments",
	viewRules:  "listener rules",
	viewSlots:  "CloudFront slots",
	viewQuotas: "quotas and forecast",
	viewGC:     "garbage collection",
}

// commandHelp is the help screen's COMMANDS column: the command line's
// words, :ctx only when there are platforms to switch between. Shown as
// bindings so help lays them out like keys.
func commandHelp(platforms bool) []Binding {
	out := make([]Binding, 0, len(jumpViews)+3)
	for _, v := range jumpViews {
		out = append(out, bind(jumpHelp[v], ":"+string(v)))
	}
	if platforms {
		out = append(out, bind("platforms (:ctx NAME switches)", ":ctx"))
	}
	return append(out, bind("help", ":help"), bind("quit", ":q"))
}
