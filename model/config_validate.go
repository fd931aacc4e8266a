package model

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// ConfigProblem is one bad key of the configuration.
type ConfigProblem struct {
	Key     string // e.g. "alb.priority_range", "naming.protected[2]"
	Message string
}

// ConfigError lists every problem Validate found; Error() is one line:
// "key: what is wrong; key: what is wrong".
type ConfigError struct{ Problems []ConfigProblem }

func (e *ConfigError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Key + ": " + p.Message
	}
	return strings.Join(parts, "; ")
}

// Has reports whether key is among the problems.
func (e *ConfigError) Has(key string) bool {
	for _, p := range e.Problems {
		if p.Key == key {
			return true
		}
	}
	return false
}

// ALB priorities (ELBv2 rule priority bounds).
const (
	MinRulePriority = 1
	MaxRulePriority = 50000
)

var (
	reRegion      = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	reAccountID   = regexp.MustCompile(`^[0-9]{12}$`)
	reListenerARN = regexp.MustCompile(`^arn:aws(-[a-z]+)*:elasticloadbalancing:([a-z0-9-]+):([0-9]{12}):listener/app/([A-Za-z0-9-]{1,32})/([A-Za-z0-9]+)/([A-Za-z0-9]+)$`)
	reTagPrefix   = regexp.MustCompile(`^[A-Za-z0-9_.:/=+@-]{1,64}$`)
	reVPCID       = regexp.MustCompile(`^vpc-[0-9a-f]{1,32}$`)
	reRestAPIID   = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
	reDistID      = regexp.MustCompile(`^[A-Z0-9]{1,64}$`)
	reZoneID      = regexp.MustCompile(`^(/hostedzone/)?[A-Z0-9]{1,64}$`)
	reStageVar    = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
)

// Validate checks the whole configuration and reports every bad key at
// once as a *ConfigError (one line, each problem naming its key).
func (c *Config) Validate() error {
	var v validator
	c.validateTop(&v)
	c.validateNaming(&v)
	c.validateALB(&v)
	c.validateServices(&v)
	c.validateEdge(&v)
	c.validateLifecycle(&v)
	c.validateURLs(&v)
	c.validateCache(&v)
	c.validateTheme(&v)
	if len(v.problems) == 0 {
		return nil
	}
	return &ConfigError{Problems: v.problems}
}

type validator struct{ problems []ConfigProblem }

func (v *validator) add(key, format string, args ...any) {
	// "; " separates problems in ConfigError's one line, so not inside one.
	msg := strings.ReplaceAll(oneLine(fmt.Sprintf(format, args...)), "; ", ", ")
	v.problems = append(v.problems, ConfigProblem{Key: key, Message: msg})
}

func (c *Config) validateTop(v *validator) {
	if c.Region != "" && !reRegion.MatchString(c.Region) {
		v.add("region", "%q is not an AWS region such as eu-west-1", c.Region)
	}
	if c.AccountID != "" && !reAccountID.MatchString(c.AccountID) {
		v.add("account_id", "%q is not a 12-digit AWS account ID (quote it: '012345678901')", c.AccountID)
	}
	if !(c.APIBudget > 0 && c.APIBudget <= 1) {
		v.add("api_budget", "%v is outside (0, 1]: it is the share of the account's API rate the TUI may use", c.APIBudget)
	}
	if !reTagPrefix.MatchString(c.Tags.Prefix) {
		v.add("tags.prefix", "%q must be 1-64 of letters, digits and _ . : / = + - @", c.Tags.Prefix)
	} else if strings.HasPrefix(strings.ToLower(c.Tags.Prefix), "aws") {
		v.add("tags.prefix", "%q: tag keys starting with aws are reserved by AWS", c.Tags.Prefix)
	}
	if c.GC.Grace.Duration < 0 {
		v.add("gc.grace", "%s is negative", c.GC.Grace)
	}
}

func (c *Config) validateNaming(v *validator) {
	if _, err := envNameRegexp(c.Naming.EnvPattern); err != nil {
		v.add("naming.env_pattern", "%v", err)
	}
	for i, g := range c.Naming.Protected {
		key := fmt.Sprintf("naming.protected[%d]", i)
		if g == "" {
			v.add(key, "empty glob")
			continue
		}
		if !validGlob(g) {
			v.add(key, "%q is not a valid glob (e.g. release-*)", g)
		}
	}
	if c.Naming.DefaultTTL.Duration <= 0 {
		v.add("naming.default_ttl", "%s must be positive", c.Naming.DefaultTTL)
	}
}

