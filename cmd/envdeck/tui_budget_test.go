package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/model"
	"github.com/envdeck/envdeck/tui"
)

// consoleProbe wraps the console's root model and records the frames it
// renders: the latest one, and when a watched text first appeared.
type consoleProbe struct {
	m   tea.Model
	rec *frameRecorder
}

type frameRecorder struct {
	mu    sync.Mutex
	last  string
	watch string
	seen  time.Time
}

func (r *frameRecorder) set(frame string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = frame
	if r.watch != "" && r.seen.IsZero() && strings.Contains(frame, r.watch) {
		r.seen = time.Now()
	}
}

func (r *frameRecorder) watchFor(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.watch, r.seen = s, time.Time{}
	if strings.Contains(r.last, s) {
		r.seen = time.Now()
	}
}

func (r *frameRecorder) state() (string, time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last, r.seen
}

func (p consoleProbe) Init() tea.Cmd { return p.m.Init() }
func (p consoleProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.m.Update(msg)
	p.m = m
	return p, cmd
}
func (p consoleProbe) View() tea.View {
	v := p.m.View()
	p.rec.set(ansi.Strip(v.Content))
	return v
}

// waitUntil polls cond; limit only keeps a broken run from hanging.
func waitUntil(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// createPathEnv creates one owned path environment (lambda target group
// with one target, rule forwarding to it, envdeck tags on both) straight
// through the SDK: another process, unseen by the console's clients.
func createPathEnv(t *testing.T, sdk *awstest.SDK, cfg *model.Config, listener, env string, priority int32, now time.Time) {
	t.Helper()
	ctx := context.Background()
	tagMap := cfg.Keys().For(env, "late", now, now.Add(72*time.Hour), "")
	var tags []elbtypes.Tag
	for k, v := range tagMap {
		tags = append(tags, elbtypes.Tag{Key: sdkaws.String(k), Value: sdkaws.String(v)})
	}
	tg, err := sdk.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: sdkaws.String("env-" + env),
		TargetType: elbtypes.TargetTypeEnumLambda, Tags: tags})
	if err != nil {
		t.Fatalf("create target group of %s: %v", env, err)
	}
	tgARN := tg.TargetGroups[0].TargetGroupArn
	if _, err := sdk.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: tgARN, Targets: []elbtypes.TargetDescription{
		{Id: sdkaws.String("arn:aws:lambda:" + awstest.TestRegion + ":" + awstest.MotoAccount + ":function:env-" + env)}}}); err != nil {
		t.Fatalf("register target of %s: %v", env, err)
	}
	if _, err := sdk.ELB.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: sdkaws.String(listener), Priority: sdkaws.Int32(priority),
		Conditions: []elbtypes.RuleCondition{{Field: sdkaws.String("path-pattern"),
			PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{"/" + env + "/*"}}}},
		Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tgARN}},
		Tags:    tags}); err != nil {
		t.Fatalf("create rule of %s: %v", env, err)
	}
}

// bucketConforms replays calls (arrival times, sorted) through a token
// bucket of capacity tokens refilled at rate per second, full at start,
// and returns the index of the first call it would have throttled (-1:
// none) and the lowest token level seen.
func bucketConforms(times []time.Time, start time.Time, capacity, rate float64) (int, float64) {
	tokens, last, low := capacity, start, capacity
	for i, at := range times {
		if at.After(last) {
			tokens = min(capacity, tokens+at.Sub(last).Seconds()*rate)
			last = at
		}
		tokens--
		low = min(low, tokens)
		if tokens < 0 {
			return i, low
		}
	}
	return -1, low
}

