package aws

import (
	"context"
	"sort"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/envdeck/envdeck/model"
)

// DiscoverOptions tunes one discovery.
type DiscoverOptions struct {
	// SkipHealth leaves target health unread (HealthRead false everywhere):
	// the first screen loads from the lists alone, health streams in after
	// through ReadHealth.
	SkipHealth bool
	// HealthOf restricts health reads to these target group ARNs; nil = all.
	HealthOf []string
	// Concurrency bounds each fan-out (rule pages, tag batches, health
	// reads); 0 means DefaultConcurrency.
	Concurrency int
	// Limits, when not nil, are reused instead of reading quotas again
	// (they change rarely: an incremental refresh passes the last ones).
	Limits []model.Limit
	// Needs: what the command's answer depends on; the zero value reads
	// everything. SkipHealth and HealthOf narrow its health further.
	Needs model.Needs
	// Cache, when not nil, answers for tags, health and limits it holds
	// fresh, and keeps what this discovery read for the next one.
	Cache *ReadCache
	// Now stamps the health read here (Snapshot.HealthReadAt); nil = time.Now.
	Now func() time.Time
}

func (o DiscoverOptions) clock() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

// DefaultConcurrency bounds each discovery fan-out: 10, what ELB's bucket
// refills per second, puts a 100-environment platform's 10 tag batches in
// one round trip.
const DefaultConcurrency = 10

// Discover reads the platform described by cfg. It never fails as a whole:
// each source that fails (AccessDenied on API Gateway, a timeout on Route
// 53, ...) adds one entry to snap.Errors and leaves the rest intact.
// snap.Calls holds the calls this discovery made.
func Discover(ctx context.Context, c Clients, cfg *model.Config, o DiscoverOptions) *model.Snapshot {
	snap, _ := discover(ctx, c, cfg, o)
	return snap
}

// DiscoverAccount is Discover for a one-shot command: it also returns a
// *CredentialError or *EndpointError when the caller-identity call says
// that the credentials were refused or no endpoint answered — then every
// other source failed the same way, and the command stops on that one line.
func DiscoverAccount(ctx context.Context, c Clients, cfg *model.Config, o DiscoverOptions) (*model.Snapshot, error) {
	snap, callerErr := discover(ctx, c, cfg, o)
	return snap, AccessProblem(c.Profile, callerErr)
}

func discover(ctx context.Context, c Clients, cfg *model.Config, o DiscoverOptions) (*model.Snapshot, error) {
	cc := NewCallCounter()
	ctx = WithCallCounter(ctx, cc)
	conc := o.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	snap := &model.Snapshot{
		Taken:        time.Now().UTC(),
		Region:       c.Region,
		Profile:      c.Profile,
		Listeners:    []model.Listener{},
		Rules:        []model.Rule{},
		TargetGroups: []model.TargetGroup{},
		Stages:       []model.Stage{},
		Records:      []model.Record{},
		Limits:       []model.Limit{},
		Errors:       []model.SourceError{},
	}
	d := &discovery{ctx: ctx, c: c, cfg: cfg, o: o, conc: conc, snap: snap, gate: newCacheGate(o.Cache)}
	var callerErr error
	d.g.Go(func() error {
		acct, err := callerAccount(ctx, c)
		if err != nil {
			d.report(sourceError(model.SourceSTS, "who am I (GetCallerIdentity)", err))
		}
		snap.Account, callerErr = acct, err
		d.gate.open(acct, c.Region)
		return nil
	})
	d.g.Go(func() error {
		a, errs := readALBCached(ctx, c, cfg, o, conc, d.gate)
		snap.LoadBalancerARN, snap.Listeners, snap.Rules, snap.TargetGroups = a.lbARN, a.listeners, a.rules, a.targetGroups
		snap.LoadBalancers = a.loadBalancers
		snap.HealthReadAt = a.healthAt
		d.report(errs...)
		return nil
	})
	d.goEdge()
	d.goLimits()
	_ = d.g.Wait()
	d.finishAPIs()
	d.gate.wait().save()

	sort.SliceStable(snap.Errors, func(i, j int) bool { return snap.Errors[i].Source < snap.Errors[j].Source })
	snap.Unread = unreadParts(cfg, o)
	snap.Calls = cc.Snapshot()
	return snap, callerErr
}

