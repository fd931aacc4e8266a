package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// EmulateCloudFront is a rule that makes moto's CloudFront behave like AWS
// where envdeck depends on it (docs/TESTING.md): each distribution's ETag changes
// with every successful UpdateDistribution; an UpdateDistribution whose
// If-Match is not the current ETag gets PreconditionFailed (412); and after
// an update the distribution reads as InProgress for the next
// inProgressReads GetDistribution calls, then Deployed.
func EmulateCloudFront(inProgressReads int) Rule {
	e := &cfEmulator{dists: map[string]*cfState{}, reads: inProgressReads}
	return Rule{Service: ServiceCloudFront, Effect: Intercept(e.handle)}
}

type cfState struct {
	version    int
	inProgress int
}

type cfEmulator struct {
	mu    sync.Mutex
	dists map[string]*cfState
	reads int
}

// ETag is the emulated ETag of version v.
func cfETag(v int) string { return fmt.Sprintf("EAWSTEST%04d", v) }

// distID is the distribution id in /2020-05-31/distribution/ID[/config].
func distID(path string) string {
	rest, ok := strings.CutPrefix(path, "/2020-05-31/distribution/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}

func (e *cfEmulator) state(id string) *cfState {
	st, ok := e.dists[id]
	if !ok {
		st = &cfState{version: 1}
		e.dists[id] = st
	}
	return st
}

func (e *cfEmulator) handle(req *Request, forward func() (Reply, error)) (Reply, error) {
	id := distID(req.HTTP.URL.Path)
	switch req.Action {
	case "UpdateDistribution":
		e.mu.Lock()
		st := e.state(id)
		current := cfETag(st.version)
		e.mu.Unlock()
		if req.HTTP.Header.Get("If-Match") != current {
			return ErrorReply(ServiceCloudFront, http.StatusPreconditionFailed, "PreconditionFailed",
				"The If-Match version is missing or not valid for the resource."), nil
		}
		reply, err := forward()
		if err != nil || reply.Status != http.StatusOK {
			return reply, err
		}
		e.mu.Lock()
		st.version++
		st.inProgress = e.reads
		etag := cfETag(st.version)
		e.mu.Unlock()
		reply.Header.Set("ETag", etag)
		reply.Body = setStatus(reply.Body, "InProgress")
		return reply, nil
	case "GetDistribution", "GetDistributionConfig", "CreateDistribution", "CreateDistributionWithTags":
		reply, err := forward()
		if err != nil || reply.Status/100 != 2 {
			return reply, err
		}
		if id == "" { // a create: the id is in the answer
			id = xmlValue(reply.Body, "Id")
		}
		e.mu.Lock()
		st := e.state(id)
		etag := cfETag(st.version)
		inProgress := false
		if req.Action == "GetDistribution" && st.inProgress > 0 {
			st.inProgress--
			inProgress = true
		}
		e.mu.Unlock()
		reply.Header.Set("ETag", etag)
		if inProgress {
			reply.Body = setStatus(reply.Body, "InProgress")
		}
		return reply, nil
	}
	return forward()
}

// setStatus replaces the distribution's first <Status> value.
func setStatus(body []byte, status string) []byte {
	i := bytes.Index(body, []byte("<Status>"))
	if i < 0 {
		return body
	}
	j := bytes.Index(body[i:], []byte("</Status>"))
	if j < 0 {
		return body
	}
	out := append([]byte(nil), body[:i+len("<Status>")]...)
	out = append(out, status...)
	return append(out, body[i+j:]...)
}

// xmlValue is the text of the first <tag> element of body.
func xmlValue(body []byte, tag string) string {
	open, closing := []byte("<"+tag+">"), []byte("</"+tag+">")
	i := bytes.Index(body, open)
	if i < 0 {
		return ""
	}
	rest := body[i+len(open):]
	j := bytes.Index(rest, closing)
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// QuotaAnswer is one Service Quotas value as AWS answers it.
type QuotaAnswer struct {
	ServiceCode string // elasticloadbalancing, apigateway, cloudfront
	QuotaCode   string // L-7EED9B64 ...
	QuotaName   string
	Value       float64
}

// ServeQuotas answers Service Quotas like AWS (moto has no data for
// elasticloadbalancing, apigateway or cloudfront): GetServiceQuota from
// applied, GetAWSDefaultServiceQuota from defaults, each in the real answer
// shape; a code in neither list gets NoSuchResourceException. Other
// Service Quotas actions are forwarded.
func ServeQuotas(applied, defaults []QuotaAnswer) Rule {
	return Rule{Service: ServiceServiceQuotas, Effect: Intercept(func(req *Request, forward func() (Reply, error)) (Reply, error) {
		var list []QuotaAnswer
		switch req.Action {
		case "GetServiceQuota":
			list = applied
		case "GetAWSDefaultServiceQuota":
			list = defaults
		default:
			return forward()
		}
		var in struct{ ServiceCode, QuotaCode string }
		if err := json.Unmarshal(req.Body, &in); err != nil {
			return ErrorReply(ServiceServiceQuotas, http.StatusBadRequest, "IllegalArgumentException", "bad request body"), nil
		}
		for _, q := range list {
			if q.ServiceCode == in.ServiceCode && q.QuotaCode == in.QuotaCode {
				return quotaReply(q), nil
			}
		}
		return ErrorReply(ServiceServiceQuotas, http.StatusBadRequest, "NoSuchResourceException",
			fmt.Sprintf("The request failed because the specified service quota %s/%s does not exist.", in.ServiceCode, in.QuotaCode)), nil
	})}
}

func quotaReply(q QuotaAnswer) Reply {
	body, _ := json.Marshal(map[string]any{"Quota": map[string]any{
		"ServiceCode": q.ServiceCode,
		"ServiceName": q.ServiceCode,
		"QuotaArn":    "arn:aws:servicequotas:" + TestRegion + ":" + MotoAccount + ":" + q.ServiceCode + "/" + q.QuotaCode,
		"QuotaCode":   q.QuotaCode,
		"QuotaName":   q.QuotaName,
		"Value":       q.Value,
		"Unit":        "None",
		"Adjustable":  true,
		"GlobalQuota": false,
	}})
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("X-Amzn-Requestid", "awstest-quota")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return Reply{Status: http.StatusOK, Header: h, Body: body}
}
