package aws

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/envdeck/envdeck/model"
)

// listCF serves ListDistributions by pages of page (NextMarker = the last
// id of the page, as AWS does) and GetDistributionConfig from aliases.
type listCF struct {
	CloudFrontAPI
	ids         []string
	aliases     map[string][]string
	summarised  bool             // summaries carry Aliases (AWS) or not (moto)
	configErr   map[string]error // GetDistributionConfig failures by id
	page        int
	mu          sync.Mutex
	listCalls   int
	configCalls int
}

func (f *listCF) ListDistributions(_ context.Context, in *cloudfront.ListDistributionsInput, _ ...func(*cloudfront.Options)) (*cloudfront.ListDistributionsOutput, error) {
	f.mu.Lock()
	f.listCalls++
	f.mu.Unlock()
	start := 0
	if m := awssdk.ToString(in.Marker); m != "" {
		for i, id := range f.ids {
			if id == m {
				start = i + 1
			}
		}
	}
	end := min(start+f.page, len(f.ids))
	l := &cftypes.DistributionList{IsTruncated: awssdk.Bool(end < len(f.ids)), Quantity: awssdk.Int32(int32(end - start))}
	for _, id := range f.ids[start:end] {
		s := cftypes.DistributionSummary{Id: awssdk.String(id), DomainName: awssdk.String(strings.ToLower(id) + ".cloudfront.net")}
		if f.summarised {
			s.Aliases = &cftypes.Aliases{Quantity: awssdk.Int32(int32(len(f.aliases[id]))), Items: f.aliases[id]}
		}
		l.Items = append(l.Items, s)
	}
	if end < len(f.ids) {
		l.NextMarker = awssdk.String(f.ids[end-1])
	}
	return &cloudfront.ListDistributionsOutput{DistributionList: l}, nil
}

func (f *listCF) GetDistributionConfig(_ context.Context, in *cloudfront.GetDistributionConfigInput, _ ...func(*cloudfront.Options)) (*cloudfront.GetDistributionConfigOutput, error) {
	f.mu.Lock()
	f.configCalls++
	f.mu.Unlock()
	id := awssdk.ToString(in.Id)
	if err := f.configErr[id]; err != nil {
		return nil, err
	}
	as := f.aliases[id]
	return &cloudfront.GetDistributionConfigOutput{DistributionConfig: &cftypes.DistributionConfig{
		Aliases: &cftypes.Aliases{Quantity: awssdk.Int32(int32(len(as))), Items: as}}}, nil
}

func newListCF(n, page int, summarised bool) *listCF {
	f := &listCF{aliases: map[string][]string{}, configErr: map[string]error{}, page: page, summarised: summarised}
	for i := range n {
		id := "E" + strconv.Itoa(1000+i)
		f.ids = append(f.ids, id)
		f.aliases[id] = []string{fmt.Sprintf("Site-%d.example.com", i)}
	}
	return f
}

// Every page is read; aliases come from the summaries (AWS) or, where the
// summaries leave them out (moto), from one GetDistributionConfig each.
func TestReadAccountDistributions(t *testing.T) {
	tests := []struct {
		name                  string
		n, page               int
		summarised            bool
		wantList, wantConfigs int
	}{
		{"none", 0, 100, true, 1, 0},
		{"aws: 250 in pages of 100", 250, 100, true, 3, 0},
		{"moto: one page without aliases", 3, 100, false, 1, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newListCF(tc.n, tc.page, tc.summarised)
			ds, err := readAccountDistributions(context.Background(), Clients{CF: f}, 4)
			if err != nil {
				t.Fatal(err)
			}
			if f.listCalls != tc.wantList || f.configCalls != tc.wantConfigs {
				t.Errorf("%d ListDistributions, %d GetDistributionConfig; want %d, %d", f.listCalls, f.configCalls, tc.wantList, tc.wantConfigs)
			}
			if ds == nil || len(ds) != tc.n {
				t.Fatalf("%d distributions (nil %v), want %d", len(ds), ds == nil, tc.n)
			}
			for i, d := range ds {
				want := fmt.Sprintf("site-%d.example.com", i)
				if d.ID != f.ids[i] || d.DomainName != strings.ToLower(d.ID)+".cloudfront.net" || len(d.Aliases) != 1 || d.Aliases[0] != want {
					t.Errorf("distribution %d: %+v, want aliases [%s]", i, d, want)
				}
			}
		})
	}
}

// A distribution deleted between the list and its config read is left out;
// any other failure fails the whole list (a partial list is no list).
func TestReadAccountDistributionsFailures(t *testing.T) {
	f := newListCF(3, 100, false)
	f.configErr["E1001"] = apiErr("NoSuchDistribution", "The specified distribution does not exist.")
	ds, err := readAccountDistributions(context.Background(), Clients{CF: f}, 4)
	if err != nil || len(ds) != 2 || ds[0].ID != "E1000" || ds[1].ID != "E1002" {
		t.Fatalf("deleted meanwhile: %+v, %v", ds, err)
	}
	f.configErr["E1002"] = apiErr("AccessDenied", "not authorized")
	ds, err = readAccountDistributions(context.Background(), Clients{CF: f}, 4)
	if err == nil || ds != nil || !strings.Contains(err.Error(), "E1002") {
		t.Fatalf("denied config read: %+v, %v", ds, err)
	}
}

// A failed ListDistributions is a source error of its own, never an empty
// list: the configured distribution is still read.
func TestDiscoverDistributionListFails(t *testing.T) {
	c, _, cf, _, _ := fakeClients(fakePlatform(3))
	cf.listErr = apiErr("AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudfront:ListDistributions")
	snap := Discover(context.Background(), c, fakeConfig(), DiscoverOptions{})
	if len(snap.Errors) != 1 || snap.Errors[0].Source != model.SourceDistributions ||
		!strings.Contains(snap.Errors[0].Message, "distributions of the account") {
		t.Fatalf("errors: %+v", snap.Errors)
	}
	if snap.AccountDistributions != nil {
		t.Errorf("a failed list read as %+v", snap.AccountDistributions)
	}
	if snap.Distribution == nil || snap.Distribution.ID != "E1" {
		t.Errorf("configured distribution lost: %+v", snap.Distribution)
	}
}
