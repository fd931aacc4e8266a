package model

import (
	"strings"
	"time"
)

// ResourceType is the JSON "type" of a resource (docs/CONTRACT.md § CLI contract).
type ResourceType string

const (
	TypeRule        ResourceType = "alb-rule"
	TypeTargetGroup ResourceType = "target-group"
	TypeStage       ResourceType = "apigw-stage"
	TypeAlias       ResourceType = "cloudfront-alias"
	TypeRecord      ResourceType = "route53-record"
)

// Source names one independently read part of the account. A failing source
// yields an Error entry and leaves the rest of the snapshot intact.
const (
	SourceSTS          = "sts"
	SourceALB          = "elbv2"               // load balancer, listeners, rules, target groups, tags
	SourceTargetHealth = "elbv2:target-health" // DescribeTargetHealth per target group
	SourceAPIGateway   = "apigateway"          // REST APIs; SourceError.API names which
	SourceAPIGatewayV2 = "apigatewayv2"        // HTTP APIs; SourceError.API names which
	SourceCloudFront   = "cloudfront"
	// SourceDistributions: every distribution of the account (ListDistributions),
	// read to tell a dangling record from one another distribution serves.
	SourceDistributions = "cloudfront:distributions"
	SourceRoute53       = "route53"
	SourceQuotas        = "servicequotas"
)

// Snapshot is what one discovery read from the account. Plain data: the
// aws package fills it, everything else only reads it.
type Snapshot struct {
	Taken           time.Time     `json:"taken"`
	Account         string        `json:"account"`
	Region          string        `json:"region"`
	Profile         string        `json:"profile,omitempty"` // "sandbox" for the demo account
	LoadBalancerARN string        `json:"load_balancer_arn"`
	Listeners       []Listener    `json:"listeners"`
	Rules           []Rule        `json:"rules"`
	TargetGroups    []TargetGroup `json:"target_groups"`
	// RestAPIID: the first configured REST API (the apigateway key's).
	RestAPIID string `json:"rest_api_id,omitempty"`
	// Deployments of every configured REST API, newest first per API
	// (DeploymentsOf).
	Deployments []Deployment `json:"deployments,omitempty"`
	Stages      []Stage      `json:"stages"`
	// HTTPStages: the stages of every configured HTTP API.
	HTTPStages   []HTTPStage   `json:"http_stages,omitempty"`
	Distribution *Distribution `json:"distribution,omitempty"`
	// AccountDistributions: every distribution of the account, the
	// configured one included; nil when not read (then no record is judged
	// dangling).
	AccountDistributions []DistributionSummary `json:"account_distributions,omitempty"`
	HostedZoneID         string                `json:"hosted_zone_id,omitempty"`
	// Records holds the zone's records that point at a *.cloudfront.net name
	// (A/AAAA alias or CNAME); ZoneRecordCount counts every record set of the zone.
	Records         []Record `json:"records"`
	ZoneRecordCount int      `json:"zone_record_count"`
	Limits          []Limit  `json:"limits"`
	// History: environments known from journals (deleted ones included), for the forecast.
	History []EnvLifetime `json:"history,omitempty"`
	Errors  []SourceError `json:"errors"`
	// Unread names the parts a discovery left out because the command did
	// not need them (Needs, Part*): each is unknown, never empty.
	Unread []string  `json:"unread,omitempty"`
	Calls  CallCount `json:"calls,omitempty"`
	// HealthReadAt: when each target group's health (HealthRead) was read,
	// by ARN; earlier than Taken when it came from the read cache. A read
	// time, not a fact of the account: left out of the snapshot's JSON.
	HealthReadAt map[string]time.Time `json:"-"`

	// LoadBalancers: the load balancer of each configured listener, with
	// its tags and the listener's (who else manages them: owners.go).
	LoadBalancers []LoadBalancer `json:"load_balancers,omitempty"`
}

// LoadBalancer is one configured listener's load balancer as read.
type LoadBalancer struct {
	ARN          string            `json:"arn"`
	ListenerARN  string            `json:"listener_arn"`
	Tags         map[string]string `json:"tags"`
	ListenerTags map[string]string `json:"listener_tags"`
	// TagsUnread: the tag read of either failed; who manages them is unknown.
	TagsUnread bool `json:"tags_unread,omitempty"`
}

