package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// setPlatforms makes :ctx and :platform switch between names, with
// completion of both words and names.
func (c *cmdLine) setPlatforms(names []string) {
	c.platforms = names
	sugg := c.words()
	for _, w := range c.platformWords() {
		for _, n := range names {
			sugg = append(sugg, w+" "+n)
		}
	}
	c.input.SetSuggestions(sugg)
}

// platformWords are :ctx and :platform when there are platforms.
func (c *cmdLine) platformWords() []string {
	if len(c.platforms) == 0 {
		return nil
	}
	return platformWords
}

// words are the command line's first words.
func (c *cmdLine) words() []string {
	return append(commands(), c.platformWords()...)
}

// complete returns the completions of what was typed: a first word, or
// after :ctx / :platform a platform name ("ctx st" → "ctx staging").
func (c *cmdLine) complete(typed string) []string {
	word, rest, two := strings.Cut(typed, " ")
	if !two {
		var out []string
		for _, w := range c.words() {
			if strings.HasPrefix(w, word) {
				out = append(out, w)
			}
		}
		return out
	}
	if !slices.Contains(c.platformWords(), word) {
		return nil
	}
	var out []string
	for _, n := range c.platforms {
		if strings.HasPrefix(n, strings.TrimSpace(rest)) {
			out = append(out, word+" "+n)
		}
	}
	return out
}

// platformCommand runs :ctx (list) and :ctx NAME (switch; a unique prefix
// is enough); ok is false for any other command.
func (c *cmdLine) platformCommand(typed string) (tea.Cmd, bool) {
	fields := strings.Fields(typed)
	if len(fields) == 0 || len(c.platforms) == 0 {
		return nil, false
	}
	word := fields[0]
	if m := c.complete(word); len(m) == 1 && slices.Contains(platformWords, m[0]) {
		word = m[0]
	}
	if !slices.Contains(platformWords, word) {
		return nil, false
	}
	switch len(fields) {
	case 1:
		return intent(listPlatformsMsg{}), true
	case 2:
		name := fields[1]
		if m := c.complete(word + " " + name); len(m) == 1 {
			name = strings.TrimPrefix(m[0], word+" ")
		}
		return intent(switchPlatformMsg{name: name}), true
	}
	return statusCmd("usage: :"+word+" [NAME]", true), true
}
