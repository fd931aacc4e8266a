package aws

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/envdeck/envdeck/model"
)

// ELB page and batch sizes (AWS maxima).
const (
	elbPageSize     = 400 // DescribeRules / DescribeTargetGroups
	tagBatchSize    = 20  // DescribeTags ARNs per call (moto accepts 21, AWS 20)
	elbListenerPage = 400
)

type albResult struct {
	lbARN        string
	listeners    []model.Listener
	rules        []model.Rule
	targetGroups []model.TargetGroup
	healthAt     map[string]time.Time // when each group's health was read
	// pool: the load balancers of the configured listeners, as read;
	// loadBalancers: each with its tags and the listener's.
	pool          []poolLB
	loadBalancers []model.LoadBalancer
}

// readALB reads the shared ALB: every listener of the configured listener's
// load balancer, all their rules, the target groups that belong to the
// platform (see keepTargetGroups), the tags of rules and target groups, and
// target health.
func readALB(ctx context.Context, c Clients, cfg *model.Config, o DiscoverOptions, conc int) (albResult, []model.SourceError) {
	return readALBCached(ctx, c, cfg, o, conc, newCacheGate(nil))
}

// readALBCached is readALB taking the tags and health the read cache holds
// fresh (gate hands it over once the account is known).
func readALBCached(ctx context.Context, c Clients, cfg *model.Config, o DiscoverOptions, conc int, gate *cacheGate) (albResult, []model.SourceError) {
	if c.ELB == nil {
		return albResult{}, []model.SourceError{sourceError(model.SourceALB, "load balancer", errNoClient("elbv2"))}
	}
	if errs := regionErrors(cfg.ALB.Pool(), c.Region); len(errs) > 0 {
		return albResult{}, errs
	}
	res, keep, maybe, errs := readALBLists(ctx, c.ELB, cfg, conc)
	if res.listeners == nil {
		return res, errs
	}
	// Tags of every non-default rule and of every target group kept or
	// possibly owned, 20 ARNs per call.
	var arns []string
	for _, r := range res.rules {
		if !r.IsDefault {
			arns = append(arns, r.ARN)
		}
	}
	for _, t := range append(append([]model.TargetGroup{}, keep...), maybe...) {
		arns = append(arns, t.ARN)
	}
	if !o.Needs.Skips(model.PartOwnerTags) {
		arns = append(arns, res.ownerTagARNs()...)
	}
	cache := gate.wait()
	tags, gone, tagErr := readTagsCached(ctx, c, arns, conc, cache, o.Needs.ForChange)
	if tagErr != nil {
		errs = append(errs, sourceError(model.SourceALB, "tags", tagErr))
	}
	res.applyTags(tags, gone, keep, maybe, cfg.Keys())
	res.applyOwnerTags(tags)

	if hArns := healthTargets(res, cfg, o); len(hArns) > 0 {
		health, at, herrs := readHealthCached(ctx, c, res, hArns, conc, cache, o.clock())
		errs = append(errs, herrs...)
		res.healthAt = at
		for i := range res.targetGroups {
			tg := &res.targetGroups[i]
			if ts, ok := health[tg.ARN]; ok {
				tg.Targets, tg.HealthRead = ts, true
			}
		}
	}
	for i := range res.targetGroups {
		if res.targetGroups[i].Targets == nil {
			res.targetGroups[i].Targets = []model.Target{}
		}
	}
	return res, errs
}

