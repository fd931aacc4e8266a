package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Completing a half-made environment: a create killed part-way left some of
// "half" behind; running create again plans what is missing only.

const (
	tHalfTG   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/env-half/9"
	tHalfRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shared/abc/def/half"
)

// halfCreated and halfExpires are the times of the killed create.
var (
	halfCreated = planNow.Add(-time.Hour)
	halfExpires = planNow.Add(71 * time.Hour)
)

func halfTags(cfg *Config, slot string) map[string]string {
	return cfg.Keys().For("half", "carol", halfCreated, halfExpires, slot)
}

// halfPart is one resource the killed create made.
type halfPart func(s *Snapshot, cfg *Config)

func halfTGPart(slot string) halfPart {
	return func(s *Snapshot, cfg *Config) {
		s.TargetGroups = append(s.TargetGroups, TargetGroup{ARN: tHalfTG, Name: "env-half", TargetType: "lambda", Tags: halfTags(cfg, slot)})
	}
}

func halfRulePart(cond Condition, priority int, slot string) halfPart {
	return func(s *Snapshot, cfg *Config) {
		s.Rules = append(s.Rules, Rule{ARN: tHalfRule, ListenerARN: tListener, Priority: priority, Conditions: []Condition{cond},
			Actions: []Action{{Type: "forward", Order: 1, TargetGroups: []WeightedTargetGroup{{ARN: tHalfTG, Weight: 1}}}},
			Tags:    halfTags(cfg, slot)})
	}
}

var halfPathRule = halfRulePart(Condition{Field: "path-pattern", Values: []string{"/half/*"}}, 2100, "")

func halfStagePart(s *Snapshot, cfg *Config) {
	s.Stages = append(s.Stages, Stage{RestAPIID: "api1", Name: "half", DeploymentID: "dep-new", Tags: halfTags(cfg, "")})
}

func halfAliasPart(s *Snapshot, _ *Config) {
	s.Distribution.Aliases = append(s.Distribution.Aliases, "half.preview.example.com")
}

// slotPool makes slots 1..n free: alias and record each.
func slotPool(n int) halfPart {
	return func(s *Snapshot, _ *Config) {
		s.Distribution.Aliases = nil
		for i := 1; i <= n; i++ {
			host := "pv-" + string(rune('0'+i)) + ".preview.example.com"
			s.Distribution.Aliases = append(s.Distribution.Aliases, host)
			s.Records = append(s.Records, Record{ZoneID: "Z1", Name: host, Type: "A", AliasTarget: "d111.cloudfront.net", AliasZoneID: CloudFrontHostedZoneID})
		}
	}
}

// halfInventory is planInventory's snapshot plus parts, mapped by BuildInventory.
func halfInventory(t *testing.T, cfg *Config, parts ...halfPart) *Inventory {
	t.Helper()
	snap := planInventory().Snapshot
	for _, p := range parts {
		p(snap, cfg)
	}
	inv := BuildInventory(snap, cfg, planNow)
	if _, ok := inv.Env("half"); !ok {
		t.Fatalf("fixture: no environment half in %+v", inv.Environments)
	}
	return inv
}

