#!/usr/bin/env bash
# What a platform engineer writes today, take two: a bash script of AWS CLI
# calls reading the shared edge platform (the same resources `envdeck ls` and
# read_boto3.py read), printing one JSON summary.
#
# usage: read_awscli.sh ENDPOINT_URL PLATFORM_JSON
# Needs: aws (CLI v1 or v2), jq. Credentials: whatever the environment has
# (bench/run.sh sets fake ones; the endpoint is moto behind the latency proxy).
set -euo pipefail

endpoint=${1:?usage: read_awscli.sh ENDPOINT_URL PLATFORM_JSON}
platform=${2:?usage: read_awscli.sh ENDPOINT_URL PLATFORM_JSON}
AWS=${AWS_CLI:-aws}

p() { jq -r ".$1" "$platform"; }
region=$(p region)
listener=$(p listener_arn)
api=$(p rest_api_id)
dist=$(p distribution_id)
zone=$(p hosted_zone_id)

aws_() { "$AWS" --endpoint-url "$endpoint" --region "$region" --output json "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

aws_ elbv2 describe-listeners --listener-arns "$listener" >"$work/listeners.json"
aws_ elbv2 describe-rules --listener-arn "$listener" --page-size 400 >"$work/rules.json"
aws_ elbv2 describe-target-groups --page-size 400 >"$work/tgs.json"

mapfile -t rule_arns < <(jq -r '.Rules[] | select(.IsDefault | not) | .RuleArn' "$work/rules.json")
mapfile -t tg_arns < <(jq -r '.TargetGroups[].TargetGroupArn' "$work/tgs.json")
arns=("${rule_arns[@]}" "${tg_arns[@]}")

: >"$work/tags.jsonl"
for ((i = 0; i < ${#arns[@]}; i += 20)); do
  aws_ elbv2 describe-tags --resource-arns "${arns[@]:i:20}" | jq -c '.TagDescriptions[]' >>"$work/tags.jsonl"
done

: >"$work/health.jsonl"
for tg in "${tg_arns[@]}"; do
  aws_ elbv2 describe-target-health --target-group-arn "$tg" | jq -c --arg tg "$tg" '{tg: $tg, states: [.TargetHealthDescriptions[].TargetHealth.State]}' >>"$work/health.jsonl"
done

aws_ apigateway get-stages --rest-api-id "$api" >"$work/stages.json"
aws_ cloudfront get-distribution --id "$dist" >"$work/dist.json"
aws_ route53 list-resource-record-sets --hosted-zone-id "$zone" >"$work/records.json"

jq -n -c -S \
  --slurpfile listeners "$work/listeners.json" \
  --slurpfile rules "$work/rules.json" \
  --slurpfile tgs "$work/tgs.json" \
  --slurpfile stages "$work/stages.json" \
  --slurpfile dist "$work/dist.json" \
  --slurpfile records "$work/records.json" \
  --slurpfile tags <(jq -s . "$work/tags.jsonl") \
  --slurpfile health <(jq -s . "$work/health.jsonl") \
  '{
    listener: $listeners[0].Listeners[0].ListenerArn,
    rules: ($rules[0].Rules | length),
    target_groups: ($tgs[0].TargetGroups | length),
    tagged: ($tags[0] | length),
    healthy_targets: ([$health[0][].states[] | select(. == "healthy")] | length),
    stages: ($stages[0].item | length),
    aliases: ($dist[0].Distribution.DistributionConfig.Aliases.Quantity // 0),
    records: ($records[0].ResourceRecordSets | length),
    environments: ([$tags[0][].Tags[] | select(.Key == "envdeck:env") | .Value] | unique | length)
  }'
