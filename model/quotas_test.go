package model

import (
	"reflect"
	"testing"
)

const (
	h2LBARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared-alb/50dc6c495c0c9188"
	h2L1    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/l1"
	h2L2    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared-alb/50dc6c495c0c9188/l2"
)

func h2Fwd(arns ...string) []Action {
	a := Action{Type: "forward"}
	for _, arn := range arns {
		a.TargetGroups = append(a.TargetGroups, WeightedTargetGroup{ARN: arn, Weight: 1})
	}
	return []Action{a}
}

// h2QuotaSnapshot: two listeners, 3 + 2 non-default rules, one default rule
// per listener; target groups tg-a..tg-d attached (tg-d only by a default
// action), tg-x attached to nothing.
func h2QuotaSnapshot() *Snapshot {
	return &Snapshot{
		LoadBalancerARN: h2LBARN,
		Listeners: []Listener{
			{ARN: h2L1, Port: 443, DefaultActions: h2Fwd("tg-d")},
			{ARN: h2L2, Port: 80, DefaultActions: []Action{{Type: "fixed-response", FixedResponse: &FixedResponseConfig{StatusCode: "404"}}}},
		},
		Rules: []Rule{
			{ARN: "r0", ListenerARN: h2L1, IsDefault: true, Actions: h2Fwd("tg-d")},
			{ARN: "r1", ListenerARN: h2L1, Priority: 1000, Actions: h2Fwd("tg-a")},
			{ARN: "r2", ListenerARN: h2L1, Priority: 1001, Actions: h2Fwd("tg-a", "tg-b")}, // weighted
			{ARN: "r3", ListenerARN: h2L1, Priority: 1002, Actions: []Action{{Type: "fixed-response"}}},
			{ARN: "r4", ListenerARN: h2L2, IsDefault: true, Actions: []Action{{Type: "fixed-response"}}},
			{ARN: "r5", ListenerARN: h2L2, Priority: 1, Actions: h2Fwd("tg-c")},
			{ARN: "r6", ListenerARN: h2L2, Priority: 2, Actions: []Action{{Type: "redirect"}}},
		},
		TargetGroups: []TargetGroup{{ARN: "tg-a"}, {ARN: "tg-b"}, {ARN: "tg-c"}, {ARN: "tg-d"}, {ARN: "tg-x"}},
		RestAPIID:    "a1b2c3d4e5",
		Stages:       []Stage{{RestAPIID: "a1b2c3d4e5", Name: "s1"}, {RestAPIID: "a1b2c3d4e5", Name: "s2"}, {RestAPIID: "a1b2c3d4e5", Name: "s3"}},
		Distribution: &Distribution{ID: "E2ABCDEFGHIJ", Aliases: []string{"a.example.com", "b.example.com", "pv-1.example.com", "pv-2.example.com"}},
		HostedZoneID: "Z0123456789",
		Records:      []Record{{Name: "a.example.com"}},
		// Rules from Service Quotas, target groups from the ELB account limits, the rest built in.
		ZoneRecordCount: 9990,
		Limits: []Limit{
			{Code: QuotaRulesPerALB, Value: 10, Source: LimitSourceServiceQuotas},
			{Code: QuotaRulesPerALB, Value: 100, Source: LimitSourceAWSDefault}, // first entry wins
			{Code: QuotaTargetGroupsPerALB, Value: 8, Source: LimitSourceELB},
			{Code: QuotaStagesPerAPI, Value: 0, Source: LimitSourceServiceQuotas}, // 0: ignored
		},
	}
}

