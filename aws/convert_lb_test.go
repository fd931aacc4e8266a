package aws

import (
	"reflect"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// A target group's load balancers are kept deduplicated and sorted (moto
// repeats one per rule forwarding to the group).
func TestToTargetGroupLoadBalancers(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{nil, nil},
		{[]string{}, nil},
		{[]string{"lb/b", "lb/a", "lb/b", "lb/b"}, []string{"lb/a", "lb/b"}},
	}
	for _, tc := range tests {
		got := toTargetGroup(elbtypes.TargetGroup{TargetGroupArn: awssdk.String("tg"), LoadBalancerArns: tc.in}).LoadBalancerARNs
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v → %v, want %v", tc.in, got, tc.want)
		}
	}
}
