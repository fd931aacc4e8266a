package awstest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/apigateway"
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
