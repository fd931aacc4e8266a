package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CreateRequest is what `envdeck create` (or the TUI form) asks for.
type CreateRequest struct {
	Name    string
	Owner   string
	TTL     time.Duration // 0: naming.default_ttl
	Routing string        // path | host; "": alb.routing
	NoStage bool
	Targets []string // registered in the new target group (ParseTargets)
	// Services to make (names of Config.ServiceList); none: every one.
	Services []string
}

// CloudFrontHostedZoneID is the hosted zone of every CloudFront domain (A alias target).
const CloudFrontHostedZoneID = "Z2FDTNDATAQYW2"

// fallbackTTL is used when neither the request nor the config gives one.
const fallbackTTL = 72 * time.Hour

// QuotaFullError: a quota the new environment needs has no headroom.
type QuotaFullError struct {
	Name        string
	Code        string
	Used, Limit int
}

func (e *QuotaFullError) Error() string {
	return fmt.Sprintf("%s is full (%d of %d)", e.Name, e.Used, e.Limit)
}

// NoFreeSlotError: host mode with a slot pool and every slot claimed or broken.
type NoFreeSlotError struct {
	Pattern     string
	Unavailable int
	Count       int
}

func (e *NoFreeSlotError) Error() string {
	return fmt.Sprintf("no free slot in the pool %s (%d of %d claimed or broken)", e.Pattern, e.Unavailable, e.Count)
}

// NameTakenError: the name is already an environment or one of the
// resources create would make already exists.
type NameTakenError struct {
	Name   string
	Reason string
}

func (e *NameTakenError) Error() string { return fmt.Sprintf("cannot create %q: %s", e.Name, e.Reason) }

// ProtectedNameError: the name matches naming.protected.
type ProtectedNameError struct{ Name string }

func (e *ProtectedNameError) Error() string {
	return fmt.Sprintf("cannot create %q: the name is protected (naming.protected)", e.Name)
}

// PlanCreate plans a new environment: target group, listener rule, stage and,
// in host mode, a slot claim or an alias plus its record. Every check that can
// refuse (name, protection, existing environment, quotas, slots) runs first, so
// an error means nothing would be created. Errors are one line.
//
// An existing environment of the name is refused, unless it is a half-made
// one (a create killed part-way): every resource of it envdeck's and tagged
// for it, not protected nor expired, and missing something the request
// needs. Then the plan creates only what is missing, with the owner and
// times of what exists, each step's reason saying it completes the
// half-made environment.
//
// It runs in phases: check the request, resolve the names, check headroom,
// check the names are free, place the rule, write the steps.
func PlanCreate(inv *Inventory, cfg *Config, req CreateRequest, now time.Time) (Plan, error) {
	c, err := checkCreateRequest(inv, cfg, req, now)
	if err != nil {
		return Plan{}, err
	}
	phases := []func() error{c.resolveNames, c.choosePoolListener, c.checkListenerOwner, c.checkHeadroom, c.checkNamesFree, c.placeRules}
	for _, phase := range phases {
		if err := phase(); err != nil {
			return Plan{}, err
		}
	}
	steps, err := c.steps(now)
	if err != nil {
		return Plan{}, err
	}
	snap := inv.Snapshot
	return Plan{
		Kind: PlanKindCreate, Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: steps,
	}, nil
}

// createPlan is one create being planned, filled in phase by phase.
type createPlan struct {
	inv     *Inventory
	snap    *Snapshot
	cfg     *Config
	req     CreateRequest
	name    string
	half    *halfMade // nil: a new environment
	routing string    // path | host
	// The names of what the environment is made of.
	slotHost, host, aliasName, recordName string
	withAlias, withRecord                 bool
	// What this plan makes: everything for a new environment, what it
	// lacks for a half-made one; svcs: each service's rule and target group.
	makeAlias, makeRecord bool
	svcs                  []svcMake
	stages                []stagePlan  // one per configured API
	taken                 map[int]bool // priorities in use on the listener

	// listener: the pool listener the rules go on; poolScope and poolNote
	// name its load balancer when a pool of several chose it.
	listener, poolScope, poolNote string
}

