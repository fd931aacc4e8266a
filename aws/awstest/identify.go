package awstest

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Service names used by the proxy, its rules and its log: the same short
// names as the call counter and the snapshot sources.
const (
	ServiceELBv2         = "elbv2"
	ServiceAPIGateway    = "apigateway"
	ServiceAPIGatewayV2  = "apigatewayv2" // HTTP APIs: signed as apigateway, paths under /v2/
	ServiceCloudFront    = "cloudfront"
	ServiceRoute53       = "route53"
	ServiceServiceQuotas = "servicequotas"
	ServiceSTS           = "sts"
	ServiceEC2           = "ec2"
	ServiceS3            = "s3"
)

// signingNames maps a SigV4 credential scope's service to the short name.
var signingNames = map[string]string{
	"elasticloadbalancing": ServiceELBv2,
	"apigateway":           ServiceAPIGateway,
	"cloudfront":           ServiceCloudFront,
	"route53":              ServiceRoute53,
	"servicequotas":        ServiceServiceQuotas,
	"sts":                  ServiceSTS,
	"ec2":                  ServiceEC2,
	"s3":                   ServiceS3,
}

// Identify names the service and the API action of a request. The service
// comes from the SigV4 credential scope (…/us-east-1/elasticloadbalancing/
// aws4_request); the action from the protocol: the form's Action (query:
// ELBv2, STS, EC2), X-Amz-Target (JSON 1.1: Service Quotas), or method and
// path (REST: API Gateway, CloudFront, Route 53). Unknown REST routes give
// "METHOD /path/shape" so they still count and match.
func Identify(r *http.Request, body []byte) (service, action string) {
	service = serviceOf(r)
	switch service {
	case ServiceELBv2, ServiceSTS, ServiceEC2:
		action = queryAction(r, body)
	case ServiceServiceQuotas:
		action = targetAction(r)
	case ServiceAPIGateway:
		if strings.HasPrefix(r.URL.Path, "/v2/") {
			service, action = ServiceAPIGatewayV2, restAction(apigwv2Routes, r)
		} else {
			action = restAction(apigwRoutes, r)
		}
	case ServiceCloudFront:
		action = restAction(cloudfrontRoutes, r)
	case ServiceRoute53:
		action = restAction(route53Routes, r)
	case ServiceS3:
		action = restAction(s3Routes, r)
	default:
		if a := queryAction(r, body); a != "" {
			action = a
		} else if a := targetAction(r); a != "" {
			action = a
		} else {
			action = r.Method + " " + r.URL.Path
		}
	}
	return service, action
}

func serviceOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		cred := auth[i+len("Credential="):]
		if j := strings.IndexAny(cred, ", "); j >= 0 {
			cred = cred[:j]
		}
		// AKID/DATE/REGION/SERVICE/aws4_request
		if parts := strings.Split(cred, "/"); len(parts) >= 5 {
			svc := parts[len(parts)-2]
			if short, ok := signingNames[svc]; ok {
				return short
			}
			return svc
		}
	}
	// Unsigned: guess from the shape.
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/2020-05-31/"):
		return ServiceCloudFront
	case strings.HasPrefix(p, "/2013-04-01/"):
		return ServiceRoute53
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), "ServiceQuotas"):
		return ServiceServiceQuotas
	}
	return "unknown"
}

func queryAction(r *http.Request, body []byte) string {
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	if form, err := url.ParseQuery(string(body)); err == nil {
		return form.Get("Action")
	}
	return ""
}

func targetAction(r *http.Request) string {
	t := r.Header.Get("X-Amz-Target")
	if i := strings.LastIndex(t, "."); i >= 0 {
		return t[i+1:]
	}
	return t
}

// route maps a method and a path shape (segments; "*" is one variable
// segment, "**" the rest) to an action name.
type route struct {
	method string
	re     *regexp.Regexp
	query  string // required query key ("WithTags") or key=value ("Operation=Tag")
	action string
}

func mk(method, shape, action string) route { return mkq(method, shape, "", action) }

func mkq(method, shape, query, action string) route {
	pat := regexp.QuoteMeta(shape)
	pat = strings.ReplaceAll(pat, `\*\*`, `.+`)
	pat = strings.ReplaceAll(pat, `\*`, `[^/]+`)
	return route{method: method, re: regexp.MustCompile("^" + pat + "/?$"), query: query, action: action}
}

func restAction(routes []route, req *http.Request) string {
	p := req.URL.EscapedPath()
	q := req.URL.Query()
	for _, rt := range routes {
		if rt.method != req.Method || !rt.re.MatchString(p) {
			continue
		}
		if rt.query != "" {
			k, v, hasValue := strings.Cut(rt.query, "=")
			if _, ok := q[k]; !ok || (hasValue && q.Get(k) != v) {
				continue
			}
		}
		return rt.action
	}
	return req.Method + " " + shapeOf(p)
}

