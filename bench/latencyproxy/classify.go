package main

import (
	"bytes"
	"io"
	"net/http"

	"github.com/envdeck/envdeck/aws/awstest"
)

// call is what one request is: the short service name and the API action, as
// the fault proxy (awstest) and envdeck's call counter name them, e.g.
// "elbv2:DescribeRules".
type call struct {
	Service string
	Action  string
}

func (c call) key() string { return c.Service + ":" + c.Action }

// classify names the call with awstest.Identify, reading the body and putting
// it back for the upstream; it also returns the body.
func classify(r *http.Request) (call, []byte, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return call{}, nil, err
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	svc, act := awstest.Identify(r, body)
	return call{svc, act}, body, nil
}