// The console left running for 60 s on a
// 100-environment platform with a 5 s auto-refresh keeps its ELB call rate
// within api_budget of the account's 10/s, and an environment another
// process creates appears within one refresh interval.
//
// The console runs headless (teatest) over the real backend wiring of
// runTUI (app.console: the account's clients from aws.NewClients, paced at
// the full rate, for the first load; a second aws.Instrument paced at
// api_budget for every later read), against moto behind a counting proxy.
//
// Definitions:
//   - The first load is the first list read and the health of every target
//     group it listed (docs/CONTRACT.md: a one-shot read may use the whole rate).
//     It ends when the 100th DescribeTargetHealth (one per target group;
//     no auto-refresh starts while it runs) has been answered: T0.
//   - The console runs 60 s; the measured window is the rest of it after
//     the first load, [T0, start+60 s). Its ELB calls, replayed by arrival
//     time through an AWS-style token bucket scaled by api_budget (40 × 0.2
//     = 8 tokens, 10 × 0.2 = 2 per second, full at T0 since the console
//     drew nothing from its budget before), are never throttled; hence at
//     most 8 + 2 × window calls (≈ 2.2/s averaged over a 52 s window).
//   - "Appears within one refresh interval": the new environment is in the
//     first refresh that starts after it was created (the refresh whose
//     DescribeRules follows the creation), refreshes start every interval
//     (none is skipped for being still busy), so the delay is at most one
//     interval plus that refresh's own list read.
func TestConsoleAPIBudget(t *testing.T) {
	const (
		envs     = 100
		interval = 5 * time.Second
		run      = 60 * time.Second
		lateEnv  = "aaa-late" // sorts first: visible in the first rows
	)
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	moto := awstest.MotoClients(t, endpoint)
	seedStart := time.Now()
	fx := awstest.SeedScalePlatform(t, moto, now, awstest.ScaleOptions{Envs: envs})
	t.Logf("seeded %d environments in %v", envs, time.Since(seedStart).Round(time.Millisecond))
	proxy := awstest.NewProxy(t, endpoint)

	c := newCLI(t)
	for k, v := range c.env {
		t.Setenv(k, v)
	}
	cfgPath := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML)
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, env: func(k string) string { return c.env[k] }}
	a.flags.config, a.flags.endpointURL, a.refresh = cfgPath, proxy.URL, interval
	b, opts, err := a.console(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	budget := b.Config().APIBudget
	if budget != 0.2 || opts.Refresh != interval {
		t.Fatalf("api_budget %v, refresh %v: want the default 0.2 and %v", budget, opts.Refresh, interval)
	}

	rec := &frameRecorder{}
	start := time.Now()
	tm := teatest.NewTestModel(t, consoleProbe{m: tui.New(b, opts), rec: rec},
		teatest.WithInitialTermSize(160, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { _ = tm.Quit() })

	// The first load.
	elb := func(c awstest.Call) bool { return c.Service == awstest.ServiceELBv2 }
	health := func(c awstest.Call) bool { return elb(c) && c.Action == "DescribeTargetHealth" }
	waitUntil(t, "the first load's health reads", 30*time.Second, func() bool { return proxy.CountWhere(health) >= envs })
	var t0 time.Time
	n := 0
	for _, call := range proxy.Log() {
		if health(call) {
			if n++; n <= envs {
				t0 = maxTime(t0, call.Time.Add(call.Duration))
			}
		}
	}
	firstLoad := proxy.CountWhere(func(c awstest.Call) bool { return elb(c) && !c.Time.After(t0) })
	waitUntil(t, "env-0001 on screen", 10*time.Second, func() bool { f, _ := rec.state(); return strings.Contains(f, "env-0001") })
	// The proxy logs the last health read before the backend has taken its
	// answer (and published it to the shared cache): wait for that, briefly.
	waitUntil(t, "the backend to pace at api_budget after the first load", 10*time.Second, b.FirstLoadDone)
	t.Logf("first load (full rate): %d ELB calls, done at +%v", firstLoad, t0.Sub(start).Round(time.Millisecond))

	// Mid-run, another process creates an environment.
	time.Sleep(time.Until(start.Add(run / 2)))
	if f, _ := rec.state(); strings.Contains(f, lateEnv) {
		t.Fatalf("%s on screen before it exists:\n%s", lateEnv, f)
	}
	createPathEnv(t, awstest.SDKOf(t, moto), fx.Config, fx.ListenerARN, lateEnv, 1500, time.Now().UTC())
	created := time.Now()
	rec.watchFor(lateEnv)
	waitUntil(t, lateEnv+" on screen", 3*interval, func() bool { _, seen := rec.state(); return !seen.IsZero() })
	_, appeared := rec.state()

	end := start.Add(run)
	time.Sleep(time.Until(end))
	window := end.Sub(t0)

	// The window's ELB calls, by arrival.
	var times []time.Time
	var rulesAt []time.Time
	actions := map[string]int{}
	for _, call := range proxy.Log() {
		if !elb(call) || call.Time.Before(t0) || !call.Time.Before(end) {
			continue
		}
		times = append(times, call.Time)
		actions[call.Action]++
		if call.Action == "DescribeRules" {
			rulesAt = append(rulesAt, call.Time)
		}
	}
	slices.SortFunc(times, func(x, y time.Time) int { return x.Compare(y) })
	slices.SortFunc(rulesAt, func(x, y time.Time) int { return x.Compare(y) })
	capacity, rate := 40*budget, 10*budget
	bad, low := bucketConforms(times, t0, capacity, rate)
	avg := float64(len(times)) / window.Seconds()
	allowed := int(capacity + rate*window.Seconds())
	t.Logf("window [T0, +%v) = %v: %d ELB calls = %.2f/s (api_budget × 10 = %.1f/s; bucket %.0f + %.0f/s allows %d); lowest bucket level %.2f; by action %v",
		run, window.Round(time.Millisecond), len(times), avg, rate, capacity, rate, allowed, low, actions)
	if bad >= 0 {
		t.Errorf("ELB call %d of the window (at +%v) exceeds api_budget's bucket (%.0f tokens, %.0f/s)",
			bad+1, times[bad].Sub(t0).Round(time.Millisecond), capacity, rate)
	}
	if len(times) > allowed {
		t.Errorf("%d ELB calls in %v, more than api_budget allows (%d)", len(times), window, allowed)
	}
	// The refresh keeps its cadence within the budget: one list read per
	// interval, none skipped.
	if len(rulesAt) < int(window/interval)-1 {
		t.Errorf("%d refreshes in %v, want about %d (every %v)", len(rulesAt), window, window/interval, interval)
	}
	for i := 1; i < len(rulesAt); i++ {
		if gap := rulesAt[i].Sub(rulesAt[i-1]); gap > interval+time.Second {
			t.Errorf("refresh %d started %v after the previous one (interval %v)", i+1, gap.Round(time.Millisecond), interval)
		}
	}
	if actions["DescribeTargetHealth"] == 0 {
		t.Errorf("no health read in the window: the auto-refresh must keep health fresh within the budget")
	}

	// The new environment: in the first refresh started after its creation.
	var firstAfter time.Time
	for _, at := range rulesAt {
		if at.After(created) {
			firstAfter = at
			break
		}
	}
	if firstAfter.IsZero() {
		t.Fatalf("no refresh started after %s was created", lateEnv)
	}
	var next time.Time
	for _, at := range rulesAt {
		if at.After(firstAfter) {
			next = at
			break
		}
	}
	t.Logf("%s created at +%v; next refresh started %v later; on screen %v after creation",
		lateEnv, created.Sub(start).Round(time.Millisecond), firstAfter.Sub(created).Round(time.Millisecond), appeared.Sub(created).Round(time.Millisecond))
	if !next.IsZero() && appeared.After(next) {
		t.Errorf("%s appeared at +%v, after the second refresh since its creation started (+%v)",
			lateEnv, appeared.Sub(t0), next.Sub(t0))
	}
	if d := firstAfter.Sub(created); d > interval+time.Second {
		t.Errorf("the first refresh after the creation started %v later, more than one interval (%v)", d, interval)
	}
	if d := appeared.Sub(created); d > interval+3*time.Second {
		t.Errorf("%s took %v to appear: more than one interval (%v) and a list read", lateEnv, d, interval)
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