func TestComputeQuotasPathMode(t *testing.T) {
	cfg := h2Cfg()
	cfg.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}"}
	quotas, capacity := ComputeQuotas(h2QuotaSnapshot(), cfg, nil, nil)
	want := []QuotaUsage{
		{Name: QuotaNameRules, Code: QuotaRulesPerALB, Scope: "shared-alb", Used: 5, Limit: 10, Source: LimitSourceServiceQuotas, Percent: 50, EnvsRemaining: 5},
		{Name: QuotaNameTargetGroups, Code: QuotaTargetGroupsPerALB, Scope: "shared-alb", Used: 4, Limit: 8, Source: LimitSourceELB, Percent: 50, EnvsRemaining: 4},
		{Name: QuotaNameStages, Code: QuotaStagesPerAPI, Scope: "a1b2c3d4e5", Used: 3, Limit: 10, Source: LimitSourceBuiltIn, Percent: 30, EnvsRemaining: 7},
	}
	if !reflect.DeepEqual(quotas, want) {
		t.Errorf("quotas =\n%+v\nwant\n%+v", quotas, want)
	}
	if want := (Capacity{EnvsRemaining: 4, Bottleneck: QuotaNameTargetGroups}); capacity != want {
		t.Errorf("capacity = %+v, want %+v", capacity, want)
	}
}

func TestComputeQuotasRoutingModes(t *testing.T) {
	edge := func(c *Config, slots bool) {
		c.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.example.com"}
		c.Route53 = &Route53Config{HostedZoneID: "Z0123456789", RecordPattern: "{env}.example.com"}
		if slots {
			c.CloudFront.Slots = &SlotsConfig{Pattern: "pv-{n}.example.com", Count: 4}
		}
	}
	slots := []Slot{{Host: "pv-1", State: SlotClaimed}, {Host: "pv-2", State: SlotBroken}, {Host: "pv-3", State: SlotFree}, {Host: "pv-4", State: SlotFree}}
	tests := []struct {
		name        string
		routing     string
		slots       bool
		wantNames   []string
		wantRemain  []int
		wantCap     Capacity
		wantPercent []float64
	}{
		{"path mode ignores edge quotas", RoutingPath, false,
			[]string{QuotaNameRules, QuotaNameTargetGroups, QuotaNameAliases, QuotaNameRecords},
			[]int{5, 4, 96, 10}, Capacity{4, QuotaNameTargetGroups}, []float64{50, 50, 4, 99.9}},
		{"host mode without slots counts records", RoutingHost, false,
			[]string{QuotaNameRules, QuotaNameTargetGroups, QuotaNameAliases, QuotaNameRecords},
			[]int{5, 4, 96, 10}, Capacity{4, QuotaNameTargetGroups}, []float64{50, 50, 4, 99.9}},
		{"host mode with slots counts free slots", RoutingHost, true,
			[]string{QuotaNameRules, QuotaNameTargetGroups, QuotaNameAliases, QuotaNameRecords, QuotaNameFreeSlots},
			[]int{5, 4, 96, 10, 2}, Capacity{2, QuotaNameFreeSlots}, []float64{50, 50, 4, 99.9, 50}},
		{"path mode with slots ignores them", RoutingPath, true,
			[]string{QuotaNameRules, QuotaNameTargetGroups, QuotaNameAliases, QuotaNameRecords, QuotaNameFreeSlots},
			[]int{5, 4, 96, 10, 2}, Capacity{4, QuotaNameTargetGroups}, []float64{50, 50, 4, 99.9, 50}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := h2Cfg()
			cfg.ALB.Routing = tc.routing
			edge(cfg, tc.slots)
			snap := h2QuotaSnapshot()
			quotas, capacity := ComputeQuotas(snap, cfg, nil, slots)
			var names []string
			var remain []int
			var pct []float64
			for _, q := range quotas {
				names, remain, pct = append(names, q.Name), append(remain, q.EnvsRemaining), append(pct, q.Percent)
			}
			if !reflect.DeepEqual(names, tc.wantNames) || !reflect.DeepEqual(remain, tc.wantRemain) || !reflect.DeepEqual(pct, tc.wantPercent) {
				t.Errorf("quotas %v remaining %v percent %v; want %v %v %v", names, remain, pct, tc.wantNames, tc.wantRemain, tc.wantPercent)
			}
			if capacity != tc.wantCap {
				t.Errorf("capacity = %+v, want %+v", capacity, tc.wantCap)
			}
		})
	}
	// In host mode without slots, a nearly full zone is the bottleneck.
	cfg := h2Cfg()
	cfg.ALB.Routing = RoutingHost
	cfg.ALB.HostPattern = "{env}.example.com"
	edge(cfg, false)
	snap := h2QuotaSnapshot()
	snap.ZoneRecordCount = 9999
	if _, c := ComputeQuotas(snap, cfg, nil, nil); c != (Capacity{1, QuotaNameRecords}) {
		t.Errorf("capacity = %+v, want 1 by records", c)
	}
}

