package awstest

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestMain(m *testing.M) { os.Exit(RunTests(m)) }

func TestStartMotoStartsAndStops(t *testing.T) {
	var endpoint string
	t.Run("running", func(t *testing.T) {
		endpoint = StartMoto(t)
		c := MotoClients(t, endpoint)
		out, err := c.STS.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("GetCallerIdentity: %v", err)
		}
		if got := *out.Account; got != MotoAccount {
			t.Errorf("account = %s, want %s", got, MotoAccount)
		}
		if got := c.Calls.Snapshot()["sts:GetCallerIdentity"]; got != 1 {
			t.Errorf("counted %d GetCallerIdentity calls, want 1 (%v)", got, c.Calls.Snapshot())
		}
	})
	// The subtest's cleanup has stopped the process: nothing answers any more.
	client := &http.Client{Timeout: time.Second}
	if resp, err := client.Get(endpoint + "/moto-api/"); err == nil {
		resp.Body.Close()
		t.Fatalf("moto at %s still answers after cleanup", endpoint)
	}
}

func TestStartMotoFailsWithoutMoto(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := startMoto()
	if err == nil {
		t.Fatal("startMoto found a moto_server on an empty PATH")
	}
	if want := "moto_server not found on PATH"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func TestSharedMotoResetsBetweenTests(t *testing.T) {
	ctx := context.Background()
	endpoint := SharedMoto(t)
	c := MotoClients(t, endpoint)
	if _, err := c.ELB.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: strp("left-over"), TargetType: "lambda"}); err != nil {
		t.Fatalf("CreateTargetGroup: %v", err)
	}
	again := SharedMoto(t)
	if again != endpoint {
		t.Fatalf("SharedMoto gave %s then %s: want one server", endpoint, again)
	}
	out, err := c.ELB.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{})
	if err != nil {
		t.Fatalf("DescribeTargetGroups: %v", err)
	}
	if n := len(out.TargetGroups); n != 0 {
		t.Errorf("after reset: %d target groups, want 0", n)
	}
}

func strp(s string) *string { return &s }
