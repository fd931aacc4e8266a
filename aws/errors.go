package aws

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ErrorCode returns the AWS error code of err ("AccessDenied",
// "PriorityInUse", ...) or "" when err carries none.
func ErrorCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// errorMessage returns the AWS error message of err, or "".
func errorMessage(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorMessage()
	}
	return ""
}

// httpStatus returns the HTTP status of the response that failed, or 0.
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

func codeIn(err error, codes ...string) bool {
	c := ErrorCode(err)
	if c == "" {
		return false
	}
	for _, want := range codes {
		if c == want {
			return true
		}
	}
	return false
}

func messageHas(err error, parts ...string) bool {
	m := strings.ToLower(errorMessage(err))
	for _, p := range parts {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

// IsNotFound reports an error saying the resource does not exist (on
// delete: the work is already done).
func IsNotFound(err error) bool {
	if err == nil {
		return false
	}
	if codeIn(err,
		"RuleNotFound", "TargetGroupNotFound", "ListenerNotFound", "LoadBalancerNotFound",
		"NotFoundException", "NoSuchDistribution", "NoSuchHostedZone", "NoSuchResourceException",
		"ResourceNotFoundException") {
		return true
	}
	// Route 53 answers a DELETE of a missing record with InvalidChangeBatch
	// "Tried to delete resource record set [...] but it was not found".
	return codeIn(err, "InvalidChangeBatch") && messageHas(err, "not found")
}

// IsAccessDenied reports a permission error.
func IsAccessDenied(err error) bool {
	if err == nil {
		return false
	}
	if codeIn(err, "AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
		"UnauthorizedAccess", "NotAuthorized", "AuthorizationError") {
		return true
	}
	return httpStatus(err) == 403 && ErrorCode(err) == ""
}

// IsThrottle reports a throttling error, in any protocol's form.
func IsThrottle(err error) bool {
	if err == nil {
		return false
	}
	if retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool() {
		return true
	}
	return httpStatus(err) == 429
}

// IsPriorityInUse reports an ELB rule priority already taken on the listener.
func IsPriorityInUse(err error) bool { return codeIn(err, "PriorityInUse") }

// IsAlreadyExists reports a create of something that already exists.
func IsAlreadyExists(err error) bool {
	if err == nil {
		return false
	}
	if codeIn(err, "DuplicateTargetGroupName", "DuplicateLoadBalancerName", "DuplicateListener",
		"ConflictException", "CNAMEAlreadyExists", "ResourceRecordSetAlreadyExists") {
		return true
	}
	return codeIn(err, "InvalidChangeBatch") && messageHas(err, "already exists")
}

// IsPrecondition reports a stale If-Match (CloudFront ETag changed).
func IsPrecondition(err error) bool { return codeIn(err, "PreconditionFailed") }

var (
	requestIDRe = regexp.MustCompile(`,?\s*(RequestID|HostID|request id|RequestId):\s*[^,\s]*,?`)
	spaceRe     = regexp.MustCompile(`\s+`)
)

// OneLine renders err as one readable line: the caller's context, the
// operation, the AWS error code and message; no request IDs, no newlines.
func OneLine(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	var op *smithy.OperationError
	if errors.As(err, &op) {
		if full := op.Error(); strings.Contains(s, full) {
			s = strings.Replace(s, full, describeOperationError(op), 1)
		} else {
			s = describeOperationError(op)
		}
	}
	s = requestIDRe.ReplaceAllString(s, " ")
	s = spaceRe.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

func describeOperationError(op *smithy.OperationError) string {
	var msg string
	var api smithy.APIError
	switch {
	case errors.As(op.Err, &api) && api.ErrorCode() != "":
		msg = api.ErrorCode()
		if m := strings.TrimSpace(api.ErrorMessage()); m != "" {
			msg += ": " + m
		}
	case httpStatus(op.Err) != 0:
		msg = fmt.Sprintf("HTTP %d", httpStatus(op.Err))
	default:
		msg = op.Err.Error()
		// drop the SDK's nested wrappers, keep the innermost cause
		if i := strings.LastIndex(msg, ", "); i >= 0 && strings.HasPrefix(msg, "exceeded maximum number of attempts") {
			msg = msg[i+2:]
		}
	}
	var maxErr *retry.MaxAttemptsError
	if errors.As(op.Err, &maxErr) {
		msg += fmt.Sprintf(" (after %d attempts)", maxErr.Attempt)
	}
	return op.OperationName + ": " + msg
}
