package tui

import (
	"strings"
	"testing"
)

// ":q" and ":quit" quit (":q" opened the quotas); ":qu" is not a quit word.
func TestColonQuitQuits(t *testing.T) {
	for _, word := range []string{"q", "quit", "q!"} {
		m := loadedDirect(t)
		m = step(m, keyMsg(":"))
		for _, r := range word {
			m = step(m, keyMsg(string(r)))
		}
		nm, cmd := m.Update(keyMsg("enter"))
		if !isQuit(cmd) || nm.(Model).topID() == viewQuotas {
			t.Errorf(":%s did not quit (view %s)", word, nm.(Model).topID())
		}
	}
	m := loadedDirect(t)
	for _, k := range []string{":", "q", "u", "o"} {
		m = step(m, keyMsg(k))
	}
	_, cmd := m.Update(keyMsg("enter"))
	if msg, ok := cmd().(jumpMsg); !ok || msg.view != viewQuotas {
		t.Errorf(":quo did not open the quotas: %v", msg)
	}
}

// A refused action says why, at once: e, K and ctrl+d on an environment
// envdeck does not own.
func TestRefusalsSayWhy(t *testing.T) {
	s := demoLoaded(t)
	s.press("/")
	s.typeText("admin")
	s.press("enter")
	s.waitText("filter admin")
	for _, k := range []string{"e", "K", "ctrl+d"} {
		s.press(k)
		f := s.waitText("refused: ")
		if !strings.Contains(f, "admin") || !strings.Contains(f, "Environments") {
			t.Errorf("%s on admin:\n%s", k, f)
		}
		s.press("down") // clears the status
		s.waitGone("refused: ")
	}
}

// A create with the owner field left empty is owned by who creates
// (Options.Owner, what the CLI's --owner defaults to); a typed owner wins;
// without one model decides.
func TestCreateOwnerDefaultsToWhoCreates(t *testing.T) {
	fx := newFixture()
	be := newFakeBackend(fx.cfg, fx.snap, fixtureNow)
	for _, tc := range []struct{ who, typed, want string }{
		{"alice", "", "alice"},
		{"alice", "bob", "bob"},
		{"", "", ""},
	} {
		v := newCreateView(newProgramContext(be, Options{Owner: tc.who}), fx.engine())
		v.open()
		v.inputs[fieldName].SetValue("feat-x")
		v.inputs[fieldOwner].SetValue(tc.typed)
		if in, _ := v.request(); in.Owner != tc.want {
			t.Errorf("who %q, typed %q: owner %q, want %q", tc.who, tc.typed, in.Owner, tc.want)
		}
	}
}