// readALBLists reads the load balancer's listeners and their rules, and the
// region's target groups split by keepTargetGroups. res.listeners is nil
// when the listeners could not be read (nothing else is then).
func readALBLists(ctx context.Context, elb ELBV2API, cfg *model.Config, conc int) (res albResult, keep, maybe []model.TargetGroup, errs []model.SourceError) {
	// The region's target groups do not depend on the load balancer: list
	// them while the listeners and rules are read.
	var (
		allTGs []elbtypes.TargetGroup
		tgErr  error
		tgDone = make(chan struct{})
	)
	go func() {
		defer close(tgDone)
		allTGs, tgErr = listTargetGroups(ctx, elb)
	}()
	pool := cfg.ALB.Pool()
	if len(pool) == 0 {
		<-tgDone
		return res, nil, nil, []model.SourceError{sourceError(model.SourceALB, "listeners", errNoListener{})}
	}
	lbs, errs := readPool(ctx, elb, pool, conc)
	if len(lbs) == 0 {
		<-tgDone
		return res, nil, nil, errs
	}
	res.lbARN, res.pool, res.listeners = lbs[0].lbARN, lbs, poolListeners(lbs)
	listeners := res.listeners
	rulesOf := make([][]model.Rule, len(listeners))
	ruleErrs := make([]error, len(listeners))
	fanOut(len(listeners), conc, func(i int) {
		rulesOf[i], ruleErrs[i] = listRules(ctx, elb, listeners[i].ARN)
	})
	for i, e := range ruleErrs {
		if e != nil {
			errs = append(errs, sourceError(model.SourceALB, "rules of listener "+listeners[i].ARN, e))
		}
		res.rules = append(res.rules, rulesOf[i]...)
	}
	<-tgDone
	if tgErr != nil {
		errs = append(errs, sourceError(model.SourceALB, "target groups", tgErr))
	}
	keep, maybe = keepTargetGroups(allTGs, poolLBARNs(lbs), listeners, res.rules, cfg)
	return res, keep, maybe, errs
}

// applyTags gives the rules and target groups their tags, drops what was
// deleted while read (gone), and keeps of maybe the groups whose tags say
// envdeck owns them or name an environment.
func (res *albResult) applyTags(tags map[string]map[string]string, gone map[string]bool, keep, maybe []model.TargetGroup, keys model.TagKeys) {
	rules := res.rules[:0]
	for _, r := range res.rules {
		if gone[r.ARN] {
			continue // deleted while we read
		}
		var read bool
		r.Tags, read = tags[r.ARN]
		r.TagsUnread = !read && !r.IsDefault // the model protects what it cannot judge
		if r.IsDefault {
			r.Tags = map[string]string{}
		}
		rules = append(rules, r)
	}
	res.rules = rules
	sortRules(res.rules, res.listeners)

	res.targetGroups = []model.TargetGroup{}
	for _, t := range keep {
		if !gone[t.ARN] {
			var read bool
			t.Tags, read = tags[t.ARN]
			t.TagsUnread = !read
			res.targetGroups = append(res.targetGroups, t)
		}
	}
	for _, t := range maybe {
		tt, read := tags[t.ARN]
		if gone[t.ARN] || !read {
			continue
		}
		if keys.Owned(tt) || tt[keys.Env] != "" {
			t.Tags = tt
			res.targetGroups = append(res.targetGroups, t)
		}
	}
	sort.Slice(res.targetGroups, func(i, j int) bool {
		a, b := res.targetGroups[i], res.targetGroups[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ARN < b.ARN
	})
}

// healthTargets returns the target groups of res whose health o asks for:
// none, every one, or those of one environment (found from the lists and
// tags just read), narrowed to o.HealthOf when set.
func healthTargets(res albResult, cfg *model.Config, o DiscoverOptions) []string {
	if o.SkipHealth || o.Needs.Health == model.HealthNone {
		return nil
	}
	var cands []string
	if o.Needs.Health == model.HealthOfEnv {
		lists := &model.Snapshot{LoadBalancerARN: res.lbARN, Listeners: res.listeners, Rules: res.rules, TargetGroups: res.targetGroups,
			LoadBalancers: res.loadBalancers}
		cands = model.EnvTargetGroups(lists, cfg, o.Needs.Env)
	} else {
		for _, t := range res.targetGroups {
			cands = append(cands, t.ARN)
		}
	}
	want := healthSet(o.HealthOf)
	var out []string
	for _, a := range cands {
		if want == nil || want[a] {
			out = append(out, a)
		}
	}
	return out
}

func healthSet(arns []string) map[string]bool {
	if arns == nil {
		return nil
	}
	m := make(map[string]bool, len(arns))
	for _, a := range arns {
		m[a] = true
	}
	return m
}

// loadBalancerOf derives the load balancer ARN from a listener ARN
// (arn:...:listener/app/NAME/LBID/LISTENERID → arn:...:loadbalancer/app/NAME/LBID),
// saving a call; ok is false when the ARN does not have that shape.
func loadBalancerOf(listenerARN string) (string, bool) {
	i := strings.Index(listenerARN, ":listener/")
	if i < 0 || !strings.HasPrefix(listenerARN, "arn:") {
		return "", false
	}
	parts := strings.Split(listenerARN[i+len(":listener/"):], "/")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" || parts[2] == "" || parts[3] == "" {
		return "", false
	}
	return listenerARN[:i] + ":loadbalancer/" + strings.Join(parts[:3], "/"), true
}

