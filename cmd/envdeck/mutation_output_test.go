package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// journalIDs are random per run; two runs of one command differ only there.
var journalIDs = regexp.MustCompile(`\d{8}T\d{6}Z-[0-9a-f]{4}`)

// mutationCase is one mutating command: setup runs on a fresh sandbox
// state (prefix: the flags naming it) and returns the command's arguments.
type mutationCase struct {
	name  string
	setup func(c *cli, prefix []string) []string
}

func mutationCases(t *testing.T) []mutationCase {
	destroyed := func(c *cli, prefix []string) string {
		r := c.run(append(prefix, "destroy", "feat-coupons", "--yes", "-o", "json", "--jq", ".journal")...)
		if r.code != 0 {
			t.Fatalf("setup destroy: exit %d: %s", r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	fixed := func(args ...string) func(*cli, []string) []string {
		return func(*cli, []string) []string { return args }
	}
	return []mutationCase{
		{"create", fixed("create", "pr-90", "--no-stage", "--yes")},
		{"create --dry-run", fixed("create", "pr-91", "--no-stage", "--dry-run")},
		{"create --host", fixed("create", "pr-92", "--host", "--no-stage", "--yes")},
		{"destroy", fixed("destroy", "feat-coupons", "--yes")},
		{"destroy --dry-run", fixed("destroy", "feat-coupons", "--dry-run")},
		{"extend", fixed("extend", "feat-coupons", "--ttl", "48h", "--yes")},
		{"touch", fixed("touch", "feat-coupons", "--yes")},
		{"redeploy", fixed("redeploy", "feat-search-v2", "--yes")},
		{"redeploy --dry-run", fixed("redeploy", "--dry-run")},
		{"gc --apply", fixed("gc", "--apply", "--yes")},
		{"restore (list)", func(c *cli, p []string) []string { destroyed(c, p); return []string{"restore"} }},
		{"restore ID", func(c *cli, p []string) []string { return []string{"restore", destroyed(c, p), "--yes"} }},
		{"apply", func(c *cli, p []string) []string {
			plan := filepath.Join(t.TempDir(), "plan.json")
			if r := c.run(append(p, "destroy", "feat-coupons", "--plan-out", plan)...); r.code != 0 {
				t.Fatalf("setup --plan-out: exit %d: %s", r.code, r.stderr)
			}
			return []string{"apply", plan, "--yes"}
		}},
	}
}

// Every mutating command's -o json and -o yaml carry the same document, on
// stdout alone (the plan and progress go to stderr), run on two sandbox
// accounts in the same state.
func TestMutationJSONAndYAMLAgree(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range mutationCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			docs := map[string]any{}
			codes := map[string]int{}
			for _, format := range []string{"json", "yaml"} {
				prefix := []string{"--sandbox", "--sandbox-state", filepath.Join(t.TempDir(), "sandbox.json")}
				args := append(append(prefix, tc.setup(c, prefix)...), "-o", format)
				r := c.run(args...)
				codes[format] = r.code
				if r.code != 0 {
					t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
				}
				if !strings.Contains(r.stderr, "Plan") && !strings.Contains(tc.name, "list") {
					t.Errorf("%v: the plan is not on stderr: %q", args, r.stderr)
				}
				docs[format] = decodeDoc(t, format, journalIDs.ReplaceAllString(r.stdout, "JOURNAL"))
			}
			if codes["json"] != codes["yaml"] {
				t.Errorf("exit %d with json, %d with yaml", codes["json"], codes["yaml"])
			}
			if !reflect.DeepEqual(docs["json"], docs["yaml"]) {
				t.Errorf("JSON and YAML differ\njson: %v\nyaml: %v", docs["json"], docs["yaml"])
			}
		})
	}
}

