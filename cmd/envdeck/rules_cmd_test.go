package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// The rule-level inventory on the demo account: every rule, in evaluation
// order per listener, with its environment, ownership and findings.
func TestRulesOnTheSandbox(t *testing.T) {
	c := newCLI(t)
	r := c.run("--sandbox", "rules", "-o", "json")
	if r.code != 0 {
		t.Fatalf("rules -o json: exit %d: %s", r.code, r.stderr)
	}
	var out rulesJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("rules json: %v\n%s", err, r.stdout)
	}
	if len(out.Rules) < 60 {
		t.Fatalf("%d rules, want the demo's 70 or so", len(out.Rules))
	}
	last := map[string]int{}
	defaults := map[string]bool{}
	kinds := map[string]bool{}
	owned := 0
	for _, x := range out.Rules {
		if defaults[x.Listener] {
			t.Errorf("rule %s after its listener's default rule", x.ARN)
		}
		if x.IsDefault {
			defaults[x.Listener] = true
		} else {
			p, err := strconv.Atoi(x.Priority)
			if err != nil || p <= last[x.Listener] {
				t.Errorf("rule %s priority %q not after %d", x.ARN, x.Priority, last[x.Listener])
			}
			last[x.Listener] = p
		}
		if x.Owned {
			owned++
			if x.Environment == nil {
				t.Errorf("owned rule %s maps to no environment", x.ARN)
			}
		}
		for _, f := range x.Findings {
			kinds[f.Kind] = true
			if f.Resource.ID != x.ARN {
				t.Errorf("finding %s on %s listed under %s", f.Kind, f.Resource.ID, x.ARN)
			}
		}
	}
	for _, k := range []string{"shadowed-rule", "unmanaged", "orphan-rule"} {
		if !kinds[k] {
			t.Errorf("no %s finding among the rules (have %v)", k, kinds)
		}
	}
	if owned == 0 || owned == len(out.Rules) {
		t.Errorf("%d of %d rules owned: the demo has both", owned, len(out.Rules))
	}

	r = c.run("--sandbox", "rules")
	if r.code != 0 || !strings.Contains(r.stdout, "PRIO") || !strings.Contains(r.stdout, "/api/v2/*") ||
		!strings.Contains(r.stdout, strconv.Itoa(len(out.Rules))+" rules, "+strconv.Itoa(owned)+" owned") {
		t.Errorf("rules table: exit %d\n%s", r.code, r.stdout)
	}
}
