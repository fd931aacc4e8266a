package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Binding is a key binding; Dangerous ones mutate the account and are
// disabled (hidden from help, refused with a message) in read-only mode.
type Binding struct {
	key.Binding
	Dangerous bool
}

func bind(desc string, keys ...string) Binding {
	return Binding{Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), desc))}
}

func danger(desc string, keys ...string) Binding {
	b := bind(desc, keys...)
	b.Dangerous = true
	return b
}

// keyLabel is how help writes a binding's keys: arrows as symbols, and a
// vim-style alternative after a slash ("↑/k").
func keyLabel(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	symbols := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}
	label := keys[0]
	if s, ok := symbols[label]; ok {
		label = s
		if len(keys) > 1 && len(keys[1]) == 1 {
			label += "/" + keys[1]
		}
	}
	return label
}

// matches reports a key press bound to b (disabled bindings never match).
func (b Binding) matches(msg tea.KeyPressMsg) bool { return key.Matches(msg, b.Binding) }

// pressed reports a key press bound to b even when b is disabled: used to
// refuse a dangerous key in read-only mode with a message.
func (b Binding) pressed(msg tea.KeyPressMsg) bool { return slices.Contains(b.Keys(), msg.String()) }

// KeyMap is the console's one keymap: every view's hints and the help
// screen are generated from it.
type KeyMap struct {
	// general
	Quit, Help, Command, Refresh, Back, Filter Binding
	// navigation
	Up, Down, PageUp, PageDown, Top, Bottom, Enter Binding
	// any row
	Describe, Copy Binding
	// environments
	SortName, SortStatus, SortOwner, SortAge, SortExpires, SortHealth Binding
	Create, Destroy, Extend, Keep, Redeploy                           Binding
	// gc
	Select, SelectAll, Plan Binding
	// forms and confirmations
	NextField, PrevField, Toggle, Submit, Cancel Binding
	// command line
	Complete Binding
}

// DefaultKeyMap is the keymap; readOnly disables every dangerous binding.
func DefaultKeyMap(readOnly bool) KeyMap {
	k := KeyMap{
		Quit:    bind("quit", "q", "ctrl+c"),
		Help:    bind("help", "?"),
		Command: bind("jump to a view (:envs :gc …)", ":"),
		Refresh: bind("refresh (full read)", "r"),
		Back:    bind("back", "esc"),
		Filter:  bind("filter by name ("+strings.TrimSpace(allColumnsPrefix)+": all columns)", "/"),

		Up:       bind("move up", "up", "k"),
		Down:     bind("move down", "down", "j"),
		PageUp:   bind("page up", "pgup", "ctrl+b"),
		PageDown: bind("page down", "pgdown", "ctrl+f"),
		Top:      bind("top", "g", "home"),
		Bottom:   bind("bottom", "G", "end"),
		Enter:    bind("open", "enter"),

		Describe: bind("describe (the full record)", "d"),
		Copy:     bind("copy the row's ID", "y"),

		SortName:    bind("sort by name", "N"),
		SortStatus:  bind("sort by status", "S"),
		SortOwner:   bind("sort by owner", "O"),
		SortAge:     bind("sort by age", "A"),
		SortExpires: bind("sort by expiry", "E"),
		SortHealth:  bind("sort by health", "H"),
		Create:      danger("create environment", "c"),
		Destroy:     danger("destroy environment", "ctrl+d"),
		Extend:      danger("extend TTL", "e"),
		Keep:        danger("toggle keep", "K"),
		Redeploy:    danger("redeploy stale stages", "R"),

		Select:    bind("select", "space"),
		SelectAll: bind("select all collectable", "a"),
		Plan:      danger("plan selected", "enter"),

		NextField: bind("next field", "tab"),
		PrevField: bind("previous field", "shift+tab"),
		Toggle:    bind("toggle routing", "space"),
		Submit:    bind("plan / confirm", "enter"),
		Cancel:    bind("cancel", "esc"),

		Complete: bind("complete", "tab"),
	}
	if readOnly {
		for _, b := range k.all() {
			if b.Dangerous {
				b.SetEnabled(false)
			}
		}
	}
	return k
}

// all returns pointers to every binding (for bulk changes).
func (k *KeyMap) all() []*Binding {
	return []*Binding{
		&k.Quit, &k.Help, &k.Command, &k.Refresh, &k.Back, &k.Filter,
		&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Enter,
		&k.Describe, &k.Copy,
		&k.SortName, &k.SortStatus, &k.SortOwner, &k.SortAge, &k.SortExpires, &k.SortHealth,
		&k.Create, &k.Destroy, &k.Extend, &k.Keep, &k.Redeploy,
		&k.Select, &k.SelectAll, &k.Plan,
		&k.NextField, &k.PrevField, &k.Toggle, &k.Submit, &k.Cancel,
		&k.Complete,
	}
}

// General and Navigation are the help screen's fixed sections.
func (k KeyMap) General() []Binding {
	return []Binding{k.Help, k.Command, k.Filter, k.Refresh, k.Back, k.Quit}
}

func (k KeyMap) Navigation() []Binding {
	return []Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Enter}
}

// refused returns the dangerous binding among bs that msg presses while it
// is disabled (read-only), if any.
func refused(msg tea.KeyPressMsg, bs []Binding) (Binding, bool) {
	for _, b := range bs {
		if b.Dangerous && !b.Enabled() && b.pressed(msg) {
			return b, true
		}
	}
	return Binding{}, false
}
