package aws

import (
	"sort"
	"sync"

	"github.com/envdeck/envdeck/model"
)

// CallCounter counts API calls by "service:Action"; safe for concurrent use.
type CallCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func NewCallCounter() *CallCounter { return &CallCounter{n: map[string]int{}} }

func (c *CallCounter) Add(service, action string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.n[service+":"+action]++
	c.mu.Unlock()
}

// Snapshot returns a copy of the counts.
func (c *CallCounter) Snapshot() model.CallCount {
	out := model.CallCount{}
	if c == nil {
		return out
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

// Total is the number of calls counted.
func (c *CallCounter) Total() int {
	t := 0
	for _, v := range c.Snapshot() {
		t += v
	}
	return t
}

// Keys returns the counted "service:Action" keys, sorted.
func (c *CallCounter) Keys() []string {
	s := c.Snapshot()
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
