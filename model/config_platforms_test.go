package model

import (
	"errors"
	"strings"
	"testing"
)

const (
	devListener = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
	stgListener = "arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/stg-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

const twoPlatforms = `
naming:
  protected: [main]
tags:
  prefix: team
platforms:
  dev:
    profile: platform-dev
    region: eu-west-1
    account_id: '111111111111'
    alb:
      listener_arn: ` + devListener + `
  staging:
    profile: platform-stg
    account_id: '222222222222'
    read_only: true
    theme: red
    naming:
      default_ttl: 24h
    alb:
      listener_arn: ` + stgListener + `
      routing: host
      host_pattern: '{env}.stg.example.com'
default_platform: dev
`

func TestLoadPlatformsInheritsAndOverrides(t *testing.T) {
	ps, err := LoadPlatforms(strings.NewReader(twoPlatforms))
	if err != nil {
		t.Fatal(err)
	}
	if !ps.Named() || strings.Join(ps.Names(), ",") != "dev,staging" || ps.Default != "dev" {
		t.Fatalf("names %v default %q", ps.Names(), ps.Default)
	}
	dev, err := ps.Select("")
	if err != nil {
		t.Fatal(err)
	}
	stg, err := ps.Select("staging")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"default is dev", dev.Platform, "dev"},
		{"dev profile", dev.Profile, "platform-dev"},
		{"dev listener", dev.ALB.ListenerARN, devListener},
		{"dev routing default", dev.ALB.Routing, RoutingPath},
		{"dev inherits protected", strings.Join(dev.Naming.Protected, ","), "main"},
		{"dev inherits prefix", dev.Tags.Prefix, "team"},
		{"dev not read-only", dev.ReadOnly, false},
		{"dev ttl default", dev.Naming.DefaultTTL.String(), "72h"},
		{"staging name", stg.Platform, "staging"},
		{"staging read-only", stg.ReadOnly, true},
		{"staging theme", stg.Theme, "red"},
		{"staging routing", stg.ALB.Routing, RoutingHost},
		{"staging listener", stg.ALB.ListenerARN, stgListener},
		{"staging ttl own", stg.Naming.DefaultTTL.String(), "24h"},
		{"staging inherits protected", strings.Join(stg.Naming.Protected, ","), "main"},
		{"staging no region: the profile's", stg.Region, ""},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// Select hands out a copy: changing it changes no other selection.
	dev.Profile = "changed"
	if again, _ := ps.Select("dev"); again.Profile != "platform-dev" {
		t.Errorf("Select shares its result: %q", again.Profile)
	}
}

func TestSelectPlatform(t *testing.T) {
	flat := "alb:\n  listener_arn: " + devListener + "\n"
	noDefault := strings.Replace(twoPlatforms, "default_platform: dev\n", "", 1)
	one := "platforms:\n  only:\n    alb:\n      listener_arn: " + devListener + "\n"
	for _, c := range []struct {
		name, file, pick, want, err string
	}{
		{"flat file, no name", flat, "", "", ""},
		{"flat file, a name", flat, "dev", "", `unknown platform "dev": the configuration defines no platforms`},
		{"default platform", twoPlatforms, "", "dev", ""},
		{"named", twoPlatforms, "staging", "staging", ""},
		{"unknown", twoPlatforms, "prod", "", `unknown platform "prod" (known: dev, staging)`},
		{"no default", noDefault, "", "", "choose a platform (dev, staging): the configuration has no default_platform"},
		{"the only platform", one, "", "only", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, err := LoadPlatforms(strings.NewReader(c.file))
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := ps.Select(c.pick)
			if c.err != "" {
				var ue *UnknownPlatformError
				if err == nil || err.Error() != c.err || !errors.As(err, &ue) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || cfg.Platform != c.want {
				t.Fatalf("got %v %v, want platform %q", cfg, err, c.want)
			}
		})
	}
}

func TestLoadPlatformsErrors(t *testing.T) {
	listener := "    alb:\n      listener_arn: " + devListener + "\n"
	for _, c := range []struct{ name, file, want string }{
		{"unknown key in a platform", "platforms:\n  dev:\n    alb:\n      routng: path\n",
			`config: unknown key "platforms.dev.alb.routng" (did you mean "platforms.dev.alb.routing"?) (line 4)`},
		{"a platform's problem names it", "platforms:\n  dev:\n    region: eu-west-1\n",
			"config: platforms.dev: alb.listener_arn: required"},
		{"platforms inside a platform", "platforms:\n  dev:\n    platforms: {}\n",
			`config: unknown key "platforms.dev.platforms"`},
		{"default not a platform", "platforms:\n  dev:\n" + listener + "default_platform: prod\n",
			`config: default_platform: "prod" is not one of the platforms (dev)`},
		{"default without platforms", "default_platform: dev\nalb:\n  listener_arn: " + devListener + "\n",
			"config: default_platform: set, but there are no platforms"},
		{"bad name", "platforms:\n  'a b':\n" + listener, `config: platforms: "a b" is not a platform name`},
		{"empty", "platforms: {}\n", "config: platforms: empty"},
		{"not a mapping", "platforms: [dev]\n", "config: platforms: want a mapping of platform names, got a list"},
		{"bad theme", "platforms:\n  dev:\n    theme: pink\n" + listener, `config: platforms.dev: theme: "pink" is not a theme colour`},
		{"read_only not a bool", "read_only: yes please\nalb:\n  listener_arn: " + devListener + "\n", `config: read_only: want true or false, got "yes please"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadPlatforms(strings.NewReader(c.file))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("err %v, want prefix %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
		})
	}
}

// A key with two forms (one listener or a pool, apigateway or apis,
// services or the alb shorthand): a platform's form replaces the file's
// other form instead of clashing with it.
func TestPlatformFormReplacesTheFilesOtherForm(t *testing.T) {
	other := strings.Replace(devListener, "f2f7dc8efc522ab2", "0123456789abcdef", 1)
	other = strings.Replace(other, "dev-alb/50dc6c495c0c9188", "dev-alb-2/1111111111111111", 1)
	file := "region: eu-west-1\naccount_id: '111111111111'\nalb:\n  listener_arn: " + devListener + "\n" +
		"apigateway: {rest_api_id: abc123}\n" +
		"platforms:\n" +
		"  pool:\n    alb:\n      listener_arns: [" + devListener + ", " + other + "]\n" +
		"  apis:\n    apis: [{id: xyz789, type: http, stage: '{env}'}]\n" +
		"  plain: {}\n"
	ps, err := LoadPlatforms(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	pool, _ := ps.Select("pool")
	if pool.ALB.ListenerARN != "" || len(pool.ALB.ListenerARNs) != 2 || pool.APIGateway == nil {
		t.Errorf("pool: listener %q, pool %v, apigateway %v", pool.ALB.ListenerARN, pool.ALB.ListenerARNs, pool.APIGateway)
	}
	apis, _ := ps.Select("apis")
	if apis.APIGateway != nil || len(apis.APIs) != 1 || apis.ALB.ListenerARN != devListener {
		t.Errorf("apis: apigateway %v, apis %v, listener %q", apis.APIGateway, apis.APIs, apis.ALB.ListenerARN)
	}
	plain, _ := ps.Select("plain")
	if plain.ALB.ListenerARN != devListener || plain.APIGateway == nil || plain.APIGateway.RestAPIID != "abc123" {
		t.Errorf("plain: %+v", plain)
	}
}
