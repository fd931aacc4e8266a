package aws

import (
	"context"
	"sort"
	"sync"

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

// readZone reads the zone's record count (GetHostedZone) and its records
// pointing at CloudFront (ListResourceRecordSets, every page), concurrently.
func readZone(ctx context.Context, c Clients, zone string) ([]model.Record, int, []model.SourceError) {
	recs := []model.Record{}
	if c.R53 == nil {
		return recs, 0, []model.SourceError{sourceError(model.SourceRoute53, "hosted zone "+zone, errNoClient("route53"))}
	}
	var (
		wg              sync.WaitGroup
		count           int
		zoneErr, recErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		out, err := c.R53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: awssdk.String(zone)})
		if err != nil {
			zoneErr = err
			return
		}
		if out.HostedZone != nil {
			count = int(awssdk.ToInt64(out.HostedZone.ResourceRecordSetCount))
		}
	}()
	go func() {
		defer wg.Done()
		recs, recErr = listCloudFrontRecords(ctx, c.R53, zone)
	}()
	wg.Wait()
	switch {
	case recErr != nil:
		return recs, count, []model.SourceError{sourceError(model.SourceRoute53, "records of hosted zone "+zone, recErr)}
	case zoneErr != nil:
		return recs, count, []model.SourceError{sourceError(model.SourceRoute53, "hosted zone "+zone, zoneErr)}
	}
	return recs, count, nil
}

func listCloudFrontRecords(ctx context.Context, r53 Route53API, zone string) ([]model.Record, error) {
	recs := []model.Record{}
	in := &route53.ListResourceRecordSetsInput{HostedZoneId: awssdk.String(zone), MaxItems: awssdk.Int32(recordsPage)}
	for {
		out, err := r53.ListResourceRecordSets(ctx, in)
		if err != nil {
			return recs, err
		}
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
	return recs, nil
}
