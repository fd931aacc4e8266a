package model

import "testing"

func TestDetailedExitCode(t *testing.T) {
	warn := Finding{Kind: FindingShadowedRule, Severity: SeverityWarning}
	crit := Finding{Kind: FindingDanglingRecord, Severity: SeverityCritical}
	info := Finding{Kind: FindingUnmanaged, Severity: SeverityInfo}
	steps := Plan{Steps: []Step{{Action: StepDelete}}}
	for _, tc := range []struct {
		name     string
		plan     Plan
		findings []Finding
		failOn   string
		want     int
	}{
		{"nothing", Plan{}, nil, SeverityWarning, ExitOK},
		{"info only", Plan{}, []Finding{info}, SeverityWarning, ExitOK},
		{"a warning", Plan{}, []Finding{info, warn}, SeverityWarning, ExitChanges},
		{"a warning, fail on critical", Plan{}, []Finding{warn}, SeverityCritical, ExitOK},
		{"a critical, fail on critical", Plan{}, []Finding{warn, crit}, SeverityCritical, ExitChanges},
		{"a plan, no findings", steps, nil, SeverityCritical, ExitChanges},
		{"default threshold is warning", Plan{}, []Finding{warn}, "", ExitChanges},
	} {
		if got := DetailedExitCode(tc.plan, tc.findings, tc.failOn); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	for in, ok := range map[string]bool{"warning": true, "critical": true, "info": false, "": false, "Critical": false} {
		if _, err := ParseFailOn(in); (err == nil) != ok {
			t.Errorf("ParseFailOn(%q): err %v", in, err)
		}
	}
}
