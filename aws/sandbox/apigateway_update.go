package sandbox

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// Stage settings: what CreateStage accepts besides the deployment, and
// UpdateStage's patch operations.

var cacheSizes = map[string]bool{"0.5": true, "1.6": true, "6.1": true, "13.5": true, "28.4": true, "58.2": true, "118": true, "237": true}

// validCreateSettings checks CreateStage's cache size and canary.
func validCreateSettings(r *restAPI, in *apigateway.CreateStageInput) error {
	if in.CacheClusterSize != "" && !cacheSizes[string(in.CacheClusterSize)] {
		return &agtypes.BadRequestException{Message: msg("Invalid cache cluster size %s", in.CacheClusterSize)}
	}
	if c := in.CanarySettings; c != nil {
		if c.PercentTraffic < 0 || c.PercentTraffic > 100 {
			return &agtypes.BadRequestException{Message: msg("Canary percentTraffic must be between 0.0 and 100.0")}
		}
		if c.DeploymentId != nil && r.deployment(*c.DeploymentId) == nil {
			return &agtypes.BadRequestException{Message: msg("Invalid canary deployment identifier specified")}
		}
	}
	return nil
}

// stageOutput is a stage as every stage call answers it.
func stageOutput(x agtypes.Stage) apigateway.UpdateStageOutput {
	return apigateway.UpdateStageOutput{
		StageName: x.StageName, DeploymentId: x.DeploymentId, Description: x.Description,
		Variables: x.Variables, Tags: x.Tags, CreatedDate: x.CreatedDate, LastUpdatedDate: x.LastUpdatedDate,
		CacheClusterStatus: x.CacheClusterStatus, MethodSettings: x.MethodSettings,
		TracingEnabled: x.TracingEnabled, CacheClusterEnabled: x.CacheClusterEnabled, CacheClusterSize: x.CacheClusterSize,
		CanarySettings: x.CanarySettings, DocumentationVersion: x.DocumentationVersion,
		ClientCertificateId: x.ClientCertificateId, AccessLogSettings: x.AccessLogSettings,
	}
}

func (c *apigwClient) UpdateStage(ctx context.Context, in *apigateway.UpdateStageInput, _ ...func(*apigateway.Options)) (*apigateway.UpdateStageOutput, error) {
	const op = "UpdateStage"
	if err := c.a.begin(ctx, svcAPIGW, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	r, st, err := c.findStage(op, in.RestApiId, in.StageName)
	if err != nil {
		return nil, err
	}
	// All or nothing: patch a copy.
	work := clone(st)
	for _, p := range in.PatchOperations {
		if err := work.patch(r, p); err != nil {
			return nil, c.fail(op, err)
		}
	}
	work.UpdatedAt = c.a.now()
	*st = *work
	out := stageOutput(st.sdk())
	return &out, nil
}

// patch applies one operation.
func (st *stage) patch(r *restAPI, p agtypes.PatchOperation) error {
	path, val := deref(p.Path), deref(p.Value)
	bad := func() error {
		return &agtypes.BadRequestException{Message: msg("Invalid patch path '%s' specified for op '%s'", path, p.Op)}
	}
	if p.Op != agtypes.OpReplace && !(p.Op == agtypes.OpRemove && (strings.HasPrefix(path, "/variables/") || path == "/accessLogSettings")) {
		return bad()
	}
	switch {
	case path == "/description":
		st.Description = val
	case path == "/deploymentId":
		if r.deployment(val) == nil {
			return &agtypes.BadRequestException{Message: msg("Invalid deployment identifier specified")}
		}
		st.DeploymentID = val
	case strings.HasPrefix(path, "/variables/"):
		return st.patchVariable(strings.TrimPrefix(path, "/variables/"), val, p.Op == agtypes.OpRemove)
	case path == "/tracingEnabled", path == "/cacheClusterEnabled":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return bad()
		}
		if path == "/tracingEnabled" {
			st.Tracing = b
		} else {
			st.CacheEnabled = b
		}
	case path == "/cacheClusterSize":
		if !cacheSizes[val] {
			return &agtypes.BadRequestException{Message: msg("Invalid cache cluster size %s", val)}
		}
		st.CacheSize = val
	case path == "/clientCertificateId":
		st.ClientCert = val
	case path == "/documentationVersion":
		st.DocVersion = val
	case path == "/accessLogSettings":
		st.AccessLog = nil
	case path == "/accessLogSettings/destinationArn", path == "/accessLogSettings/format":
		if st.AccessLog == nil {
			st.AccessLog = &agtypes.AccessLogSettings{}
		}
		if strings.HasSuffix(path, "destinationArn") {
			st.AccessLog.DestinationArn = ptr(val)
		} else {
			st.AccessLog.Format = ptr(val)
		}
	default:
		return st.patchMethodSetting(path, val, bad)
	}
	return nil
}

