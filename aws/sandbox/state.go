package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// state is everything the account holds; plain data, saved as JSON.
type state struct {
	AccountID     string          `json:"account_id"`
	Region        string          `json:"region"`
	Seq           uint64          `json:"seq"` // id generator: ids are deterministic
	LoadBalancers []*loadBalancer `json:"load_balancers"`
	TargetGroups  []*targetGroup  `json:"target_groups"`
	RestAPIs      []*restAPI      `json:"rest_apis"`
	HTTPAPIs      []*httpAPI      `json:"http_apis,omitempty"`
	Distributions []*distribution `json:"distributions"`
	Zones         []*zone         `json:"zones"`
	Quotas        []*quota        `json:"quotas"`
}

type loadBalancer struct {
	ARN       string      `json:"arn"`
	Name      string      `json:"name"`
	DNSName   string      `json:"dns_name"`
	CreatedAt time.Time   `json:"created_at"`
	Tags      tagMap      `json:"tags"`
	Listeners []*listener `json:"listeners"`
}

type listener struct {
	ARN      string  `json:"arn"`
	LBARN    string  `json:"lb_arn"`
	Port     int32   `json:"port"`
	Protocol string  `json:"protocol"`
	Tags     tagMap  `json:"tags"`
	Rules    []*rule `json:"rules"` // the default rule first, then in creation order
}

type rule struct {
	ARN        string                   `json:"arn"`
	Priority   int                      `json:"priority"` // 0 for the default rule
	IsDefault  bool                     `json:"is_default"`
	Conditions []elbtypes.RuleCondition `json:"conditions"`
	Actions    []elbtypes.Action        `json:"actions"`
	Transforms []elbtypes.RuleTransform `json:"transforms,omitempty"`
	Tags       tagMap                   `json:"tags"`
}

type targetGroup struct {
	ARN                string `json:"arn"`
	Name               string `json:"name"`
	TargetType         string `json:"target_type"`
	Protocol           string `json:"protocol,omitempty"`
	Port               int32  `json:"port,omitempty"`
	VpcID              string `json:"vpc_id,omitempty"`
	HealthCheckEnabled bool   `json:"health_check_enabled"`
	HealthCheckPath    string `json:"health_check_path,omitempty"`
	// Settings given at creation; zero means AWS's default (healthDefaults).
	HealthCheckProtocol string `json:"health_check_protocol,omitempty"`
	HealthCheckPort     string `json:"health_check_port,omitempty"`
	Interval            int32  `json:"interval,omitempty"`
	Timeout             int32  `json:"timeout,omitempty"`
	Healthy             int32  `json:"healthy,omitempty"`
	Unhealthy           int32  `json:"unhealthy,omitempty"`
	MatcherHTTP         string `json:"matcher_http,omitempty"`
	MatcherGRPC         string `json:"matcher_grpc,omitempty"`
	ProtocolVersion     string `json:"protocol_version,omitempty"`
	IPAddressType       string `json:"ip_address_type,omitempty"`
	// Attributes set by ModifyTargetGroupAttributes (the rest are defaults).
	Attributes tagMap    `json:"attributes,omitempty"`
	Tags       tagMap    `json:"tags"`
	Targets    []*target `json:"targets"`
}

// target health: State/Reason once settled; "initial" until SettleAt.
type target struct {
	ID          string    `json:"id"`
	Port        int32     `json:"port,omitempty"`
	AZ          string    `json:"az,omitempty"`
	State       string    `json:"state"`
	Reason      string    `json:"reason,omitempty"`
	Description string    `json:"description,omitempty"`
	SettleAt    time.Time `json:"settle_at"`
}

type restAPI struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	CreatedAt   time.Time     `json:"created_at"`
	Deployments []*deployment `json:"deployments"`
	Stages      []*stage      `json:"stages"`
}

