package model

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

var (
	reLambdaTarget   = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$`)
	reInstanceTarget = regexp.MustCompile(`^i-[0-9a-f]{8,17}$`)
)

// ParseTargets reads create's --target values for a target group of type
// kind (lambda | ip | instance): a Lambda function ARN (one at most, as ELB
// allows), an instance ID or an IP address, each of the last two with an
// optional ":PORT" (IPv6 as "[ADDR]:PORT"); without one the group's port
// is used. The error names the value and what a valid one looks like.
func ParseTargets(kind string, values []string) ([]Target, error) {
	var out []Target
	for _, v := range values {
		t, err := parseTarget(kind, strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("--target %q: %w", v, err)
		}
		out = append(out, t)
	}
	if kind == "lambda" && len(out) > 1 {
		return nil, fmt.Errorf("--target: a lambda target group takes one function, got %d", len(out))
	}
	return out, nil
}

func parseTarget(kind, v string) (Target, error) {
	switch kind {
	case "lambda":
		if !reLambdaTarget.MatchString(v) {
			return Target{}, fmt.Errorf("want a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) for a lambda target group")
		}
		return Target{ID: v}, nil
	case "instance", "ip":
		id, port, err := splitTargetPort(v)
		if err != nil {
			return Target{}, err
		}
		if kind == "instance" && !reInstanceTarget.MatchString(id) {
			return Target{}, fmt.Errorf("want an instance ID such as i-0abc12345678 (optionally :PORT)")
		}
		if kind == "ip" && net.ParseIP(id) == nil {
			return Target{}, fmt.Errorf("want an IP address such as 10.0.1.7 (optionally :PORT)")
		}
		return Target{ID: id, Port: port}, nil
	}
	return Target{}, fmt.Errorf("target group type %q takes no targets", kind)
}

// splitTargetPort splits "ID:PORT" or "[V6]:PORT"; a bare ID (an IPv6
// address included) has port 0.
func splitTargetPort(v string) (string, int, error) {
	host, p, err := net.SplitHostPort(v)
	if err != nil {
		return v, 0, nil // no port
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("port %q is not 1-65535", p)
	}
	return host, port, nil
}

// withTargets gives a new target group the targets create was asked to
// register, and says so for the step's reason. A group that exists
// already (a half-made environment) is not changed: asking to register
// targets in it is an error.
func withTargets(tg *TargetGroup, values []string, makeTG bool) (string, error) {
	if len(values) == 0 {
		return "", nil
	}
	if !makeTG {
		return "", fmt.Errorf("--target: target group %s exists already; register targets with your deploy tool", tg.Name)
	}
	ts, err := ParseTargets(tg.TargetType, values)
	if err != nil {
		return "", err
	}
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
		if t.Port > 0 {
			ids[i] += ":" + strconv.Itoa(t.Port)
		}
	}
	tg.Targets = ts
	return ", registers " + strings.Join(ids, ", "), nil
}
