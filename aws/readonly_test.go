package aws

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// nilInner returns clients whose every method panics (nil embedded
// interfaces): a panic proves the call reached the inner client.
func nilInner() Clients {
	return Clients{
		ELB: struct{ ELBV2API }{}, APIGW: struct{ APIGatewayAPI }{}, CF: struct{ CloudFrontAPI }{},
		R53: struct{ Route53API }{}, Quotas: struct{ ServiceQuotasAPI }{}, STS: struct{ STSAPI }{},
	}
}

// callEvery calls every interface method of every client of c with zero
// inputs and reports, per "service:Action", whether it reached the inner
// client and the error it returned otherwise.
func callEvery(t *testing.T, c Clients) (reached map[string]bool, errs map[string]error) {
	t.Helper()
	reached, errs = map[string]bool{}, map[string]error{}
	fields := []struct {
		svc   string
		iface reflect.Type
		v     any
	}{
		{svcELB, reflect.TypeOf((*ELBV2API)(nil)).Elem(), c.ELB},
		{svcAPIGateway, reflect.TypeOf((*APIGatewayAPI)(nil)).Elem(), c.APIGW},
		{svcCloudFront, reflect.TypeOf((*CloudFrontAPI)(nil)).Elem(), c.CF},
		{svcRoute53, reflect.TypeOf((*Route53API)(nil)).Elem(), c.R53},
		{svcServiceQuotas, reflect.TypeOf((*ServiceQuotasAPI)(nil)).Elem(), c.Quotas},
		{svcSTS, reflect.TypeOf((*STSAPI)(nil)).Elem(), c.STS},
	}
	for _, f := range fields {
		v := reflect.ValueOf(f.v)
		for i := 0; i < f.iface.NumMethod(); i++ {
			m := f.iface.Method(i)
			key := f.svc + ":" + m.Name
			fn := v.MethodByName(m.Name)
			in := reflect.New(fn.Type().In(1).Elem()) // *XxxInput, zero
			func() {
				defer func() {
					if recover() != nil {
						reached[key] = true
					}
				}()
				out := fn.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
				if e := out[1].Interface(); e != nil {
					errs[key] = e.(error)
				}
			}()
		}
	}
	return reached, errs
}

func TestReadOnlyRefusesEveryMutatingMethod(t *testing.T) {
	c := Instrument(nilInner(), InstrumentOptions{ReadOnly: true})
	reached, errs := callEvery(t, c)
	var mutating []string
	for key := range errs {
		mutating = append(mutating, key)
	}
	for key := range reached {
		action := key[strings.Index(key, ":")+1:]
		if IsMutating(action) {
			t.Errorf("%s reached the inner client in read-only mode", key)
		}
	}
	for _, key := range mutating {
		err := errs[key]
		if !errors.Is(err, ErrReadOnly) || err.Error() != "read-only: refusing "+key {
			t.Errorf("%s: %v", key, err)
		}
	}
	sort.Strings(mutating)
	// today's mutating methods; a new one is refused by default (not a Describe/Get/List)
	want := []string{
		"apigateway:CreateStage", "apigateway:DeleteStage", "apigateway:TagResource", "apigateway:UntagResource",
		"cloudfront:UpdateDistribution",
		"elbv2:AddTags", "elbv2:CreateRule", "elbv2:CreateTargetGroup", "elbv2:DeleteRule", "elbv2:DeleteTargetGroup",
		"elbv2:RegisterTargets", "elbv2:RemoveTags",
		"route53:ChangeResourceRecordSets",
	}
	for _, w := range want {
		if _, ok := errs[w]; !ok {
			t.Errorf("%s not refused", w)
		}
	}
	if len(reached)+len(mutating) == 0 {
		t.Fatal("no method called")
	}
	// refused calls are not API calls: nothing counted
	for _, key := range mutating {
		if c.Calls.Snapshot()[key] != 0 {
			t.Errorf("%s counted", key)
		}
	}
	if !IsReadOnly(c) {
		t.Error("IsReadOnly false")
	}
}

func TestWritableClientsPassEveryMethod(t *testing.T) {
	c := Instrument(nilInner(), InstrumentOptions{})
	reached, errs := callEvery(t, c)
	if len(errs) != 0 {
		t.Fatalf("refused: %v", errs)
	}
	for key := range reached {
		if c.Calls.Snapshot()[key] != 1 {
			t.Errorf("%s counted %d times", key, c.Calls.Snapshot()[key])
		}
	}
	if IsReadOnly(c) {
		t.Error("IsReadOnly true")
	}
}

func TestReadOnlyIsSticky(t *testing.T) {
	ro := Instrument(nilInner(), InstrumentOptions{ReadOnly: true})
	again := Instrument(ro, InstrumentOptions{ReadOnly: false})
	_, errs := callEvery(t, again)
	if len(errs) != 15 {
		t.Fatalf("re-instrumenting dropped read-only: %d refusals", len(errs))
	}
}

func TestIsMutating(t *testing.T) {
	for action, want := range map[string]bool{
		"DescribeRules": false, "GetStages": false, "ListResourceRecordSets": false,
		"DeleteRule": true, "ModifyRule": true, "SetRulePriorities": true, "UpdateStage": true, "Describe": false,
		"CreateDeployment": true, "PutThing": true, "": true,
	} {
		if IsMutating(action) != want {
			t.Errorf("%q: %v", action, !want)
		}
	}
}
