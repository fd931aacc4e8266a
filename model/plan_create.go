package model

import (
	"errors"
	"fmt"
	"sort"
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
func PlanCreate(inv *Inventory, cfg *Config, req CreateRequest, now time.Time) (Plan, error) {
	if inv == nil || inv.Snapshot == nil {
		return Plan{}, errors.New("create: no inventory")
	}
	snap := inv.Snapshot
	name := req.Name
	if err := cfg.ValidateEnvName(name); err != nil {
		return Plan{}, err
	}
	if cfg.IsProtectedName(name) {
		return Plan{}, &ProtectedNameError{Name: name}
	}
	if err := cfg.CheckTTL(req.TTL); err != nil {
		return Plan{}, fmt.Errorf("cannot create %q: %w", name, err)
	}
	if err := checkOwnerLimit(inv, cfg, req); err != nil {
		return Plan{}, err
	}
	var half *halfMade // nil: a new environment
	if e, ok := inv.Env(name); ok {
		h, err := existingEnv(inv, cfg, e, now)
		if err != nil {
			return Plan{}, err
		}
		half = h
	}
	routing := req.Routing
	if half != nil && half.hasRule {
		routing = half.env.Routing // the rule there decides
	}
	if routing == "" {
		routing = cfg.ALB.Routing
	}
	if routing == "" {
		routing = RoutingPath
	}
	if routing != RoutingPath && routing != RoutingHost {
		return Plan{}, fmt.Errorf("cannot create %q: routing %q is neither path nor host", name, routing)
	}
	if cfg.ALB.ListenerARN == "" {
		return Plan{}, errors.New("cannot create: alb.listener_arn is not configured")
	}

	// What the environment will be made of.
	withStage := !req.NoStage && cfg.APIGateway != nil && cfg.APIGateway.RestAPIID != ""
	var slotHost, host, aliasName, recordName string
	withAlias, withRecord := false, false
	if routing == RoutingHost {
		if cfg.CloudFront != nil && cfg.CloudFront.Slots != nil && cfg.CloudFront.Slots.Count > 0 {
			if half != nil && half.hasRule {
				slotHost, host = half.env.Slot, half.env.Hostname // claimed (or routed) already
			} else {
				free, unavailable := freeSlot(inv.Slots)
				if free == "" {
					return Plan{}, &NoFreeSlotError{Pattern: cfg.CloudFront.Slots.Pattern, Unavailable: unavailable, Count: cfg.CloudFront.Slots.Count}
				}
				if half != nil && half.slot != "" && slotIsFree(inv.Slots, half.slot) {
					free = half.slot // the slot the killed create meant to claim
				}
				slotHost, host = free, free
			}
		} else {
			if cfg.ALB.HostPattern == "" {
				return Plan{}, fmt.Errorf("cannot create %q in host mode: alb.host_pattern is not configured", name)
			}
			host = MustPattern(cfg.ALB.HostPattern, PlaceholderEnv).Render(name)
			if cfg.CloudFront != nil && cfg.CloudFront.DistributionID != "" {
				withAlias = true
				aliasName = host
				if cfg.CloudFront.AliasPattern != "" {
					aliasName = MustPattern(cfg.CloudFront.AliasPattern, PlaceholderEnv).Render(name)
				}
			}
			if cfg.Route53 != nil && cfg.Route53.HostedZoneID != "" {
				withRecord = true
				recordName = aliasName
				if cfg.Route53.RecordPattern != "" {
					recordName = MustPattern(cfg.Route53.RecordPattern, PlaceholderEnv).Render(name)
				}
			}
		}
	}
	tgName := MustPattern(cfg.ALB.TargetGroup.Name, PlaceholderEnv).Render(name)
	var stageName string
	if withStage {
		stageName = name
		if cfg.APIGateway.Stage != "" {
			stageName = MustPattern(cfg.APIGateway.Stage, PlaceholderEnv).Render(name)
		}
	}

	// What to make: everything for a new environment; for a half-made one,
	// what it lacks (with its rule there, its target group is there too: a
	// target group in use cannot be deleted).
	makeRule := !half.hasRuleDone()
	makeTG := makeRule && !half.hasTG(tgName)
	makeStage := withStage && !half.hasStage(stageName)
	makeAlias := withAlias && !half.hasAlias(aliasName)
	makeRecord := withRecord && !half.hasRecord(recordName)
	if half != nil && !makeRule && !makeTG && !makeStage && !makeAlias && !makeRecord {
		return Plan{}, takenError(name, " and is complete")
	}
	if makeRecord && (snap.Distribution == nil || snap.Distribution.DomainName == "") {
		return Plan{}, fmt.Errorf("cannot create %q: the distribution's domain name is unknown (cloudfront was not read)", name)
	}

	// Headroom of every quota the environment needs, before anything.
	var need []string
	if makeRule {
		need = append(need, QuotaRulesPerALB)
	}
	if makeTG {
		need = append(need, QuotaTargetGroupsPerALB)
	}
	if makeStage {
		need = append(need, QuotaStagesPerAPI)
	}
	if makeAlias {
		need = append(need, QuotaAliasesPerDist)
	}
	if makeRecord {
		need = append(need, QuotaRecordsPerZone)
	}
	for _, code := range need {
		for _, q := range inv.Quotas {
			if q.Code == code && q.Limit > 0 && q.Used+1 > q.Limit {
				return Plan{}, &QuotaFullError{Name: q.Name, Code: q.Code, Used: q.Used, Limit: q.Limit}
			}
		}
	}

	// Names that must be free.
	for _, tg := range snap.TargetGroups {
		if makeTG && tg.Name == tgName {
			return Plan{}, &NameTakenError{Name: name, Reason: "target group " + tgName + " already exists"}
		}
	}
	var deployment string
	if makeStage {
		for _, st := range snap.Stages {
			if st.Name == stageName {
				return Plan{}, &NameTakenError{Name: name, Reason: "stage " + StageID(st.RestAPIID, stageName) + " already exists"}
			}
		}
		if len(snap.Deployments) == 0 {
			return Plan{}, fmt.Errorf("cannot create %q: REST API %s has no deployment to create a stage from", name, cfg.APIGateway.RestAPIID)
		}
		deployment = latestDeployment(snap.Deployments).ID
	}
	var condition Condition
	if routing == RoutingPath {
		condition = Condition{Field: "path-pattern", Values: []string{MustPattern(cfg.ALB.PathPattern, PlaceholderEnv).Render(name)}}
	} else {
		condition = Condition{Field: "host-header", Values: []string{host}}
	}
	taken := map[int]bool{}
	for _, r := range snap.Rules {
		if r.ListenerARN != cfg.ALB.ListenerARN {
			continue
		}
		taken[r.Priority] = true
		if makeRule && !r.IsDefault && sameConditionValues(r.Conditions, condition) {
			return Plan{}, &NameTakenError{Name: name, Reason: fmt.Sprintf("rule %s already routes %s", r.ARN, condition.Values[0])}
		}
	}
	if makeAlias && snap.Distribution != nil {
		for _, a := range snap.Distribution.Aliases {
			if strings.EqualFold(a, aliasName) {
				return Plan{}, &NameTakenError{Name: name, Reason: "alias " + aliasName + " already exists"}
			}
		}
	}
	if makeRecord {
		for _, r := range snap.Records {
			if strings.EqualFold(r.Name, recordName) {
				return Plan{}, &NameTakenError{Name: name, Reason: "record " + RecordID(r.ZoneID, r.Name, r.Type) + " already exists"}
			}
		}
	}
	var priority int
	if !makeRule {
		// no rule to place
	} else if p, ok := SlotPriority(cfg, slotHost); ok && !taken[p] {
		// A slot claim takes the slot's own priority: the listener's
		// priority uniqueness then lets exactly one of two racing claims win.
		priority = p
	} else {
		alloc := taken
		if slotHost == "" {
			// Keep the slots' priorities free for their claims.
			alloc = make(map[int]bool, len(taken))
			for k := range taken {
				alloc[k] = true
			}
			for _, p := range SlotPriorities(cfg) {
				alloc[p] = true
			}
		}
		var err error
		priority, err = AllocatePriority(cfg.ALB.PriorityRange[0], cfg.ALB.PriorityRange[1], alloc, name)
		if err != nil {
			return Plan{}, fmt.Errorf("cannot create %q: %w", name, err)
		}
	}

	ttl := req.TTL
	if ttl <= 0 {
		ttl = cfg.Naming.DefaultTTL.Duration
	}
	if ttl <= 0 {
		ttl = fallbackTTL
	}
	owner := req.Owner
	if owner == "" {
		owner = unknownOwner
	}
	created, expires := now, now.Add(ttl)
	if half != nil {
		// What is made joins what is there: same owner, same times.
		if half.owner != "" {
			owner = half.owner
		}
		if half.hasTimes {
			created, expires = half.created, half.expires
		}
	}
	keys := cfg.Keys()
	tags := func() map[string]string { return keys.For(name, owner, created, expires, slotHost) }

	tgType := cfg.ALB.TargetGroup.Type
	if tgType == "" {
		tgType = "lambda"
	}
	tg := &TargetGroup{Name: tgName, TargetType: tgType, Tags: tags(), HealthCheckEnabled: tgType != "lambda"}
	if tgType != "lambda" {
		tg.Protocol, tg.Port, tg.VPCID = cfg.ALB.TargetGroup.Protocol, cfg.ALB.TargetGroup.Port, cfg.ALB.TargetGroup.VPCID
	}
	tgReason, err := withTargets(tg, req.Targets, makeTG)
	if err != nil {
		return Plan{}, fmt.Errorf("cannot create %q: %w", name, err)
	}
	rule := &Rule{
		ListenerARN: cfg.ALB.ListenerARN,
		Priority:    priority,
		Conditions:  []Condition{condition},
		Actions:     []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{Name: tgName, Weight: 1}}}},
		Tags:        tags(),
	}
	var steps []Step
	if makeTG {
		steps = append(steps, Step{Action: StepCreate, Type: TypeTargetGroup, ID: tgName, Env: name, Reason: "target group of " + name + tgReason, Def: &Definition{TargetGroup: tg}})
	}
	if makeRule {
		st := Step{Action: StepCreate, Type: TypeRule, ID: RuleCreateID(cfg.ALB.ListenerARN, condition), Env: name,
			Reason: fmt.Sprintf("%s %s → %s at priority %d", condition.Field, condition.Values[0], tgName, priority), Def: &Definition{Rule: rule}}
		if slotHost != "" {
			st.Reason += " (claims slot " + slotHost + ")"
		}
		steps = append(steps, st)
	}
	if makeStage {
		vars := map[string]string{}
		for k, v := range cfg.APIGateway.Variables {
			vars[k] = strings.ReplaceAll(v, PlaceholderEnv, name)
		}
		st := &Stage{RestAPIID: cfg.APIGateway.RestAPIID, Name: stageName, DeploymentID: deployment, Variables: vars, Tags: tags()}
		steps = append(steps, Step{Action: StepCreate, Type: TypeStage, ID: StageID(st.RestAPIID, stageName), Env: name,
			Reason: "stage from deployment " + deployment, Def: &Definition{Stage: st}})
	}
	if makeAlias {
		a := &Alias{DistributionID: cfg.CloudFront.DistributionID, Name: aliasName}
		steps = append(steps, Step{Action: StepCreate, Type: TypeAlias, ID: AliasID(a.DistributionID, a.Name), Env: name,
			Reason: "alternate domain name of the distribution", Def: &Definition{Alias: a}})
	}
	if makeRecord {
		rec := &Record{ZoneID: cfg.Route53.HostedZoneID, Name: recordName, Type: "A",
			AliasTarget: strings.TrimSuffix(snap.Distribution.DomainName, "."), AliasZoneID: CloudFrontHostedZoneID}
		steps = append(steps, Step{Action: StepCreate, Type: TypeRecord, ID: RecordID(rec.ZoneID, rec.Name, rec.Type), Env: name,
			Reason: "alias record → " + rec.AliasTarget, Def: &Definition{Record: rec}})
	}
	for i := range steps {
		steps[i].Reason += half.note()
	}
	return Plan{
		Kind: "create", Account: snap.Account, Region: snap.Region, Profile: snap.Profile,
		CreatedAt: now, Fingerprint: snap.Fingerprint(), Steps: steps,
	}, nil
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

func latestDeployment(ds []Deployment) Deployment {
	sorted := append([]Deployment(nil), ds...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].CreatedAt.After(sorted[j].CreatedAt) })
	return sorted[0]
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
