package model

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// ServiceConfig is one service of an environment: its own listener rule and
// target group (docs/CONTRACT.md § Configuration, services).
type ServiceConfig struct {
	Name        string `yaml:"name" json:"name"`
	PathPattern string `yaml:"path_pattern" json:"path_pattern"`
	// HostPath is the path condition the rule adds to the host condition in
	// host mode ("": the host condition alone).
	HostPath    string            `yaml:"host_path" json:"host_path,omitempty"`
	TargetGroup TargetGroupConfig `yaml:"target_group" json:"target_group"`
}

// DefaultService names the one service of a config without services.
const DefaultService = "default"

var reServiceName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,15}$`)

// ServiceList is what one environment is made of: the configured services,
// or the one service "default" of alb.path_pattern and alb.target_group.
// A target group type left empty is lambda.
func (c *Config) ServiceList() []ServiceConfig {
	var out []ServiceConfig
	if len(c.Services) == 0 {
		out = []ServiceConfig{{Name: DefaultService, PathPattern: c.ALB.PathPattern, TargetGroup: c.ALB.TargetGroup}}
	} else {
		out = append(out, c.Services...)
	}
	for i := range out {
		if out[i].TargetGroup.Type == "" {
			out[i].TargetGroup.Type = "lambda"
		}
	}
	return out
}

// HasServices reports whether the config lists its services (then rules and
// target groups carry their service in JSON, and statuses count services).
func (c *Config) HasServices() bool { return len(c.Services) > 0 }

// ServiceNames lists the names of ServiceList, in config order.
func (c *Config) ServiceNames() []string {
	var out []string
	for _, s := range c.ServiceList() {
		out = append(out, s.Name)
	}
	return out
}

// isServiceShorthandKey: the keys describing the one service of a config
// without services; LoadConfig gives them no default when services is set.
func isServiceShorthandKey(key string) bool {
	return key == "alb.path_pattern" || strings.HasPrefix(key, "alb.target_group")
}

// validateServices checks services: valid unique names, the path pattern
// routing path needs, a literal host path, the target group of each, and
// not both forms (services and the alb.path_pattern / alb.target_group
// shorthand).
func (c *Config) validateServices(v *validator) {
	if len(c.Services) == 0 {
		return
	}
	if c.ALB.PathPattern != "" {
		v.add("services", "and alb.path_pattern both describe the services: move the path into services[].path_pattern")
	}
	if c.ALB.TargetGroup != (TargetGroupConfig{}) {
		v.add("services", "and alb.target_group both describe the services: move it into services[].target_group")
	}
	seen := map[string]map[string]int{"name": {}, "path_pattern": {}, "target_group.name": {}, "host_path": {}}
	unique := func(i int, field, val string) {
		if j, dup := seen[field][val]; dup {
			v.add(fmt.Sprintf("services[%d].%s", i, field), "%q is services[%d]'s too", val, j)
			return
		}
		seen[field][val] = i
	}
	for i, s := range c.ServiceList() {
		key := fmt.Sprintf("services[%d]", i)
		if !reServiceName.MatchString(s.Name) {
			v.add(key+".name", "%q must be a lower-case letter then up to 15 of a-z, 0-9 and '-'", s.Name)
		} else {
			unique(i, "name", s.Name)
		}
		c.validateServicePaths(v, key, s)
		if s.PathPattern != "" {
			unique(i, "path_pattern", s.PathPattern)
		}
		if c.ALB.Routing == RoutingHost {
			unique(i, "host_path", s.HostPath)
		}
		validateTargetGroup(v, key+".target_group", &s.TargetGroup)
		unique(i, "target_group.name", s.TargetGroup.Name)
	}
}

// validateServicePaths checks a service's path pattern (a template holding
// {env}; required in path mode) and its host path (a literal path).
func (c *Config) validateServicePaths(v *validator, key string, s ServiceConfig) {
	if s.PathPattern == "" {
		if c.ALB.Routing == RoutingPath {
			v.add(key+".path_pattern", "required for routing path")
		}
	} else {
		checkTemplate(v, key+".path_pattern", s.PathPattern, PlaceholderEnv, checkPathTemplate)
	}
	if s.HostPath == "" {
		return
	}
	if strings.Contains(s.HostPath, PlaceholderEnv) {
		v.add(key+".host_path", "%q holds {env}: the host names the environment", s.HostPath)
	} else if why := checkPathTemplate(s.HostPath); why != "" {
		v.add(key+".host_path", "%q %s", s.HostPath, why)
	}
}

// checkPathTemplate checks a sample rendering of a path-pattern template.
func checkPathTemplate(sample string) string {
	if !strings.HasPrefix(sample, "/") {
		return "must start with '/'"
	}
	if strings.ContainsFunc(sample, unicode.IsSpace) {
		return "must not contain whitespace"
	}
	if len(sample) > MaxPathPattern {
		return fmt.Sprintf("leaves no room for a name within %d characters", MaxPathPattern)
	}
	return ""
}