// validGlob reports whether g is a well-formed path.Match pattern. Match
// stops at the first mismatch, so it is tried against names that walk
// through the whole pattern as well.
func validGlob(g string) bool {
	if _, err := path.Match(g, ""); err != nil {
		return false
	}
	_, err := path.Match(g, strings.Repeat("a", len(g)+1))
	return err == nil
}

func (c *Config) validateALB(v *validator) {
	a := &c.ALB
	c.validateListeners(v)
	c.validateRouting(v)
	lo, hi := a.PriorityRange[0], a.PriorityRange[1]
	switch {
	case lo < MinRulePriority || hi > MaxRulePriority || hi < MinRulePriority || lo > MaxRulePriority:
		v.add("alb.priority_range", "[%d, %d] must lie within %d..%d", lo, hi, MinRulePriority, MaxRulePriority)
	case lo > hi:
		v.add("alb.priority_range", "%d > %d (reversed)", lo, hi)
	}
	if len(c.Services) == 0 {
		validateTargetGroup(v, "alb.target_group", &a.TargetGroup)
	}
}

// validateTargetGroup checks alb.target_group: a name template that renders
// valid names, and the settings its type needs (and only those).
func validateTargetGroup(v *validator, key string, tg *TargetGroupConfig) {
	checkTemplate(v, key+".name", tg.Name, PlaceholderEnv, func(sample string) string {
		if why := checkTargetGroupName(sample); why != "" {
			return "renders a name " + why
		}
		return ""
	})
	switch tg.Type {
	case "lambda":
		if tg.Port != 0 {
			v.add(key+".port", "not used by type lambda")
		}
		if tg.Protocol != "" {
			v.add(key+".protocol", "not used by type lambda")
		}
		if tg.VPCID != "" {
			v.add(key+".vpc_id", "not used by type lambda")
		}
	case "ip", "instance":
		if tg.Port < 1 || tg.Port > 65535 {
			v.add(key+".port", "required for type %s (1-65535), got %d", tg.Type, tg.Port)
		}
		if tg.Protocol != "HTTP" && tg.Protocol != "HTTPS" {
			v.add(key+".protocol", "required for type %s: HTTP or HTTPS, got %q", tg.Type, tg.Protocol)
		}
		if !reVPCID.MatchString(tg.VPCID) {
			v.add(key+".vpc_id", "required for type %s (vpc-...), got %q", tg.Type, tg.VPCID)
		}
	default:
		v.add(key+".type", "%q must be lambda, ip or instance", tg.Type)
	}
}

// validateListenerARN checks one listener ARN under key: an ALB listener
// ARN in the configured region and account.
func (c *Config) validateListenerARN(v *validator, key, arn string) {
	if arn == "" {
		v.add(key, "required (the ARN of the shared ALB's listener)")
	} else if m := reListenerARN.FindStringSubmatch(arn); m == nil {
		v.add(key, "%q is not an Application Load Balancer listener ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID)", arn)
	} else {
		if reRegion.MatchString(c.Region) && m[2] != c.Region {
			v.add(key, "is in region %s but region is %s", m[2], c.Region)
		}
		if reAccountID.MatchString(c.AccountID) && m[3] != c.AccountID {
			v.add(key, "is in account %s but account_id is %s", m[3], c.AccountID)
		}
	}
}

// validateRouting checks alb.routing and the path and host patterns it needs.
func (c *Config) validateRouting(v *validator) {
	a := &c.ALB
	switch a.Routing {
	case RoutingPath:
		if a.PathPattern == "" && len(c.Services) == 0 {
			v.add("alb.path_pattern", "required for routing path")
		}
	case RoutingHost:
		if a.HostPattern == "" && (c.CloudFront == nil || c.CloudFront.Slots == nil) {
			v.add("alb.host_pattern", "required for routing host (or configure cloudfront.slots)")
		}
	default:
		v.add("alb.routing", "%q must be path or host", a.Routing)
	}
	if a.PathPattern != "" {
		checkTemplate(v, "alb.path_pattern", a.PathPattern, PlaceholderEnv, checkPathTemplate)
	}
	if a.HostPattern != "" {
		checkTemplate(v, "alb.host_pattern", a.HostPattern, PlaceholderEnv, checkHostTemplate)
	}
}

