package awstest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// MotoReadyTimeout bounds how long StartMoto waits for moto_server to answer.
const MotoReadyTimeout = 20 * time.Second

// motoServer is one running moto_server process.
type motoServer struct {
	endpoint string
	cmd      *exec.Cmd
	out      *lockedBuffer
	done     chan struct{} // closed when the process has exited
}

// StartMoto starts a moto_server of its own on a free loopback port, waits
// until it answers and stops it (the whole process group) when the test
// ends. It returns the endpoint, "http://127.0.0.1:PORT". A missing
// moto_server fails the test: it never skips.
func StartMoto(t testing.TB) string {
	t.Helper()
	m, err := startMoto()
	if err != nil {
		t.Fatalf("awstest: %v", err)
	}
	t.Cleanup(m.stop)
	return m.endpoint
}

// Moto is a moto_server of a test's own, stopped when the test ends or by Stop.
type Moto struct {
	Endpoint string
	srv      *motoServer
}

// Stop ends the server now (a test of an endpoint that stops answering).
func (m *Moto) Stop() { m.srv.stop() }

// StartMotoAccount starts a moto_server of its own that answers as account
// accountID (MOTO_ACCOUNT_ID on the server process): two of them are two
// AWS accounts.
func StartMotoAccount(t testing.TB, accountID string) *Moto {
	t.Helper()
	m, err := startMoto("MOTO_ACCOUNT_ID=" + accountID)
	if err != nil {
		t.Fatalf("awstest: %v", err)
	}
	t.Cleanup(m.stop)
	return &Moto{Endpoint: m.endpoint, srv: m}
}

var shared struct {
	mu  sync.Mutex
	srv *motoServer
}

// SharedMoto returns the endpoint of one moto_server shared by every test of
// the test binary, reset (POST /moto-api/reset) before it is returned, so
// each test starts from an empty account. Tests using it must not run in
// parallel with each other. The process is stopped by StopSharedMoto (call
// it from TestMain, or use RunTests); it is also killed when the test binary
// exits (parent-death signal on Linux).
func SharedMoto(t testing.TB) string {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv != nil {
		select {
		case <-shared.srv.done:
			shared.srv = nil // it died: start another
		default:
		}
	}
	if shared.srv == nil {
		m, err := startMoto()
		if err != nil {
			t.Fatalf("awstest: %v", err)
		}
		shared.srv = m
	} else {
		ResetMoto(t, shared.srv.endpoint)
	}
	return shared.srv.endpoint
}

// StopSharedMoto stops the moto_server of SharedMoto, if one runs.
func StopSharedMoto() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv != nil {
		shared.srv.stop()
		shared.srv = nil
	}
}

// RunTests is a TestMain body: it runs the tests, stops the shared
// moto_server and returns the exit code. Use: func TestMain(m *testing.M) { os.Exit(awstest.RunTests(m)) }
func RunTests(m *testing.M) int {
	code := m.Run()
	StopSharedMoto()
	return code
}

// ResetMoto empties every service of the moto_server at endpoint.
func ResetMoto(t testing.TB, endpoint string) {
	t.Helper()
	if err := resetMoto(endpoint); err != nil {
		t.Fatalf("awstest: %v", err)
	}
}

func resetMoto(endpoint string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/moto-api/reset", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("reset moto at %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reset moto at %s: HTTP %d", endpoint, resp.StatusCode)
	}
	return nil
}

// startMoto tries a few free ports: another process may take the port
// between choosing it and moto binding it.
func startMoto(env ...string) (*motoServer, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("moto_server not found on PATH (install moto 5.2.1: pip install 'moto[server]==5.2.1'); AWS tests need it and never skip: %w", err)
	}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("pick a free port for moto_server: %w", err)
		}
		m, err := launchMoto(bin, port, env)
		if err == nil {
			return m, nil
		}
		last = err
	}
	return nil, last
}

func launchMoto(bin string, port int, env []string) (*motoServer, error) {
	m := &motoServer{
		endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		out:      &lockedBuffer{},
		done:     make(chan struct{}),
	}
	m.cmd = exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	if len(env) > 0 {
		m.cmd.Env = append(os.Environ(), env...)
	}
	m.cmd.Stdout = m.out
	m.cmd.Stderr = m.out
	m.cmd.SysProcAttr = procAttr()
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		_ = m.cmd.Wait()
		close(m.done)
	}()
	deadline := time.Now().Add(MotoReadyTimeout)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-m.done:
			return nil, fmt.Errorf("moto_server on port %d exited before answering: %s", port, m.out.tail(2000))
		default:
		}
		resp, err := client.Get(m.endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return m, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	m.stop()
	return nil, fmt.Errorf("moto_server on port %d did not answer within %s: %s", port, MotoReadyTimeout, m.out.tail(2000))
}

// stop ends the process group: SIGTERM, then SIGKILL if it lingers.
func (m *motoServer) stop() {
	select {
	case <-m.done:
		return
	default:
	}
	pid := m.cmd.Process.Pid
	signalGroup(pid, false)
	select {
	case <-m.done:
	case <-time.After(3 * time.Second):
		signalGroup(pid, true)
		<-m.done
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedBuffer collects moto's output for error messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 { // keep memory bounded on long runs
		l.b.Reset()
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "(no output)"
	}
	return s
}
