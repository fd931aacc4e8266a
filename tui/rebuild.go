package tui

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// The inventory (model.BuildInventory, then the index) is rebuilt after
// each list read and each health batch. With thousands of environments that
// takes tens to hundreds of milliseconds, so it runs in a tea.Cmd, off the
// UI goroutine: the screens keep showing the previous inventory until the
// new one arrives. At most one build runs at a time; data that arrives
// meanwhile marks the inventory dirty and is built when the running build
// ends, so a burst of health batches costs at most two builds.

// inventoryJob is one inventory build, captured from plain values on the UI
// goroutine: the job shares nothing the model changes afterwards.
type inventoryJob struct {
	gen   int
	snap  *model.Snapshot // lists with the health cache merged in; owned by the job
	cfg   *model.Config
	now   time.Time
	build func(snap *model.Snapshot, cfg *model.Config, now time.Time) *model.Inventory
}

// run builds the inventory and its index (pure; any goroutine).
func (j *inventoryJob) run() inventoryMsg {
	inv := j.build(j.snap, j.cfg, j.now)
	if inv.Snapshot == nil {
		inv.Snapshot = j.snap
	}
	return inventoryMsg{gen: j.gen, inv: inv, x: newIndex(inv)}
}

func (j *inventoryJob) cmd() tea.Cmd {
	return func() tea.Msg { return j.run() }
}

// newInventoryJob merges the health cache into the lists (copying what
// the model may change later: the target group slice; the cached target
// slices are never modified once stored) for a new generation of build.
func (m *Model) newInventoryJob() *inventoryJob {
	s := *m.snap
	s.TargetGroups = slices.Clone(m.snap.TargetGroups)
	for i := range s.TargetGroups {
		if h, ok := m.health[s.TargetGroups[i].ARN]; ok {
			s.TargetGroups[i].HealthRead = true
			s.TargetGroups[i].Targets = h.targets
		}
	}
	s.Errors = append(slices.Clone(m.snap.Errors), m.healthErr...)
	return &inventoryJob{gen: m.ctx.nextInvGen(), snap: &s, cfg: m.ctx.cfg, now: m.ctx.now(), build: m.eng.inventory}
}

// rebuild asks for the inventory of the current lists and health cache:
// it starts a build, or marks the inventory dirty when one is running.
func (m *Model) rebuild() tea.Cmd {
	if m.snap == nil {
		return nil
	}
	if m.invJob != nil {
		m.invDirty = true
		return nil
	}
	m.invDirty = false
	m.invJob = m.newInventoryJob()
	return m.invJob.cmd()
}

// onInventory shows a built inventory, unless one of a later generation
// is on screen already, and starts the build the running one held back.
func (m Model) onInventory(msg inventoryMsg) (tea.Model, tea.Cmd) {
	if m.invJob != nil && msg.gen == m.invJob.gen {
		m.invJob = nil
	}
	if msg.gen <= m.invShown || msg.x == nil {
		return m, nil // stale
	}
	m.invShown = msg.gen
	m.setIndex(msg.x)
	if m.invDirty {
		return m, m.rebuild()
	}
	return m, nil
}

// setIndex puts an inventory on every screen (UI goroutine).
func (m *Model) setIndex(x *index) {
	m.x = x
	for _, sc := range m.screens {
		if d, ok := sc.(dataScreen); ok {
			d.setData(x)
		}
	}
}
