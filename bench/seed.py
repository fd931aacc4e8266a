#!/usr/bin/env python3
"""Seed moto with the bench platform and write its envdeck.yaml.

The platform (DESIGN.md's shape, path mode):
  - one ALB with one HTTP listener; N path environments feat-001..feat-N, each a
    listener rule (/{env}/*) forwarding to its own ip target group env-{env} with
    one registered target, rule and target group tagged as envdeck-owned;
  - one REST API with 10 stages (the first 10 environments);
  - one CloudFront distribution whose aliases are a slot pool pv-1..pv-20.preview.example.com,
    and a Route 53 zone preview.example.com with an alias record per slot.

usage: seed.py --endpoint URL --out DIR [--envs 100] [--stages 10] [--slots 20]
Writes DIR/envdeck.yaml and DIR/platform.json (ids the reader scripts need).
Talks to the endpoint only, with fake credentials.
"""
import argparse
import datetime
import json
import os
import sys

import boto3

REGION = "us-east-1"
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"  # CloudFront's fixed hosted zone for alias records


def client(name, endpoint):
    return boto3.client(
        name,
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        aws_session_token="testing",
    )


def owned_tags(env, now, owner="bench"):
    created = now - datetime.timedelta(hours=1)
    expires = now + datetime.timedelta(hours=71)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return [
        {"Key": "envdeck:env", "Value": env},
        {"Key": "envdeck:managed-by", "Value": "envdeck"},
        {"Key": "envdeck:owner", "Value": owner},
        {"Key": "envdeck:created-at", "Value": created.strftime(fmt)},
        {"Key": "envdeck:expires-at", "Value": expires.strftime(fmt)},
    ]


def seed_alb(ec2, elb, envs, now):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"]
        for i, az in enumerate("ab")
    ]
    lb = elb.create_load_balancer(Name="shared-alb", Subnets=subnets, Type="application", Scheme="internet-facing")
    lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
    listener = elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no env"}}],
    )["Listeners"][0]["ListenerArn"]
    for i, env in enumerate(envs):
        tags = owned_tags(env, now)
        tg = elb.create_target_group(
            Name=f"env-{env}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip", Tags=tags
        )["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": f"10.0.{1 + i // 250}.{1 + i % 250}", "Port": 80}])
        elb.create_rule(
            ListenerArn=listener,
            Priority=1000 + i,
            Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": [f"/{env}/*"]}}],
            Actions=[{"Type": "forward", "TargetGroupArn": tg}],
            Tags=tags,
        )
    return vpc, lb_arn, listener


def seed_api(apigw, stage_envs, now):
    api = apigw.create_rest_api(name="shared-api")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    dep = apigw.create_deployment(restApiId=api)["id"]
    for env in stage_envs:
        tags = {t["Key"]: t["Value"] for t in owned_tags(env, now)}
        apigw.create_stage(restApiId=api, stageName=env, deploymentId=dep, variables={"env": env}, tags=tags)
    return api


def seed_edge(cf, r53, slots):
    aliases = [f"pv-{n}.preview.example.com" for n in range(1, slots + 1)]
    dist = cf.create_distribution(
        DistributionConfig={
            "CallerReference": "envdeck-bench",
            "Comment": "envdeck bench",
            "Enabled": True,
            "Aliases": {"Quantity": len(aliases), "Items": aliases},
            "Origins": {
                "Quantity": 1,
                "Items": [{"Id": "alb", "DomainName": "shared-alb.example.com", "CustomOriginConfig": {
                    "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "alb",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
            },
        }
    )["Distribution"]
    zone = r53.create_hosted_zone(Name="preview.example.com", CallerReference="envdeck-bench")["HostedZone"]["Id"]
    zone = zone.split("/")[-1]
    r53.change_resource_record_sets(
        HostedZoneId=zone,
        ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": {
                "Name": a, "Type": "A",
                "AliasTarget": {"HostedZoneId": CLOUDFRONT_ZONE, "DNSName": dist["DomainName"], "EvaluateTargetHealth": False},
            }} for a in aliases
        ]},
    )
    return dist["Id"], zone


CONFIG = """# envdeck bench platform (written by bench/seed.py)
region: {region}
account_id: '123456789012'
naming:
  env_pattern: '^[a-z][a-z0-9-]{{1,30}}[a-z0-9]$'
  protected: [main, staging, 'release-*']
  default_ttl: 72h
tags:
  prefix: envdeck
gc:
  grace: 2h
alb:
  listener_arn: {listener}
  routing: path
  path_pattern: '/{{env}}/*'
  host_pattern: '{{env}}.preview.example.com'
  priority_range: [1000, 4999]
  target_group:
    name: 'env-{{env}}'
    type: ip
    port: 80
    protocol: HTTP
    vpc_id: {vpc}
apigateway:
  rest_api_id: {api}
  stage: '{{env}}'
  variables: {{env: '{{env}}'}}
cloudfront:
  distribution_id: {dist}
  alias_pattern: '{{env}}.preview.example.com'
  slots:
    pattern: 'pv-{{n}}.preview.example.com'
    count: {slots}
route53:
  hosted_zone_id: {zone}
  record_pattern: '{{env}}.preview.example.com'
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--envs", type=int, default=100)
    ap.add_argument("--stages", type=int, default=10)
    ap.add_argument("--slots", type=int, default=20)
    a = ap.parse_args()

    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    envs = [f"feat-{i:03d}" for i in range(1, a.envs + 1)]
    ec2, elb, apigw, cf, r53 = (client(n, a.endpoint) for n in ("ec2", "elbv2", "apigateway", "cloudfront", "route53"))
    vpc, lb_arn, listener = seed_alb(ec2, elb, envs, now)
    api = seed_api(apigw, envs[: a.stages], now)
    dist, zone = seed_edge(cf, r53, a.slots)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "envdeck.yaml"), "w") as f:
        f.write(CONFIG.format(region=REGION, listener=listener, vpc=vpc, api=api, dist=dist, slots=a.slots, zone=zone))
    platform = {
        "region": REGION, "load_balancer_arn": lb_arn, "listener_arn": listener, "rest_api_id": api,
        "distribution_id": dist, "hosted_zone_id": zone, "envs": a.envs, "stages": a.stages, "slots": a.slots,
    }
    with open(os.path.join(a.out, "platform.json"), "w") as f:
        json.dump(platform, f, indent=2)
    print(f"seeded {a.envs} environments, {a.stages} stages, {a.slots} slots into {a.endpoint}", file=sys.stderr)


if __name__ == "__main__":
    main()
