package model

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// AWS name limits an environment name must fit after its template.
const (
	MaxTargetGroupName = 32  // ELBv2 target group name
	MaxDNSLabel        = 63  // one label of a hostname
	MaxHostname        = 253 // a whole hostname
	MaxStageName       = 128 // API Gateway stage name
	MaxPathPattern     = 128 // ALB path-pattern condition value
)

// ValidateEnvName checks that name is a valid environment name and fits
// every place it lands: naming.env_pattern (matched against the whole
// name), the target group name (32 characters, letters, digits and '-', not
// starting or ending with '-'), the path pattern (128 characters), each
// hostname pattern (a lower-case DNS label of at most 63 characters, a
// hostname of at most 253), and the stage name ([A-Za-z0-9_-], 128).
// Protection (naming.protected) is not checked here. The error is one line.
func (c *Config) ValidateEnvName(name string) error {
	if name == "" {
		return fmt.Errorf("environment name is empty")
	}
	re, err := envNameRegexp(c.Naming.EnvPattern)
	if err != nil {
		return fmt.Errorf("naming.env_pattern: %v", err)
	}
	if !re.MatchString(name) {
		return fmt.Errorf("name %q does not match naming.env_pattern %s", name, c.Naming.EnvPattern)
	}
	for _, s := range c.ServiceList() {
		if err := nameFitsTemplate(name, s.TargetGroup.Name, "target group name", checkTargetGroupName); err != nil {
			return err
		}
		if s.PathPattern != "" {
			if err := nameFitsTemplate(name, s.PathPattern, "path pattern", checkPathPattern); err != nil {
				return err
			}
		}
	}
	for _, hp := range c.hostPatterns() {
		if strings.ToLower(name) != name {
			return fmt.Errorf("name %q has upper-case letters; hostnames (%s) ignore case, so names must be lower-case", name, hp.key)
		}
		if err := nameFitsHost(name, hp.pattern); err != nil {
			return err
		}
	}
	for _, a := range c.StageAPIs() {
		if err := nameFitsTemplate(name, a.Stage, "stage name", checkStageName); err != nil {
			return err
		}
	}
	return nil
}

type keyedPattern struct{ key, pattern string }

// hostPatterns lists the configured hostname templates holding {env}.
func (c *Config) hostPatterns() []keyedPattern {
	out := make([]keyedPattern, 0, 3) // sized: asked once per name validated
	if c.ALB.HostPattern != "" {
		out = append(out, keyedPattern{"alb.host_pattern", c.ALB.HostPattern})
	}
	if c.CloudFront != nil && c.CloudFront.AliasPattern != "" {
		out = append(out, keyedPattern{"cloudfront.alias_pattern", c.CloudFront.AliasPattern})
	}
	if c.Route53 != nil && c.Route53.RecordPattern != "" {
		out = append(out, keyedPattern{"route53.record_pattern", c.Route53.RecordPattern})
	}
	return out
}

// nameFitsTemplate renders name into tmpl and checks the result with check,
// which describes a problem of the rendered value (or returns "").
func nameFitsTemplate(name, tmpl, what string, check func(string) string) error {
	p, err := ParsePattern(tmpl, PlaceholderEnv)
	if err != nil {
		return fmt.Errorf("%s template: %v", what, err)
	}
	v := p.Render(name)
	if why := check(v); why != "" {
		return fmt.Errorf("name %q makes %s %q %s", name, what, v, why)
	}
	return nil
}

// nameFitsHost checks the hostname and the label that name lands in.
func nameFitsHost(name, tmpl string) error {
	p, err := ParsePattern(tmpl, PlaceholderEnv)
	if err != nil {
		return fmt.Errorf("hostname template: %v", err)
	}
	if p.RenderedLen(name) > MaxHostname {
		host := p.Render(name)
		return fmt.Errorf("name %q makes hostname %q of %d characters; the limit is %d", name, host, len(host), MaxHostname)
	}
	i := strings.Index(tmpl, PlaceholderEnv)
	pre, suf := tmpl[:i], tmpl[i+len(PlaceholderEnv):]
	if j := strings.LastIndexByte(pre, '.'); j >= 0 {
		pre = pre[j+1:]
	}
	if j := strings.IndexByte(suf, '.'); j >= 0 {
		suf = suf[:j]
	}
	label := pre + name + suf
	if len(label) > MaxDNSLabel {
		return fmt.Errorf("name %q makes hostname label %q of %d characters; the limit is %d", name, label, len(label), MaxDNSLabel)
	}
	if why := checkDNSLabel(label); why != "" {
		return fmt.Errorf("name %q makes hostname label %q %s", name, label, why)
	}
	return nil
}

