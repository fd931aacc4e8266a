package aws

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// sdkErr builds an error shaped like the SDK's: operation error → response
// error (status, request ID) → API error.
func sdkErr(op string, status int, api error) error {
	return &smithy.OperationError{ServiceID: "Elastic Load Balancing v2", OperationName: op, Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: api},
		RequestID:     "8f3e-request-id-1234",
	}}
}

func TestClassifiers(t *testing.T) {
	type want struct{ notFound, denied, throttle, prio, exists, precond bool }
	cases := map[string]struct {
		err  error
		want want
	}{
		"typed rule not found":    {sdkErr("DeleteRule", 400, &elbtypes.RuleNotFoundException{Message: strp("gone")}), want{notFound: true}},
		"typed tg not found":      {sdkErr("DeleteTargetGroup", 400, &elbtypes.TargetGroupNotFoundException{}), want{notFound: true}},
		"apigw not found":         {apiErr("NotFoundException", "Invalid stage identifier specified"), want{notFound: true}},
		"no such distribution":    {apiErr("NoSuchDistribution", "x"), want{notFound: true}},
		"r53 delete missing":      {apiErr("InvalidChangeBatch", "Tried to delete resource record set [name='a.example.com.', type='A'] but it was not found"), want{notFound: true}},
		"r53 create exists":       {apiErr("InvalidChangeBatch", "Tried to create resource record set [name='a.', type='A'] but it already exists"), want{exists: true}},
		"r53 other batch error":   {apiErr("InvalidChangeBatch", "RRSet with DNS name x is not permitted in zone y"), want{}},
		"access denied":           {sdkErr("DescribeRules", 403, apiErr("AccessDenied", "not authorized")), want{denied: true}},
		"access denied exception": {apiErr("AccessDeniedException", "x"), want{denied: true}},
		"throttling query":        {apiErr("Throttling", "Rate exceeded"), want{throttle: true}},
		"throttling rest-json":    {apiErr("TooManyRequestsException", "Too Many Requests"), want{throttle: true}},
		"throttling r53":          {apiErr("PriorRequestNotComplete", "x"), want{throttle: true}},
		"throttling bare 429":     {sdkErr("GetStages", 429, apiErr("", "")), want{throttle: true}},
		"priority":                {sdkErr("CreateRule", 400, &elbtypes.PriorityInUseException{}), want{prio: true}},
		"duplicate tg":            {apiErr("DuplicateTargetGroupName", "x"), want{exists: true}},
		"stage conflict":          {apiErr("ConflictException", "Stage already exists"), want{exists: true}},
		"precondition":            {apiErr("PreconditionFailed", "The If-Match version is missing or not valid"), want{precond: true}},
		"wrapped":                 {fmt.Errorf("delete rule r: %w", apiErr("RuleNotFound", "x")), want{notFound: true}},
		"plain":                   {errors.New("boom"), want{}},
		"nil":                     {nil, want{}},
	}
	for name, tc := range cases {
		got := want{IsNotFound(tc.err), IsAccessDenied(tc.err), IsThrottle(tc.err), IsPriorityInUse(tc.err), IsAlreadyExists(tc.err), IsPrecondition(tc.err)}
		if got != tc.want {
			t.Errorf("%s: got %+v, want %+v", name, got, tc.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	cases := map[string]struct {
		err  error
		want string
	}{
		"nil": {nil, ""},
		"api error with context": {
			fmt.Errorf("rules of listener L: %w", sdkErr("DescribeRules", 403, apiErr("AccessDenied", "User: arn:aws:iam::1:user/dev is not authorized\nto perform: elasticloadbalancing:DescribeRules"))),
			"rules of listener L: DescribeRules: AccessDenied: User: arn:aws:iam::1:user/dev is not authorized to perform: elasticloadbalancing:DescribeRules",
		},
		"retries exhausted": {
			&smithy.OperationError{ServiceID: "API Gateway", OperationName: "GetStages",
				Err: &retry.MaxAttemptsError{Attempt: 8, Err: &awshttp.ResponseError{RequestID: "abc",
					ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 429}}, Err: apiErr("TooManyRequestsException", "Too Many Requests")}}}},
			"GetStages: TooManyRequestsException: Too Many Requests (after 8 attempts)",
		},
		"status only": {sdkErr("GetAWSDefaultServiceQuota", 500, &smithy.GenericAPIError{}), "GetAWSDefaultServiceQuota: HTTP 500"},
		"transport": {
			&smithy.OperationError{ServiceID: "STS", OperationName: "GetCallerIdentity", Err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")},
			"GetCallerIdentity: dial tcp 127.0.0.1:1: connect: connection refused",
		},
		"plain": {errors.New("listener x not found\n on y"), "listener x not found on y"},
	}
	for name, tc := range cases {
		if got := OneLine(tc.err); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}
