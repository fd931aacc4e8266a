package model

import (
	"fmt"
	"hash/fnv"
)

// PriorityExhaustedError: every priority of the range is taken.
type PriorityExhaustedError struct {
	Lo, Hi int
}

func (e *PriorityExhaustedError) Error() string {
	return fmt.Sprintf("no free rule priority in alb.priority_range [%d, %d]: all %d are taken", e.Lo, e.Hi, e.Hi-e.Lo+1)
}

// AllocatePriority picks a free listener rule priority for env in [lo, hi].
// It starts at lo + FNV-1a(env) mod (hi-lo+1), so one name tends to get the
// same priority on every platform and concurrent creates of different names
// rarely collide, and probes upward, wrapping to lo. taken holds the
// priorities in use on the listener (any owner). A full range is a
// *PriorityExhaustedError.
func AllocatePriority(lo, hi int, taken map[int]bool, env string) (int, error) {
	if lo < MinRulePriority || hi > MaxRulePriority || lo > hi {
		return 0, fmt.Errorf("alb.priority_range [%d, %d] is not within %d..%d in order", lo, hi, MinRulePriority, MaxRulePriority)
	}
	n := hi - lo + 1
	h := fnv.New32a()
	h.Write([]byte(env))
	start := int(h.Sum32() % uint32(n))
	for i := 0; i < n; i++ {
		p := lo + (start+i)%n
		if !taken[p] {
			return p, nil
		}
	}
	return 0, &PriorityExhaustedError{Lo: lo, Hi: hi}
}
