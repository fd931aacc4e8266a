package main

import (
	"strings"
	"testing"
)

// -o wide is the table plus the wide columns (as kubectl's): the same rows,
// the extra cells after them, and ELB ARNs whole instead of shortened.
func TestWideOutputAddsColumns(t *testing.T) {
	c := newCLI(t)
	cases := []struct {
		args  []string
		extra []string
		whole string // a whole ARN's mark that only wide prints
	}{
		{[]string{"ls"}, []string{"LISTENER", "CREATED", "EXPIRES AT", "URL"}, "arn:aws:elasticloadbalancing:"},
		{[]string{"gc"}, []string{"TYPE", "RESOURCE"}, ""},
		{[]string{"rules"}, []string{"RULE"}, "arn:aws:elasticloadbalancing:"},
		{[]string{"quota"}, []string{"CODE"}, ""},
		{[]string{"show", "chore-logging"}, nil, "arn:aws:elasticloadbalancing:"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			narrow := c.run(append([]string{"--sandbox"}, append(tc.args, "-o", "table")...)...)
			wide := c.run(append([]string{"--sandbox"}, append(tc.args, "-o", "wide")...)...)
			if wide.code != narrow.code || wide.stderr != narrow.stderr {
				t.Fatalf("wide exit %d (%q), table exit %d (%q)", wide.code, wide.stderr, narrow.code, narrow.stderr)
			}
			nh, wh := headerOf(narrow.stdout), headerOf(wide.stdout)
			want := strings.Join(append(strings.Fields(nh), tc.extra...), " ")
			if got := strings.Join(strings.Fields(wh), " "); !strings.Contains(got, want) {
				t.Fatalf("wide header %q, want the table's plus %v (%q)", got, tc.extra, nh)
			}
			if tc.whole != "" && (!strings.Contains(wide.stdout, tc.whole) || strings.Contains(narrow.stdout, tc.whole)) {
				t.Fatalf("wide should print whole ARNs, the table short ones:\n%s", wide.stdout)
			}
			if lines(wide.stdout) != lines(narrow.stdout) {
				t.Fatalf("wide has %d lines, the table %d", lines(wide.stdout), lines(narrow.stdout))
			}
		})
	}
}

// headerOf is the first table header of a command's output.
func headerOf(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 2 && strings.ToUpper(f[0]) == f[0] && strings.ToUpper(f[1]) == f[1] {
			return l
		}
	}
	return ""
}

func lines(s string) int { return strings.Count(s, "\n") }
