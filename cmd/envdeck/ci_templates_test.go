package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// The CI templates in docs/ci run their envdeck commands in the order a
// pull request's life runs the jobs, against the sandbox account kept in a
// state file (--sandbox --sandbox-state), and every command succeeds (with
// --detailed-exitcode, 2 is an answer, not an error). A line "A || B" runs
// B when A fails, as the shell does.

// ciJob is one job run of a template scenario and what its commands print.
type ciJob struct {
	name string
	want string // the job's commands print this
}

func TestCITemplatesRunOnTheSandbox(t *testing.T) {
	const fn = "arn:aws:lambda:eu-west-1:123456789012:function:app-"
	cases := []struct {
		file string
		jobs func(doc map[string]any) map[string][]string // job name → its shell lines
		vars map[string]string
		runs []ciJob
	}{
		{"github-actions.yml", githubRuns, map[string]string{"ENVDECK_ENV": "pr-4242", "GITHUB_ACTOR": "ci-bot", "FUNCTION_ARN": fn + "pr-4242"},
			[]ciJob{{"create", "https://"}, {"touch", "Plan (touch)"}, {"destroy", "Plan (destroy)"}, {"gc", "Applied:"}}},
		{"gitlab-ci.yml", gitlabRuns, map[string]string{"ENVDECK_ENV": "mr-17", "GITLAB_USER_LOGIN": "ci-bot", "FUNCTION_ARN": fn + "mr-17"},
			[]ciJob{{"review:deploy", "mr-17 is serving"}, {"review:deploy", "Plan (touch)"}, {"review:stop", "Plan (destroy)"}, {"envdeck:gc", "Applied:"}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "ci", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := yaml.Unmarshal(raw, &doc); err != nil {
				t.Fatalf("%s is not YAML: %v", tc.file, err)
			}
			lines := tc.jobs(doc)
			c := newCLI(t)
			c.now = time.Now().UTC().Truncate(time.Second)
			state := filepath.Join(t.TempDir(), "sandbox.json")
			ran := 0
			for _, job := range tc.runs {
				cmds := envdeckCommands(t, lines[job.name], tc.vars)
				if len(cmds) == 0 {
					t.Fatalf("job %s runs no envdeck command", job.name)
				}
				var out strings.Builder
				for _, alternatives := range cmds {
					var r result
					for i, args := range alternatives {
						r = c.run(append(args, "--sandbox", "--sandbox-state", state)...)
						ran++
						out.WriteString(r.stdout)
						if r.code == 0 || i == len(alternatives)-1 {
							break
						}
					}
					if r.code != 0 && !(r.code == 2 && slices.Contains(alternatives[len(alternatives)-1], "--detailed-exitcode")) {
						t.Fatalf("job %s: %v: exit %d\n%s%s", job.name, alternatives, r.code, r.stdout, r.stderr)
					}
				}
				if !strings.Contains(out.String(), job.want) {
					t.Errorf("job %s did not print %q:\n%s", job.name, job.want, out.String())
				}
				c.now = c.now.Add(time.Hour) // the next push comes later
			}
			if ran < len(tc.runs) {
				t.Errorf("%d commands ran", ran)
			}
		})
	}
}

// githubRuns: each job's steps' run lines.
func githubRuns(doc map[string]any) map[string][]string {
	out := map[string][]string{}
	jobs, _ := doc["jobs"].(map[string]any)
	for name, j := range jobs {
		job, _ := j.(map[string]any)
		steps, _ := job["steps"].([]any)
		for _, s := range steps {
			step, _ := s.(map[string]any)
			if run, ok := step["run"].(string); ok {
				out[name] = append(out[name], strings.Split(run, "\n")...)
			}
		}
	}
	return out
}

// gitlabRuns: each job's script lines.
func gitlabRuns(doc map[string]any) map[string][]string {
	out := map[string][]string{}
	for name, j := range doc {
		job, ok := j.(map[string]any)
		if !ok {
			continue
		}
		script, _ := job["script"].([]any)
		for _, s := range script {
			if line, ok := s.(string); ok {
				out[name] = append(out[name], line)
			}
		}
	}
	return out
}

// envdeckCommands picks the envdeck commands of shell lines, in order: each
// as its alternatives ("A || B"), each alternative as its arguments after
// "envdeck", with $VAR and ${VAR} taken from vars. A variable the test does
// not know fails it: the template would depend on something unexplained.
func envdeckCommands(t *testing.T, lines []string, vars map[string]string) [][][]string {
	t.Helper()
	var out [][][]string
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if m := captured.FindStringSubmatch(line); m != nil {
			line = m[1] // NAME=$(envdeck ...): the command whose output is kept
		}
		if !strings.HasPrefix(line, "envdeck ") {
			continue
		}
		var alternatives [][]string
		for _, part := range strings.Split(line, " || ") {
			expanded := os.Expand(part, func(k string) string {
				v, ok := vars[k]
				if !ok {
					t.Fatalf("%q uses $%s", line, k)
				}
				return v
			})
			words := shellWords(t, expanded)
			if len(words) < 2 || words[0] != "envdeck" {
				t.Fatalf("%q: %q is not an envdeck command", line, part)
			}
			alternatives = append(alternatives, words[1:])
		}
		out = append(out, alternatives)
	}
	return out
}

// captured is a shell line keeping a command's output: NAME=$(COMMAND).
var captured = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=\$\((.*)\)$`)

// shellWords splits a command line into words, honouring '...' and "...".
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