func (c *Config) validateEdge(v *validator) {
	if g := c.APIGateway; g != nil {
		if !reRestAPIID.MatchString(g.RestAPIID) {
			v.add("apigateway.rest_api_id", "required: the REST API's ID such as a1b2c3d4e5, got %q", g.RestAPIID)
		}
		checkStageTemplate(v, "apigateway.stage", g.Stage)
		checkStageVariables(v, "apigateway.variables", g.Variables)
	}
	c.validateAPIs(v)
	if f := c.CloudFront; f != nil {
		if !reDistID.MatchString(f.DistributionID) {
			v.add("cloudfront.distribution_id", "required: the distribution's ID such as E2ABCDEFGHIJ, got %q", f.DistributionID)
		}
		if f.AliasPattern != "" {
			checkTemplate(v, "cloudfront.alias_pattern", f.AliasPattern, PlaceholderEnv, checkHostTemplate)
		} else if c.ALB.Routing == RoutingHost && f.Slots == nil {
			v.add("cloudfront.alias_pattern", "required for routing host without cloudfront.slots")
		}
		if s := f.Slots; s != nil {
			if strings.Contains(s.Pattern, PlaceholderEnv) {
				v.add("cloudfront.slots.pattern", "%q holds {env}; slot hostnames are numbered with {n}", s.Pattern)
			} else {
				checkTemplate(v, "cloudfront.slots.pattern", s.Pattern, PlaceholderSlot, checkHostTemplate)
			}
			if s.Count < 1 || s.Count > 1000 {
				v.add("cloudfront.slots.count", "%d must be 1..1000", s.Count)
			}
			if c.Route53 == nil {
				v.add("cloudfront.slots", "needs route53 (each slot is an alias plus a record in the hosted zone)")
			}
		}
	}
	if r := c.Route53; r != nil {
		if !reZoneID.MatchString(r.HostedZoneID) {
			v.add("route53.hosted_zone_id", "required: the hosted zone's ID such as Z0123456789, got %q", r.HostedZoneID)
		}
		if r.RecordPattern != "" {
			checkTemplate(v, "route53.record_pattern", r.RecordPattern, PlaceholderEnv, checkHostTemplate)
		}
	}
}

// checkTemplate checks that raw holds placeholder exactly once (via
// ParsePattern), then runs extra on a sample rendering of it (the shortest
// name: "a" for {env}, "1" for {n}).
func checkTemplate(v *validator, key, raw, placeholder string, extra func(sample string) string) {
	if raw == "" {
		v.add(key, "required (a template holding %s)", placeholder)
		return
	}
	if _, err := ParsePattern(raw, placeholder); err != nil {
		v.add(key, "%v", err)
		return
	}
	sample := "a"
	if placeholder == PlaceholderSlot {
		sample = "1"
	}
	if why := extra(strings.Replace(raw, placeholder, sample, 1)); why != "" {
		v.add(key, "%q %s", raw, why)
	}
}

// checkHostTemplate checks a sample rendering of a hostname template:
// letters, digits, '-' and '.', no wildcards, no empty label, and room for
// a name.
func checkHostTemplate(sample string) string {
	if r, ok := firstOutside(sample, isAlnum, '-', '.'); ok {
		return fmt.Sprintf("has %q; hostname templates hold only letters, digits, '-' and '.'", r)
	}
	if strings.Contains(sample, "..") || strings.HasPrefix(sample, ".") || strings.HasSuffix(sample, ".") {
		return "has an empty label"
	}
	for _, l := range strings.Split(sample, ".") {
		if len(l) > MaxDNSLabel {
			return fmt.Sprintf("has a label longer than %d characters", MaxDNSLabel)
		}
	}
	if len(sample) > MaxHostname {
		return fmt.Sprintf("leaves no room for a name within %d characters", MaxHostname)
	}
	return ""
}