// decodeDoc parses one document in format, as generic JSON values.
func decodeDoc(t *testing.T, format, text string) any {
	t.Helper()
	var v any
	var err error
	if format == "json" {
		err = json.Unmarshal([]byte(text), &v) // one value, nothing after it
	} else {
		err = yaml.Unmarshal([]byte(text), &v)
	}
	if err != nil {
		t.Fatalf("-o %s: %v\n%s", format, err, text)
	}
	if _, ok := v.(map[string]any); !ok {
		t.Fatalf("-o %s is not one object:\n%.300s", format, text)
	}
	b, _ := json.Marshal(v) // YAML integers become JSON numbers
	v = nil
	_ = json.Unmarshal(b, &v)
	return withoutJournalTimes(v)
}

// withoutJournalTimes blanks the time of each listed journal: apply stamps
// it with the wall clock, so two runs differ there.
func withoutJournalTimes(v any) any {
	if m, ok := v.(map[string]any); ok {
		if list, ok := m["journals"].([]any); ok {
			for _, j := range list {
				if jm, ok := j.(map[string]any); ok {
					jm["time"] = "TIME"
				}
			}
		}
	}
	return v
}

// create -o json is the environment as ls shows it, plus its URL, the
// plan, each step's outcome and the journal (null: a create deletes
// nothing).
func TestCreateJSONCarriesURLAndJournal(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	prefix := []string{"--sandbox", "--sandbox-state", filepath.Join(t.TempDir(), "sandbox.json")}
	r := c.run(append(prefix, "create", "pr-90", "--no-stage", "--yes", "-o", "json")...)
	if r.code != 0 {
		t.Fatalf("create: exit %d: %s", r.code, r.stderr)
	}
	var doc map[string]json.RawMessage
	mustJSON(t, r.stdout, &doc)
	for _, key := range []string{"name", "status", "owner", "expires_at", "routing", "resources", "url", "plan", "applied", "events", "journal"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("create -o json lacks %q: %s", key, r.stdout)
		}
	}
	var env struct {
		envJSON
		URL string `json:"url"`
		applyJSON
	}
	mustJSON(t, r.stdout, &env)
	if !strings.HasPrefix(env.URL, "https://") || !strings.HasSuffix(env.URL, "/pr-90/") {
		t.Errorf("url %q, want https://<distribution domain>/pr-90/", env.URL)
	}
	if env.Journal != nil || string(doc["journal"]) != "null" {
		t.Errorf("journal %s, want null (a create deletes nothing)", doc["journal"])
	}
	if !env.Applied || len(env.Events) != len(env.Plan) || len(env.Resources) != 2 {
		t.Errorf("applied %v, %d events for %d steps, %d resources", env.Applied, len(env.Events), len(env.Plan), len(env.Resources))
	}
	for _, ev := range env.Events {
		if ev.State != "done" || ev.Action != "create" || ev.ID == "" {
			t.Errorf("event %+v", ev)
		}
	}
	// The environment after is the one ls shows.
	r = c.run(append(prefix, "ls", "-o", "json", "--jq", `.environments[] | select(.name == "pr-90") | .status`)...)
	if got := strings.TrimSpace(r.stdout); got != env.Status {
		t.Errorf("create says status %q, ls %q", env.Status, got)
	}

	// Host mode: the URL is the hostname's.
	r = c.run(append(prefix, "create", "pr-91", "--host", "--no-stage", "--yes", "-o", "json", "--jq", ".url")...)
	if got := strings.TrimSpace(r.stdout); !regexp.MustCompile(`^https://pv-\d+\.preview\.example\.com/$`).MatchString(got) {
		t.Errorf("host-mode url %q (exit %d %s)", got, r.code, r.stderr)
	}

	// A destroy's journal is its ID, and restore lists it.
	r = c.run(append(prefix, "destroy", "pr-90", "--yes", "-o", "json", "--jq", ".journal")...)
	id := strings.TrimSpace(r.stdout)
	if !journalIDs.MatchString(id) {
		t.Fatalf("destroy journal %q (exit %d %s)", id, r.code, r.stderr)
	}
	r = c.run(append(prefix, "restore", "-o", "json", "--jq", ".journals[0].id")...)
	if strings.TrimSpace(r.stdout) != id {
		t.Errorf("restore -o json lists %q, want %q", r.stdout, id)
	}
}
