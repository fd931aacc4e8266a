package main

import (
	"crypto/sha1"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
)

// Reads that cannot happen are failures, through the real session
// (aws.NewClients: credential chain, HTTP client, retryer): without
// credentials, with an expired SSO session, an MFA profile and no terminal,
// credentials STS refuses, a refusing port, and an endpoint that accepts
// connections and never answers. `ls`, `gc` and `quota` each stop with one
// line naming the profile and the fix, or the endpoint; exit 1, quota 3.
// The credential cases make no call at all (a counting endpoint).
func TestReadsThatCannotHappenFail(t *testing.T) {
	counting, calls := countingEndpoint(t)
	refusing := refusingPort(t)
	silent := silentEndpoint(t)
	sts := awstest.NewProxy(t, awstest.SharedMoto(t), awstest.On(awstest.ServiceSTS, "GetCallerIdentity", awstest.AccessDenied()))
	cfg := writeFile(t, t.TempDir(), "envdeck.yaml", minimalConfig)

	for _, tc := range []struct {
		name     string
		setup    func(c *cli) // environment and files
		endpoint string
		flags    []string
		line     string // the one stderr line (regexp)
		noCalls  bool
	}{
		{name: "no credentials", setup: noCredentials, endpoint: counting, noCalls: true,
			line: `^envdeck: credentials for profile default not found: run aws configure --profile default or aws sso login --profile default, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY$`},
		{name: "expired SSO session", setup: expiredSSO, endpoint: counting, flags: []string{"--profile", "dev"}, noCalls: true,
			line: `^envdeck: credentials for profile dev expired: run aws sso login --profile dev$`},
		{name: "MFA profile without a terminal", setup: mfaProfile, endpoint: counting, flags: []string{"--profile", "mfa"}, noCalls: true,
			line: `^envdeck: credentials for profile mfa need an MFA code \(mfa_serial\): run envdeck on a terminal to type it`},
		{name: "STS refuses the credentials", endpoint: sts.URL,
			line: `^envdeck: credentials for profile default were refused \(AccessDenied\): check the keys and role of the profile, or run aws sso login --profile default$`},
		{name: "refusing port", endpoint: refusing, flags: []string{"--timeout", "5s"},
			line: `^envdeck: no answer from ` + regexp.QuoteMeta(refusing) + ` within 5s \(--timeout\)`},
		{name: "endpoint that never answers", endpoint: silent, flags: []string{"--timeout", "5s"},
			line: `^envdeck: no answer from ` + regexp.QuoteMeta(silent) + ` within 5s \(--timeout\)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, command := range []string{"ls", "gc", "quota"} {
				c := newCLI(t)
				if tc.setup != nil {
					tc.setup(c)
				}
				before := calls.Load()
				r := c.run(append([]string{command, "--config", cfg, "--endpoint-url", tc.endpoint}, tc.flags...)...)
				want := 1
				if command == "quota" {
					want = 3
				}
				lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
				if r.code != want || len(lines) != 1 || !regexp.MustCompile(tc.line).MatchString(lines[0]) || r.stdout != "" {
					t.Errorf("%s: exit %d (want %d), want one line matching %s\nstdout:\n%s\nstderr:\n%s", command, r.code, want, tc.line, r.stdout, r.stderr)
				}
				if n := calls.Load() - before; tc.noCalls && n != 0 {
					t.Errorf("%s: %d calls reached the endpoint", command, n)
				}
			}
		})
	}
}

// minimalConfig is a valid path platform; the tests never get to read it.
const minimalConfig = `region: us-east-1
alb:
  listener_arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/f2f7dc8efc522ab2
  routing: path
  path_pattern: '/{env}/*'
  priority_range: [1000, 4999]
  target_group:
    name: 'env-{env}'
    type: lambda
`

// noCredentials: an empty HOME, no AWS variables, no instance metadata.
// The SDK fixes its default config file paths from HOME when the process
// starts, so they are pointed into the test's HOME explicitly.
func noCredentials(c *cli) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		c.env[k] = ""
	}
	c.env["AWS_EC2_METADATA_DISABLED"] = "true"
	c.env["AWS_CONFIG_FILE"] = filepath.Join(c.env["HOME"], ".aws", "config")
	c.env["AWS_SHARED_CREDENTIALS_FILE"] = filepath.Join(c.env["HOME"], ".aws", "credentials")
}

// expiredSSO: profile dev signs in through sso-session corp, whose cached
// token expired (as `aws sso login` leaves it a day later).
func expiredSSO(c *cli) {
	noCredentials(c)
	home := c.env["HOME"]
	writeAWSFile(c.t, home, "config", `[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`)
	sum := sha1.Sum([]byte("corp"))
	writeAWSFile(c.t, home, filepath.Join("sso", "cache", hex.EncodeToString(sum[:])+".json"),
		`{"startUrl":"https://corp.awsapps.com/start","region":"us-east-1","accessToken":"expired-token","expiresAt":"2024-01-01T00:00:00Z"}`)
}

// mfaProfile: profile mfa assumes a role with mfa_serial from static base keys.
func mfaProfile(c *cli) {
	noCredentials(c)
	home := c.env["HOME"]
	writeAWSFile(c.t, home, "credentials", "[base]\naws_access_key_id = test\naws_secret_access_key = test\n")
	writeAWSFile(c.t, home, "config", `[profile mfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/me
region = us-east-1
`)
}

func writeAWSFile(t *testing.T, home, name, content string) {
	t.Helper()
	p := filepath.Join(home, ".aws", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Dir(p), filepath.Base(p), content)
}

// countingEndpoint answers 400 to everything and counts the requests.
func countingEndpoint(t *testing.T) (string, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusBadRequest)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

// refusingPort is a loopback address nothing listens on.
func refusingPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// silentEndpoint accepts connections and never answers (a black hole).
func silentEndpoint(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + l.Addr().String()
}

// An apply whose step never gets an answer (the proxy holds the create of
// the target group) is stopped --timeout after its last progress, with one
// line saying so, and creates nothing. The timeout leaves the reads before
// the apply room on a loaded machine (a moto answer can take seconds there).
func TestApplyWithoutProgressStopsAtTimeout(t *testing.T) {
	r := newFaultRig(t)
	t.Cleanup(func() { r.use(t); r.purge("stall-a") })
	r.setRules(awstest.On(awstest.ServiceELBv2, "CreateTargetGroup", awstest.Latency(10*time.Minute)))
	res := r.run("create", "stall-a", "--owner", "ci", "--yes", "--timeout", "8s")
	r.setRules()
	if res.code != 1 || !strings.Contains(res.stderr, "envdeck: no progress for 8s (--timeout), stopped: ") {
		t.Fatalf("exit %d, want 1 and the stall named\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	checkGone(t, r.resourcesOnly(), "stall-a")
}

// A profile with mfa_serial asks for the code on the terminal, then
// assumes its role with it (moto's STS) and reads the account.
func TestMFAProfileAsksOnTheTerminal(t *testing.T) {
	c, _, flags := motoPathPlatform(t)
	var withCode atomic.Int64
	p := awstest.NewProxy(t, flags[3], awstest.Rule{Match: func(req *awstest.Request) bool {
		if req.Action == "AssumeRole" && strings.Contains(string(req.Body), "TokenCode=123456") &&
			strings.Contains(string(req.Body), "SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme") {
			withCode.Add(1)
		}
		return false
	}, Effect: awstest.Drop()})
	flags[3] = p.URL
	mfaProfile(c)
	c.onTerm = true
	c.stdin = "123456\n"
	r := c.run(append([]string{"ls", "--profile", "mfa"}, flags...)...)
	if r.code != 0 || !strings.HasPrefix(r.stderr, "MFA code for profile mfa: ") || !strings.Contains(r.stdout, "feat-login") {
		t.Fatalf("exit %d, want 0 after the prompt\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if withCode.Load() != 1 {
		t.Fatalf("%d AssumeRole calls carried the code and the MFA serial, want 1: %v", withCode.Load(), p.Actions())
	}
}
