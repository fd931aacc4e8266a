package tui

import (
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/envdeck/envdeck/model"
)

// Model is the root bubbletea model: its loader reads the account (lists,
// health cache); it builds the inventory from what was read, routes
// messages to the focused screen and composes header, screen and footer.
type Model struct {
	ctx  *programContext
	b    Backend
	opts Options
	eng  *engine

	loader // the account's data as read: lists, health cache, errors
	x      *index

	// the inventory build in flight (nil: none), whether data changed
	// since it started, and the generation of the inventory on screen
	invJob   *inventoryJob
	invDirty bool
	invShown int

	tickGen int

	stack   []viewID
	screens map[viewID]screen
	envs    *envsView
	detail  *detailView
	gc      *gcView
	create  *createView
	extend  *extendView
	flow    *flowView
	help    *helpView
	desc    *describeView
	cmd     cmdLine
	spinner spinner.Model

	events    chan model.StepEvent
	applying  bool
	status    string
	statusErr bool
}

// New builds the console over b.
func New(b Backend, opts Options) Model {
	eng := modelEngine()
	return newModel(b, opts, &eng)
}

func newModel(b Backend, opts Options, eng *engine) Model {
	ctx := newProgramContext(b, opts)
	m := Model{
		ctx: ctx, b: b, opts: opts, eng: eng,
		loader:  newLoader(ctx, b, opts),
		stack:   []viewID{viewEnvs},
		envs:    newEnvsView(ctx),
		detail:  newDetailView(ctx),
		gc:      newGCView(ctx),
		create:  newCreateView(ctx, eng),
		extend:  newExtendView(ctx, eng),
		flow:    newFlowView(ctx),
		help:    newHelpView(ctx),
		desc:    newDescribeView(ctx),
		cmd:     newCmdLine(ctx),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m.screens = map[viewID]screen{
		viewEnvs: m.envs, viewDetail: m.detail, viewRules: newRulesView(ctx), viewSlots: newSlotsView(ctx),
		viewQuotas: newQuotasView(ctx), viewGC: m.gc, viewCreate: m.create, viewExtend: m.extend,
		viewFlow: m.flow, viewHelp: m.help, viewDescribe: m.desc,
	}
	m.cmd.setPlatforms(ctx.platformNames(opts.Platforms))
	m.tickGen = 1
	return m
}

// Init paints at once (spinner) and starts the first, cheap discovery.
func (m Model) Init() tea.Cmd {
	return tea.Batch(
		m.spinner.Tick,
		m.loader.first(),
		tickCmd(m.opts.refresh(), m.tickGen),
		ageTickCmd(),
		tea.RequestBackgroundColor,
	)
}

func (m Model) top() screen { return m.screens[m.stack[len(m.stack)-1]] }

func (m Model) topID() viewID { return m.stack[len(m.stack)-1] }

func (m *Model) push(v viewID) {
	if m.topID() != v {
		m.stack = append(m.stack, v)
	}
}

func (m *Model) pop() {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
}

// Update routes one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.width, m.ctx.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.ctx.theme = newTheme(msg.IsDark(), noColorEnv())
		return m, nil
	case spinner.TickMsg:
		var cmds []tea.Cmd
		if msg.ID == m.spinner.ID() {
			if m.busy() {
				var c tea.Cmd
				m.spinner, c = m.spinner.Update(msg)
				cmds = append(cmds, c)
			}
		} else {
			cmds = append(cmds, m.flow.update(msg))
		}
		return m, tea.Batch(cmds...)
	case ageTickMsg:
		return m, ageTickCmd()
	case listsMsg:
		return m.onLists(msg)
	case healthMsg:
		return m.onHealth(msg)
	case inventoryMsg:
		return m.onInventory(msg)
	case tickMsg:
		return m.onTick(msg)
	case statusMsg:
		m.status, m.statusErr = model.WithCLI(msg.text, m.ctx.cli), msg.err
		return m, nil
	case stepMsg:
		if msg.op != m.flow.op {
			return m, nil
		}
		m.flow.event(msg.ev)
		return m, listenCmd(msg.op, m.events)
	case stepsClosedMsg:
		return m, nil
	case appliedMsg:
		if msg.op != m.flow.op {
			return m, nil
		}
		m.applying = false
		m.flow.finish(msg.result, msg.err)
		return m, m.refresh(true)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	}
	if next, cmd, ok := m.onPlatform(msg); ok {
		return next, cmd
	}
	if cmd, ok := m.onIntent(msg); ok {
		return m, cmd
	}
	// anything else (cursor blink, paste…) goes to the focused input
	if m.cmd.active {
		return m, m.cmd.update(msg)
	}
	return m, m.top().update(msg)
}

// showsData reports a focused screen that shows the inventory.
func (m Model) showsData() bool {
	_, ok := m.top().(dataScreen)
	return ok
}

