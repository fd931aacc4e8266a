package main

import (
	"strings"
	"testing"
)

// The local journal cannot be made ($XDG_STATE_HOME is a file, as a full
// or read-only disk would refuse it; the tests run as root, so permissions
// cannot): gc --apply and destroy exit 1 naming the journal, make no
// mutating call (the proxy's log) and leave what they would delete. On
// moto; the proxy only records.
func TestNoDeleteWithoutAJournal(t *testing.T) {
	r := newFaultRig(t)
	r.cli.env["XDG_STATE_HOME"] = writeFile(t, t.TempDir(), "state", "not a directory")
	for _, args := range [][]string{{"gc", "--apply", "--yes"}, {"destroy", "feat-old", "--yes"}} {
		before := len(r.rec.all())
		res := r.run(args...)
		if res.code != 1 || !strings.Contains(res.stderr, "journal") {
			t.Errorf("%v: exit %d, want 1 naming the journal\n%s%s", args, res.code, res.stdout, res.stderr)
		}
		if n := len(r.rec.all()) - before; n != 0 {
			t.Errorf("%v: %d mutating calls without a journal: %+v", args, n, r.rec.all()[before:])
		}
	}
	left := resources(r.resourcesOnly())
	for _, k := range []string{"alb-rule " + r.f.Rules["feat-old"], "target-group " + r.f.TargetGroups["env-feat-old"]} {
		if !hasKey(left, k) {
			t.Errorf("%s is gone", k)
		}
	}
}
