package aws

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

const (
	secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
	accessKeyID     = "AKIAIOSFODNN7EXAMPLE"
	sessionToken    = "FwoGZXIvYXdzEBAaDSESSIONTOKEN"
)

const accountLimitsXML = `<DescribeAccountLimitsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
<DescribeAccountLimitsResult><Limits><member><Name>rules-per-application-load-balancer</Name><Max>100</Max></member></Limits></DescribeAccountLimitsResult>
<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeAccountLimitsResponse>`

const throttlingXML = `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-0</RequestId></ErrorResponse>`

// A real SDK client against a local server that throttles the first
// attempt: the debug line names the call, counts 2 attempts, and carries
// neither the keys nor the signature.
func TestDebugLogRedactsAndCountsAttempts(t *testing.T) {
	var n atomic.Int32
	var sawAuth atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if strings.Contains(r.Header.Get("Authorization"), accessKeyID) {
			sawAuth.Store(true)
		}
		w.Header().Set("Content-Type", "text/xml")
		if n.Add(1) == 1 {
			w.WriteHeader(400)
			_, _ = io.WriteString(w, throttlingXML)
			return
		}
		_, _ = io.WriteString(w, accountLimitsXML)
	}))
	defer srv.Close()

	cfg := awssdk.Config{
		Region:      "eu-west-1",
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, sessionToken),
		Retryer:     NewRetryer,
	}
	raw := Clients{ELB: elbv2.NewFromConfig(cfg, func(o *elbv2.Options) { o.BaseEndpoint = awssdk.String(srv.URL) })}
	var buf bytes.Buffer
	c := Instrument(raw, InstrumentOptions{Debug: &buf, ReadOnly: true})
	out, err := c.ELB.DescribeAccountLimits(context.Background(), &elbv2.DescribeAccountLimitsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Limits) != 1 || !sawAuth.Load() {
		t.Fatalf("limits %v, signed %v", out.Limits, sawAuth.Load())
	}
	if _, err := c.ELB.DeleteRule(context.Background(), &elbv2.DeleteRuleInput{}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("DeleteRule: %v", err)
	}
	log := buf.String()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines:\n%s", log)
	}
	if !strings.HasPrefix(lines[0], "aws elbv2:DescribeAccountLimits ") || !strings.Contains(lines[0], " attempts=2 ") || !strings.HasSuffix(lines[0], " ok") {
		t.Errorf("line: %q", lines[0])
	}
	if lines[1] != "aws elbv2:DeleteRule refused (read-only)" {
		t.Errorf("line: %q", lines[1])
	}
	for _, secret := range []string{secretAccessKey, accessKeyID, sessionToken, "Authorization", "Signature", "X-Amz"} {
		if strings.Contains(log, secret) {
			t.Errorf("debug log leaks %q:\n%s", secret, log)
		}
	}
}

func TestCallOutcome(t *testing.T) {
	cases := map[string]struct {
		err  error
		want string
	}{
		"ok":       {nil, "ok"},
		"code":     {apiErr("AccessDenied", "User arn:aws:iam::1:user/x"), "error=AccessDenied"},
		"canceled": {context.Canceled, "error=canceled"},
		"other":    {errors.New("dial tcp: secret stuff"), "error=transport"},
	}
	for name, tc := range cases {
		if got := callOutcome(tc.err); got != tc.want {
			t.Errorf("%s: %q", name, got)
		}
	}
}