func (m Model) busy() bool { return m.loader.busy() || m.invJob != nil || m.applying }

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.ctx.keys
	if msg.String() == "ctrl+c" {
		m.ctx.cancel()
		return m, tea.Quit
	}
	m.status = ""
	if m.cmd.active {
		return m, m.cmd.update(msg)
	}
	cur := m.top()
	if cur.captures() {
		return m, cur.update(msg)
	}
	if b, ok := refused(msg, cur.bindings()); ok {
		m.status, m.statusErr = "read-only session: "+b.Help().Desc+" refused", true
		return m, nil
	}
	switch {
	case k.Quit.matches(msg):
		if m.applying {
			m.status, m.statusErr = "apply in progress: wait for it (ctrl+c abandons; apply is resumable)", true
			return m, nil
		}
		m.ctx.cancel()
		return m, tea.Quit
	case k.Help.matches(msg):
		if m.topID() != viewHelp {
			m.help.open(cur, len(m.cmd.platformWords()) > 0)
			m.push(viewHelp)
		}
		return m, nil
	case k.Command.matches(msg):
		return m, m.cmd.open()
	case k.Refresh.matches(msg):
		if m.applying {
			return m, nil
		}
		m.status = "refreshing (full read)…"
		return m, m.refresh(true)
	case k.Back.matches(msg):
		if ft, ok := cur.(interface{ query() string }); ok && ft.query() != "" {
			return m, cur.update(msg)
		}
		if m.topID() == viewFlow {
			return m, cur.update(msg)
		}
		m.pop()
		return m, nil
	}
	return m, cur.update(msg)
}

// query lets the root know a table screen has a filter to clear on esc.
func (f *filterTable) query() string { return f.tbl.query }

// onIntent handles the screens' intents.
func (m *Model) onIntent(msg tea.Msg) (tea.Cmd, bool) {
	now := m.ctx.now()
	switch msg := msg.(type) {
	case backMsg:
		m.pop()
	case jumpMsg:
		if msg.view == viewHelp {
			m.help.open(m.top(), len(m.cmd.platformWords()) > 0)
			m.push(viewHelp)
			return nil, true
		}
		m.stack = []viewID{viewEnvs}
		m.push(msg.view)
	case openDetailMsg:
		m.detail.open(msg.env)
		m.push(viewDetail)
	case describeMsg:
		m.desc.open(msg.doc)
		m.push(viewDescribe)
	case createMsg:
		if m.refuseWrite("create") {
			return nil, true
		}
		m.push(viewCreate)
		return m.create.open(), true
	case extendMsg:
		if m.refuseWrite("extend") || m.x == nil {
			return nil, true
		}
		return m.openExtend(msg.env, now), true
	case keepMsg:
		if m.refuseWrite("keep") || m.x == nil {
			return nil, true
		}
		return m.toggleKeep(msg.env, now), true
	case redeployMsg:
		if m.refuseWrite("redeploy") || m.x == nil {
			return nil, true
		}
		return m.openRedeploy(msg.env, now), true
	case destroyMsg:
		if m.refuseWrite("destroy") || m.x == nil {
			return nil, true
		}
		return m.openDestroy(msg.env, now), true
	case planGCMsg:
		if m.refuseWrite("gc") || m.x == nil {
			return nil, true
		}
		return m.openGC(msg.selected, now), true
	case planReadyMsg:
		if id := m.topID(); id == viewCreate || id == viewExtend {
			m.pop()
		}
		return m.openFlow(msg.title, msg.plan), true
	case confirmedMsg:
		if m.refuseWrite("apply") || m.applying {
			return nil, true
		}
		return m.startApply(), true
	default:
		return nil, false
	}
	return nil, true
}

// refresh starts a new generation of reads (the loader's), with the
// spinner.
func (m *Model) refresh(full bool) tea.Cmd {
	return tea.Batch(m.loader.start(full), m.spinner.Tick)
}

func (m Model) onTick(msg tickMsg) (tea.Model, tea.Cmd) {
	if msg.gen != m.tickGen {
		return m, nil
	}
	next := tickCmd(m.opts.refresh(), m.tickGen)
	if m.busy() {
		return m, next // still reading: this tick's budget is in use
	}
	return m, tea.Batch(next, m.refresh(false))
}

func (m Model) onLists(msg listsMsg) (tea.Model, tea.Cmd) {
	if !m.loader.lists(msg) {
		return m, nil
	}
	return m, tea.Batch(m.rebuild(), m.pumpHealth())
}

func (m Model) onHealth(msg healthMsg) (tea.Model, tea.Cmd) {
	if !m.loader.healthRead(msg) {
		return m, nil
	}
	return m, tea.Batch(m.rebuild(), m.pumpHealth())
}

// pumpHealth starts the loader's next health batch, with the spinner.
func (m *Model) pumpHealth() tea.Cmd {
	c := m.loader.pump()
	if c == nil {
		return nil
	}
	return tea.Batch(c, m.spinner.Tick)
}

// View composes header, focused screen and footer.
func (m Model) View() tea.View {
	w, h := m.ctx.width, m.ctx.height
	header := m.header(w)
	footer := m.footer(w)
	bodyH := h - strings.Count(header, "\n") - 1 - strings.Count(footer, "\n") - 1
	m.ctx.bodyHeight = bodyH
	var body string
	switch {
	case m.snap == nil && m.loadErr != nil:
		body = m.ctx.theme.Error.Render("✗ could not read the account: "+m.loadErr.Error()) + "\n" + m.ctx.theme.Dim.Render("r to retry · q to quit")
	case m.snap == nil || (m.x == nil && m.showsData()): // the first inventory is not built yet
		body = m.spinner.View() + " reading the account…"
	default:
		body = m.top().render(w, bodyH)
	}
	content := header + "\n" + fitLines(body, w, bodyH) + "\n" + footer
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "envdeck — " + orDash(m.ctx.account)
	return v
}