// discovery is one Discover's concurrent reads; each source writes only its
// own fields of snap, errors through report.
type discovery struct {
	ctx  context.Context
	c    Clients
	cfg  *model.Config
	o    DiscoverOptions
	conc int
	snap *model.Snapshot
	gate *cacheGate
	g    errgroup.Group
	mu   sync.Mutex
	apis []apiRead // by configured API (goAPIs)
}

func (d *discovery) report(errs ...model.SourceError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.snap.Errors = append(d.snap.Errors, errs...)
}

// goEdge starts the reads of the configured API, distribution, the
// account's distributions and the zone.
func (d *discovery) goEdge() {
	ctx, c, snap, o := d.ctx, d.c, d.snap, d.o
	d.goAPIs()
	if cf := d.cfg.CloudFront; cf != nil && cf.DistributionID != "" {
		d.g.Go(func() error {
			dist, err := readDistribution(ctx, c, cf.DistributionID)
			if err != nil {
				d.report(sourceError(model.SourceCloudFront, "distribution "+cf.DistributionID, err))
			}
			snap.Distribution = dist
			return nil
		})
	}
	if readsDistributions(d.cfg) && !o.Needs.Skips(model.PartDistributions) {
		d.g.Go(func() error {
			ds, err := readAccountDistributions(ctx, c, d.conc)
			if err != nil {
				d.report(sourceError(model.SourceDistributions, "distributions of the account", err))
			}
			snap.AccountDistributions = ds
			return nil
		})
	}
	if r := d.cfg.Route53; r != nil && r.HostedZoneID != "" {
		snap.HostedZoneID = zoneID(r.HostedZoneID)
		withRecords := !o.Needs.Skips(model.PartRecords)
		d.g.Go(func() error {
			recs, count, errs := readZone(ctx, c, zoneID(r.HostedZoneID), withRecords)
			snap.Records, snap.ZoneRecordCount = recs, count
			d.report(errs...)
			return nil
		})
	}
}

// goLimits takes the limits given, or those the read cache holds fresh, or
// starts reading them (once the account is known, to ask the cache first).
func (d *discovery) goLimits() {
	switch {
	case d.o.Limits != nil:
		d.snap.Limits = append([]model.Limit{}, d.o.Limits...)
	case d.o.Needs.Skips(model.PartLimits):
	default:
		d.g.Go(func() error {
			rc := d.gate.wait()
			if l := rc.cachedLimits(); l != nil {
				d.snap.Limits = l
				return nil
			}
			limits, errs := readQuotas(d.ctx, d.c, d.cfg)
			d.snap.Limits = limits
			d.report(errs...)
			if rc != nil && len(errs) == 0 {
				rc.putLimits(limits, rc.now())
			}
			return nil
		})
	}
}

// unreadParts names the parts of configured sources that o left unread.
func unreadParts(cfg *model.Config, o DiscoverOptions) []string {
	configured := map[string]bool{
		model.PartLimits:        o.Limits == nil,
		model.PartRecords:       cfg.Route53 != nil && cfg.Route53.HostedZoneID != "",
		model.PartDistributions: readsDistributions(cfg),
		model.PartDeployments:   len(cfg.APIsOfType(model.APITypeREST)) > 0,
		model.PartOwnerTags:     len(cfg.ALB.Pool()) > 0,
	}
	var out []string
	for _, p := range o.Needs.Skip {
		if configured[p] {
			out = append(out, p)
		}
	}
	return out
}

// readsDistributions: every distribution of the account is read when both
// the distribution and the zone are configured, to tell a dangling record
// from one another distribution of the account serves.
func readsDistributions(cfg *model.Config) bool {
	return cfg.CloudFront != nil && cfg.CloudFront.DistributionID != "" && cfg.Route53 != nil && cfg.Route53.HostedZoneID != ""
}