// SourceError says which source failed and why; the TUI shows one banner each.
type SourceError struct {
	Source  string `json:"source"`
	Message string `json:"message"`
	// API: the API whose read failed (API Gateway sources); "" when the
	// failure is not one API's.
	API string `json:"api,omitempty"`
}

// CallCount counts API calls by "service:Action".
type CallCount map[string]int

type Listener struct {
	ARN      string `json:"arn"`
	Port     int    `json:"port"`
	Protocol string `json:"protocol"`
	// DefaultActions of the listener (its default rule).
	DefaultActions []Action `json:"default_actions"`
}

type Rule struct {
	ARN         string            `json:"arn"`
	ListenerARN string            `json:"listener_arn"`
	Priority    int               `json:"priority"` // 0 for the default rule
	IsDefault   bool              `json:"is_default"`
	Conditions  []Condition       `json:"conditions"`
	Actions     []Action          `json:"actions"`
	Transforms  []RuleTransform   `json:"transforms,omitempty"`
	Tags        map[string]string `json:"tags"`
	// TagsUnread is set by discovery when the tag read for this rule failed:
	// Tags are then empty and say nothing (not "unowned", not "not kept":
	// unknown), and the model protects what it cannot judge. The zero value
	// means read because discovery is the one place a tag read can fail, and
	// it sets the flag right there; definitions in plans and test fixtures
	// carry their tags.
	TagsUnread bool `json:"tags_unread,omitempty"`
}

// Condition is one rule condition; Field is the ELB field name
// (path-pattern, host-header, http-header, query-string, source-ip, http-request-method).
type Condition struct {
	Field      string   `json:"field"`
	HeaderName string   `json:"header_name,omitempty"` // http-header only
	Values     []string `json:"values"`
	// Regex holds the condition's regular expressions (RegexValues), which
	// ALB matches besides Values; a rule with only Regex is not "match all".
	Regex []string `json:"regex,omitempty"`
}

// Action is one rule action; the field matching Type is set.
type Action struct {
	Type          string                `json:"type"` // forward | fixed-response | redirect | authenticate-oidc | authenticate-cognito | jwt-validation
	Order         int                   `json:"order,omitempty"`
	TargetGroups  []WeightedTargetGroup `json:"target_groups,omitempty"`
	Stickiness    *ForwardStickiness    `json:"stickiness,omitempty"` // forward only
	FixedResponse *FixedResponseConfig  `json:"fixed_response,omitempty"`
	Redirect      *RedirectConfig       `json:"redirect,omitempty"`
	OIDC          *AuthenticateOIDC     `json:"authenticate_oidc,omitempty"`
	Cognito       *AuthenticateCognito  `json:"authenticate_cognito,omitempty"`
	JWT           *JWTValidation        `json:"jwt_validation,omitempty"`
}

// WeightedTargetGroup: ARN when known; Name lets a plan refer to a target
// group that the same plan creates.
type WeightedTargetGroup struct {
	ARN    string `json:"arn,omitempty"`
	Name   string `json:"name,omitempty"`
	Weight int    `json:"weight"`
}

type FixedResponseConfig struct {
	StatusCode  string `json:"status_code"`
	ContentType string `json:"content_type,omitempty"`
	MessageBody string `json:"message_body,omitempty"`
}

type RedirectConfig struct {
	StatusCode string `json:"status_code"`
	Protocol   string `json:"protocol,omitempty"`
	Host       string `json:"host,omitempty"`
	Port       string `json:"port,omitempty"`
	Path       string `json:"path,omitempty"`
	Query      string `json:"query,omitempty"`
}

