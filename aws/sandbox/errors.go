package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Service IDs as the SDK names them in operation errors.
const (
	svcELB    = "Elastic Load Balancing v2"
	svcAPIGW  = "API Gateway"
	svcCF     = "CloudFront"
	svcR53    = "Route 53"
	svcQuotas = "Service Quotas"
	svcSTS    = "STS"
)

// apiFail wraps an API error the way the SDK does (operation error → HTTP
// response error → typed error), so errors.As and the message look the same
// as with AWS.
func apiFail(service, op string, status int, err error) error {
	return &smithy.OperationError{
		ServiceID:     service,
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
				Err:      err,
			},
			RequestID: requestID(),
		},
	}
}

func canceled(service, op string, err error) error {
	return &smithy.OperationError{ServiceID: service, OperationName: op, Err: &smithy.CanceledError{Err: err}}
}

// generic is an API error the SDK has no type for (e.g. ELB ValidationError).
func generic(code, format string, args ...any) error {
	return &smithy.GenericAPIError{Code: code, Message: fmt.Sprintf(format, args...), Fault: smithy.FaultClient}
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func ptr[T any](v T) *T { return &v }

func msg(format string, args ...any) *string { return ptr(fmt.Sprintf(format, args...)) }
