package model

import "time"

// Inventory is the snapshot understood: environments, slots, findings and
// quotas. Build it with BuildInventory; the CLI and the TUI only render it.
type Inventory struct {
	Snapshot     *Snapshot     `json:"-"`
	Environments []Environment `json:"environments"`
	Unassigned   []ResourceRef `json:"unassigned"`
	Slots        []Slot        `json:"slots"`
	Findings     []Finding     `json:"findings"`
	Quotas       []QuotaUsage  `json:"quotas"`
	Capacity     Capacity      `json:"capacity"`
	Forecast     Forecast      `json:"forecast"`
	Errors       []SourceError `json:"errors"`

	// Foreign: the resources another tool owns (owners.go), by ID.
	Foreign map[string]ForeignOwner `json:"-"`
	// envLB: the one load balancer each environment lives on (pool.go).
	envLB map[string]string
}

// Environment statuses (docs/CONTRACT.md § CLI contract).
const (
	StatusHealthy   = "healthy"
	StatusDegraded  = "degraded"
	StatusPartial   = "partial"
	StatusExpired   = "expired"
	StatusProtected = "protected"
)

const (
	RoutingPath = "path"
	RoutingHost = "host"
)

type Environment struct {
	Name      string        `json:"name"`
	Status    string        `json:"status"`
	Protected bool          `json:"protected"`
	Owner     string        `json:"owner"`
	CreatedAt *time.Time    `json:"created_at"`
	ExpiresAt *time.Time    `json:"expires_at"`
	Routing   string        `json:"routing"`            // path | host
	Hostname  string        `json:"hostname,omitempty"` // host mode
	Slot      string        `json:"slot,omitempty"`     // the claimed slot hostname
	Keep      bool          `json:"keep,omitempty"`     // envdeck:keep=true
	Resources []ResourceRef `json:"resources"`
	// Services and the names of those missing their rule or target group,
	// when the config lists services (Config.HasServices).
	Services        []EnvService `json:"services,omitempty"`
	MissingServices []string     `json:"missing_services,omitempty"`

	// Listener: the configured listener of the load balancer the
	// environment lives on ("" when split across the pool or on none).
	Listener string `json:"listener,omitempty"`
}

// ResourceRef names one resource. Owned is meaningful inside an environment.
type ResourceRef struct {
	Type  ResourceType `json:"type"`
	ID    string       `json:"id"`
	Owned bool         `json:"owned"`
	// Service of a rule or target group of an environment, when the config
	// lists services (Config.HasServices).
	Service string `json:"service,omitempty"`
}

// Slot states.
const (
	SlotFree    = "free"
	SlotClaimed = "claimed"
	SlotBroken  = "broken"
)

type Slot struct {
	Host        string `json:"host"`
	State       string `json:"state"`
	Environment string `json:"environment"` // "" unless claimed (JSON null via the CLI)
	Reason      string `json:"reason"`
}

// Finding kinds (docs/CONTRACT.md § Findings).
const (
	FindingExpired            = "expired-environment"
	FindingOrphanRule         = "orphan-rule"
	FindingOrphanTargetGroup  = "orphan-target-group"
	FindingOrphanStage        = "orphan-stage"
	FindingDanglingRecord     = "dangling-record"
	FindingBrokenSlot         = "broken-slot"
	FindingAliasWithoutRecord = "alias-without-record"
	FindingShadowedRule       = "shadowed-rule"
	FindingTagConflict        = "tag-conflict"
	FindingInvalidTag         = "invalid-tag" // an envdeck tag value envdeck cannot use
	FindingUnmanaged          = "unmanaged"
	FindingQuotaPressure      = "quota-pressure"
)

const (
	SeverityInfo     = "info"
	SeverityWarning  = "warning"
	SeverityCritical = "critical"
)

// Finding actions.
const (
	ActionDelete = "delete"
	ActionNone   = "none"
)

type Finding struct {
	Kind        string      `json:"kind"`
	Severity    string      `json:"severity"`
	Environment string      `json:"environment"` // "" when none (JSON null via the CLI)
	Resource    ResourceRef `json:"resource"`
	Reason      string      `json:"reason"`
	Action      string      `json:"action"`
}

// QuotaUsage is one quota with its use and headroom.
type QuotaUsage struct {
	Name          string  `json:"name"`
	Code          string  `json:"code"`
	Scope         string  `json:"scope"` // e.g. the ALB name, REST API id, distribution id, zone id
	Used          int     `json:"used"`
	Limit         int     `json:"limit"`
	Source        string  `json:"source"`
	Percent       float64 `json:"percent"`
	EnvsRemaining int     `json:"envs_remaining"`
}

type Capacity struct {
	EnvsRemaining int    `json:"envs_remaining"`
	Bottleneck    string `json:"bottleneck"` // quota name
}

type Forecast struct {
	CreationsPerDay   float64    `json:"creations_per_day"`
	MeanLifetimeHours float64    `json:"mean_lifetime_hours"`
	SteadyStateEnvs   float64    `json:"steady_state_envs"`
	FullOn            *time.Time `json:"full_on"` // nil: never at this rate
	// Bottleneck is the name of the quota FullOn refers to (Capacity.Bottleneck);
	// not part of the JSON contract.
	Bottleneck string `json:"-"`
}
