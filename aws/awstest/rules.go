package awstest

import (
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
)

// Request is what a rule sees of one request.
type Request struct {
	Service string // elbv2, apigateway, cloudfront, route53, servicequotas, sts, ec2
	Action  string // API action, e.g. DescribeRules, GetStages, UpdateDistribution
	HTTP    *http.Request
	Body    []byte
	Seq     int // 1-based order of arrival at the proxy
}

type effectKind int

const (
	effError effectKind = iota + 1 // class or code error in the protocol's form
	effLatency
	effDrop         // close the connection before forwarding
	effDropResponse // forward, then close the connection without answering
	effRespond      // answer without forwarding
	effRewrite      // forward, then rewrite the upstream's answer
	effIntercept    // the effect's function answers, forwarding when it wants
)

// Effect is what a rule does to a request it fires on. Latency and Rewrite
// combine with other rules; every other effect ends the request.
type Effect struct {
	kind    effectKind
	class   string // access-denied, throttle, prior-request-not-complete, server-error, or "" for a literal code
	status  int
	code    string
	message string
	delay   time.Duration
	respond func(*Request) Reply
	rewrite func(*Request, *Reply)
	handle  func(*Request, func() (Reply, error)) (Reply, error)
}

// AccessDenied answers each service's AccessDenied: query/REST XML
// AccessDenied 403, API Gateway AccessDeniedException 403, Service Quotas
// AccessDeniedException 400.
func AccessDenied() Effect { return Effect{kind: effError, class: classAccessDenied} }

// Throttle answers each service's throttling error: ELBv2/STS/CloudFront/
// Route 53 Throttling 400, API Gateway TooManyRequestsException 429,
// Service Quotas TooManyRequestsException 400.
func Throttle() Effect { return Effect{kind: effError, class: classThrottle} }

// PriorRequestNotComplete is Route 53's "still processing" throttle (400).
func PriorRequestNotComplete() Effect { return Effect{kind: effError, class: classPriorRequest} }

// ServerError answers HTTP status (500, 503, ...) with the protocol's
// InternalFailure / ServiceUnavailable body.
func ServerError(status int) Effect {
	return Effect{kind: effError, class: classServer, status: status}
}

// APIError answers any code with any status in the protocol's form, e.g.
// APIError(412, "PreconditionFailed", "stale ETag") for CloudFront.
func APIError(status int, code, message string) Effect {
	return Effect{kind: effError, status: status, code: code, message: message}
}

// Latency delays the request by d before it goes on (combines with others).
func Latency(d time.Duration) Effect { return Effect{kind: effLatency, delay: d} }

// Drop closes the connection without answering; the upstream never sees
// the request.
func Drop() Effect { return Effect{kind: effDrop} }

// DropResponse forwards the request (the upstream acts on it) and then
// closes the connection without answering: the "did my delete happen?" case.
func DropResponse() Effect { return Effect{kind: effDropResponse} }

// Respond answers with f's reply without forwarding.
func Respond(f func(*Request) Reply) Effect { return Effect{kind: effRespond, respond: f} }

// Rewrite forwards the request and lets f change the upstream's reply
// (status, headers, body) before the client sees it (combines with others).
func Rewrite(f func(*Request, *Reply)) Effect { return Effect{kind: effRewrite, rewrite: f} }

// Intercept hands the request to f, which may call forward (at most once)
// to have the upstream answer, and returns the reply the client gets: the
// hook for stateful emulations (see EmulateCloudFront). An error from f
// answers 502.
func Intercept(f func(req *Request, forward func() (Reply, error)) (Reply, error)) Effect {
	return Effect{kind: effIntercept, handle: f}
}

// label names the effect in the request log.
func (e Effect) label() string {
	switch e.kind {
	case effError:
		if e.class == classServer {
			return fmt.Sprintf("http-%d", e.status)
		}
		if e.class != "" {
			return e.class
		}
		return "error:" + e.code
	case effLatency:
		return "latency:" + e.delay.String()
	case effDrop:
		return "drop"
	case effDropResponse:
		return "drop-response"
	case effRespond:
		return "respond"
	case effRewrite:
		return "rewrite"
	case effIntercept:
		return "intercept"
	}
	return "none"
}

// reply builds the error answer for service.
func (e Effect) reply(service string) Reply {
	if e.class == "" {
		return ErrorReply(service, e.status, e.code, e.message)
	}
	code, status, msg := protocolError(service, e.class, e.status)
	return ErrorReply(service, status, code, msg)
}

// Rule fires its Effect on the requests it matches. Among the matching
// requests (counted from 1 in arrival order), it skips the first After,
// then fires on the next First (0 = all of them), each with Probability
// (0 means always) drawn from the proxy's seeded source.
type Rule struct {
	Service     string              // "" = any service
	Action      string              // "" = any; a path.Match glob such as "Describe*"
	Match       func(*Request) bool // optional further condition
	Effect      Effect
	Probability float64
	After       int
	First       int
}

// On is a rule for service and action (either may be "" for any).
func On(service, action string, e Effect) Rule {
	return Rule{Service: service, Action: action, Effect: e}
}

// WithProbability returns the rule firing with probability p.
func (r Rule) WithProbability(p float64) Rule { r.Probability = p; return r }

// Times returns the rule firing on at most n matching requests.
func (r Rule) Times(n int) Rule { r.First = n; return r }

// Skip returns the rule letting the first n matching requests through.
func (r Rule) Skip(n int) Rule { r.After = n; return r }

func (r Rule) matches(req *Request) bool {
	if r.Service != "" && r.Service != req.Service {
		return false
	}
	if r.Action != "" && !globMatch(r.Action, req.Action) {
		return false
	}
	return r.Match == nil || r.Match(req)
}

func globMatch(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?[") {
		return pattern == s
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}

// ruleState is a rule with its count of matching requests.
type ruleState struct {
	Rule
	seen int
}

// fires counts a matching request and tells whether the rule acts on it.
func (s *ruleState) fires(draw func() float64) bool {
	s.seen++
	if s.seen <= s.After {
		return false
	}
	if s.First > 0 && s.seen > s.After+s.First {
		return false
	}
	if s.Probability > 0 && s.Probability < 1 && draw() >= s.Probability {
		return false
	}
	return true
}
