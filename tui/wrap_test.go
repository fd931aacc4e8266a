package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapLines(t *testing.T) {
	arn := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shared-alb/5b23d9fbf5f5f13f/07a8e83729c71da9/c2fc4b7b9880641b"
	cases := []struct {
		text string
		w    int
		want []string
	}{
		{"alias without record: no Route 53 record pv-10.preview.example.com in zone Z9", 40,
			[]string{"alias without record: no Route 53 record", "pv-10.preview.example.com in zone Z9"}},
		{"rule " + arn + " (owned)", 60, []string{"rule", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:",
			"listener-rule/app/shared-alb/5b23d9fbf5f5f13f/", "07a8e83729c71da9/c2fc4b7b9880641b (owned)"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"", 10, []string{""}},
	}
	for _, c := range cases {
		got := wrapLines(c.text, c.w)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap %q at %d:\n got %q\nwant %q", c.text, c.w, got, c.want)
		}
		for _, l := range got {
			if ansi.StringWidth(l) > c.w {
				t.Errorf("line %q wider than %d", l, c.w)
			}
		}
	}
	styled := newTheme(true, false).Dim.Render("dim text that wraps around")
	for _, l := range wrapLines(styled, 10) {
		if ansi.StringWidth(l) > 10 {
			t.Errorf("styled line %q wider than 10", ansi.Strip(l))
		}
	}
}
