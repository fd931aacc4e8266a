package tui

import (
	"strings"
	"testing"
)

// The console acts only on the highlighted row the user sees: a filter
// moves the cursor to its best match, and a filter that matches nothing
// leaves no row to act on.

func TestFilterThenDestroyActsOnTheMatch(t *testing.T) {
	s := demoLoaded(t)
	s.press("/")
	s.typeText("main")
	s.press("enter", "ctrl+d")
	f := s.waitText("refused: ")
	if !strings.Contains(f, "main") || strings.Contains(f, "Destroy ") {
		t.Fatalf("ctrl+d after /main did not refuse main:\n%s", f)
	}
	if n := len(s.be.appliedPlans()); n != 0 {
		t.Fatalf("%d plans applied", n)
	}
}

func TestFilterFromBottomMovesCursor(t *testing.T) {
	s := demoLoaded(t)
	s.press("G")
	s.waitText("row 69/69")
	s.press("/")
	s.typeText("feat-video")
	s.press("enter")
	f := s.waitText("filter feat-video")
	if !strings.Contains(f, "› feat-video") {
		t.Fatalf("cursor is not on the match:\n%s", f)
	}
	s.press("ctrl+d")
	s.waitText("Destroy feat-video")
}

func TestFilterMatchingNothingActsOnNothing(t *testing.T) {
	s := demoLoaded(t)
	s.press("G")
	s.press("/")
	s.typeText("ux-eval") // ux-review matched through its other columns before
	s.press("enter")
	s.waitText(`nothing matches "ux-eval"`)
	s.press("ctrl+d")
	f := s.waitText("no row selected")
	if strings.Contains(f, "Destroy ") {
		t.Fatalf("ctrl+d acted on a hidden row:\n%s", f)
	}
	s.press("enter")
	s.waitText("no row selected")
	if strings.Contains(s.frame.get(), "Resources (") {
		t.Fatal("enter opened a hidden row")
	}
}

func TestFilterMatchesNameUnlessAllColumns(t *testing.T) {
	tb := newTable([]column{{title: "NAME"}, {title: "OWNER"}, {title: "STATUS"}}, 0)
	tb.setRows([]row{
		{id: "ux-review", cells: []string{"ux-review", "erin", "healthy"}},
		{id: "alice-spike", cells: []string{"alice-spike", "bob", "healthy"}},
		{id: "feat-a", cells: []string{"feat-a", "alice", "healthy"}},
		{id: "feat-b", cells: []string{"feat-b", "alice", "degraded"}},
	})
	names := func() []string {
		var out []string
		for _, i := range tb.visible {
			out = append(out, tb.rows[i].id)
		}
		return out
	}
	cases := []struct {
		query string
		want  string
	}{
		{"alice", "alice-spike"},
		{"-a alice", "alice-spike,feat-a,feat-b"},
		{"ux-eval", ""}, // "healthy" holds the a and l: only an all-columns match
		{"-a ux-eval", "ux-review"},
		{"-a ", "alice-spike,feat-a,feat-b,ux-review"},
	}
	for _, c := range cases {
		tb.setQuery(c.query)
		if got := strings.Join(names(), ","); got != c.want {
			t.Errorf("filter %q shows %q, want %q", c.query, got, c.want)
		}
	}
}

func TestCursorStaysOnAShownRow(t *testing.T) {
	tb := newTable([]column{{title: "NAME"}}, 0)
	rows := func(ids ...string) []row {
		var out []row
		for _, id := range ids {
			out = append(out, row{id: id, cells: []string{id}})
		}
		return out
	}
	tb.setRows(rows("feat-a", "feat-b", "feat-c", "feat-main", "main", "zeta"))
	tb.selectID("feat-main")
	tb.setQuery("main") // feat-main matches too: the exact name wins
	if r, _ := tb.selected(); r.id != "main" {
		t.Fatalf("after the filter the cursor is on %q", r.id)
	}
	// a refresh drops the highlighted row: the cursor lands on a shown row
	tb.setQuery("")
	tb.bottom()
	tb.setRows(rows("feat-a", "feat-b"))
	if r, ok := tb.selected(); !ok || (r.id != "feat-a" && r.id != "feat-b") {
		t.Fatalf("after a refresh the cursor is on %q (%v)", r.id, ok)
	}
	tb.sortBy(0)
	if _, ok := tb.selected(); !ok {
		t.Fatal("after a sort no row is highlighted")
	}
	tb.setQuery("nothing-like-it")
	if _, ok := tb.selected(); ok {
		t.Fatal("a filter matching nothing left a row to act on")
	}
}
