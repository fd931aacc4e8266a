package model

import (
	"errors"
	"testing"
)

func TestAllocatePriority(t *testing.T) {
	all := func(lo, hi int) map[int]bool {
		m := map[int]bool{}
		for p := lo; p <= hi; p++ {
			m[p] = true
		}
		return m
	}
	start, err := AllocatePriority(1000, 4999, nil, "feat-login")
	if err != nil || start < 1000 || start > 4999 {
		t.Fatalf("AllocatePriority = %d, %v", start, err)
	}
	tests := []struct {
		name    string
		lo, hi  int
		taken   map[int]bool
		env     string
		want    int
		wantErr string
	}{
		{"stable for a name", 1000, 4999, map[int]bool{1: true}, "feat-login", start, ""},
		{"probes upward", 1000, 4999, map[int]bool{start: true, start + 1: true}, "feat-login", start + 2, ""},
		{"single priority free", 7, 7, nil, "x", 7, ""},
		{"wraps to lo", 10, 12, map[int]bool{11: true, 12: true}, "x", 10, ""},
		{"only the last free", 10, 12, map[int]bool{10: true, 11: true}, "anything", 12, ""},
		{"exhausted", 10, 12, all(10, 12), "x", 0, "no free rule priority in alb.priority_range [10, 12]: all 3 are taken"},
		{"reversed range", 12, 10, nil, "x", 0, "alb.priority_range [12, 10] is not within"},
		{"zero", 0, 10, nil, "x", 0, "is not within 1..50000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AllocatePriority(tc.lo, tc.hi, tc.taken, tc.env)
			if tc.wantErr != "" {
				h2AssertOneLine(t, err, tc.wantErr)
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("AllocatePriority = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
	_, err = AllocatePriority(1, 2, all(1, 2), "x")
	var pe *PriorityExhaustedError
	if !errors.As(err, &pe) || pe.Lo != 1 || pe.Hi != 2 {
		t.Errorf("error %v is no *PriorityExhaustedError{1,2}", err)
	}
}

// Every free priority is reachable, and the result is always free and in range.
func TestAllocatePriorityNeverTaken(t *testing.T) {
	taken := map[int]bool{}
	for i := 0; i < 50; i++ {
		p, err := AllocatePriority(100, 149, taken, "env")
		if err != nil || p < 100 || p > 149 || taken[p] {
			t.Fatalf("step %d: %d, %v", i, p, err)
		}
		taken[p] = true
	}
	if _, err := AllocatePriority(100, 149, taken, "env"); err == nil {
		t.Fatal("no error on a full range")
	}
}

func TestFreePriority(t *testing.T) {
	tests := map[string]struct {
		lo, hi, from int
		taken        []int
		want         int
	}{
		"free":              {1000, 1010, 1005, nil, 1005},
		"probe up":          {1000, 1010, 1005, []int{1005, 1006}, 1007},
		"wrap":              {1000, 1002, 1002, []int{1002}, 1000},
		"full":              {1000, 1002, 1000, []int{1000, 1001, 1002}, 0},
		"from out of range": {1000, 1010, 5, nil, 1000},
		"no range":          {0, 0, 7, []int{7}, 8},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			taken := map[int]bool{}
			for _, p := range tc.taken {
				taken[p] = true
			}
			if got := FreePriority(tc.lo, tc.hi, tc.from, taken); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
}