type TargetGroup struct {
	ARN                string `json:"arn"`
	Name               string `json:"name"`
	TargetType         string `json:"target_type"` // lambda | ip | instance
	Protocol           string `json:"protocol,omitempty"`
	Port               int    `json:"port,omitempty"`
	VPCID              string `json:"vpc_id,omitempty"`
	HealthCheckEnabled bool   `json:"health_check_enabled"`
	HealthCheckPath    string `json:"health_check_path,omitempty"`
	// The rest of the CreateTargetGroup settings, as AWS reports them.
	HealthCheckProtocol string         `json:"health_check_protocol,omitempty"`
	HealthCheckPort     string         `json:"health_check_port,omitempty"`
	HealthCheckInterval int            `json:"health_check_interval_seconds,omitempty"`
	HealthCheckTimeout  int            `json:"health_check_timeout_seconds,omitempty"`
	HealthyThreshold    int            `json:"healthy_threshold,omitempty"`
	UnhealthyThreshold  int            `json:"unhealthy_threshold,omitempty"`
	Matcher             *HealthMatcher `json:"matcher,omitempty"`
	ProtocolVersion     string         `json:"protocol_version,omitempty"`
	IPAddressType       string         `json:"ip_address_type,omitempty"`
	TargetControlPort   int            `json:"target_control_port,omitempty"`
	// Attributes (DescribeTargetGroupAttributes) are read by apply before a
	// delete, not by discovery: AttributesRead says they were.
	Attributes     map[string]string `json:"attributes,omitempty"`
	AttributesRead bool              `json:"attributes_read,omitempty"`
	Tags           map[string]string `json:"tags"`
	// TagsUnread: DescribeTags failed for this group; see Rule.TagsUnread.
	TagsUnread bool `json:"tags_unread,omitempty"`
	// HealthRead is false until DescribeTargetHealth answered for this group
	// (health streams in after the lists; a failed read, or a command that
	// did not need it, leaves it false).
	HealthRead bool     `json:"health_read"`
	Targets    []Target `json:"targets"`
	// LoadBalancerARNs: the load balancers the group is attached to, as
	// DescribeTargetGroups says (deduplicated, sorted). Exact on AWS; on
	// some endpoints it keeps a load balancer after its last rule went, so
	// attachment to the configured one is computed from its rules instead.
	LoadBalancerARNs []string `json:"load_balancer_arns,omitempty"`
}

type Target struct {
	ID     string `json:"id"`
	Port   int    `json:"port,omitempty"`
	AZ     string `json:"availability_zone,omitempty"` // as registered ("all" for IPs outside the VPC)
	State  string `json:"state"`                       // healthy | unhealthy | initial | unused | draining | unavailable
	Reason string `json:"reason,omitempty"`            // e.g. Target.HealthCheckDisabled
}

type Deployment struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	// APIID: the REST API of the deployment ("" in older snapshots: the
	// snapshot's RestAPIID).
	APIID string `json:"api_id,omitempty"`
}

type Stage struct {
	RestAPIID    string            `json:"rest_api_id"`
	Name         string            `json:"name"`
	DeploymentID string            `json:"deployment_id"`
	Description  string            `json:"description,omitempty"`
	Variables    map[string]string `json:"variables,omitempty"`
	// Settings beyond the deployment and variables.
	TracingEnabled       bool                     `json:"tracing_enabled,omitempty"`
	CacheClusterEnabled  bool                     `json:"cache_cluster_enabled,omitempty"`
	CacheClusterSize     string                   `json:"cache_cluster_size,omitempty"`
	MethodSettings       map[string]MethodSetting `json:"method_settings,omitempty"`
	Canary               *CanarySettings          `json:"canary,omitempty"`
	AccessLog            *AccessLogSettings       `json:"access_log,omitempty"`
	ClientCertificateID  string                   `json:"client_certificate_id,omitempty"`
	DocumentationVersion string                   `json:"documentation_version,omitempty"`
	// WebACLARN: a WAF association, made through WAF; restore does not remake it.
	WebACLARN string            `json:"web_acl_arn,omitempty"`
	Tags      map[string]string `json:"tags"`
	CreatedAt time.Time         `json:"created_at"`
}

type Distribution struct {
	ID         string   `json:"id"`
	DomainName string   `json:"domain_name"` // dxxxx.cloudfront.net
	Status     string   `json:"status"`      // InProgress | Deployed
	ETag       string   `json:"etag"`
	Aliases    []string `json:"aliases"`
}

// DistributionSummary is one distribution of the account as listed.
type DistributionSummary struct {
	ID         string   `json:"id"`
	DomainName string   `json:"domain_name"`
	Aliases    []string `json:"aliases"`
}

