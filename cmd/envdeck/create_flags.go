package main

import (
	"fmt"

	"github.com/envdeck/envdeck/model"
	"github.com/spf13/cobra"
)

// createFlags are create's own flags.
type createFlags struct {
	owner, ttl          string
	host, path, noStage bool
	targets, services   []string
	wait                waitFlag
}

func (f *createFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.owner, "owner", "", "owner tag (default: the OS user)")
	fl.StringVar(&f.ttl, "ttl", "", "time to live, e.g. 72h or 7d (default naming.default_ttl)")
	fl.BoolVar(&f.host, "host", false, "host-routed (a slot, or an alias and record)")
	fl.BoolVar(&f.path, "path", false, "path-routed")
	fl.BoolVar(&f.noStage, "no-stage", false, "no API Gateway stage")
	fl.StringSliceVar(&f.services, "services", nil, "make only these services, e.g. web,bff (default: every service of the config)")
	f.wait.add(cmd)
	fl.StringArrayVar(&f.targets, "target", nil, "register this backend in the new target group: a Lambda function ARN, an instance ID or an IP[:PORT] (repeatable)")
}

// request builds the create request of name and checks, before any AWS
// call, everything that needs none: the TTL (and naming.max_ttl), the
// targets against the target group type, the name and its protection.
func (f *createFlags) request(a *app, cfg *model.Config, name string) (model.CreateRequest, error) {
	req := model.CreateRequest{Name: name, Owner: f.owner, NoStage: f.noStage, Routing: cfg.ALB.Routing, Targets: f.targets, Services: f.services}
	if f.host {
		req.Routing = model.RoutingHost
	}
	if f.path {
		req.Routing = model.RoutingPath
	}
	if req.Owner == "" {
		req.Owner = osUser(a)
	}
	req.TTL = cfg.Naming.DefaultTTL.Duration
	if f.ttl != "" {
		d, err := model.ParseDuration(f.ttl)
		if err != nil || d <= 0 {
			return req, fmt.Errorf("--ttl %q: want a positive duration such as 72h or 7d", f.ttl)
		}
		req.TTL = d
	}
	if err := cfg.CheckTTL(req.TTL); err != nil {
		return req, fmt.Errorf("--ttl %s: %w", f.ttl, err)
	}
	svcs, err := model.SelectServices(cfg, f.services)
	if err != nil {
		return req, fmt.Errorf("--services: %w", err)
	}
	if len(f.targets) > 0 && len(svcs) != 1 {
		return req, fmt.Errorf("--target registers targets in one target group: name its service with --services")
	}
	if _, err := model.ParseTargets(svcs[0].TargetGroup.Type, f.targets); err != nil {
		return req, err
	}
	if err := cfg.ValidateEnvName(req.Name); err != nil {
		return req, err
	}
	if cfg.IsProtectedName(req.Name) {
		return req, fmt.Errorf("%q is a protected name (naming.protected): envdeck does not create or destroy it", req.Name)
	}
	return req, nil
}
