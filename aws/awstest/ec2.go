package awstest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// ec2Query makes one signed EC2 query call (envdeck has no EC2 client; the
// seeders only need the default VPC's subnets, which moto creates).
func ec2Query(ctx context.Context, s *SDK, params url.Values) ([]byte, error) {
	params.Set("Version", "2016-11-15")
	body := params.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(s.Endpoint, "/")+"/", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	creds, err := s.Config.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "ec2", s.Config.Region, time.Now()); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ec2 %s: %w", params.Get("Action"), err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("ec2 %s: HTTP %d: %s", params.Get("Action"), resp.StatusCode, out)
	}
	return out, nil
}

// defaultSubnets returns the VPC id and two subnets in different zones of
// moto's default VPC (an ALB needs two).
func defaultSubnets(ctx context.Context, s *SDK) (vpc string, subnets []string, err error) {
	out, err := ec2Query(ctx, s, url.Values{
		"Action":           {"DescribeSubnets"},
		"Filter.1.Name":    {"default-for-az"},
		"Filter.1.Value.1": {"true"},
	})
	if err != nil {
		return "", nil, err
	}
	var doc struct {
		Subnets []struct {
			ID   string `xml:"subnetId"`
			VPC  string `xml:"vpcId"`
			Zone string `xml:"availabilityZone"`
		} `xml:"subnetSet>item"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		return "", nil, fmt.Errorf("parse DescribeSubnets: %w", err)
	}
	zones := map[string]bool{}
	for _, sn := range doc.Subnets {
		if vpc == "" {
			vpc = sn.VPC
		}
		if sn.VPC != vpc || zones[sn.Zone] {
			continue
		}
		zones[sn.Zone] = true
		subnets = append(subnets, sn.ID)
		if len(subnets) == 2 {
			return vpc, subnets, nil
		}
	}
	return "", nil, fmt.Errorf("moto has no default VPC with two zones (found %d subnets)", len(doc.Subnets))
}
