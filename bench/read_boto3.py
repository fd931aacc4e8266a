#!/usr/bin/env python3
"""What a platform engineer writes today: a sequential boto3 read of the shared
edge platform (the same resources `envdeck ls` reads), printed as one JSON summary.

Reads: the listener, its rules (paginated), target groups (paginated), tags of
every rule and target group (20 ARNs per call), target health of every target
group, the API's stages, the CloudFront distribution, the zone's records.

usage: read_boto3.py --endpoint URL --platform platform.json
"""
import argparse
import json

import boto3


def client(name, endpoint, region):
    return boto3.client(name, region_name=region, endpoint_url=endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        aws_session_token="testing")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--platform", required=True)
    a = ap.parse_args()
    p = json.load(open(a.platform))
    elb = client("elbv2", a.endpoint, p["region"])
    apigw = client("apigateway", a.endpoint, p["region"])
    cf = client("cloudfront", a.endpoint, p["region"])
    r53 = client("route53", a.endpoint, p["region"])

    listener = elb.describe_listeners(ListenerArns=[p["listener_arn"]])["Listeners"][0]
    rules = []
    for page in elb.get_paginator("describe_rules").paginate(ListenerArn=p["listener_arn"], PaginationConfig={"PageSize": 400}):
        rules += page["Rules"]
    tgs = []
    for page in elb.get_paginator("describe_target_groups").paginate(PaginationConfig={"PageSize": 400}):
        tgs += page["TargetGroups"]
    arns = [r["RuleArn"] for r in rules if not r["IsDefault"]] + [t["TargetGroupArn"] for t in tgs]
    tags = {}
    for i in range(0, len(arns), 20):
        for d in elb.describe_tags(ResourceArns=arns[i:i + 20])["TagDescriptions"]:
            tags[d["ResourceArn"]] = {t["Key"]: t["Value"] for t in d["Tags"]}
    health = {}
    for t in tgs:
        h = elb.describe_target_health(TargetGroupArn=t["TargetGroupArn"])["TargetHealthDescriptions"]
        health[t["TargetGroupArn"]] = [d["TargetHealth"]["State"] for d in h]
    stages = apigw.get_stages(restApiId=p["rest_api_id"])["item"]
    dist = cf.get_distribution(Id=p["distribution_id"])["Distribution"]
    records = []
    for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=p["hosted_zone_id"]):
        records += page["ResourceRecordSets"]

    envs = sorted({tg.get("envdeck:env") for tg in tags.values() if tg.get("envdeck:env")})
    print(json.dumps({
        "listener": listener["ListenerArn"],
        "rules": len(rules), "target_groups": len(tgs), "tagged": len(tags),
        "healthy_targets": sum(s.count("healthy") for s in health.values()),
        "stages": len(stages), "aliases": dist["DistributionConfig"]["Aliases"].get("Quantity", 0),
        "records": len(records), "environments": len(envs),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
