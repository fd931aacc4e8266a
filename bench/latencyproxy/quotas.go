package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/envdeck/envdeck/aws/awstest"
)

// awsQuota is one quota as AWS's Service Quotas knows it by default.
type awsQuota struct {
	Name  string
	Value float64
}

// defaultQuotas are AWS's default values of the quotas envdeck reads
// (docs/TESTING.md § Service Quotas codes). moto answers these services with
// NoSuchResourceException or HTTP 500 (which clients retry), so with -quotas
// the proxy answers as a real account that never raised them does.
var defaultQuotas = map[string]map[string]awsQuota{
	"elasticloadbalancing": {
		"L-7EED9B64": {"Rules per Application Load Balancer", 100},
		"L-822D1B1B": {"Target groups per Application Load Balancer", 100},
		"L-B6DF7632": {"Listeners per Application Load Balancer", 50},
		"L-B22855CB": {"Target Groups per Region", 3000},
	},
	"apigateway": {"L-379E48B0": {"Stages per API", 10}},
	"cloudfront": {"L-AAD4943E": {"Alternate domain names (CNAMEs) per distribution", 100}},
}

// serveQuota answers GetServiceQuota / GetAWSDefaultServiceQuota in the
// JSON 1.1 wire form, or NoSuchResourceException for an unknown quota.
func serveQuota(w http.ResponseWriter, c call, body []byte, region string) {
	var in struct{ ServiceCode, QuotaCode string }
	if err := json.Unmarshal(body, &in); err != nil {
		writeReply(w, awstest.ErrorReply(c.Service, http.StatusBadRequest, "IllegalArgumentException", "bad request body"))
		return
	}
	q, ok := defaultQuotas[in.ServiceCode][in.QuotaCode]
	if !ok {
		writeReply(w, awstest.ErrorReply(c.Service, http.StatusBadRequest, "NoSuchResourceException",
			fmt.Sprintf("The request failed because the specified quota %s/%s does not exist.", in.ServiceCode, in.QuotaCode)))
		return
	}
	arn := fmt.Sprintf("arn:aws:servicequotas:%s:123456789012:%s/%s", region, in.ServiceCode, in.QuotaCode)
	if c.Action == "GetAWSDefaultServiceQuota" {
		arn = fmt.Sprintf("arn:aws:servicequotas:%s::%s/%s", region, in.ServiceCode, in.QuotaCode)
	}
	out, _ := json.Marshal(map[string]any{"Quota": map[string]any{
		"ServiceCode": in.ServiceCode, "ServiceName": in.ServiceCode, "QuotaArn": arn,
		"QuotaCode": in.QuotaCode, "QuotaName": q.Name, "Value": q.Value, "Unit": "None",
		"Adjustable": true, "GlobalQuota": false,
	}})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", "latencyproxy-quota")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

func writeReply(w http.ResponseWriter, rep awstest.Reply) {
	for k, v := range rep.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(rep.Status)
	_, _ = w.Write(rep.Body)
}