// checkCreateRequest refuses a name that is invalid, protected or taken
// (unless by a half-made environment), a bad TTL and an owner at the limit.
func checkCreateRequest(inv *Inventory, cfg *Config, req CreateRequest, now time.Time) (*createPlan, error) {
	if inv == nil || inv.Snapshot == nil {
		return nil, errors.New("create: no inventory")
	}
	name := req.Name
	if err := cfg.ValidateEnvName(name); err != nil {
		return nil, err
	}
	if cfg.IsProtectedName(name) {
		return nil, &ProtectedNameError{Name: name}
	}
	if err := cfg.CheckTTL(req.TTL); err != nil {
		return nil, fmt.Errorf("cannot create %q: %w", name, err)
	}
	if err := checkOwnerLimit(inv, cfg, req); err != nil {
		return nil, err
	}
	c := &createPlan{inv: inv, snap: inv.Snapshot, cfg: cfg, req: req, name: name}
	if e, ok := inv.Env(name); ok {
		h, err := existingEnv(inv, cfg, e, now)
		if err != nil {
			return nil, err
		}
		c.half = h
	}
	return c, nil
}

// resolveNames decides the routing, the names of every resource and which
// of them this plan makes.
func (c *createPlan) resolveNames() error {
	if err := c.resolveRouting(); err != nil {
		return err
	}
	if c.routing == RoutingHost {
		if err := c.resolveHost(); err != nil {
			return err
		}
	}
	if err := c.resolveServices(); err != nil {
		return err
	}
	c.resolveStages()
	return c.decideWhatToMake()
}

// resolveRouting: the request's routing, else the config's, else path; for
// a half-made environment with its rule, the rule's.
func (c *createPlan) resolveRouting() error {
	c.routing = c.req.Routing
	if c.half != nil && c.half.hasRule {
		c.routing = c.half.env.Routing // the rule there decides
	}
	if c.routing == "" {
		c.routing = c.cfg.ALB.Routing
	}
	if c.routing == "" {
		c.routing = RoutingPath
	}
	if c.routing != RoutingPath && c.routing != RoutingHost {
		return fmt.Errorf("cannot create %q: routing %q is neither path nor host", c.name, c.routing)
	}
	return nil
}

// resolveHost picks the hostname in host mode: a free slot of the pool, or
// the host pattern's name with its alias and record.
func (c *createPlan) resolveHost() error {
	cfg, half := c.cfg, c.half
	if cfg.CloudFront != nil && cfg.CloudFront.Slots != nil && cfg.CloudFront.Slots.Count > 0 {
		if half != nil && half.hasRule {
			c.slotHost, c.host = half.env.Slot, half.env.Hostname // claimed (or routed) already
			return nil
		}
		free, unavailable := freeSlot(c.inv.Slots)
		if free == "" {
			return &NoFreeSlotError{Pattern: cfg.CloudFront.Slots.Pattern, Unavailable: unavailable, Count: cfg.CloudFront.Slots.Count}
		}
		if half != nil && half.slot != "" && slotIsFree(c.inv.Slots, half.slot) {
			free = half.slot // the slot the killed create meant to claim
		}
		c.slotHost, c.host = free, free
		return nil
	}
	if cfg.ALB.HostPattern == "" {
		return fmt.Errorf("cannot create %q in host mode: alb.host_pattern is not configured", c.name)
	}
	c.host = MustPattern(cfg.ALB.HostPattern, PlaceholderEnv).Render(c.name)
	if cfg.CloudFront != nil && cfg.CloudFront.DistributionID != "" {
		c.withAlias, c.aliasName = true, c.host
		if cfg.CloudFront.AliasPattern != "" {
			c.aliasName = MustPattern(cfg.CloudFront.AliasPattern, PlaceholderEnv).Render(c.name)
		}
	}
	if cfg.Route53 != nil && cfg.Route53.HostedZoneID != "" {
		c.withRecord, c.recordName = true, c.aliasName
		if cfg.Route53.RecordPattern != "" {
			c.recordName = MustPattern(cfg.Route53.RecordPattern, PlaceholderEnv).Render(c.name)
		}
	}
	return nil
}

