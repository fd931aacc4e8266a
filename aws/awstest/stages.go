package awstest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// CreateStages adds untagged stages of deployment to a REST API, e.g. to fill
// its stage quota (moto does not enforce it; envdeck must).
func (s *SDK) CreateStages(t testing.TB, restAPIID, deploymentID string, names ...string) {
	t.Helper()
	for _, name := range names {
		_, err := s.APIGW.CreateStage(context.Background(), &apigateway.CreateStageInput{
			RestApiId: &restAPIID, DeploymentId: &deploymentID, StageName: &name,
		})
		if err != nil {
			t.Fatalf("create stage %s: %v", name, err)
		}
	}
}

// TagELB sets one tag on an ELB resource (rule, target group), as another
// team's tooling would between a plan and its apply.
func (s *SDK) TagELB(t testing.TB, arn, key, value string) {
	t.Helper()
	_, err := s.ELB.AddTags(context.Background(), &elbv2.AddTagsInput{
		ResourceArns: []string{arn}, Tags: []elbtypes.Tag{{Key: &key, Value: &value}},
	})
	if err != nil {
		t.Fatalf("tag %s: %v", arn, err)
	}
}

// NextSecond waits for the clock's next whole second: moto dates REST
// deployments to the second, so a deployment made after it is newer than
// every one made before.
func NextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second).Sub(now))
}