type deployment struct {
	ID          string    `json:"id"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

type stage struct {
	Name         string `json:"name"`
	DeploymentID string `json:"deployment_id"`
	Description  string `json:"description,omitempty"`
	Variables    tagMap `json:"variables,omitempty"`
	// Settings: CreateStage sets the first four, UpdateStage all of them.
	Tracing        bool                             `json:"tracing,omitempty"`
	CacheEnabled   bool                             `json:"cache_enabled,omitempty"`
	CacheSize      string                           `json:"cache_size,omitempty"`
	Canary         *agtypes.CanarySettings          `json:"canary,omitempty"`
	DocVersion     string                           `json:"doc_version,omitempty"`
	ClientCert     string                           `json:"client_cert,omitempty"`
	AccessLog      *agtypes.AccessLogSettings       `json:"access_log,omitempty"`
	MethodSettings map[string]agtypes.MethodSetting `json:"method_settings,omitempty"`
	Tags           tagMap                           `json:"tags"`
	CreatedAt      time.Time                        `json:"created_at"`
	UpdatedAt      time.Time                        `json:"updated_at"`
}

type distribution struct {
	ID           string                     `json:"id"`
	ARN          string                     `json:"arn"`
	DomainName   string                     `json:"domain_name"`
	ETag         string                     `json:"etag"`
	LastModified time.Time                  `json:"last_modified"`
	DeployedAt   time.Time                  `json:"deployed_at"` // InProgress before this
	Config       cftypes.DistributionConfig `json:"config"`
}

type zone struct {
	ID              string                       `json:"id"` // without /hostedzone/
	Name            string                       `json:"name"`
	CallerReference string                       `json:"caller_reference"`
	MaxRecords      int64                        `json:"max_records"`
	Records         []r53types.ResourceRecordSet `json:"records"`
}

type quota struct {
	ServiceCode string  `json:"service_code"`
	QuotaCode   string  `json:"quota_code"`
	Name        string  `json:"name"`
	Value       float64 `json:"value"`   // applied
	Default     float64 `json:"default"` // AWS default
	Adjustable  bool    `json:"adjustable"`
	// DefaultOnly: GetServiceQuota answers NoSuchResource (CloudFront only
	// answers through GetAWSDefaultServiceQuota); Value is still enforced.
	DefaultOnly bool `json:"default_only,omitempty"`
}

// tagMap is a resource's tags (or stage variables).
type tagMap map[string]string

func (t tagMap) keys() []string {
	ks := make([]string, 0, len(t))
	for k := range t {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (t tagMap) copy() map[string]string {
	if t == nil {
		return nil
	}
	c := make(map[string]string, len(t))
	for k, v := range t {
		c[k] = v
	}
	return c
}

// with is a copy of t with add laid over it (never nil): what a TagResource
// or AddTags call leaves, before its count is checked.
func (t tagMap) with(add map[string]string) tagMap {
	merged := tagMap(t.copy())
	if merged == nil {
		merged = tagMap{}
	}
	for k, v := range add {
		merged[k] = v
	}
	return merged
}

func newState(account, region string) *state {
	return &state{AccountID: account, Region: region, Quotas: defaultQuotas()}
}

// hexID returns n deterministic hex digits for the next id.
func (s *state) hexID(n int) string {
	s.Seq++
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", s.AccountID, s.Region, s.Seq)))
	return hex.EncodeToString(h[:])[:n]
}

// upperID returns n deterministic characters from [A-Z0-9] (CloudFront,
// Route 53 style ids).
func (s *state) upperID(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	s.Seq++
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", s.AccountID, s.Region, s.Seq)))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[int(h[i%len(h)])%len(alphabet)]
	}
	return string(b)
}

// lowerID returns n deterministic characters from [a-z0-9] (API Gateway ids).
func (s *state) lowerID(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	s.Seq++
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", s.AccountID, s.Region, s.Seq)))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[int(h[i%len(h)])%len(alphabet)]
	}
	return string(b)
}

// clone deep-copies SDK values (so callers never share the account's state).
func clone[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sandbox: clone: %v", err))
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("sandbox: clone: %v", err))
	}
	return out
}