// readListeners returns the load balancer of listenerARN and all its
// listeners (sorted by port), checking listenerARN is one of them.
func readListeners(ctx context.Context, elb ELBV2API, listenerARN string) (string, []model.Listener, error) {
	lbARN, ok := loadBalancerOf(listenerARN)
	if !ok {
		out, err := elb.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{listenerARN}})
		if err != nil {
			return "", nil, err
		}
		if len(out.Listeners) == 0 {
			return "", nil, fmt.Errorf("listener %s not found", listenerARN)
		}
		lbARN = awssdk.ToString(out.Listeners[0].LoadBalancerArn)
	}
	var ls []model.Listener
	found := false
	var marker *string
	for {
		out, err := elb.DescribeListeners(ctx, &elbv2.DescribeListenersInput{
			LoadBalancerArn: awssdk.String(lbARN), Marker: marker, PageSize: awssdk.Int32(elbListenerPage),
		})
		if err != nil {
			return "", nil, err
		}
		for _, l := range out.Listeners {
			ml := toListener(l)
			found = found || ml.ARN == listenerARN
			ls = append(ls, ml)
		}
		if marker = out.NextMarker; awssdk.ToString(marker) == "" {
			break
		}
	}
	if !found {
		return "", nil, fmt.Errorf("listener %s not found on load balancer %s", listenerARN, lbARN)
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Port != ls[j].Port {
			return ls[i].Port < ls[j].Port
		}
		return ls[i].ARN < ls[j].ARN
	})
	return lbARN, ls, nil
}

// listRules reads every rule of a listener, 400 per page.
func listRules(ctx context.Context, elb ELBV2API, listenerARN string) ([]model.Rule, error) {
	var rules []model.Rule
	var marker *string
	for {
		out, err := elb.DescribeRules(ctx, &elbv2.DescribeRulesInput{
			ListenerArn: awssdk.String(listenerARN), PageSize: awssdk.Int32(elbPageSize), Marker: marker,
		})
		if err != nil {
			return rules, err
		}
		for _, r := range out.Rules {
			rules = append(rules, toRule(r, listenerARN))
		}
		if marker = out.NextMarker; awssdk.ToString(marker) == "" {
			return rules, nil
		}
	}
}

// sortRules orders rules in evaluation order: by listener (as listed), then
// by priority, the default rule last.
func sortRules(rules []model.Rule, listeners []model.Listener) {
	idx := make(map[string]int, len(listeners))
	for i, l := range listeners {
		idx[l.ARN] = i
	}
	sort.SliceStable(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		if idx[a.ListenerARN] != idx[b.ListenerARN] {
			return idx[a.ListenerARN] < idx[b.ListenerARN]
		}
		if a.IsDefault != b.IsDefault {
			return b.IsDefault
		}
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.ARN < b.ARN
	})
}

// listTargetGroups lists every target group of the region, 400 per page.
func listTargetGroups(ctx context.Context, elb ELBV2API) ([]elbtypes.TargetGroup, error) {
	var tgs []elbtypes.TargetGroup
	var marker *string
	for {
		out, err := elb.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{PageSize: awssdk.Int32(elbPageSize), Marker: marker})
		if err != nil {
			return tgs, err
		}
		tgs = append(tgs, out.TargetGroups...)
		if marker = out.NextMarker; awssdk.ToString(marker) == "" {
			return tgs, nil
		}
	}
}

