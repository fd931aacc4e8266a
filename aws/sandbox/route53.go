package sandbox

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// maxRecordPage is Route 53's page size for ListResourceRecordSets.
const maxRecordPage = 300

// r53Client is the account behind aws.Route53API.
type r53Client struct{ a *Account }

func (c *r53Client) fail(op string, err error) error {
	status := 400
	if _, ok := err.(*r53types.NoSuchHostedZone); ok {
		status = 404
	}
	return apiFail(svcR53, op, status, err)
}

func (s *state) zone(id string) *zone {
	id = strings.TrimPrefix(id, "/hostedzone/")
	for _, z := range s.Zones {
		if z.ID == id {
			return z
		}
	}
	return nil
}

func (c *r53Client) find(op string, id *string) (*zone, error) {
	z := c.a.st.zone(deref(id))
	if z == nil {
		return nil, c.fail(op, &r53types.NoSuchHostedZone{Message: msg("No hosted zone found with ID: %s", strings.TrimPrefix(deref(id), "/hostedzone/"))})
	}
	return z, nil
}

// fqdn lower-cases a DNS name and gives it its trailing dot, as Route 53 stores it.
func fqdn(name string) string {
	name = strings.ToLower(name)
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

// recordKey orders records as Route 53 lists them: name with labels
// reversed, then type, then set identifier.
func recordKey(name string, typ r53types.RRType, setID string) string {
	labels := strings.Split(strings.TrimSuffix(fqdn(name), "."), ".")
	slices.Reverse(labels)
	return strings.Join(labels, ".") + "\x00" + string(typ) + "\x00" + setID
}

func rrKey(r r53types.ResourceRecordSet) string {
	return recordKey(deref(r.Name), r.Type, deref(r.SetIdentifier))
}

func (z *zone) sortRecords() {
	sort.SliceStable(z.Records, func(i, j int) bool { return rrKey(z.Records[i]) < rrKey(z.Records[j]) })
}

func (c *r53Client) GetHostedZone(ctx context.Context, in *route53.GetHostedZoneInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error) {
	const op = "GetHostedZone"
	if err := c.a.begin(ctx, svcR53, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	z, err := c.find(op, in.Id)
	if err != nil {
		return nil, err
	}
	return &route53.GetHostedZoneOutput{
		HostedZone: &r53types.HostedZone{
			Id:                     ptr("/hostedzone/" + z.ID),
			Name:                   ptr(z.Name),
			CallerReference:        ptr(z.CallerReference),
			Config:                 &r53types.HostedZoneConfig{PrivateZone: false},
			ResourceRecordSetCount: ptr(int64(len(z.Records))),
		},
		DelegationSet: &r53types.DelegationSet{NameServers: nameServers()},
	}, nil
}

func nameServers() []string {
	return []string{"ns-1536.awsdns-00.co.uk", "ns-0.awsdns-00.com", "ns-1024.awsdns-00.org", "ns-512.awsdns-00.net"}
}

func (c *r53Client) GetHostedZoneLimit(ctx context.Context, in *route53.GetHostedZoneLimitInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneLimitOutput, error) {
	const op = "GetHostedZoneLimit"
	if err := c.a.begin(ctx, svcR53, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	z, err := c.find(op, in.HostedZoneId)
	if err != nil {
		return nil, err
	}
	switch in.Type {
	case r53types.HostedZoneLimitTypeMaxRrsetsByZone:
		return &route53.GetHostedZoneLimitOutput{
			Limit: &r53types.HostedZoneLimit{Type: in.Type, Value: ptr(z.MaxRecords)},
			Count: int64(len(z.Records)),
		}, nil
	case r53types.HostedZoneLimitTypeMaxVpcsAssociatedByZone:
		return &route53.GetHostedZoneLimitOutput{Limit: &r53types.HostedZoneLimit{Type: in.Type, Value: ptr[int64](300)}}, nil
	}
	return nil, c.fail(op, &r53types.InvalidInput{Message: msg("Invalid limit type: %s", in.Type)})
}

func (c *r53Client) ListResourceRecordSets(ctx context.Context, in *route53.ListResourceRecordSetsInput, _ ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error) {
	const op = "ListResourceRecordSets"
	if err := c.a.begin(ctx, svcR53, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	z, err := c.find(op, in.HostedZoneId)
	if err != nil {
		return nil, err
	}
	if in.StartRecordType != "" && in.StartRecordName == nil {
		return nil, c.fail(op, &r53types.InvalidInput{Message: msg("The input is not valid: StartRecordType requires StartRecordName")})
	}
	max := maxRecordPage
	if in.MaxItems != nil && *in.MaxItems > 0 && *in.MaxItems < maxRecordPage {
		max = int(*in.MaxItems)
	}
	start := 0
	if in.StartRecordName != nil {
		from := recordKey(*in.StartRecordName, in.StartRecordType, deref(in.StartRecordIdentifier))
		start = sort.Search(len(z.Records), func(i int) bool { return rrKey(z.Records[i]) >= from })
	}
	end := min(start+max, len(z.Records))
	out := &route53.ListResourceRecordSetsOutput{
		MaxItems:           ptr(int32(max)),
		ResourceRecordSets: clone(z.Records[start:end]),
	}
	if out.ResourceRecordSets == nil {
		out.ResourceRecordSets = []r53types.ResourceRecordSet{}
	}
	if end < len(z.Records) {
		next := z.Records[end]
		out.IsTruncated = true
		out.NextRecordName = ptr(deref(next.Name))
		out.NextRecordType = next.Type
		out.NextRecordIdentifier = next.SetIdentifier
	}
	return out, nil
}

// routed: the record has a routing policy other than simple.
func routed(r r53types.ResourceRecordSet) bool {
	return r.Weight != nil || r.Region != "" || r.Failover != "" || r.GeoLocation != nil ||
		r.GeoProximityLocation != nil || r.CidrRoutingConfig != nil || r.MultiValueAnswer != nil
}

// routingProblem: a routing policy needs a set identifier and the other way round.
func routingProblem(r r53types.ResourceRecordSet) string {
	switch {
	case routed(r) && r.SetIdentifier == nil:
		return fmt.Sprintf("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, Name=%s, Type=%s, SetIdentifier=null]", deref(r.Name), r.Type)
	case !routed(r) && r.SetIdentifier != nil:
		return fmt.Sprintf("Invalid request: a resource record set with SetIdentifier %s needs a routing policy (Weight, Region, Failover, GeoLocation, ...)", *r.SetIdentifier)
	}
	return ""
}

// mixedRouting: records of one name and type are either one simple record
// or several with set identifiers, never both.
func mixedRouting(work []r53types.ResourceRecordSet, r r53types.ResourceRecordSet) bool {
	for _, w := range work {
		if fqdn(deref(w.Name)) == deref(r.Name) && w.Type == r.Type && (w.SetIdentifier == nil) != (r.SetIdentifier == nil) {
			return true
		}
	}
	return false
}

// sameRecord: DELETE must match the current record exactly.
func sameRecord(a, b r53types.ResourceRecordSet) bool {
	if deref(a.TTL) != deref(b.TTL) || (a.AliasTarget == nil) != (b.AliasTarget == nil) || deref(a.Weight) != deref(b.Weight) {
		return false
	}
	if a.Region != b.Region || a.Failover != b.Failover || deref(a.HealthCheckId) != deref(b.HealthCheckId) ||
		deref(a.MultiValueAnswer) != deref(b.MultiValueAnswer) || !reflect.DeepEqual(a.GeoLocation, b.GeoLocation) {
		return false
	}
	if a.AliasTarget != nil {
		x, y := a.AliasTarget, b.AliasTarget
		if fqdn(deref(x.DNSName)) != fqdn(deref(y.DNSName)) || deref(x.HostedZoneId) != deref(y.HostedZoneId) || x.EvaluateTargetHealth != y.EvaluateTargetHealth {
			return false
		}
	}
	va, vb := recordValues(a), recordValues(b)
	return slices.Equal(va, vb)
}

func recordValues(r r53types.ResourceRecordSet) []string {
	var out []string
	for _, v := range r.ResourceRecords {
		out = append(out, strings.ToLower(strings.TrimSuffix(deref(v.Value), ".")))
	}
	sort.Strings(out)
	return out
}

func recordRef(r r53types.ResourceRecordSet) string {
	ref := fmt.Sprintf("[name='%s', type='%s'", fqdn(deref(r.Name)), r.Type)
	if r.SetIdentifier != nil {
		ref += fmt.Sprintf(", set-identifier='%s'", *r.SetIdentifier)
	}
	return ref + "]"
}

// normalizeRecord validates one record set of a change and returns it as
// Route 53 stores it.
func (z *zone) normalizeRecord(in *r53types.ResourceRecordSet) (r53types.ResourceRecordSet, string) {
	if in == nil || in.Name == nil || in.Type == "" {
		return r53types.ResourceRecordSet{}, "A resource record set needs a name and a type"
	}
	r := clone(*in)
	r.Name = ptr(fqdn(*in.Name))
	if *r.Name != z.Name && !strings.HasSuffix(*r.Name, "."+z.Name) {
		return r, fmt.Sprintf("RRSet with DNS name %s is not permitted in zone %s", *r.Name, z.Name)
	}
	switch {
	case r.AliasTarget != nil && (len(r.ResourceRecords) > 0 || r.TTL != nil):
		return r, fmt.Sprintf("Alias RRSet %s cannot have a TTL or resource records", recordRef(r))
	case r.AliasTarget != nil:
		r.AliasTarget.DNSName = ptr(fqdn(deref(r.AliasTarget.DNSName)))
	case len(r.ResourceRecords) == 0 || r.TTL == nil:
		return r, fmt.Sprintf("RRSet %s needs a TTL and at least one resource record", recordRef(r))
	}
	if problem := routingProblem(r); problem != "" {
		return r, problem
	}
	if r.Type == r53types.RRTypeCname {
		if *r.Name == z.Name {
			return r, fmt.Sprintf("RRSet of type CNAME with DNS name %s is not permitted at apex in zone %s", *r.Name, z.Name)
		}
		if len(r.ResourceRecords) > 1 {
			return r, fmt.Sprintf("RRSet of type CNAME with DNS name %s has more than one value", *r.Name)
		}
	}
	return r, ""
}

func (c *r53Client) ChangeResourceRecordSets(ctx context.Context, in *route53.ChangeResourceRecordSetsInput, _ ...func(*route53.Options)) (*route53.ChangeResourceRecordSetsOutput, error) {
	const op = "ChangeResourceRecordSets"
	if err := c.a.begin(ctx, svcR53, op); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	z, err := c.find(op, in.HostedZoneId)
	if err != nil {
		return nil, err
	}
	if in.ChangeBatch == nil || len(in.ChangeBatch.Changes) == 0 {
		return nil, c.fail(op, &r53types.InvalidInput{Message: msg("The change batch must contain at least one change")})
	}
	if len(in.ChangeBatch.Changes) > 1000 {
		return nil, c.fail(op, &r53types.InvalidChangeBatch{Message: msg("Number of records in the request exceeds the maximum of 1000")})
	}
	// Apply to a working copy; the batch is all or nothing.
	work := append([]r53types.ResourceRecordSet(nil), z.Records...)
	var problems []string
	for _, ch := range in.ChangeBatch.Changes {
		var problem string
		if work, problem = z.applyChange(work, ch); problem != "" {
			problems = append(problems, problem)
		}
	}
	if len(problems) == 0 && int64(len(work)) > z.MaxRecords {
		problems = append(problems, fmt.Sprintf("The hosted zone would exceed its limit of %d resource record sets", z.MaxRecords))
	}
	if len(problems) > 0 {
		return nil, c.fail(op, &r53types.InvalidChangeBatch{
			Message:  ptr("[" + strings.Join(problems, ", ") + "]"),
			Messages: problems,
		})
	}
	z.Records = work
	z.sortRecords()
	return &route53.ChangeResourceRecordSetsOutput{ChangeInfo: &r53types.ChangeInfo{
		Id:          ptr("/change/C" + c.a.st.upperID(20)),
		Status:      r53types.ChangeStatusPending,
		SubmittedAt: ptr(c.a.now()),
		Comment:     in.ChangeBatch.Comment,
	}}, nil
}

// applyChange applies one change of a batch to work, as Route 53 would, or
// says why Route 53 refuses it (work is then unchanged).
func (z *zone) applyChange(work []r53types.ResourceRecordSet, ch r53types.Change) ([]r53types.ResourceRecordSet, string) {
	r, problem := z.normalizeRecord(ch.ResourceRecordSet)
	if problem != "" {
		return work, problem
	}
	i := recordIndex(work, r)
	switch ch.Action {
	case r53types.ChangeActionCreate:
		switch {
		case i >= 0:
			return work, fmt.Sprintf("Tried to create resource record set %s but it already exists", recordRef(r))
		case cnameConflict(work, r):
			return work, z.conflictProblem(r)
		case mixedRouting(work, r):
			return work, fmt.Sprintf("RRSet with DNS name %s, type %s cannot be created because a non-weighted set exists with the same name and type.", *r.Name, r.Type)
		}
		return append(work, r), ""
	case r53types.ChangeActionUpsert:
		if i >= 0 {
			work[i] = r
			return work, ""
		}
		if cnameConflict(work, r) {
			return work, z.conflictProblem(r)
		}
		return append(work, r), ""
	case r53types.ChangeActionDelete:
		switch {
		case i < 0:
			return work, fmt.Sprintf("Tried to delete resource record set %s but it was not found", recordRef(r))
		case !sameRecord(work[i], r):
			return work, fmt.Sprintf("Tried to delete resource record set %s but the values provided do not match the current values", recordRef(r))
		case r.Type == r53types.RRTypeSoa || (r.Type == r53types.RRTypeNs && *r.Name == z.Name):
			return work, fmt.Sprintf("A HostedZone must contain at least one NS record and one SOA record for the zone itself; %s cannot be deleted", recordRef(r))
		}
		return append(work[:i], work[i+1:]...), ""
	}
	return work, fmt.Sprintf("Invalid change action %q", ch.Action)
}

func (z *zone) conflictProblem(r r53types.ResourceRecordSet) string {
	return fmt.Sprintf("RRSet of type %s with DNS name %s is not permitted because a conflicting RRSet of type CNAME or another type with the same DNS name already exists in zone %s.", r.Type, *r.Name, z.Name)
}

// recordIndex is the position of r's record set in work, or -1.
func recordIndex(work []r53types.ResourceRecordSet, r r53types.ResourceRecordSet) int {
	k := rrKey(r)
	for i := range work {
		if rrKey(work[i]) == k {
			return i
		}
	}
	return -1
}

// cnameConflict: a CNAME and another type cannot share a name.
func cnameConflict(work []r53types.ResourceRecordSet, r r53types.ResourceRecordSet) bool {
	for _, w := range work {
		if fqdn(deref(w.Name)) == deref(r.Name) && w.Type != r.Type &&
			(w.Type == r53types.RRTypeCname || r.Type == r53types.RRTypeCname) {
			return true
		}
	}
	return false
}
