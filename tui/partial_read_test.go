package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/envdeck/envdeck/model"
)

// On a read where a source the plans rest on failed, every way to a change
// is refused with the model's one line and nothing reaches the backend's
// Apply; a failed quota or health read alone refuses nothing.
func TestWritesRefusedOnPartialRead(t *testing.T) {
	for _, tc := range []struct {
		source  string
		refused bool
	}{{model.SourceALB, true}, {model.SourceAPIGateway, true}, {model.SourceQuotas, false}} {
		m, be, fx := direct(t, false)
		snap, _ := be.Discover(context.Background(), false)
		snap.Errors = []model.SourceError{{Source: tc.source, Message: "boom"}}
		m = step(m, listsMsg{gen: m.ctx.gen, full: true, snap: snap})
		env := fx.snap.Stages[0].Name
		for what, msg := range map[string]any{"destroy": destroyMsg{env: env}, "extend": extendMsg{env: env},
			"keep": keepMsg{env: env}, "create": createMsg{}, "gc": planGCMsg{}, "apply": confirmedMsg{}} {
			m.status, m.statusErr = "", false
			m = step(m, msg)
			says := strings.HasPrefix(m.status, "refusing to "+what+": "+tc.source+" could not be read")
			if says != tc.refused || (tc.refused && !m.statusErr) {
				t.Errorf("%s with %s failed: status %q (error %v), want refused %v", what, tc.source, m.status, m.statusErr, tc.refused)
			}
		}
		if tc.refused && len(be.applied) != 0 {
			t.Fatalf("%s failed: %d plans applied", tc.source, len(be.applied))
		}
	}
}
