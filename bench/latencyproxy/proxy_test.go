package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseBucket(t *testing.T) {
	tests := map[string]struct {
		spec    string
		wantErr string
		want    string
	}{
		"elb describe":  {spec: "elbv2:Describe*=40/10", want: "elbv2:Describe*=40/10"},
		"any action":    {spec: "apigateway:*=40/10", want: "apigateway:*=40/10"},
		"fractional":    {spec: "route53:*=5/0.5", want: "route53:*=5/0.5"},
		"no equals":     {spec: "elbv2:Describe*", wantErr: "want service:ActionGlob=capacity/rate"},
		"no action":     {spec: "elbv2=40/10", wantErr: "want service:ActionGlob before"},
		"no rate":       {spec: "elbv2:*=40", wantErr: "want capacity/rate"},
		"zero capacity": {spec: "elbv2:*=0/10", wantErr: "capacity \"0\""},
		"bad rate":      {spec: "elbv2:*=4/x", wantErr: "rate \"x\""},
		"bad glob":      {spec: "elbv2:[=4/1", wantErr: "bad action glob"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := parseBucket(tc.spec)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Fatalf("String() = %q, want %q", b.String(), tc.want)
			}
		})
	}
}

func TestBucketTakeRefill(t *testing.T) {
	b, err := parseBucket("elbv2:Describe*=3/10")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1000, 0)
	var got []bool
	for range 4 {
		got = append(got, b.take(t0))
	}
	if want := []bool{true, true, true, false}; !equal(got, want) {
		t.Fatalf("takes at t0 = %v, want %v", got, want)
	}
	// 0.25 s at 10/s = 2.5 tokens: two more calls pass, the third is throttled.
	t1 := t0.Add(250 * time.Millisecond)
	got = []bool{b.take(t1), b.take(t1), b.take(t1)}
	if want := []bool{true, true, false}; !equal(got, want) {
		t.Fatalf("takes at t0+250ms = %v, want %v", got, want)
	}
	// Never above capacity, however long it waited.
	t2 := t1.Add(time.Hour)
	got = []bool{b.take(t2), b.take(t2), b.take(t2), b.take(t2)}
	if want := []bool{true, true, true, false}; !equal(got, want) {
		t.Fatalf("takes after an hour = %v, want %v", got, want)
	}
	b.refill()
	got = []bool{b.take(t2), b.take(t2), b.take(t2), b.take(t2)}
	if want := []bool{true, true, true, false}; !equal(got, want) {
		t.Fatalf("takes after refill = %v, want %v (a full bucket of 3 tokens)", got, want)
	}
	for _, tc := range []struct {
		c    call
		want bool
	}{
		{call{"elbv2", "DescribeRules"}, true},
		{call{"elbv2", "CreateRule"}, false},
		{call{"apigateway", "GetStages"}, false},
	} {
		if got := b.matches(tc.c); got != tc.want {
			t.Errorf("matches(%v) = %v, want %v", tc.c, got, tc.want)
		}
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// newTestProxy puts the proxy in front of a fake upstream counting hits.
func newTestProxy(t *testing.T, memoReads bool, buckets ...string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, "<ok/>")
	}))
	t.Cleanup(up.Close)
	u, _ := url.Parse(up.URL)
	p := &proxy{upstream: u, stats: newStats(), rp: httputil.NewSingleHostReverseProxy(u)}
	if memoReads {
		p.memo = newMemo()
	}
	for _, s := range buckets {
		b, err := parseBucket(s)
		if err != nil {
			t.Fatal(err)
		}
		p.buckets = append(p.buckets, b)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func elbCall(t *testing.T, base, action string) (int, string, http.Header) {
	t.Helper()
	form := url.Values{"Action": {action}, "Version": {"2015-12-01"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0")
	return do(t, req)
}

func apigwCall(t *testing.T, base, method, path string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, nil)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0")
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, string, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestProxyThrottlesInEachProtocolsForm(t *testing.T) {
	// A bucket that will not refill during the test (1 token per 1000 s).
	srv, hits := newTestProxy(t, false, "elbv2:Describe*=2/0.001", "apigateway:*=1/0.001")
	for i := range 2 {
		if st, body, _ := elbCall(t, srv.URL, "DescribeRules"); st != 200 {
			t.Fatalf("call %d: HTTP %d %s, want 200", i, st, body)
		}
	}
	st, body, _ := elbCall(t, srv.URL, "DescribeTargetHealth")
	if st != http.StatusBadRequest || !strings.Contains(body, "<Code>Throttling</Code>") {
		t.Fatalf("third ELB describe: HTTP %d %s, want 400 Throttling", st, body)
	}
	if st, body, _ := elbCall(t, srv.URL, "CreateRule"); st != 200 {
		t.Fatalf("CreateRule is not in the Describe* bucket: HTTP %d %s", st, body)
	}
	apigwCall(t, srv.URL, http.MethodGet, "/restapis/abc/stages")
	st, body, h := apigwCall(t, srv.URL, http.MethodGet, "/restapis/abc/stages")
	if st != http.StatusTooManyRequests || h.Get("X-Amzn-Errortype") != "TooManyRequestsException" {
		t.Fatalf("second API Gateway call: HTTP %d %v %s, want 429 TooManyRequestsException", st, h, body)
	}
	if got := hits.Load(); got != 4 {
		t.Fatalf("upstream saw %d calls, want 4 (throttled calls never reach it)", got)
	}

	resp, err := http.Get(srv.URL + "/_stats")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`"elbv2:DescribeRules": 2`, `"elbv2:DescribeTargetHealth": 1`, `"apigateway:GetStages": 2`, `"total_calls": 6`, `"total_throttled": 2`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/_stats lacks %s:\n%s", want, b)
		}
	}

	// /_reset zeroes the counts and refills the buckets.
	resp, err = http.Post(srv.URL+"/_reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if st, body, _ := elbCall(t, srv.URL, "DescribeRules"); st != 200 {
		t.Fatalf("after reset: HTTP %d %s, want 200", st, body)
	}
}

func TestProxyMemoServesRepeatedReads(t *testing.T) {
	srv, hits := newTestProxy(t, true)
	elbCall(t, srv.URL, "DescribeRules")
	elbCall(t, srv.URL, "DescribeRules")
	if got := hits.Load(); got != 1 {
		t.Fatalf("upstream saw %d DescribeRules, want 1 (second from memo)", got)
	}
	elbCall(t, srv.URL, "DescribeTags") // another question: forwarded
	elbCall(t, srv.URL, "CreateRule")   // a write: forwarded, and empties the memo
	elbCall(t, srv.URL, "DescribeRules")
	if got := hits.Load(); got != 4 {
		t.Fatalf("upstream saw %d calls, want 4 (memo emptied by the write)", got)
	}
}

func TestProxyAnswersServiceQuotas(t *testing.T) {
	srv, hits := newTestProxy(t, false)
	u, _ := url.Parse(srv.URL)
	p := &proxy{upstream: u, stats: newStats(), rp: httputil.NewSingleHostReverseProxy(u), quotas: true}
	qsrv := httptest.NewServer(p)
	t.Cleanup(qsrv.Close)
	tests := map[string]struct {
		target, body string
		wantStatus   int
		wantBody     string
	}{
		"applied value": {"ServiceQuotasV20190624.GetServiceQuota", `{"ServiceCode":"elasticloadbalancing","QuotaCode":"L-7EED9B64"}`, 200, `"Value":100`},
		"aws default":   {"ServiceQuotasV20190624.GetAWSDefaultServiceQuota", `{"ServiceCode":"apigateway","QuotaCode":"L-379E48B0"}`, 200, `"Value":10`},
		"unknown quota": {"ServiceQuotasV20190624.GetServiceQuota", `{"ServiceCode":"vpc","QuotaCode":"L-X"}`, 400, `"__type":"NoSuchResourceException"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, qsrv.URL+"/", strings.NewReader(tc.body))
			req.Header.Set("X-Amz-Target", tc.target)
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/servicequotas/aws4_request, SignedHeaders=host, Signature=0")
			st, body, _ := do(t, req)
			if st != tc.wantStatus || !strings.Contains(body, tc.wantBody) {
				t.Fatalf("HTTP %d %s, want %d with %s", st, body, tc.wantStatus, tc.wantBody)
			}
		})
	}
	if hits.Load() != 0 {
		t.Fatalf("quota calls reached the upstream %d times", hits.Load())
	}
}
