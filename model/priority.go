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
// rarely collide, and probes upward, wrapping to lo (FreePriority). taken
// holds the priorities in use on the listener (any owner). A full range is
// a *PriorityExhaustedError.
func AllocatePriority(lo, hi int, taken map[int]bool, env string) (int, error) {
	if lo < MinRulePriority || hi > MaxRulePriority || lo > hi {
		return 0, fmt.Errorf("alb.priority_range [%d, %d] is not within %d..%d in order", lo, hi, MinRulePriority, MaxRulePriority)
	}
	if p := FreePriority(lo, hi, PriorityStart(lo, hi, env), taken); p != 0 {
		return p, nil
	}
	return 0, &PriorityExhaustedError{Lo: lo, Hi: hi}
}

// PriorityStart is where env's rules start looking for a free priority in
// [lo, hi]: lo + FNV-1a(env) mod (hi-lo+1).
func PriorityStart(lo, hi int, env string) int {
	if hi < lo {
		return lo
	}
	h := fnv.New32a()
	h.Write([]byte(env))
	return lo + int(h.Sum32()%uint32(hi-lo+1))
}

// FreeBlock returns the first p at or after from within [lo, hi], wrapping
// to lo, such that p..p+n-1 lie in the range and taken holds none of them;
// 0 when there is no such run.
func FreeBlock(lo, hi, from, n int, taken map[int]bool) int {
	if lo < MinRulePriority || hi < lo || n < 1 || n > hi-lo+1 {
		return 0
	}
	if from < lo || from > hi {
		from = lo
	}
	size := hi - lo + 1
	for i := 0; i < size; i++ {
		p := lo + (from-lo+i)%size
		if p+n-1 > hi {
			continue
		}
		free := true
		for q := p; q < p+n && free; q++ {
			free = !taken[q]
		}
		if free {
			return p
		}
	}
	return 0
}

// FreePriority returns the first priority at or after from within [lo, hi]
// that taken does not hold, wrapping to lo; 0 when every one is taken. A
// range that is none (lo < 1 or hi < lo) means every listener priority; a
// from outside the range starts at lo. The plan picks a rule's priority
// with it, and apply probes with it when that one was taken meanwhile.
func FreePriority(lo, hi, from int, taken map[int]bool) int {
	if lo < MinRulePriority || hi < lo {
		lo, hi = MinRulePriority, MaxRulePriority
	}
	if from < lo || from > hi {
		from = lo
	}
	n := hi - lo + 1
	for i := 0; i < n; i++ {
		p := lo + (from-lo+i)%n
		if !taken[p] {
			return p
		}
	}
	return 0
}

// AvoidSlotPriorities returns taken, plus, for a rule that claims no slot
// (slot ""), the priorities reserved for slot claims: a plain rule never
// lands on one. taken itself is not changed.
func AvoidSlotPriorities(cfg *Config, taken map[int]bool, slot string) map[int]bool {
	out := make(map[int]bool, len(taken))
	for p := range taken {
		out[p] = true
	}
	if slot == "" {
		for _, p := range SlotPriorities(cfg) {
			out[p] = true
		}
	}
	return out
}