func (st *stage) patchVariable(name, val string, remove bool) error {
	if remove {
		delete(st.Variables, name)
		return nil
	}
	if !varNameRE.MatchString(name) || !varValueRE.MatchString(val) {
		return &agtypes.BadRequestException{Message: msg("Stage variable %q=%q is invalid", name, val)}
	}
	if st.Variables == nil {
		st.Variables = tagMap{}
	}
	st.Variables[name] = val
	return nil
}

// patchMethodSetting handles /RESOURCE/METHOD/SECTION/FIELD; a new key
// starts from AWS's defaults.
func (st *stage) patchMethodSetting(path, val string, bad func() error) error {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) != 4 {
		return bad()
	}
	key := parts[0] + "/" + parts[1]
	m, ok := st.MethodSettings[key]
	if !ok {
		m = agtypes.MethodSetting{LoggingLevel: ptr("OFF"), ThrottlingBurstLimit: 5000, ThrottlingRateLimit: 10000,
			CacheTtlInSeconds: 300, RequireAuthorizationForCacheControl: true,
			UnauthorizedCacheControlHeaderStrategy: agtypes.UnauthorizedCacheControlHeaderStrategySucceedWithResponseHeader}
	}
	var err error
	switch parts[2] + "/" + parts[3] {
	case "metrics/enabled":
		m.MetricsEnabled, err = strconv.ParseBool(val)
	case "logging/loglevel":
		if val != "OFF" && val != "ERROR" && val != "INFO" {
			return bad()
		}
		m.LoggingLevel = ptr(val)
	case "logging/dataTrace":
		m.DataTraceEnabled, err = strconv.ParseBool(val)
	case "throttling/burstLimit":
		var n int64
		n, err = strconv.ParseInt(val, 10, 32)
		m.ThrottlingBurstLimit = int32(n)
	case "throttling/rateLimit":
		m.ThrottlingRateLimit, err = strconv.ParseFloat(val, 64)
	case "caching/enabled":
		m.CachingEnabled, err = strconv.ParseBool(val)
	case "caching/ttlInSeconds":
		var n int64
		n, err = strconv.ParseInt(val, 10, 32)
		m.CacheTtlInSeconds = int32(n)
	case "caching/dataEncrypted":
		m.CacheDataEncrypted, err = strconv.ParseBool(val)
	case "caching/requireAuthorizationForCacheControl":
		m.RequireAuthorizationForCacheControl, err = strconv.ParseBool(val)
	case "caching/unauthorizedCacheControlHeaderStrategy":
		m.UnauthorizedCacheControlHeaderStrategy = agtypes.UnauthorizedCacheControlHeaderStrategy(val)
	default:
		return bad()
	}
	if err != nil {
		return bad()
	}
	if st.MethodSettings == nil {
		st.MethodSettings = map[string]agtypes.MethodSetting{}
	}
	st.MethodSettings[key] = m
	return nil
}
