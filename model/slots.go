package model

import (
	"strings"
)

// slotInfo is one slot of the pool as read, with its defect ("" when its
// alias and record are right) and whether the defect could be verified.
type slotInfo struct {
	Slot
	defect   string
	verified bool // alias and record sources were read
	alias    *mres
	records  []*mres
}

// slotInfos computes the pool (cloudfront.slots, 1..count) in pool order.
// free: alias present and a record pointing at the distribution's domain, no
// rule routes it; claimed: a rule routes it; broken: alias without record,
// record without alias, or a record pointing elsewhere. A slot that cannot
// be verified (CloudFront or Route 53 not read) is broken with the reason:
// never offered as free on a guess.
func (m *envMapper) slotInfos() []slotInfo {
	if len(m.slotHosts) == 0 {
		return nil
	}
	d := m.snap.Distribution
	domain := ""
	if d != nil {
		domain = dnsName(d.DomainName)
	}
	aliases := map[string]*mres{}
	records := map[string][]*mres{}
	for _, r := range m.all {
		if r.slot == "" {
			continue
		}
		switch r.ref.Type {
		case TypeAlias:
			aliases[r.slot] = r
		case TypeRecord:
			records[r.slot] = append(records[r.slot], r)
		}
	}
	cfRead := d != nil && !m.failed[SourceCloudFront]
	r53Configured := m.cfg.Route53 != nil
	r53Read := r53Configured && !m.failed[SourceRoute53]
	distID := ""
	if m.cfg.CloudFront != nil {
		distID = m.cfg.CloudFront.DistributionID
	}
	if d != nil {
		distID = d.ID
	}
	out := make([]slotInfo, 0, len(m.slotHosts))
	for _, host := range m.slotHosts {
		si := slotInfo{Slot: Slot{Host: host}, alias: aliases[host], records: records[host], verified: cfRead && (r53Read || !r53Configured)}
		hasAlias := si.alias != nil
		switch {
		case !cfRead:
			si.defect = "not verified: CloudFront distribution " + distID + " was not read"
		case r53Configured && !r53Read:
			si.defect = "not verified: Route 53 zone " + m.cfg.Route53.HostedZoneID + " was not read"
		case !hasAlias && len(si.records) == 0:
			si.defect = "no alias and no record; fix: add " + host + " as an alternate domain name of distribution " + distID + " and create a Route 53 alias record " + host + " → " + domain
		case !hasAlias:
			si.defect = "record without alias: " + host + " is not an alternate domain name of distribution " + distID + "; fix: add the alias " + host + " to the distribution"
		case r53Configured && len(si.records) == 0:
			si.defect = "alias without record: no Route 53 record " + host + " in zone " + m.cfg.Route53.HostedZoneID + "; fix: create an A alias record " + host + " → " + domain
		default:
			for _, r := range si.records {
				if t := dnsName(r.record.Target()); t != domain {
					si.defect = "record " + r.record.Name + " " + r.record.Type + " points at " + t + ", not at the distribution's " + domain + "; fix: point it at " + domain
					break
				}
			}
		}
		if claim, ok := m.slotClaim[host]; ok {
			si.State, si.Environment, si.Reason = SlotClaimed, claim.env, si.defect
		} else if si.defect != "" {
			si.State, si.Reason = SlotBroken, si.defect
		} else {
			si.State = SlotFree
		}
		out = append(out, si)
	}
	return out
}

// dnsName lowercases a DNS name and drops the trailing dot.
func dnsName(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }
