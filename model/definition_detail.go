package model

// The settings of a resource beyond the few every view needs: everything a
// journal keeps so that restore recreates the resource as it was. All plain
// data; zero values mean "not set" (JSON leaves them out).

// ForwardStickiness is a forward action's target group stickiness, present
// only when enabled (AWS reads a disabled one back as Enabled false, moto
// leaves it out: both mean none).
type ForwardStickiness struct {
	DurationSeconds int `json:"duration_seconds,omitempty"`
}

// AuthenticateOIDC is an authenticate-oidc action. Its client secret is not
// here: AWS never returns it (Definition.Unrecoverable names it).
type AuthenticateOIDC struct {
	Issuer                string            `json:"issuer"`
	AuthorizationEndpoint string            `json:"authorization_endpoint"`
	TokenEndpoint         string            `json:"token_endpoint"`
	UserInfoEndpoint      string            `json:"user_info_endpoint"`
	ClientID              string            `json:"client_id"`
	SessionCookieName     string            `json:"session_cookie_name,omitempty"`
	Scope                 string            `json:"scope,omitempty"`
	SessionTimeout        int64             `json:"session_timeout,omitempty"`
	ExtraParams           map[string]string `json:"extra_params,omitempty"`
	OnUnauthenticated     string            `json:"on_unauthenticated,omitempty"` // deny | allow | authenticate
}

// AuthenticateCognito is an authenticate-cognito action.
type AuthenticateCognito struct {
	UserPoolARN       string            `json:"user_pool_arn"`
	UserPoolClientID  string            `json:"user_pool_client_id"`
	UserPoolDomain    string            `json:"user_pool_domain"`
	SessionCookieName string            `json:"session_cookie_name,omitempty"`
	Scope             string            `json:"scope,omitempty"`
	SessionTimeout    int64             `json:"session_timeout,omitempty"`
	ExtraParams       map[string]string `json:"extra_params,omitempty"`
	OnUnauthenticated string            `json:"on_unauthenticated,omitempty"`
}

// JWTValidation is a jwt-validation action.
type JWTValidation struct {
	Issuer           string     `json:"issuer"`
	JWKSEndpoint     string     `json:"jwks_endpoint"`
	AdditionalClaims []JWTClaim `json:"additional_claims,omitempty"`
}

type JWTClaim struct {
	Format string   `json:"format,omitempty"`
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
}

// RuleTransform rewrites a request before it reaches the targets
// (host-header-rewrite or url-rewrite).
type RuleTransform struct {
	Type     string    `json:"type"`
	Rewrites []Rewrite `json:"rewrites,omitempty"`
}

type Rewrite struct {
	Regex   string `json:"regex"`
	Replace string `json:"replace"`
}

// HealthMatcher is the codes a target group's health check accepts.
type HealthMatcher struct {
	HTTPCode string `json:"http_code,omitempty"`
	GRPCCode string `json:"grpc_code,omitempty"`
}

// MethodSetting is one entry of a stage's method settings, keyed by
// "RESOURCE_PATH/HTTP_METHOD" ("*/*" for every method).
type MethodSetting struct {
	MetricsEnabled                         bool    `json:"metrics_enabled,omitempty"`
	LoggingLevel                           string  `json:"logging_level,omitempty"`
	DataTraceEnabled                       bool    `json:"data_trace_enabled,omitempty"`
	ThrottlingBurstLimit                   int     `json:"throttling_burst_limit,omitempty"`
	ThrottlingRateLimit                    float64 `json:"throttling_rate_limit,omitempty"`
	CachingEnabled                         bool    `json:"caching_enabled,omitempty"`
	CacheTTLSeconds                        int     `json:"cache_ttl_seconds,omitempty"`
	CacheDataEncrypted                     bool    `json:"cache_data_encrypted,omitempty"`
	RequireAuthorizationForCacheControl    bool    `json:"require_authorization_for_cache_control,omitempty"`
	UnauthorizedCacheControlHeaderStrategy string  `json:"unauthorized_cache_control_header_strategy,omitempty"`
}

// CanarySettings is a stage's canary release.
type CanarySettings struct {
	PercentTraffic         float64           `json:"percent_traffic,omitempty"`
	DeploymentID           string            `json:"deployment_id,omitempty"`
	StageVariableOverrides map[string]string `json:"stage_variable_overrides,omitempty"`
	UseStageCache          bool              `json:"use_stage_cache,omitempty"`
}

// AccessLogSettings is where a stage writes its access log, and how.
type AccessLogSettings struct {
	DestinationARN string `json:"destination_arn,omitempty"`
	Format         string `json:"format,omitempty"`
}

// GeoLocation is a geolocation record's location.
type GeoLocation struct {
	ContinentCode   string `json:"continent_code,omitempty"`
	CountryCode     string `json:"country_code,omitempty"`
	SubdivisionCode string `json:"subdivision_code,omitempty"`
}

// CIDRRouting is an IP-based record's CIDR collection and location.
type CIDRRouting struct {
	CollectionID string `json:"collection_id"`
	LocationName string `json:"location_name"`
}

// GeoProximity is a geoproximity record's location and bias.
type GeoProximity struct {
	AWSRegion      string `json:"aws_region,omitempty"`
	LocalZoneGroup string `json:"local_zone_group,omitempty"`
	Latitude       string `json:"latitude,omitempty"`
	Longitude      string `json:"longitude,omitempty"`
	Bias           *int   `json:"bias,omitempty"`
}
