// Package model is envdeck's domain: configuration, what was read from the
// account (Snapshot), how it maps to environments, findings, quotas and plans.
// It is pure: no AWS SDK, no network, no clock (callers pass "now").
package model

import "time"

// Config is envdeck.yaml (docs/CONTRACT.md § Configuration).
type Config struct {
	Region     string            `yaml:"region" json:"region,omitempty"`
	Profile    string            `yaml:"profile" json:"profile,omitempty"`
	AccountID  string            `yaml:"account_id" json:"account_id,omitempty"`
	APIBudget  float64           `yaml:"api_budget" json:"api_budget,omitempty"`
	Naming     NamingConfig      `yaml:"naming" json:"naming"`
	Tags       TagsConfig        `yaml:"tags" json:"tags"`
	GC         GCConfig          `yaml:"gc" json:"gc"`
	ALB        ALBConfig         `yaml:"alb" json:"alb"`
	Services   []ServiceConfig   `yaml:"services,omitempty" json:"services,omitempty"` // ServiceList
	APIGateway *APIGatewayConfig `yaml:"apigateway" json:"apigateway,omitempty"`
	// APIs: several APIs (REST and HTTP), each holding a stage per
	// environment; apigateway is its one-REST-API form (StageAPIs).
	APIs       []APIConfig       `yaml:"apis,omitempty" json:"apis,omitempty"`
	CloudFront *CloudFrontConfig `yaml:"cloudfront" json:"cloudfront,omitempty"`
	Route53    *Route53Config    `yaml:"route53" json:"route53,omitempty"`
	Limits     LimitsConfig      `yaml:"limits" json:"limits,omitzero"`
	// BaseURL is where path-routed environments are served
	// (https://preview.example.com); "": the CloudFront domain.
	BaseURL string `yaml:"base_url" json:"base_url,omitempty"`
	// Journal is where applies keep their journals: s3://bucket/prefix,
	// shared by the team; "": the local state folder.
	Journal string `yaml:"journal" json:"journal,omitempty"`
	// Cache is where the consoles of a team share one refresh (the lease
	// and the published snapshot): s3://bucket/prefix; "": the consoles of
	// one machine share it through the read cache directory.
	Cache string `yaml:"cache" json:"cache,omitempty"`
	// ReadOnly: this platform never mutates, whatever the flags say.
	ReadOnly bool `yaml:"read_only" json:"read_only,omitempty"`
	// Theme is the console header's colour for this platform (PlatformThemes).
	Theme string `yaml:"theme" json:"theme,omitempty"`
	// Platform is the name this configuration was selected under from the
	// file's platforms ("" for a file without platforms); not a YAML key.
	Platform string `yaml:"-" json:"platform,omitempty"`
}

type NamingConfig struct {
	EnvPattern string   `yaml:"env_pattern" json:"env_pattern"`
	Protected  []string `yaml:"protected" json:"protected"`
	DefaultTTL Duration `yaml:"default_ttl" json:"default_ttl"`
	// MaxTTL bounds every TTL create, extend and touch set; 0: no bound.
	MaxTTL Duration `yaml:"max_ttl" json:"max_ttl,omitzero"`
}

// LimitsConfig caps what one person may hold; 0: no cap.
type LimitsConfig struct {
	PerOwner int `yaml:"per_owner" json:"per_owner,omitempty"`
}

type TagsConfig struct {
	Prefix string `yaml:"prefix" json:"prefix"`
}

type GCConfig struct {
	Grace Duration `yaml:"grace" json:"grace"`
}

type ALBConfig struct {
	ListenerARN   string            `yaml:"listener_arn" json:"listener_arn"`
	Routing       string            `yaml:"routing" json:"routing"` // path | host
	PathPattern   string            `yaml:"path_pattern" json:"path_pattern"`
	HostPattern   string            `yaml:"host_pattern" json:"host_pattern"`
	PriorityRange [2]int            `yaml:"priority_range" json:"priority_range"`
	TargetGroup   TargetGroupConfig `yaml:"target_group" json:"target_group"`

	// AllowControllerListener: create on a listener the AWS Load Balancer
	// Controller manages anyway (it removes rules it did not create).
	AllowControllerListener bool `yaml:"allow_controller_listener" json:"allow_controller_listener,omitempty"`
	// ListenerARNs: a pool of listeners, one per load balancer (Pool).
	ListenerARNs []string `yaml:"listener_arns,omitempty" json:"listener_arns,omitempty"`
}

type TargetGroupConfig struct {
	Name     string `yaml:"name" json:"name"`
	Type     string `yaml:"type" json:"type"` // lambda | ip | instance
	Port     int    `yaml:"port" json:"port,omitempty"`
	Protocol string `yaml:"protocol" json:"protocol,omitempty"`
	VPCID    string `yaml:"vpc_id" json:"vpc_id,omitempty"`
}

type APIGatewayConfig struct {
	RestAPIID string            `yaml:"rest_api_id" json:"rest_api_id"`
	Stage     string            `yaml:"stage" json:"stage"`
	Variables map[string]string `yaml:"variables" json:"variables,omitempty"`
}

type CloudFrontConfig struct {
	DistributionID string       `yaml:"distribution_id" json:"distribution_id"`
	AliasPattern   string       `yaml:"alias_pattern" json:"alias_pattern"`
	Slots          *SlotsConfig `yaml:"slots" json:"slots,omitempty"`
}

type SlotsConfig struct {
	Pattern string `yaml:"pattern" json:"pattern"` // contains {n}
	Count   int    `yaml:"count" json:"count"`
}

type Route53Config struct {
	HostedZoneID  string `yaml:"hosted_zone_id" json:"hosted_zone_id"`
	RecordPattern string `yaml:"record_pattern" json:"record_pattern"`
}

// Duration is a time.Duration written as "72h", "90m" or "7d" in YAML and JSON.
type Duration struct{ time.Duration }