// Alias is one alternate domain name of a distribution (the unit envdeck adds/removes).
type Alias struct {
	DistributionID string `json:"distribution_id"`
	Name           string `json:"name"`
}

type Record struct {
	ZoneID string `json:"zone_id"`
	Name   string `json:"name"` // without the trailing dot
	Type   string `json:"type"` // A | AAAA | CNAME
	// AliasTarget is the DNS name an alias record points at (no trailing dot);
	// AliasZoneID its hosted zone (Z2FDTNDATAQYW2 for CloudFront).
	AliasTarget string   `json:"alias_target,omitempty"`
	AliasZoneID string   `json:"alias_zone_id,omitempty"`
	TTL         int64    `json:"ttl,omitempty"`
	Values      []string `json:"values,omitempty"` // CNAME value(s), no trailing dot
	// Routing policy: SetIdentifier names one record of several with the
	// same name and type (weighted, failover, geolocation, latency, ...).
	SetIdentifier        string        `json:"set_identifier,omitempty"`
	Weight               *int64        `json:"weight,omitempty"`
	Region               string        `json:"region,omitempty"`
	Failover             string        `json:"failover,omitempty"`
	GeoLocation          *GeoLocation  `json:"geo_location,omitempty"`
	GeoProximity         *GeoProximity `json:"geo_proximity,omitempty"`
	CIDRRouting          *CIDRRouting  `json:"cidr_routing,omitempty"`
	MultiValueAnswer     *bool         `json:"multi_value_answer,omitempty"`
	HealthCheckID        string        `json:"health_check_id,omitempty"`
	EvaluateTargetHealth bool          `json:"evaluate_target_health,omitempty"`
}

// ID is the record's resource ID: ZONE_ID/NAME/TYPE, and /SET_IDENTIFIER
// after it for one record of a routing policy (weighted, failover, ...).
func (r Record) ID() string {
	return RecordSetID(r.ZoneID, r.Name, r.Type, r.SetIdentifier)
}

// Target returns where the record points (alias target or CNAME value).
func (r Record) Target() string {
	if r.AliasTarget != "" {
		return r.AliasTarget
	}
	if len(r.Values) > 0 {
		return r.Values[0]
	}
	return ""
}

// Limit is one quota limit as read, with where it came from.
type Limit struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Source string  `json:"source"` // service-quotas | aws-default | elb-account-limits | built-in
}

const (
	LimitSourceServiceQuotas = "service-quotas"
	LimitSourceAWSDefault    = "aws-default"
	LimitSourceELB           = "elb-account-limits"
	LimitSourceBuiltIn       = "built-in"
)

// Quota codes envdeck reads (docs/TESTING.md § Service Quotas codes).
const (
	QuotaRulesPerALB        = "L-7EED9B64"
	QuotaTargetGroupsPerALB = "L-822D1B1B"
	QuotaStagesPerAPI       = "L-379E48B0"
	QuotaAliasesPerDist     = "L-AAD4943E"
	QuotaRecordsPerZone     = "MAX_RRSETS_BY_ZONE"
	QuotaFreeSlots          = "slots" // not an AWS quota: the prepared slot pool
)

// EnvLifetime is one environment's lifetime as remembered by a journal.
type EnvLifetime struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ResourceID builders (docs/CONTRACT.md § CLI contract).
func StageID(restAPIID, stage string) string   { return restAPIID + "/" + stage }
func AliasID(distID, alias string) string      { return distID + "/" + alias }
func RecordID(zoneID, name, typ string) string { return zoneID + "/" + name + "/" + typ }

// RecordSetID is RecordID with the set identifier appended when there is one.
func RecordSetID(zoneID, name, typ, setID string) string {
	if setID == "" {
		return RecordID(zoneID, name, typ)
	}
	return RecordID(zoneID, name, typ) + "/" + setID
}

// ParseRecordID splits a record ID into zone, name, type and set identifier
// (the set identifier may itself contain "/").
func ParseRecordID(id string) (zone, name, typ, setID string, ok bool) {
	parts := strings.SplitN(id, "/", 4)
	if len(parts) < 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", "", false
	}
	if len(parts) == 4 {
		setID = parts[3]
	}
	return parts[0], parts[1], parts[2], setID, true
}