func TestComputeQuotasFallbackAndUnknown(t *testing.T) {
	cfg := h2Cfg()
	cfg.APIGateway = &APIGatewayConfig{RestAPIID: "a1b2c3d4e5", Stage: "{env}"}
	cfg.CloudFront = &CloudFrontConfig{DistributionID: "E2ABCDEFGHIJ", AliasPattern: "{env}.example.com"}
	cfg.Route53 = &Route53Config{HostedZoneID: "Z0123456789"}

	snap := h2QuotaSnapshot()
	snap.Limits = nil // moto: no Service Quotas data
	snap.Errors = []SourceError{{Source: SourceAPIGateway, Message: "AccessDenied"}}
	snap.Distribution = nil
	quotas, capacity := ComputeQuotas(snap, cfg, nil, nil)
	type row struct {
		name          string
		used, limit   int
		source        string
		envsRemaining int
	}
	var got []row
	for _, q := range quotas {
		got = append(got, row{q.Name, q.Used, q.Limit, q.Source, q.EnvsRemaining})
	}
	want := []row{
		{QuotaNameRules, 5, 100, LimitSourceBuiltIn, 95},
		{QuotaNameTargetGroups, 4, 100, LimitSourceBuiltIn, 96},
		{QuotaNameStages, 0, 0, LimitSourceBuiltIn, 0},  // source failed: unknown
		{QuotaNameAliases, 0, 0, LimitSourceBuiltIn, 0}, // distribution not read: unknown
		{QuotaNameRecords, 9990, 10000, LimitSourceBuiltIn, 10},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quotas =\n%+v\nwant\n%+v", got, want)
	}
	if capacity != (Capacity{0, QuotaNameStages}) {
		t.Errorf("capacity = %+v: an unknown quota the mode needs leaves no room", capacity)
	}
	if s := QuotaStatus(quotas, 80, 95); s != 3 {
		t.Errorf("QuotaStatus = %d, want 3 (unknown)", s)
	}
}

func TestComputeQuotasEmpty(t *testing.T) {
	quotas, capacity := ComputeQuotas(&Snapshot{}, h2Cfg(), nil, nil)
	if len(quotas) != 2 || quotas[0].Used != 0 || quotas[0].Limit != 100 || quotas[0].Scope != "shared-alb" {
		t.Errorf("quotas = %+v", quotas)
	}
	if capacity != (Capacity{100, QuotaNameRules}) {
		t.Errorf("capacity = %+v", capacity)
	}
}

func TestQuotaStatus(t *testing.T) {
	q := func(pct float64) QuotaUsage { return QuotaUsage{Limit: 100, Percent: pct} }
	tests := []struct {
		name   string
		quotas []QuotaUsage
		want   int
	}{
		{"none", nil, 3},
		{"ok", []QuotaUsage{q(10), q(79.9)}, 0},
		{"warn at threshold", []QuotaUsage{q(10), q(80)}, 1},
		{"crit", []QuotaUsage{q(96), q(85)}, 2},
		{"crit at threshold", []QuotaUsage{q(95)}, 2},
		{"unknown limit wins", []QuotaUsage{q(99), {Limit: 0}}, 3},
	}
	for _, tc := range tests {
		if got := QuotaStatus(tc.quotas, 80, 95); got != tc.want {
			t.Errorf("%s: QuotaStatus = %d, want %d", tc.name, got, tc.want)
		}
	}
}
