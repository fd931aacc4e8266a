package model

import "fmt"

// ServingCount is how many of an environment's targets serve traffic, as
// both front ends show it ("2/3").
type ServingCount struct {
	Serving, Total int
	Groups         int  // target groups the environment has
	Pending        bool // some target group's health is not read yet
}

// CountServing counts e's serving targets over the target groups whose
// health was read; group finds a target group by ARN.
func CountServing(e *Environment, group func(arn string) (*TargetGroup, bool)) ServingCount {
	var c ServingCount
	for _, r := range e.Resources {
		if r.Type != TypeTargetGroup {
			continue
		}
		c.Groups++
		g, ok := group(r.ID)
		if !ok {
			continue
		}
		if !g.HealthRead {
			c.Pending = true
			continue
		}
		for _, t := range g.Targets {
			c.Total++
			if servingTarget(g, t) {
				c.Serving++
			}
		}
	}
	return c
}

// String is "serving/total", "…" while health is still being read, "-"
// without target groups; a trailing "…" marks a count still growing.
func (c ServingCount) String() string {
	switch {
	case c.Groups == 0:
		return "-"
	case c.Pending && c.Total == 0:
		return "…"
	case c.Total == 0:
		return "0/0"
	}
	s := fmt.Sprintf("%d/%d", c.Serving, c.Total)
	if c.Pending {
		s += "…"
	}
	return s
}

// Ratio is the serving share for sorting: -1 when nothing is known yet.
func (c ServingCount) Ratio() float64 {
	switch {
	case c.Groups == 0, c.Pending && c.Total == 0:
		return -1
	case c.Total == 0:
		return 0
	}
	return float64(c.Serving) / float64(c.Total)
}
