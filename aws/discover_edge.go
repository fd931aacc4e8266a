package aws

import (
	"context"
	"fmt"
	"sort"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/route53"

	"github.com/envdeck/envdeck/model"
)

const recordsPage = 300 // ListResourceRecordSets maximum

// readDistribution reads the distribution's aliases, domain, status and ETag.
func readDistribution(ctx context.Context, c Clients, id string) (*model.Distribution, error) {
	if c.CF == nil {
		return nil, errNoClient("cloudfront")
	}
	out, err := c.CF.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: awssdk.String(id)})
	if err != nil {
		return nil, err
	}
	if out.Distribution == nil {
		return &model.Distribution{ID: id, Aliases: []string{}}, nil
	}
	return toDistribution(out.Distribution, awssdk.ToString(out.ETag)), nil
}

// readZone reads the zone's record count and, withRecords, its records
// pointing at CloudFront. Without the records, the count is GetHostedZone's;
// with them, every page of ListResourceRecordSets is read anyway and the
// count is the record sets it listed (the same number: the zone's count
// includes its SOA and NS records, which the list returns too), one call
// fewer.
func readZone(ctx context.Context, c Clients, zone string, withRecords bool) ([]model.Record, int, []model.SourceError) {
	recs := []model.Record{}
	if c.R53 == nil {
		return recs, 0, []model.SourceError{sourceError(model.SourceRoute53, "hosted zone "+zone, errNoClient("route53"))}
	}
	if withRecords {
		recs, count, err := listCloudFrontRecords(ctx, c.R53, zone)
		if err != nil {
			return recs, count, []model.SourceError{sourceError(model.SourceRoute53, "records of hosted zone "+zone, err)}
		}
		return recs, count, nil
	}
	out, err := c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: awssdk.String(zone)})
	if err != nil {
		return recs, 0, []model.SourceError{sourceError(model.SourceRoute53, "hosted zone "+zone, err)}
	}
	count := 0
	if out.HostedZone != nil {
		count = int(awssdk.ToInt64(out.HostedZone.ResourceRecordSetCount))
	}
	return recs, count, nil
}

// listCloudFrontRecords returns the zone's records pointing at CloudFront
// and how many record sets it holds in all (every page read).
func listCloudFrontRecords(ctx context.Context, r53 Route53API, zone string) ([]model.Record, int, error) {
	recs := []model.Record{}
	count := 0
	in := &route53.ListResourceRecordSetsInput{HostedZoneId: awssdk.String(zone), MaxItems: awssdk.Int32(recordsPage)}
	for {
		out, err := r53.ListResourceRecordSets(ctx, in)
		if err != nil {
			return recs, 0, err
		}
		count += len(out.ResourceRecordSets)
		for _, rs := range out.ResourceRecordSets {
			if r, ok := toRecord(zone, rs); ok {
				recs = append(recs, r)
			}
		}
		if !out.IsTruncated || out.NextRecordName == nil {
			break
		}
		in = &route53.ListResourceRecordSetsInput{
			HostedZoneId:          awssdk.String(zone),
			MaxItems:              awssdk.Int32(recordsPage),
			StartRecordName:       out.NextRecordName,
			StartRecordType:       out.NextRecordType,
			StartRecordIdentifier: out.NextRecordIdentifier,
		}
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].Name != recs[j].Name {
			return recs[i].Name < recs[j].Name
		}
		return recs[i].Type < recs[j].Type
	})
	return recs, count, nil
}

// distributionsPage is the ListDistributions page size (AWS maximum).
const distributionsPage = 100

// readAccountDistributions lists every distribution of the account, every
// page. A summary without an Aliases field (moto leaves it out; AWS always
// sends it) has its aliases read with GetDistributionConfig, one call each,
// conc at a time; a distribution deleted meanwhile is left out. Any other
// failure fails the whole list: a partial list would make records look
// dangling.
func readAccountDistributions(ctx context.Context, c Clients, conc int) ([]model.DistributionSummary, error) {
	if c.CF == nil {
		return nil, errNoClient("cloudfront")
	}
	out := []model.DistributionSummary{}
	var unknown []int // indexes in out whose aliases the summary left out
	in := &cloudfront.ListDistributionsInput{MaxItems: awssdk.Int32(distributionsPage)}
	for {
		res, err := c.CF.ListDistributions(ctx, in)
		if err != nil {
			return nil, err
		}
		l := res.DistributionList
		if l == nil {
			break
		}
		for _, s := range l.Items {
			if s.Aliases == nil {
				unknown = append(unknown, len(out))
			}
			out = append(out, model.DistributionSummary{
				ID: awssdk.ToString(s.Id), DomainName: trimDot(awssdk.ToString(s.DomainName)), Aliases: aliasesOf(s.Aliases)})
		}
		if !awssdk.ToBool(l.IsTruncated) || awssdk.ToString(l.NextMarker) == "" {
			break
		}
		in = &cloudfront.ListDistributionsInput{MaxItems: awssdk.Int32(distributionsPage), Marker: l.NextMarker}
	}
	return fillAliases(ctx, c.CF, out, unknown, conc)
}

// fillAliases reads the aliases of ds[i] for each i of unknown from the
// distribution's config and drops the distributions deleted meanwhile.
func fillAliases(ctx context.Context, cf CloudFrontAPI, ds []model.DistributionSummary, unknown []int, conc int) ([]model.DistributionSummary, error) {
	errs := make([]error, len(unknown))
	fanOut(len(unknown), conc, func(k int) {
		d := &ds[unknown[k]]
		res, err := cf.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: awssdk.String(d.ID)})
		switch {
		case err != nil:
			errs[k] = err
		case res.DistributionConfig != nil:
			d.Aliases = aliasesOf(res.DistributionConfig.Aliases)
		}
	})
	gone := map[string]bool{}
	for k, err := range errs {
		id := ds[unknown[k]].ID
		switch {
		case err == nil:
		case IsNotFound(err):
			gone[id] = true
		default:
			return nil, fmt.Errorf("aliases of distribution %s: %w", id, err)
		}
	}
	if len(gone) == 0 {
		return ds, nil
	}
	kept := ds[:0]
	for _, d := range ds {
		if !gone[d.ID] {
			kept = append(kept, d)
		}
	}
	return kept, nil
}
