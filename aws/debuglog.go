package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// debugLog writes one line per API call (--debug): service, action,
// duration, pacing wait, attempts and the error code. It never writes a
// request or response: no credentials, signatures or headers can leak.
type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newDebugLog(w io.Writer) *debugLog {
	if w == nil {
		return nil
	}
	return &debugLog{w: w}
}

// call logs one finished call; attempts is 0 when unknown (a fake or the sandbox).
func (l *debugLog) call(service, action string, took, waited time.Duration, attempts int, err error) {
	if l == nil {
		return
	}
	line := fmt.Sprintf("aws %s:%s %s", service, action, took.Round(time.Millisecond))
	if waited > 0 {
		line += fmt.Sprintf(" paced=%s", waited.Round(time.Millisecond))
	}
	if attempts > 0 {
		line += fmt.Sprintf(" attempts=%d", attempts)
	}
	line += " " + callOutcome(err)
	l.write(line)
}

// refused logs a call refused by read-only mode.
func (l *debugLog) refused(service, action string) {
	if l == nil {
		return
	}
	l.write(fmt.Sprintf("aws %s:%s refused (read-only)", service, action))
}

func (l *debugLog) write(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}

// callOutcome names how a call ended without echoing anything the server sent
// beyond its error code.
func callOutcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case ErrorCode(err) != "":
		return "error=" + ErrorCode(err)
	case httpStatus(err) != 0:
		return fmt.Sprintf("error=HTTP%d", httpStatus(err))
	case errors.Is(err, context.Canceled):
		return "error=canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "error=timeout"
	default:
		return "error=transport"
	}
}
