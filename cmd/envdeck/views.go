package main

import (
	"encoding/json"
	"time"

	"github.com/envdeck/envdeck/model"
)

// JSON shapes of docs/CONTRACT.md § CLI contract. They are spelled out here, apart
// from the model, because scripts depend on them byte for byte.

type envJSON struct {
	Name      string         `json:"name"`
	Status    string         `json:"status"`
	Protected bool           `json:"protected"`
	Owner     *string        `json:"owner"`
	CreatedAt *string        `json:"created_at"`
	ExpiresAt *string        `json:"expires_at"`
	Routing   string         `json:"routing"`
	Hostname  string         `json:"hostname,omitempty"`
	Slot      string         `json:"slot,omitempty"`
	Listener  *string        `json:"listener"` // null: split across the pool, or on none
	Resources []resourceJSON `json:"resources"`
	Findings  []findingJSON  `json:"findings,omitempty"`
	// Services, when the config lists them: each with its rule and target
	// group, and the names of those missing either.
	Services        []model.EnvService `json:"services,omitempty"`
	MissingServices []string           `json:"missing_services,omitempty"`
}

type resourceJSON struct {
	Type  model.ResourceType `json:"type"`
	ID    string             `json:"id"`
	Owned bool               `json:"owned"`
	// Service of a rule or target group, when the config lists services.
	Service string `json:"service,omitempty"`
	// HealthReadAt: a target group's, when its health was read (possibly
	// by an earlier command, through the read cache); absent when unread.
	HealthReadAt *string        `json:"health_read_at,omitempty"`
	Details      map[string]any `json:"details,omitempty"`
}

type refJSON struct {
	Type model.ResourceType `json:"type"`
	ID   string             `json:"id"`
}

type errorJSON struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

type lsJSON struct {
	Environments []envJSON        `json:"environments"`
	Unassigned   []unassignedJSON `json:"unassigned"`
	Errors       []errorJSON      `json:"errors"`
}

type findingJSON struct {
	Kind        string  `json:"kind"`
	Severity    string  `json:"severity"`
	Environment *string `json:"environment"`
	Resource    refJSON `json:"resource"`
	Reason      string  `json:"reason"`
	Action      string  `json:"action"`
}

type planStepJSON struct {
	Action string             `json:"action"`
	Type   model.ResourceType `json:"type"`
	ID     string             `json:"id"`
}

type gcJSON struct {
	Findings []findingJSON `json:"findings"`
	applyJSON
}

type quotaJSON struct {
	Quotas   []model.QuotaUsage `json:"quotas"`
	Capacity model.Capacity     `json:"capacity"`
	Forecast forecastJSON       `json:"forecast"`
	Errors   []errorJSON        `json:"errors,omitempty"`
}

type forecastJSON struct {
	CreationsPerDay   float64 `json:"creations_per_day"`
	MeanLifetimeHours float64 `json:"mean_lifetime_hours"`
	SteadyStateEnvs   float64 `json:"steady_state_envs"`
	FullOn            *string `json:"full_on"`
}

type slotJSON struct {
	Host        string  `json:"host"`
	State       string  `json:"state"`
	Environment *string `json:"environment"`
	Reason      string  `json:"reason"`
}

type slotsJSON struct {
	Slots  []slotJSON  `json:"slots"`
	Errors []errorJSON `json:"errors,omitempty"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timeOrNil(t *time.Time) *string {
	if t == nil || t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func toEnvJSON(e model.Environment) envJSON {
	out := envJSON{
		Name: e.Name, Status: e.Status, Protected: e.Protected, Owner: strOrNil(e.Owner),
		CreatedAt: timeOrNil(e.CreatedAt), ExpiresAt: timeOrNil(e.ExpiresAt),
		Routing: e.Routing, Hostname: e.Hostname, Slot: e.Slot, Listener: strOrNil(e.Listener),
		Resources: []resourceJSON{}, Services: e.Services, MissingServices: e.MissingServices,
	}
	for _, r := range e.Resources {
		out.Resources = append(out.Resources, resourceJSON{Type: r.Type, ID: r.ID, Owned: r.Owned, Service: r.Service})
	}
	return out
}

// addHealthTimes sets each target group's health_read_at from snap.
func addHealthTimes(e *envJSON, snap *model.Snapshot) {
	for i, r := range e.Resources {
		if r.Type != model.TypeTargetGroup {
			continue
		}
		if at, ok := snap.HealthReadAt[r.ID]; ok {
			e.Resources[i].HealthReadAt = timeOrNil(&at)
		}
	}
}

func toErrorsJSON(errs []model.SourceError) []errorJSON {
	out := []errorJSON{}
	for _, e := range errs {
		out = append(out, errorJSON{Source: e.Source, Message: e.Message})
	}
	return out
}

func toFindingJSON(f model.Finding) findingJSON {
	return findingJSON{
		Kind: f.Kind, Severity: f.Severity, Environment: strOrNil(f.Environment),
		Resource: refJSON{Type: f.Resource.Type, ID: f.Resource.ID}, Reason: f.Reason, Action: f.Action,
	}
}

func toFindingsJSON(fs []model.Finding) []findingJSON {
	out := []findingJSON{}
	for _, f := range fs {
		out = append(out, toFindingJSON(f))
	}
	return out
}

func toPlanJSON(p model.Plan) []planStepJSON {
	out := []planStepJSON{}
	for _, s := range p.Steps {
		out = append(out, planStepJSON{Action: s.Action, Type: s.Type, ID: s.ID})
	}
	return out
}

func toForecastJSON(f model.Forecast) forecastJSON {
	out := forecastJSON{CreationsPerDay: f.CreationsPerDay, MeanLifetimeHours: f.MeanLifetimeHours, SteadyStateEnvs: f.SteadyStateEnvs}
	if f.FullOn != nil {
		s := f.FullOn.UTC().Format("2006-01-02")
		out.FullOn = &s
	}
	return out
}

// details returns a resource's live definition as a JSON object, plus what
// the inventory knows of its state (host mode).
func details(snap *model.Snapshot, r model.ResourceRef) map[string]any {
	def, ok := snap.Lookup(r.Type, r.ID)
	if !ok {
		return map[string]any{"state": "missing"}
	}
	b, err := json.Marshal(def.Resource())
	if err != nil {
		return nil
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	switch r.Type {
	case model.TypeAlias:
		if d := snap.Distribution; d != nil {
			m["distribution_status"] = d.Status
			m["domain_name"] = d.DomainName
		}
		m["has_record"] = recordFor(snap, def.Alias.Name) != nil
	case model.TypeRecord:
		m["target"] = def.Record.Target()
		if d := snap.Distribution; d != nil {
			m["points_at_distribution"] = def.Record.Target() == d.DomainName
		}
	}
	return m
}

func recordFor(snap *model.Snapshot, host string) *model.Record {
	for i := range snap.Records {
		if snap.Records[i].Name == host {
			return &snap.Records[i]
		}
	}
	return nil
}
