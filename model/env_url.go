package model

import (
	"net/url"
	"strings"
)

// validateURLs checks base_url (an absolute http(s) URL, no query or
// fragment) and journal (s3://bucket/prefix).
func (c *Config) validateURLs(v *validator) {
	if c.Journal != "" {
		if _, _, err := ParseJournalLocation(c.Journal); err != nil {
			v.add("journal", "%v", err)
		}
	}
	if c.BaseURL == "" {
		return
	}
	u, err := url.Parse(c.BaseURL)
	switch {
	case err != nil, u.Scheme != "https" && u.Scheme != "http", u.Host == "", u.User != nil:
		v.add("base_url", "%q is not an absolute URL such as https://preview.example.com", c.BaseURL)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.BaseURL, "?"):
		v.add("base_url", "%q: no query or fragment (the environment's path is appended)", c.BaseURL)
	}
}

// EnvURL is where an environment serves: https://HOSTNAME/ in host mode; in
// path mode base_url, else the CloudFront domain, followed by the path
// alb.path_pattern gives the environment (its wildcards cut: /NAME/). ""
// when it cannot be told (no hostname, or neither base_url nor a
// distribution).
func EnvURL(cfg *Config, env Environment, snap *Snapshot) string {
	if env.Routing == RoutingHost {
		if env.Hostname == "" {
			return ""
		}
		return "https://" + dnsName(env.Hostname) + "/"
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" && snap != nil && snap.Distribution != nil && snap.Distribution.DomainName != "" {
		base = "https://" + dnsName(snap.Distribution.DomainName)
	}
	if base == "" {
		return ""
	}
	return base + envPath(cfg, env.Name)
}

// envPath is the path the first service's path pattern routes to name, up
// to its first wildcard, ending in a slash: '/{env}/*' gives /NAME/.
func envPath(cfg *Config, name string) string {
	p := strings.ReplaceAll(cfg.ServiceList()[0].PathPattern, PlaceholderEnv, name)
	if i := strings.IndexAny(p, "*?"); i >= 0 {
		p = p[:i]
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// PlannedEnvironment is the environment a create plan makes, as far as its
// steps tell: the name, and the routing and hostname of its rule (host mode
// when the rule matches a host header). ok is false for a plan that
// creates no rule.
func PlannedEnvironment(p Plan) (env Environment, ok bool) {
	for _, s := range p.Steps {
		if s.Action != StepCreate || s.Type != TypeRule || s.Def == nil || s.Def.Rule == nil {
			continue
		}
		env = Environment{Name: s.Env, Routing: RoutingPath}
		if h := ruleHost(s.Def.Rule); h != "" {
			env.Routing, env.Hostname = RoutingHost, h
		}
		return env, true
	}
	return Environment{}, false
}
