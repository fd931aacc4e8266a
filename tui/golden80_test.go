package tui

import (
	"testing"
)

// Goldens of every view of the demo at 80×24, the size a laptop's split
// terminal gives: names whole, help reachable, nothing acted on unseen.

// act is one step of a golden: press pre, type text, press keys, then
// wait for texts.
type act struct {
	pre  []string
	text string
	keys []string
	wait []string
}

func TestGolden80(t *testing.T) {
	findCheckout := act{pre: []string{"/"}, text: "feat-checkout"}
	cases := []struct {
		name string
		acts []act
	}{
		{"Envs", nil},
		{"EnvsFiltered", []act{{pre: []string{"/"}, text: "feat-o", wait: []string{"/feat-o"}}}},
		{"Detail", []act{findCheckout, {keys: []string{"enter", "enter"}, wait: []string{"Resources (", "feat-checkout"}}}},
		{"DescribeEnv", []act{findCheckout, {keys: []string{"enter", "d"}, wait: []string{"environment feat-checkout", "resources"}}}},
		{"Rules", []act{{text: ":rules", keys: []string{"enter"}, wait: []string{"Listener rules"}}}},
		// the first rule has no environment: enter describes it
		{"DescribeRule", []act{{text: ":rules", keys: []string{"enter"}, wait: []string{"Listener rules"}},
			{keys: []string{"enter"}, wait: []string{"rule 1", "conditions"}}}},
		{"Slots", []act{{text: ":slots", keys: []string{"enter"}, wait: []string{"Slots", "free"}}}},
		{"DescribeSlot", []act{{text: ":slots", keys: []string{"enter"}, wait: []string{"Slots", "free"}},
			{pre: []string{"/"}, text: "pv-10."}, {keys: []string{"enter", "enter"}, wait: []string{"slot pv-10", "fix"}}}},
		{"Quotas", []act{{text: ":quotas", keys: []string{"enter"}, wait: []string{"Quotas", "FITS"}}}},
		{"GC", []act{{text: ":gc", keys: []string{"enter"}, wait: []string{"Findings", "collectable"}}}},
		{"DescribeFinding", []act{{text: ":gc", keys: []string{"enter"}, wait: []string{"collectable"}},
			{pre: []string{"/"}, text: "orphan-rule"}, {keys: []string{"enter", "d"}, wait: []string{"finding orphan-rule", "reason"}}}},
		{"Help", []act{{keys: []string{"?"}, wait: []string{"GENERAL", "lines 1–"}}}},
		{"HelpEnd", []act{{keys: []string{"?"}, wait: []string{"GENERAL"}}, {keys: []string{"G"}, wait: []string{"sort by health"}}}},
		{"Create", []act{{keys: []string{"c"}, wait: []string{"Create environment"}}, {text: "feat-new", wait: []string{"Plan preview", "+ "}}}},
		{"Extend", []act{findCheckout, {keys: []string{"enter", "e"}, wait: []string{"Extend feat-checkout"}}}},
		{"Destroy", []act{findCheckout, {keys: []string{"enter", "ctrl+d"}, wait: []string{"Type feat-checkout"}}}},
		{"GCPlan", []act{{text: ":gc", keys: []string{"enter"}, wait: []string{"collectable 15"}},
			{keys: []string{"a", "enter"}, wait: []string{"Collect 15 findings", "Read the plan to its last step"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := demoSession(t, 80, 24)
			s.waitText("refreshed", "Environments")
			for _, a := range c.acts {
				s.press(a.pre...)
				s.typeText(a.text)
				s.press(a.keys...)
				if len(a.wait) > 0 {
					s.waitText(a.wait...)
				}
			}
			s.finalGolden()
		})
	}
}
