package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envdeck/envdeck/aws/awstest"
)

// Credentials of the --debug test: distinctive, so a leak is found.
const (
	debugAccessKey    = "AKIDEXAMPLEH10DEBUG7Q"
	debugSecretKey    = "h10/DoNotLog+wJalrXUtnFEMIK7MDENGbPxRfiCY"
	debugSessionToken = "H10SessionTokenDoNotLogFwoGZXIvYXdzEBAaDH10"
)

// debugLine is one --debug line: "aws SERVICE:ACTION DURATION [paced=D]
// attempts=N ok|error=CODE".
var debugLine = regexp.MustCompile(`^aws ([a-z0-9]+):([A-Za-z0-9]+) (\S+)(?: paced=(\S+))? attempts=(\d+) (ok|error=\S+)$`)

// `envdeck --debug ls` through the real session (aws.NewClients with the
// production retryer and pacing) prints one line per API call to stderr —
// service, action, duration, attempts (retries + 1) — and never the
// credentials, the session token, the Authorization header or a
// signature. The proxy throttles the first GetCallerIdentity and answers
// 503 to the first GetStages, so two lines must show a retry.
func TestDebugLogsEveryCallRedacted(t *testing.T) {
	moto := awstest.SharedMoto(t)
	f := awstest.SeedScalePlatform(t, awstest.MotoClients(t, moto), time.Now(), awstest.ScaleOptions{Envs: 3, Stages: 2})
	var signedWithKey atomic.Int64
	p := awstest.NewProxy(t, moto,
		awstest.Rule{Match: func(r *awstest.Request) bool {
			if strings.Contains(r.HTTP.Header.Get("Authorization"), "Credential="+debugAccessKey+"/") &&
				r.HTTP.Header.Get("X-Amz-Security-Token") == debugSessionToken {
				signedWithKey.Add(1)
			}
			return false
		}, Effect: awstest.Drop()},
		awstest.On(awstest.ServiceSTS, "GetCallerIdentity", awstest.Throttle()).Times(1),
		awstest.On(awstest.ServiceAPIGateway, "GetStages", awstest.ServerError(503)).Times(1),
	)
	c := newCLI(t)
	c.env["AWS_ACCESS_KEY_ID"] = debugAccessKey
	c.env["AWS_SECRET_ACCESS_KEY"] = debugSecretKey
	c.env["AWS_SESSION_TOKEN"] = debugSessionToken
	cfg := writeFile(t, t.TempDir(), "envdeck.yaml", f.ConfigYAML)

	r := c.run("--debug", "ls", "-o", "json", "--endpoint-url", p.URL, "--config", cfg)
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	var ls lsJSON
	if err := json.Unmarshal([]byte(r.stdout), &ls); err != nil || len(ls.Environments) != 3 || len(ls.Errors) != 0 {
		t.Fatalf("ls -o json (%v): %d environments, errors %+v\n%s", err, len(ls.Environments), ls.Errors, r.stdout)
	}
	log := p.Log()
	if n := signedWithKey.Load(); n != int64(len(log)) {
		t.Fatalf("%d of %d requests signed with the test credentials and token: the secret was not in play", n, len(log))
	}

	// Redaction.
	for _, leak := range []string{debugSecretKey, debugSessionToken, debugAccessKey, "Authorization", "authorization",
		"Signature=", "X-Amz-Signature", "Credential=", "X-Amz-Security-Token", "X-Amz-Date"} {
		if strings.Contains(r.stderr, leak) {
			t.Errorf("stderr contains %q", leak)
		}
	}

	// One line per call: for every action, the lines' attempts add up to
	// the requests the proxy received.
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	attempts := map[string]int{}
	calls := 0
	for _, l := range lines {
		m := debugLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a debug line (service, action, duration, attempts): %q", l)
			continue
		}
		if _, err := time.ParseDuration(m[3]); err != nil {
			t.Errorf("%q: duration %q: %v", l, m[3], err)
		}
		n, _ := strconv.Atoi(m[5])
		if n < 1 {
			t.Errorf("%q: attempts %d", l, n)
		}
		key := m[1] + ":" + m[2]
		attempts[key] += n
		calls++
		switch key {
		case "sts:GetCallerIdentity", "apigateway:GetStages":
			if n != 2 || m[6] != "ok" {
				t.Errorf("%q: want attempts=2 ok (one injected fault retried)", l)
			}
		}
	}
	received := p.Actions()
	for key, n := range received {
		if attempts[key] != n {
			t.Errorf("%s: %d requests at the proxy, debug lines account for %d attempts", key, n, attempts[key])
		}
	}
	for key := range attempts {
		if _, ok := received[key]; !ok {
			t.Errorf("%s logged but never received", key)
		}
	}
	if calls < 8 {
		t.Fatalf("%d debug lines for a full read, want one per call:\n%s", calls, r.stderr)
	}
	t.Logf("%d calls logged, %d requests received (%d retries)", calls, len(log), len(log)-calls)
}