// keepTargetGroups splits the region's target groups: keep = those of the
// platform (forwarded to by a rule or default action of the load balancer,
// attached to it, or named by the target group template); maybe = attached
// to no load balancer at all, kept only if their tags say envdeck owns them
// (an owned group nothing forwards to is an orphan finding). Groups attached
// only to other load balancers are not the platform's.
func keepTargetGroups(all []elbtypes.TargetGroup, lbARNs []string, listeners []model.Listener, rules []model.Rule, cfg *model.Config) (keep, maybe []model.TargetGroup) {
	forwarded := map[string]bool{}
	mark := func(as []model.Action) {
		for _, a := range as {
			for _, t := range a.TargetGroups {
				forwarded[t.ARN] = true
			}
		}
	}
	for _, l := range listeners {
		mark(l.DefaultActions)
	}
	for _, r := range rules {
		mark(r.Actions)
	}
	var namePats []model.Pattern
	for _, s := range cfg.ServiceList() {
		if p, err := model.ParsePattern(s.TargetGroup.Name, model.PlaceholderEnv); err == nil {
			namePats = append(namePats, p)
		}
	}
	for _, t := range all {
		mt := toTargetGroup(t)
		named := false
		for _, p := range namePats {
			_, ok := p.Match(mt.Name)
			named = named || ok
		}
		switch {
		case forwarded[mt.ARN] || named || hasAnyString(t.LoadBalancerArns, lbARNs):
			keep = append(keep, mt)
		case len(t.LoadBalancerArns) == 0:
			maybe = append(maybe, mt)
		}
	}
	return keep, maybe
}

func hasAnyString(ss, any []string) bool {
	for _, s := range any {
		if hasString(ss, s) {
			return true
		}
	}
	return false
}

func hasString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// readTags reads the tags of arns in batches of tagBatchSize, concurrently.
// A batch failing with not-found (a resource deleted while we read; AWS
// fails the whole batch) is split until the missing ARNs are isolated: they
// are returned in gone. Resources whose batch failed otherwise are absent
// from tags, and the first such error is returned.
func readTags(ctx context.Context, elb ELBV2API, arns []string, conc int) (tags map[string]map[string]string, gone map[string]bool, err error) {
	tags = map[string]map[string]string{}
	gone = map[string]bool{}
	batches := chunkARNs(arns, tagBatchSize)
	var mu sync.Mutex
	var firstErr error
	var read func(b []string)
	read = func(b []string) {
		out, e := elb.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: b})
		if e != nil {
			if IsNotFound(e) {
				if len(b) == 1 {
					mu.Lock()
					gone[b[0]] = true
					mu.Unlock()
					return
				}
				read(b[:len(b)/2])
				read(b[len(b)/2:])
				return
			}
			mu.Lock()
			if firstErr == nil {
				firstErr = e
			}
			mu.Unlock()
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, d := range out.TagDescriptions {
			tags[awssdk.ToString(d.ResourceArn)] = toTags(d.Tags)
		}
		for _, a := range b { // moto: unknown ARN → no description
			if _, ok := tags[a]; !ok {
				tags[a] = map[string]string{}
			}
		}
	}
	fanOut(len(batches), conc, func(i int) { read(batches[i]) })
	return tags, gone, firstErr
}

// chunkARNs splits s into slices of at most n.
func chunkARNs(s []string, n int) [][]string {
	var out [][]string
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// ReadHealth reads the targets and their health of each target group (one
// DescribeTargetHealth each, DefaultConcurrency at a time): the TUI streams
// health in after the lists. Groups deleted meanwhile are left out quietly;
// other failures are summed up in one error entry.
func ReadHealth(ctx context.Context, c Clients, arns []string) (map[string][]model.Target, []model.SourceError) {
	return readHealth(ctx, c, arns, DefaultConcurrency)
}

func readHealth(ctx context.Context, c Clients, arns []string, conc int) (map[string][]model.Target, []model.SourceError) {
	out := make(map[string][]model.Target, len(arns))
	if len(arns) == 0 {
		return out, nil
	}
	if c.ELB == nil {
		return out, []model.SourceError{sourceError(model.SourceTargetHealth, "target health", errNoClient("elbv2"))}
	}
	targets := make([][]model.Target, len(arns))
	errs := make([]error, len(arns))
	fanOut(len(arns), conc, func(i int) {
		res, err := c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: awssdk.String(arns[i])})
		if err != nil {
			errs[i] = err
			return
		}
		targets[i] = toTargets(res.TargetHealthDescriptions)
	})
	failed := 0
	var first error
	for i, a := range arns {
		switch {
		case errs[i] == nil:
			out[a] = targets[i]
		case IsNotFound(errs[i]):
			// deleted while we read: nothing to show
		default:
			failed++
			if first == nil {
				first = fmt.Errorf("%s: %w", a, errs[i])
			}
		}
	}
	if failed == 0 {
		return out, nil
	}
	return out, []model.SourceError{sourceError(model.SourceTargetHealth,
		fmt.Sprintf("target health of %d of %d target groups", failed, len(arns)), first)}
}
