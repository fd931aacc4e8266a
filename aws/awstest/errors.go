package awstest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Reply is an HTTP answer the proxy sends instead of, or rewritten from,
// the upstream's.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// Error classes whose code and status depend on the service's protocol.
const (
	classAccessDenied = "access-denied"
	classThrottle     = "throttle"
	classPriorRequest = "prior-request-not-complete"
	classServer       = "server-error" // status 500, 503, ...
)

// protocolError is the code and status AWS uses for a class of error in
// one service.
func protocolError(service, class string, status int) (code string, st int, msg string) {
	if service == ServiceAPIGatewayV2 {
		service = ServiceAPIGateway // the same REST JSON errors
	}
	switch class {
	case classAccessDenied:
		msg = "User: arn:aws:iam::123456789012:user/test is not authorized to perform this action (injected by awstest)"
		switch service {
		case ServiceAPIGateway:
			return "AccessDeniedException", http.StatusForbidden, msg
		case ServiceServiceQuotas:
			return "AccessDeniedException", http.StatusBadRequest, msg
		case ServiceEC2:
			return "UnauthorizedOperation", http.StatusForbidden, msg
		default: // query (ELBv2, STS) and REST XML (CloudFront, Route 53)
			return "AccessDenied", http.StatusForbidden, msg
		}
	case classThrottle:
		msg = "Rate exceeded"
		switch service {
		case ServiceAPIGateway:
			return "TooManyRequestsException", http.StatusTooManyRequests, "Too Many Requests"
		case ServiceServiceQuotas:
			return "TooManyRequestsException", http.StatusBadRequest, msg
		case ServiceEC2:
			return "RequestLimitExceeded", http.StatusServiceUnavailable, "Request limit exceeded."
		default: // ELBv2, STS, CloudFront, Route 53
			return "Throttling", http.StatusBadRequest, msg
		}
	case classPriorRequest:
		return "PriorRequestNotComplete", http.StatusBadRequest,
			"The request was rejected because Route 53 was still processing a prior request."
	case classServer:
		switch status {
		case http.StatusServiceUnavailable:
			if service == ServiceAPIGateway {
				return "ServiceUnavailableException", status, "Service Unavailable"
			}
			return "ServiceUnavailable", status, "Service is unavailable. Try again later."
		default:
			return "InternalFailure", status, "The request processing has failed because of an unknown error, exception or failure."
		}
	}
	return class, status, class
}

// ErrorReply is an error in the service's own wire form, which the SDK
// decodes into a smithy.APIError with ErrorCode() == code (a typed error
// when the service models that code):
//   - query (ELBv2, STS): XML <ErrorResponse><Error><Type/><Code/><Message/>
//   - EC2: XML <Response><Errors><Error><Code/><Message/>
//   - JSON 1.1 (Service Quotas): {"__type": code, "message": ...}
//   - REST JSON (API Gateway): x-amzn-ErrorType header, {"message": ...}
//   - REST XML (CloudFront, Route 53): XML <ErrorResponse><Error><Type/><Code/>
//   - S3: XML <Error><Code/><Message/> (not wrapped)
func ErrorReply(service string, status int, code, message string) Reply {
	h := http.Header{}
	h.Set("X-Amzn-Requestid", "awstest-injected")
	var body []byte
	switch service {
	case ServiceServiceQuotas:
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("X-Amzn-ErrorType", code)
		body, _ = json.Marshal(map[string]string{"__type": code, "message": message})
	case ServiceAPIGateway, ServiceAPIGatewayV2:
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-ErrorType", code)
		body, _ = json.Marshal(map[string]string{"message": message})
	case ServiceS3:
		h.Set("Content-Type", "application/xml")
		body = fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<Error><Code>%s</Code><Message>%s</Message><RequestId>awstest-injected</RequestId></Error>`,
			xmlEscape(code), xmlEscape(message))
	case ServiceEC2:
		h.Set("Content-Type", "text/xml")
		body = fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>awstest-injected</RequestID></Response>`,
			xmlEscape(code), xmlEscape(message))
	default:
		h.Set("Content-Type", "text/xml")
		kind := "Sender"
		if status >= 500 {
			kind = "Receiver"
		}
		body = fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>awstest-injected</RequestId></ErrorResponse>`,
			xmlNamespaces[service], kind, xmlEscape(code), xmlEscape(message))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return Reply{Status: status, Header: h, Body: body}
}

var xmlNamespaces = map[string]string{
	ServiceELBv2:      "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
	ServiceSTS:        "https://sts.amazonaws.com/doc/2011-06-15/",
	ServiceCloudFront: "http://cloudfront.amazonaws.com/doc/2020-05-31/",
	ServiceRoute53:    "https://route53.amazonaws.com/doc/2013-04-01/",
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
