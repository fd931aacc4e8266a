package aws

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// isolateAWSEnv points the SDK at empty config files and clears the
// standard variables, so the test reads nothing from the machine.
func isolateAWSEnv(t *testing.T) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty,
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_DEFAULT_PROFILE": "",
		"AWS_ENDPOINT_URL": "", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

func TestNewClientsNeedsARegion(t *testing.T) {
	isolateAWSEnv(t)
	_, err := NewClients(context.Background(), Options{})
	if !errors.Is(err, ErrNoRegion) || err.Error() != "no AWS region: set --region, AWS_REGION or region in envdeck.yaml" {
		t.Fatalf("err = %v", err)
	}
	c, err := NewClients(context.Background(), Options{Region: "eu-west-1"})
	if err != nil || c.Region != "eu-west-1" || c.Profile != "default" {
		t.Fatalf("%v %q %q", err, c.Region, c.Profile)
	}
	t.Setenv("AWS_REGION", "ap-south-1")
	if c, err := NewClients(context.Background(), Options{}); err != nil || c.Region != "ap-south-1" {
		t.Fatalf("AWS_REGION: %v %q", err, c.Region)
	}
	if _, err := NewClients(context.Background(), Options{Profile: "no-such-profile"}); err == nil {
		t.Fatal("unknown profile accepted")
	}
}

// With EndpointURL every client goes there (us-east-1 when no region), the
// calls are counted, and read-only refuses before anything is sent.
func TestNewClientsEndpointEverywhere(t *testing.T) {
	isolateAWSEnv(t)
	var mu sync.Mutex
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		hits++
		mu.Unlock()
		w.WriteHeader(http.StatusBadRequest) // not retried
	}))
	defer srv.Close()

	c, err := NewClients(context.Background(), Options{EndpointURL: srv.URL, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != "us-east-1" {
		t.Errorf("region %q", c.Region)
	}
	ctx := context.Background()
	s := awssdk.String("x")
	_, e1 := c.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{ListenerArn: s})
	_, e2 := c.APIGW.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: s})
	_, e3 := c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: s})
	_, e4 := c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: s})
	_, e5 := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: s, QuotaCode: s})
	_, e6 := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	for i, e := range []error{e1, e2, e3, e4, e5, e6} {
		if e == nil {
			t.Errorf("call %d: no error from a 400", i+1)
		}
	}
	if _, err := c.ELB.DeleteRule(ctx, &elbv2.DeleteRuleInput{RuleArn: s}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("DeleteRule: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != 6 {
		t.Errorf("endpoint saw %d requests, want 6 (one per client, none for the refused delete)", hits)
	}
	if c.Calls.Total() != 6 {
		t.Errorf("counted %d calls", c.Calls.Total())
	}
}

func TestRetryerRetriesEveryThrottlingForm(t *testing.T) {
	r := NewRetryer()
	if r.MaxAttempts() != retryMaxAttempts {
		t.Errorf("max attempts %d", r.MaxAttempts())
	}
	for _, code := range []string{"Throttling", "ThrottlingException", "TooManyRequestsException", "PriorRequestNotComplete", "RequestLimitExceeded"} {
		if !r.IsErrorRetryable(&smithy.GenericAPIError{Code: code}) {
			t.Errorf("%s not retried", code)
		}
	}
	for _, code := range []string{"AccessDenied", "PriorityInUse", "ValidationError"} {
		if r.IsErrorRetryable(&smithy.GenericAPIError{Code: code}) {
			t.Errorf("%s retried", code)
		}
	}
}