func callerAccount(ctx context.Context, c Clients) (string, error) {
	if c.STS == nil {
		return "", errNoClient("sts")
	}
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	return awssdk.ToString(out.Account), nil
}

// sourceError is one snapshot error entry: the source and a one-line
// message saying what could not be read and why.
func sourceError(source, what string, err error) model.SourceError {
	return model.SourceError{Source: source, Message: what + ": " + OneLine(err)}
}

type errNoClient string

func (e errNoClient) Error() string { return "no " + string(e) + " client configured" }

// fanOut runs fn(i) for i in [0,n) with at most conc at a time and waits.
func fanOut(n, conc int, fn func(i int)) {
	var g errgroup.Group
	g.SetLimit(conc)
	for i := 0; i < n; i++ {
		g.Go(func() error { fn(i); return nil })
	}
	_ = g.Wait()
}

// MinimumCalls is the fewest calls that can read snap's platform (quota
// reads excluded: how many they take depends on where each limit is found):
// one STS call, listeners and target groups by pages of 400, rules by pages
// of 400 per listener, tags of every non-default rule and target group by
// 20, one DescribeTargetHealth per target group whose health was read,
// stages and deployments (pages of 500), the distribution, the account's
// distributions (pages of 100; an endpoint whose summaries lack aliases,
// like moto, adds one GetDistributionConfig per distribution), the zone's
// records (pages of 300; they give its record count) or, left unread, the
// zone (its record count). Compare it with snap.Calls.
func MinimumCalls(snap *model.Snapshot, cfg *model.Config) model.CallCount {
	ceil := func(n, per int) int {
		if n <= 0 {
			return 1
		}
		return (n + per - 1) / per
	}
	m := model.CallCount{"sts:GetCallerIdentity": 1}
	m["elbv2:DescribeListeners"] = listenerCalls(snap)
	perListener := map[string]int{}
	tagged := 0
	for _, r := range snap.Rules {
		perListener[r.ListenerARN]++
		if !r.IsDefault {
			tagged++
		}
	}
	for _, l := range snap.Listeners {
		m["elbv2:DescribeRules"] += ceil(perListener[l.ARN], elbPageSize)
	}
	m["elbv2:DescribeTargetGroups"] = ceil(len(snap.TargetGroups), elbPageSize)
	tagged += len(snap.TargetGroups)
	if !snap.LeftUnread(model.PartOwnerTags) {
		tagged += 2 * len(snap.LoadBalancers) // each configured listener and its load balancer
	}
	if tagged > 0 {
		m["elbv2:DescribeTags"] = ceil(tagged, tagBatchSize)
	}
	for _, t := range snap.TargetGroups {
		if t.HealthRead {
			m["elbv2:DescribeTargetHealth"]++
		}
	}
	minimumAPICalls(m, snap, cfg, ceil)
	if cfg.CloudFront != nil && cfg.CloudFront.DistributionID != "" {
		m["cloudfront:GetDistribution"] = 1
	}
	if readsDistributions(cfg) && !snap.LeftUnread(model.PartDistributions) {
		m["cloudfront:ListDistributions"] = ceil(len(snap.AccountDistributions), distributionsPage)
	}
	if cfg.Route53 != nil && cfg.Route53.HostedZoneID != "" {
		if snap.LeftUnread(model.PartRecords) {
			m["route53:GetHostedZone"] = 1
		} else {
			m["route53:ListResourceRecordSets"] = ceil(snap.ZoneRecordCount, recordsPage)
		}
	}
	return m
}

// quotaActions are the calls of quota reads (left out of MinimumCalls).
var quotaActions = map[string]bool{
	"servicequotas:GetServiceQuota":           true,
	"servicequotas:GetAWSDefaultServiceQuota": true,
	"elbv2:DescribeAccountLimits":             true,
	"route53:GetHostedZoneLimit":              true,
}

// WithoutQuotaCalls returns calls minus the quota reads, to compare with MinimumCalls.
func WithoutQuotaCalls(calls model.CallCount) model.CallCount {
	out := model.CallCount{}
	for k, v := range calls {
		if !quotaActions[k] {
			out[k] = v
		}
	}
	return out
}