// decideWhatToMake: everything for a new environment; for a half-made one,
// what it lacks (with its rule there, its target group is there too: a
// target group in use cannot be deleted).
func (c *createPlan) decideWhatToMake() error {
	half := c.half
	c.decideServices()
	rules, tgs := c.serviceCounts()
	makeStage := c.decideStages()
	c.makeAlias = c.withAlias && !half.hasAlias(c.aliasName)
	c.makeRecord = c.withRecord && !half.hasRecord(c.recordName)
	if half != nil && rules == 0 && tgs == 0 && !makeStage && !c.makeAlias && !c.makeRecord {
		return takenError(c.name, " and is complete")
	}
	if c.makeRecord && (c.snap.Distribution == nil || c.snap.Distribution.DomainName == "") {
		return fmt.Errorf("cannot create %q: the distribution's domain name is unknown (cloudfront was not read)", c.name)
	}
	return nil
}

// freeSlot returns the first free slot host and how many are not free.
func freeSlot(slots []Slot) (string, int) {
	free := ""
	unavailable := 0
	for _, s := range slots {
		if s.State == SlotFree {
			if free == "" {
				free = s.Host
			}
			continue
		}
		unavailable++
	}
	return free, unavailable
}

// sameConditionValues reports whether a rule has a condition on c's field
// with the same values (hostnames case-insensitively).
func sameConditionValues(conds []Condition, c Condition) bool {
	for _, rc := range conds {
		if rc.Field != c.Field || rc.HeaderName != c.HeaderName || len(rc.Values) != len(c.Values) {
			continue
		}
		same := true
		for i := range rc.Values {
			if c.Field == "host-header" {
				same = same && strings.EqualFold(rc.Values[i], c.Values[i])
			} else {
				same = same && rc.Values[i] == c.Values[i]
			}
		}
		if same {
			return true
		}
	}
	return false
}

// SlotPriority is the listener rule priority reserved for the claim of slot
// host n of the pool: the top of alb.priority_range downwards (slot 1 gets
// the highest number). ok is false when host is not a slot of the pool or
// the range is too small.
func SlotPriority(cfg *Config, host string) (int, bool) {
	if host == "" || cfg.CloudFront == nil || cfg.CloudFront.Slots == nil || cfg.CloudFront.Slots.Pattern == "" {
		return 0, false
	}
	pat, err := ParsePattern(cfg.CloudFront.Slots.Pattern, PlaceholderSlot)
	if err != nil {
		return 0, false
	}
	v, ok := pat.Match(host)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > cfg.CloudFront.Slots.Count {
		return 0, false
	}
	lo, hi := cfg.ALB.PriorityRange[0], cfg.ALB.PriorityRange[1]
	if hi-lo+1 < 2*cfg.CloudFront.Slots.Count {
		return 0, false // too small a range to reserve the slots' priorities
	}
	return hi - (n - 1), true
}

// SlotPriorities are the priorities reserved for slot claims (none without a pool).
func SlotPriorities(cfg *Config) []int {
	if cfg.CloudFront == nil || cfg.CloudFront.Slots == nil {
		return nil
	}
	pat, err := ParsePattern(cfg.CloudFront.Slots.Pattern, PlaceholderSlot)
	if err != nil {
		return nil
	}
	var out []int
	for n := 1; n <= cfg.CloudFront.Slots.Count; n++ {
		if p, ok := SlotPriority(cfg, pat.Render(strconv.Itoa(n))); ok {
			out = append(out, p)
		}
	}
	return out
}