func TestPlanCreateCompletesHalfMade(t *testing.T) {
	tests := map[string]struct {
		cfg   func() *Config
		parts []halfPart
		req   CreateRequest
		want  []ResourceType
		check func(t *testing.T, p Plan, cfg *Config)
	}{
		"only the target group": {
			parts: []halfPart{halfTGPart("")},
			want:  []ResourceType{TypeRule, TypeStage},
			check: func(t *testing.T, p Plan, cfg *Config) {
				r := p.Steps[0].Def.Rule
				if r.Conditions[0].Values[0] != "/half/*" || r.Actions[0].TargetGroups[0].Name != "env-half" {
					t.Fatalf("rule %+v", r)
				}
			},
		},
		"target group and rule": {
			parts: []halfPart{halfTGPart(""), halfPathRule},
			want:  []ResourceType{TypeStage},
			check: func(t *testing.T, p Plan, cfg *Config) {
				if s := p.Steps[0].Def.Stage; s.Name != "half" || s.DeploymentID != "dep-new" {
					t.Fatalf("stage %+v", s)
				}
			},
		},
		"only the stage (a destroy killed after the rule)": {
			parts: []halfPart{halfStagePart},
			want:  []ResourceType{TypeTargetGroup, TypeRule},
		},
		"host mode: the slot the killed create meant to claim": {
			cfg:   func() *Config { return hostConfig(3) },
			parts: []halfPart{slotPool(3), halfTGPart("pv-3.preview.example.com")},
			want:  []ResourceType{TypeRule, TypeStage},
			check: func(t *testing.T, p Plan, cfg *Config) {
				r := p.Steps[0].Def.Rule
				if r.Conditions[0].Values[0] != "pv-3.preview.example.com" || r.Tags[cfg.Keys().Slot] != "pv-3.preview.example.com" {
					t.Fatalf("rule %+v, want the claim of pv-3", r)
				}
			},
		},
		"host mode: the record after the alias": {
			cfg: func() *Config { return hostConfig(0) },
			parts: []halfPart{halfTGPart(""), halfRulePart(Condition{Field: "host-header", Values: []string{"half.preview.example.com"}}, 2100, ""),
				halfStagePart, halfAliasPart},
			want: []ResourceType{TypeRecord},
			check: func(t *testing.T, p Plan, cfg *Config) {
				if rec := p.Steps[0].Def.Record; rec.Name != "half.preview.example.com" || rec.AliasTarget != "d111.cloudfront.net" {
					t.Fatalf("record %+v", rec)
				}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := planConfig()
			if tc.cfg != nil {
				cfg = tc.cfg()
			}
			inv := halfInventory(t, cfg, tc.parts...)
			req := tc.req
			req.Name, req.Owner, req.TTL = "half", "someone-else", 5*time.Hour
			p, err := PlanCreate(inv, cfg, req, planNow)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got := stepTypes(p); !equalTypes(got, tc.want) {
				t.Fatalf("steps %v, want %v", got, tc.want)
			}
			keys := cfg.Keys()
			for _, s := range p.Steps {
				if s.Action != StepCreate || s.Env != "half" || !strings.HasSuffix(s.Reason, "(completes the half-made environment)") {
					t.Fatalf("step %+v", s)
				}
				var tags map[string]string
				switch {
				case s.Def.Rule != nil:
					tags = s.Def.Rule.Tags
				case s.Def.TargetGroup != nil:
					tags = s.Def.TargetGroup.Tags
				case s.Def.Stage != nil:
					tags = s.Def.Stage.Tags
				default:
					continue
				}
				// What is made joins what is there: its owner and times, not the request's.
				if tags[keys.Owner] != "carol" || tags[keys.CreatedAt] != halfCreated.Format(time.RFC3339) || tags[keys.ExpiresAt] != halfExpires.Format(time.RFC3339) || tags[keys.Env] != "half" {
					t.Fatalf("%s tags %v", s.Type, tags)
				}
			}
			if tc.check != nil {
				tc.check(t, p, cfg)
			}
		})
	}
}

