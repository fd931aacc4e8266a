package model

import "fmt"

// API types of the apis list.
const (
	APITypeREST = "rest" // API Gateway REST API (apigateway)
	APITypeHTTP = "http" // API Gateway v2 HTTP API (apigatewayv2)
)

// APIConfig is one API Gateway API that holds a stage per environment
// (docs/CONTRACT.md § Configuration, apis).
type APIConfig struct {
	ID        string            `yaml:"id" json:"id"`
	Type      string            `yaml:"type" json:"type"`   // rest | http
	Stage     string            `yaml:"stage" json:"stage"` // template with {env}; "": '{env}'
	Variables map[string]string `yaml:"variables" json:"variables,omitempty"`
}

// StageName renders the API's stage name of environment env.
func (a APIConfig) StageName(env string) string {
	if a.Stage == "" {
		return env
	}
	return MustPattern(a.Stage, PlaceholderEnv).Render(env)
}

// StageAPIs is every configured API holding environment stages, in config
// order: the apis list, or the apigateway key as one REST API (its
// one-API shorthand). Empty stage templates read as '{env}'.
func (c *Config) StageAPIs() []APIConfig {
	var out []APIConfig
	if g := c.APIGateway; g != nil && g.RestAPIID != "" {
		out = append(out, APIConfig{ID: g.RestAPIID, Type: APITypeREST, Stage: g.Stage, Variables: g.Variables})
	}
	out = append(out, c.APIs...)
	for i := range out {
		if out[i].Stage == "" {
			out[i].Stage = PlaceholderEnv
		}
	}
	return out
}

// APIsOfType lists the configured APIs of type typ.
func (c *Config) APIsOfType(typ string) []APIConfig {
	var out []APIConfig
	for _, a := range c.StageAPIs() {
		if a.Type == typ {
			out = append(out, a)
		}
	}
	return out
}

// StageAPI returns the configured API of id.
func (c *Config) StageAPI(id string) (APIConfig, bool) {
	for _, a := range c.StageAPIs() {
		if a.ID == id {
			return a, true
		}
	}
	return APIConfig{}, false
}

// validateAPIs checks the apis list: not together with apigateway, unique
// ids, a known type, a stage template and variable names that fit.
func (c *Config) validateAPIs(v *validator) {
	if len(c.APIs) == 0 {
		return
	}
	if c.APIGateway != nil {
		v.add("apis", "apigateway and apis both given: apigateway is the one-REST-API form of apis, keep one of them")
	}
	seen := map[string]bool{}
	for i, a := range c.APIs {
		key := fmt.Sprintf("apis[%d]", i)
		if !reRestAPIID.MatchString(a.ID) {
			v.add(key+".id", "required: the API's ID such as a1b2c3d4e5, got %q", a.ID)
		} else if seen[a.ID] {
			v.add(key+".id", "API %s is listed twice", a.ID)
		}
		seen[a.ID] = true
		if a.Type != APITypeREST && a.Type != APITypeHTTP {
			v.add(key+".type", "must be rest or http, got %q", a.Type)
		}
		if a.Stage != "" {
			checkStageTemplate(v, key+".stage", a.Stage)
		}
		checkStageVariables(v, key+".variables", a.Variables)
	}
}

func checkStageTemplate(v *validator, key, tmpl string) {
	checkTemplate(v, key, tmpl, PlaceholderEnv, func(sample string) string {
		if why := checkStageName(sample); why != "" {
			return "renders a name " + why
		}
		return ""
	})
}

func checkStageVariables(v *validator, key string, vars map[string]string) {
	for k, val := range vars {
		if !reStageVar.MatchString(k) {
			v.add(key+"."+k, "stage variable names hold only letters, digits and '_'")
		}
		if len(val) > 512 {
			v.add(key+"."+k, "longer than 512 characters")
		}
	}
}