// shapeOf replaces id-like segments with "*" so unknown routes group well.
func shapeOf(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if i > 1 && s != "" && strings.IndexFunc(s, func(c rune) bool { return c >= '0' && c <= '9' }) >= 0 {
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// s3Routes name path-style S3 requests (/BUCKET, /BUCKET/KEY...).
var s3Routes = []route{
	mkq("GET", "/*", "list-type=2", "ListObjectsV2"),
	mk("PUT", "/*", "CreateBucket"),
	mk("PUT", "/*/**", "PutObject"),
	mk("GET", "/*/**", "GetObject"),
	mk("HEAD", "/*/**", "HeadObject"),
	mk("DELETE", "/*/**", "DeleteObject"),
}

// Routes are tried in order: the more specific shapes first.
var apigwv2Routes = []route{
	mk("GET", "/v2/apis/*/stages/*", "GetStage"),
	mk("DELETE", "/v2/apis/*/stages/*", "DeleteStage"),
	mk("PATCH", "/v2/apis/*/stages/*", "UpdateStage"),
	mk("GET", "/v2/apis/*/stages", "GetStages"),
	mk("POST", "/v2/apis/*/stages", "CreateStage"),
	mk("GET", "/v2/apis/*/deployments", "GetDeployments"),
	mk("POST", "/v2/apis/*/deployments", "CreateDeployment"),
	mk("POST", "/v2/apis", "CreateApi"),
	mk("POST", "/v2/tags/**", "TagResource"),
	mk("DELETE", "/v2/tags/**", "UntagResource"),
}

var apigwRoutes = []route{
	mk("GET", "/restapis/*/stages/*", "GetStage"),
	mk("DELETE", "/restapis/*/stages/*", "DeleteStage"),
	mk("PATCH", "/restapis/*/stages/*", "UpdateStage"),
	mk("GET", "/restapis/*/stages", "GetStages"),
	mk("POST", "/restapis/*/stages", "CreateStage"),
	mk("GET", "/restapis/*/deployments/*", "GetDeployment"),
	mk("DELETE", "/restapis/*/deployments/*", "DeleteDeployment"),
	mk("GET", "/restapis/*/deployments", "GetDeployments"),
	mk("POST", "/restapis/*/deployments", "CreateDeployment"),
	mk("PUT", "/restapis/*/resources/*/methods/*/integration", "PutIntegration"),
	mk("PUT", "/restapis/*/resources/*/methods/*", "PutMethod"),
	mk("GET", "/restapis/*/resources/*", "GetResource"),
	mk("POST", "/restapis/*/resources/*", "CreateResource"),
	mk("GET", "/restapis/*/resources", "GetResources"),
	mk("GET", "/restapis/*", "GetRestApi"),
	mk("DELETE", "/restapis/*", "DeleteRestApi"),
	mk("GET", "/restapis", "GetRestApis"),
	mk("POST", "/restapis", "CreateRestApi"),
	mk("GET", "/tags/**", "GetTags"),
	mk("PUT", "/tags/**", "TagResource"),
	mk("DELETE", "/tags/**", "UntagResource"),
}

var cloudfrontRoutes = []route{
	mk("GET", "/2020-05-31/distribution/*/config", "GetDistributionConfig"),
	mk("PUT", "/2020-05-31/distribution/*/config", "UpdateDistribution"),
	mk("POST", "/2020-05-31/distribution/*/invalidation", "CreateInvalidation"),
	mk("GET", "/2020-05-31/distribution/*", "GetDistribution"),
	mk("DELETE", "/2020-05-31/distribution/*", "DeleteDistribution"),
	mkq("POST", "/2020-05-31/distribution", "WithTags", "CreateDistributionWithTags"),
	mk("POST", "/2020-05-31/distribution", "CreateDistribution"),
	mk("GET", "/2020-05-31/distribution", "ListDistributions"),
	mkq("POST", "/2020-05-31/tagging", "Operation=Untag", "UntagResource"),
	mkq("POST", "/2020-05-31/tagging", "Operation=Tag", "TagResource"),
	mk("GET", "/2020-05-31/tagging", "ListTagsForResource"),
}

var route53Routes = []route{
	mk("GET", "/2013-04-01/hostedzone/*/rrset", "ListResourceRecordSets"),
	mk("POST", "/2013-04-01/hostedzone/*/rrset", "ChangeResourceRecordSets"),
	mk("GET", "/2013-04-01/hostedzone/*", "GetHostedZone"),
	mk("DELETE", "/2013-04-01/hostedzone/*", "DeleteHostedZone"),
	mk("GET", "/2013-04-01/hostedzone", "ListHostedZones"),
	mk("POST", "/2013-04-01/hostedzone", "CreateHostedZone"),
	mk("GET", "/2013-04-01/hostedzonelimit/*/*", "GetHostedZoneLimit"),
	mk("GET", "/2013-04-01/hostedzonesbyname", "ListHostedZonesByName"),
	mk("GET", "/2013-04-01/hostedzonecount", "GetHostedZoneCount"),
	mk("GET", "/2013-04-01/change/*", "GetChange"),
	mk("GET", "/2013-04-01/tags/*/*", "ListTagsForResource"),
	mk("POST", "/2013-04-01/tags/*/*", "ChangeTagsForResource"),
}
