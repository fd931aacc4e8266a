package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
)

// Problems that stop a command before it reads anything: the credentials
// of the profile cannot be used, or the endpoint does not answer. Each is
// one line naming the profile or the endpoint, and the fix.

// CredentialError says the credentials of a profile cannot be used.
type CredentialError struct {
	Profile string
	Problem string // "expired", "not found", ...
	Fix     string
	Err     error
}

func (e *CredentialError) Error() string {
	return fmt.Sprintf("credentials for profile %s %s: %s", e.Profile, e.Problem, e.Fix)
}

func (e *CredentialError) Unwrap() error { return e.Err }

// EndpointError says an AWS endpoint refused the connection, could not be
// reached, or did not answer in time.
type EndpointError struct {
	Endpoint string // URL or host; "" when the error did not say
	Err      error
}

func (e *EndpointError) Error() string {
	what := "the AWS endpoint"
	if e.Endpoint != "" {
		what = e.Endpoint
	}
	return fmt.Sprintf("no answer from %s: %s", what, endpointCause(e.Err))
}

func (e *EndpointError) Unwrap() error { return e.Err }

// ErrMFARequired is returned by the MFA token provider used when there is
// no terminal to ask for the code on.
var ErrMFARequired = errors.New("an MFA code is needed and there is no terminal to ask for it")

// credentialProblem explains why the credentials of profile could not be
// retrieved (creds is the provider that failed, for its kind).
func credentialProblem(profile string, creds awssdk.CredentialsProvider, err error) error {
	if ee := unreachable(err); ee != nil {
		return ee
	}
	sso := "run aws sso login --profile " + profile
	switch {
	case errors.Is(err, ErrMFARequired):
		return &CredentialError{Profile: profile, Problem: "need an MFA code (mfa_serial)", Err: err,
			Fix: "run envdeck on a terminal to type it, or export session credentials (aws sts get-session-token)"}
	case isSSO(creds, err):
		return &CredentialError{Profile: profile, Problem: "expired", Fix: sso, Err: err}
	case ErrorCode(err) != "":
		return stsRefusal(profile, err)
	}
	return &CredentialError{Profile: profile, Problem: "not found", Err: err,
		Fix: "run aws configure --profile " + profile + " or aws sso login --profile " + profile +
			", or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"}
}

// isSSO reports credentials that come from an SSO session.
func isSSO(creds awssdk.CredentialsProvider, err error) bool {
	var invalid *ssocreds.InvalidTokenError
	if errors.As(err, &invalid) {
		return true
	}
	src, ok := creds.(awssdk.CredentialProviderSource)
	if !ok {
		return false
	}
	sources := src.ProviderSources()
	return slices.ContainsFunc(sources, func(s awssdk.CredentialSource) bool {
		switch s {
		case awssdk.CredentialSourceSSO, awssdk.CredentialSourceProfileSSO,
			awssdk.CredentialSourceSSOLegacy, awssdk.CredentialSourceProfileSSOLegacy:
			return true
		}
		return false
	})
}

// Codes with which STS (or a credential service) refuses the caller's credentials.
var (
	expiredCodes = []string{"ExpiredToken", "ExpiredTokenException", "UnauthorizedException"}
	refusedCodes = []string{"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
		"IncompleteSignature", "InvalidAccessKeyId", "AccessDenied", "AccessDeniedException", "InvalidToken"}
)

func stsRefusal(profile string, err error) error {
	code := ErrorCode(err)
	if slices.Contains(expiredCodes, code) {
		return &CredentialError{Profile: profile, Problem: "expired (" + code + ")", Err: err,
			Fix: "run aws sso login --profile " + profile + ", or get new session credentials"}
	}
	return &CredentialError{Profile: profile, Problem: "were refused (" + code + ")", Err: err,
		Fix: "check the keys and role of the profile, or run aws sso login --profile " + profile}
}

// AccessProblem classifies the error of the caller-identity call: a
// *CredentialError when STS refused the credentials, an *EndpointError
// when no answer came, else nil (an ordinary failed source).
func AccessProblem(profile string, err error) error {
	if err == nil {
		return nil
	}
	if ee := unreachable(err); ee != nil {
		return ee
	}
	code := ErrorCode(err)
	if slices.Contains(expiredCodes, code) || slices.Contains(refusedCodes, code) {
		return stsRefusal(profile, err)
	}
	return nil
}

// unreachable returns an *EndpointError when err means no HTTP answer came
// (connection refused, DNS, a timeout, the command's deadline).
func unreachable(err error) *EndpointError {
	var api smithy.APIError
	if errors.As(err, &api) {
		return nil // an answer came
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &EndpointError{Endpoint: endpointOf(ue.URL), Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return &EndpointError{Err: err}
	}
	return nil
}

// endpointOf keeps scheme and host of a request URL.
func endpointOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Scheme + "://" + u.Host
}

// endpointCause is the innermost cause in a few words.
func endpointCause(err error) string {
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &op) && op.Err != nil:
		return op.Op + ": " + op.Err.Error()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// profileMissing explains a profile that is in no AWS config file.
func profileMissing(err error) error {
	var nf config.SharedConfigProfileNotExistError
	if !errors.As(err, &nf) {
		return nil
	}
	return &CredentialError{Profile: nf.Profile, Problem: "not found (no such profile in the AWS config files)", Err: err,
		Fix: "create it (aws configure --profile " + nf.Profile + ") or pick another with --profile"}
}