// checkTargetGroupName describes why v is no valid target group name ("" if it is).
func checkTargetGroupName(v string) string {
	if len(v) > MaxTargetGroupName {
		return fmt.Sprintf("of %d characters; the limit is %d", len(v), MaxTargetGroupName)
	}
	if r, ok := firstOutside(v, isAlnum, '-'); ok {
		return fmt.Sprintf("with %q; target group names hold only letters, digits and '-'", r)
	}
	if strings.HasPrefix(v, "-") || strings.HasSuffix(v, "-") {
		return "starting or ending with '-', which target group names must not"
	}
	return ""
}

// checkStageName describes why v is no valid API Gateway stage name.
func checkStageName(v string) string {
	if len(v) > MaxStageName {
		return fmt.Sprintf("of %d characters; the limit is %d", len(v), MaxStageName)
	}
	if r, ok := firstOutside(v, isAlnum, '-', '_'); ok {
		return fmt.Sprintf("with %q; stage names hold only letters, digits, '-' and '_'", r)
	}
	return ""
}

// checkPathPattern describes why v is too long for an ALB path-pattern value
// (the name's characters are already limited by the target group name).
func checkPathPattern(v string) string {
	if len(v) > MaxPathPattern {
		return fmt.Sprintf("of %d characters; the limit is %d", len(v), MaxPathPattern)
	}
	return ""
}

// checkDNSLabel describes why v is no valid (lower-case) DNS label.
func checkDNSLabel(v string) string {
	if v == "" {
		return "that is empty"
	}
	if r, ok := firstOutside(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }, '-'); ok {
		return fmt.Sprintf("with %q; hostname labels hold only lower-case letters, digits and '-'", r)
	}
	if strings.HasPrefix(v, "-") || strings.HasSuffix(v, "-") {
		return "starting or ending with '-', which hostname labels must not"
	}
	return ""
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// firstOutside returns the first rune of s that neither ok accepts nor is in extra.
func firstOutside(s string, ok func(rune) bool, extra ...rune) (rune, bool) {
	for _, r := range s {
		if ok(r) {
			continue
		}
		allowed := false
		for _, e := range extra {
			if r == e {
				allowed = true
				break
			}
		}
		if !allowed {
			return r, true
		}
	}
	return 0, false
}

var envRegexpCache sync.Map // pattern → *regexp.Regexp (bounded by envRegexpCacheMax)
var envRegexpCacheLen struct {
	sync.Mutex
	n int
}

const envRegexpCacheMax = 32

// envNameRegexp compiles naming.env_pattern so that it must match the whole
// name (an unanchored pattern such as '[a-z]+' does not accept "a/b").
func envNameRegexp(pattern string) (*regexp.Regexp, error) {
	if v, ok := envRegexpCache.Load(pattern); ok {
		return v.(*regexp.Regexp), nil
	}
	if pattern == "" {
		return nil, fmt.Errorf("empty")
	}
	// Compiling the pattern alone first proves its groups are balanced, so
	// wrapping it cannot change what the anchors apply to.
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, fmt.Errorf("does not compile: %s", oneLine(strings.TrimPrefix(err.Error(), "error parsing regexp: ")))
	}
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return nil, fmt.Errorf("does not compile: %s", oneLine(err.Error()))
	}
	envRegexpCacheLen.Lock()
	if envRegexpCacheLen.n < envRegexpCacheMax {
		envRegexpCacheLen.n++
		envRegexpCache.Store(pattern, re)
	}
	envRegexpCacheLen.Unlock()
	return re, nil
}