func TestPlanCreateRefusesExistingEnvironment(t *testing.T) {
	keys := planConfig().Keys()
	tests := map[string]struct {
		cfg    func() *Config
		parts  []halfPart
		req    CreateRequest
		substr string
		noHint bool // refused for a resource outside the environment
	}{
		"complete": {parts: []halfPart{halfTGPart(""), halfPathRule, halfStagePart}, substr: "already exists and is complete"},
		"complete without a stage asked for": {parts: []halfPart{halfTGPart(""), halfPathRule}, req: CreateRequest{NoStage: true},
			substr: "already exists and is complete"},
		"an unowned resource": {parts: []halfPart{halfTGPart(""), func(s *Snapshot, _ *Config) {
			s.Stages = append(s.Stages, Stage{RestAPIID: "api1", Name: "half", DeploymentID: "dep-new", Tags: map[string]string{keys.Env: "half"}})
		}}, substr: "does not own"},
		"nothing tagged for it (pattern only)": {parts: []halfPart{func(s *Snapshot, _ *Config) {
			s.TargetGroups = append(s.TargetGroups, TargetGroup{ARN: tHalfTG, Name: "env-half", TargetType: "lambda"})
		}}, substr: "does not own"},
		"kept": {parts: []halfPart{func(s *Snapshot, cfg *Config) {
			tags := halfTags(cfg, "")
			tags[keys.Keep] = "true"
			s.TargetGroups = append(s.TargetGroups, TargetGroup{ARN: tHalfTG, Name: "env-half", TargetType: "lambda", Tags: tags})
		}}, substr: "protected"},
		"expired": {parts: []halfPart{func(s *Snapshot, cfg *Config) {
			s.TargetGroups = append(s.TargetGroups, TargetGroup{ARN: tHalfTG, Name: "env-half", TargetType: "lambda",
				Tags: cfg.Keys().For("half", "carol", planNow.Add(-80*time.Hour), planNow.Add(-8*time.Hour), "")})
		}}, substr: "expired"},
		"the stage it lacks is taken by another's": {parts: []halfPart{halfTGPart(""), halfPathRule, func(s *Snapshot, cfg *Config) {
			s.Stages = append(s.Stages, Stage{RestAPIID: "api1", Name: "half", DeploymentID: "dep-new", Tags: cfg.Keys().For("other", "x", planNow, planNow.Add(time.Hour), "")})
		}}, substr: "stage api1/half already exists", noHint: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := planConfig()
			if tc.cfg != nil {
				cfg = tc.cfg()
			}
			snap := planInventory().Snapshot
			for _, p := range tc.parts {
				p(snap, cfg)
			}
			inv := BuildInventory(snap, cfg, planNow)
			req := tc.req
			req.Name = "half"
			p, err := PlanCreate(inv, cfg, req, planNow)
			var taken *NameTakenError
			if !errors.As(err, &taken) {
				t.Fatalf("want a NameTakenError, got %v (%d steps)", err, len(p.Steps))
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(msg, tc.substr) {
				t.Fatalf("error %q does not say %q", msg, tc.substr)
			}
			if !tc.noHint && (!strings.Contains(msg, "envdeck show half") || !strings.Contains(msg, "envdeck destroy half")) {
				t.Fatalf("error %q does not say what to do", msg)
			}
			if len(p.Steps) != 0 {
				t.Fatal("refused plan has steps")
			}
		})
	}
}

// Completing needs headroom for what it makes only: with the rule and
// target group quotas full, the missing stage is planned; with the stage
// quota full, it is refused with the quota, like a new environment.
func TestPlanCreateCompletionHeadroom(t *testing.T) {
	cfg := planConfig()
	fill := func(inv *Inventory, codes ...string) {
		for i := range inv.Quotas {
			for _, c := range codes {
				if inv.Quotas[i].Code == c {
					inv.Quotas[i].Used = inv.Quotas[i].Limit
				}
			}
		}
	}
	inv := halfInventory(t, cfg, halfTGPart(""), halfPathRule)
	fill(inv, QuotaRulesPerALB, QuotaTargetGroupsPerALB)
	p, err := PlanCreate(inv, cfg, CreateRequest{Name: "half"}, planNow)
	if err != nil || !equalTypes(stepTypes(p), []ResourceType{TypeStage}) {
		t.Fatalf("with rules and target groups full: %v, steps %v", err, stepTypes(p))
	}

	inv = halfInventory(t, cfg, halfTGPart(""), halfPathRule)
	fill(inv, QuotaStagesPerAPI)
	_, err = PlanCreate(inv, cfg, CreateRequest{Name: "half"}, planNow)
	var full *QuotaFullError
	if !errors.As(err, &full) || full.Code != QuotaStagesPerAPI {
		t.Fatalf("want the stage quota, got %v", err)
	}
}
