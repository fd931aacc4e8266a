package model

// invalidTags: one finding per envdeck tag value envdeck cannot use as
// written (tag_values.go). A value it cannot read is a warning and protects
// (the resource and its environment are never deleted); a value read fine
// but spelled unusually (keep=True) is info.
func (c *findingCtx) invalidTags() []Finding {
	var out []Finding
	for _, r := range c.m.all {
		for _, is := range r.issues {
			sev, reason := SeverityInfo, r.name()+": "+is.text()+is.detail
			if is.doubt {
				sev = SeverityWarning
				if r.env != "" {
					reason += "; environment " + r.env + " is treated as protected"
				}
			}
			out = append(out, newFinding(FindingInvalidTag, sev, r, reason, false))
		}
	}
	return out
}
