package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// cmdLine is the ':' command line: view names with tab completion.
type cmdLine struct {
	ctx       *programContext
	input     textinput.Model
	active    bool
	platforms []string // what :ctx switches to (none: no :ctx)
}

// jumpMsg opens a view by name from the command line.
type jumpMsg struct{ view viewID }

// quitWords quit as in vi and k9s; they are matched before completion,
// so ":q" never opens the quotas.
var quitWords = map[string]bool{"q": true, "q!": true, "quit": true}

// commands are the command line's words.
func commands() []string {
	var out []string
	for _, v := range jumpViews {
		out = append(out, string(v))
	}
	return append(out, "help", "quit")
}

func newCmdLine(ctx *programContext) cmdLine {
	in := textinput.New()
	in.Prompt = ":"
	in.ShowSuggestions = true
	in.SetSuggestions(commands())
	return cmdLine{ctx: ctx, input: in}
}

func (c *cmdLine) open() tea.Cmd {
	c.active = true
	c.input.SetValue("")
	return c.input.Focus()
}

func (c *cmdLine) close() {
	c.active = false
	c.input.Blur()
}

func (c *cmdLine) update(msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		c.input, cmd = c.input.Update(msg)
		return cmd
	}
	switch key.String() {
	case "esc":
		c.close()
		return nil
	case "tab":
		word := strings.TrimSpace(c.input.Value())
		if m := c.complete(word); len(m) == 1 {
			c.input.SetValue(m[0])
			c.input.CursorEnd()
		} else if len(m) > 1 {
			return statusCmd("complete: "+strings.Join(m, " "), false)
		}
		return nil
	case "enter":
		word := strings.TrimSpace(c.input.Value())
		c.close()
		if cmd, ok := c.platformCommand(word); ok {
			return cmd
		}
		if quitWords[word] {
			c.ctx.cancel()
			return tea.Quit
		}
		if m := c.complete(word); len(m) >= 1 && word != "" {
			word = m[0]
		}
		switch word {
		case "quit":
			c.ctx.cancel()
			return tea.Quit
		case "help":
			return intent(jumpMsg{view: viewHelp})
		}
		for _, v := range jumpViews {
			if string(v) == word {
				return intent(jumpMsg{view: v})
			}
		}
		return statusCmd("unknown command :"+word+" (try "+strings.Join(c.words(), " ")+")", true)
	}
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

func (c *cmdLine) view() string {
	th := c.ctx.theme
	hint := ""
	if m := c.complete(strings.TrimSpace(c.input.Value())); len(m) > 0 && len(m) < len(c.words()) {
		hint = th.Dim.Render("   " + strings.Join(m, " "))
	}
	return c.input.View() + hint
}
