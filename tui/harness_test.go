package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// probe wraps the root model and keeps the last rendered frame (ANSI
// stripped) so tests wait for a state instead of sleeping.
type probe struct {
	m     tea.Model
	frame *frameBox
}

type frameBox struct {
	mu sync.Mutex
	s  string
}

func (b *frameBox) set(s string) { b.mu.Lock(); b.s = s; b.mu.Unlock() }
func (b *frameBox) get() string  { b.mu.Lock(); defer b.mu.Unlock(); return b.s }

func (p probe) Init() tea.Cmd { return p.m.Init() }
func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.m.Update(msg)
	p.m = m
	return p, cmd
}
func (p probe) View() tea.View {
	v := p.m.View()
	p.frame.set(ansi.Strip(v.Content))
	return v
}

// settle runs the inventory build the model started (under a program, a
// tea.Cmd on another goroutine) and delivers its result, as the program
// would, for tests that drive Update directly.
func settle(m Model) Model {
	for m.invJob != nil {
		nm, _ := m.Update(m.invJob.run())
		m = nm.(Model)
	}
	return m
}

// session is one running TUI under teatest.
type session struct {
	t     *testing.T
	tm    *teatest.TestModel
	frame *frameBox
	be    *fakeBackend
}

// waitLimit only bounds a wait that would otherwise hang a broken test;
// no test asserts on timing.
const waitLimit = 10 * time.Second

func startSession(t *testing.T, be *fakeBackend, eng *engine, opts Options, w, h int) *session {
	t.Helper()
	return startSessionOpts(t, be, be, eng, opts, w, h)
}

func startSessionB(t *testing.T, b Backend, fake *fakeBackend, eng *engine, w, h int) *session {
	t.Helper()
	return startSessionOpts(t, b, fake, eng, Options{Refresh: -1}, w, h)
}

func startSessionOpts(t *testing.T, b Backend, be *fakeBackend, eng *engine, opts Options, w, h int) *session {
	t.Helper()
	t.Setenv("NO_COLOR", "")
	box := &frameBox{}
	m := newModel(b, opts, eng)
	tm := teatest.NewTestModel(t, probe{m: m, frame: box},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	s := &session{t: t, tm: tm, frame: box, be: be}
	t.Cleanup(func() { _ = tm.Quit() })
	return s
}

// waitFor waits until the latest frame satisfies cond.
func (s *session) waitFor(what string, cond func(frame string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		f := s.frame.get()
		if cond(f) {
			return f
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; last frame:\n%s", what, f)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *session) waitText(subs ...string) string {
	s.t.Helper()
	return s.waitFor(strings.Join(subs, " & "), func(f string) bool {
		for _, sub := range subs {
			if !strings.Contains(f, sub) {
				return false
			}
		}
		return true
	})
}

func (s *session) waitGone(sub string) string {
	s.t.Helper()
	return s.waitFor("no "+sub, func(f string) bool { return !strings.Contains(f, sub) })
}

func (s *session) typeText(text string) { s.tm.Type(text) }

func (s *session) press(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyMsg(k))
	}
}

// keyMsg builds a key press from its string form ("enter", "ctrl+d", "x").
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// loaded waits for the first paint with health streamed in.
func (s *session) loaded() string {
	s.t.Helper()
	return s.waitFor("loaded with health", func(f string) bool {
		// "refreshed" replaces the spinner once lists and health are read
		return strings.Contains(f, "refreshed") && strings.Contains(f, "Environments")
	})
}

// finalGolden quits and compares the final frame with testdata/<test>.golden.
func (s *session) finalGolden() {
	s.t.Helper()
	if err := s.tm.Quit(); err != nil {
		s.t.Fatal(err)
	}
	fm := s.tm.FinalModel(s.t, teatest.WithFinalTimeout(waitLimit))
	root := fm.(probe).m.(Model)
	golden.RequireEqual(s.t, []byte(ansi.Strip(root.View().Content)))
}
