#!/usr/bin/env bash
# envdeck refresh bench: envdeck `ls -o json` against a sequential boto3 script
# and a bash script of AWS CLI calls, reading the same 100-environment
# platform in moto through a latency proxy. See bench/README.md.
#
# usage: bench/run.sh [--runs N] [--latency MS] [--envs N] [--tools envdeck,boto3,awscli]
#                     [--scenarios latency,nolatency,throttled,commands,consoles] [--no-memo] [--keep]
#                     [--console-seconds 120] [--console-warmup 40] [--console-refresh 5s]
# Loopback only, fake credentials; needs go, python3 + boto3, aws (CLI), jq,
# curl, moto_server.
set -euo pipefail

runs=5
latency_ms=50
envs=100
tools="envdeck,boto3,awscli"
scenarios="latency,nolatency,throttled,commands"
throttled_tools="envdeck,boto3"
memo=1
keep=0
console_seconds=120 console_warmup=40 console_refresh=5s
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --latency) latency_ms=$2; shift 2 ;;
    --envs) envs=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --throttled-tools) throttled_tools=$2; shift 2 ;;
    --no-memo) memo=0; shift ;;
    --keep) keep=1; shift ;;
    --console-seconds) console_seconds=$2; shift 2 ;;
    --console-warmup) console_warmup=$2; shift 2 ;;
    --console-refresh) console_refresh=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '%s\n' "bench: $*" >&2; }
die() { log "$*"; exit 1; }
has() { [[ ",$1," == *",$2,"* ]]; }

for cmd in go python3 jq curl awk moto_server; do
  command -v "$cmd" >/dev/null || die "$cmd not found on PATH"
done
# Call the interpreters themselves, not pyenv's shims (each shim adds ~0.5 s
# of bash per process, which would be charged to the scripts).
real() { if command -v pyenv >/dev/null && pyenv which "$1" >/dev/null 2>&1; then pyenv which "$1"; else command -v "$1"; fi; }
PY=$(real python3)
"$PY" -c 'import boto3' 2>/dev/null || die "python3 has no boto3"
if has "$tools" awscli; then
  AWS_CLI=$(real aws) || die "aws CLI not found (or drop it: --tools envdeck,boto3)"
  export AWS_CLI
fi

# Offline, fake, and nothing from the user's AWS config.
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_SESSION_TOKEN=bench
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE
export NO_COLOR=1

work=$(mktemp -d "${TMPDIR:-/tmp}/envdeck-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if ((keep)); then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

log "building latencyproxy and envdeck"
(cd "$root" && go build -o "$work/latencyproxy" ./bench/latencyproxy)
if has "$tools" envdeck; then
  if ! (cd "$root" && go build -o "$work/envdeck" ./cmd/envdeck) 2>"$work/envdeck-build.log"; then
    log "envdeck does not build yet; skipping it ($(head -1 "$work/envdeck-build.log"))"
    tools=$(tr ',' '\n' <<<"$tools" | grep -vx envdeck | paste -sd, -)
  fi
fi

moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
moto="http://127.0.0.1:$moto_port"
for _ in $(seq 100); do curl -sf -o /dev/null "$moto/moto-api/" && break; sleep 0.2; done
curl -sf -o /dev/null "$moto/moto-api/" || die "moto_server did not start (see $work/moto.log)"

log "seeding $envs environments into moto (takes a while: moto is slow at this size)"
seed_start=$EPOCHREALTIME
"$PY" "$root/bench/seed.py" --endpoint "$moto" --out "$work" --envs "$envs"
log "seeded in $(elapsed "$seed_start" "$EPOCHREALTIME")s"
platform="$work/platform.json"

# The computed minimum for what every tool reads (ELBv2 pages of 400 rules or
# target groups, tag batches of 20 ARNs, one target-health call per target
# group, Route 53 pages of 300 records), and envdeck's extra one-call reads.
rules=$((envs + 1)) tgs=$envs slots=$(jq .slots "$platform") records=$(($(jq .slots "$platform") + 2))
ceil() { echo $((($1 + $2 - 1) / $2)); }
min_elb=$((1 + $(ceil $rules 400) + $(ceil $tgs 400) + $(ceil $((envs + tgs)) 20) + tgs))
min_read=$((min_elb + 1 + 1 + $(ceil $records 300)))
quota_reads=4 # rules per ALB, target groups per ALB, stages per API, aliases per distribution
min_envdeck=$((min_read + 1 + quota_reads + 1 + 1)) # the record list gives the zone's count: no GetHostedZone
read -r -d '' minimum_text <<TXT || true
computed minimum per refresh (R=$rules rules incl. default, T=$tgs target groups, N=$records records):
  listener 1 + rule pages ⌈R/400⌉ $(ceil $rules 400) + TG pages ⌈T/400⌉ $(ceil $tgs 400) + tag batches ⌈(R-1+T)/20⌉ $(ceil $((envs + tgs)) 20) + health T $tgs = $min_elb ELBv2
  + stages 1 + distribution 1 + record pages ⌈N/300⌉ $(ceil $records 300) = $min_read (what the scripts read)
  envdeck also reads: caller identity 1, quotas $quota_reads, zone limit 1, deployments 1 = $min_envdeck
TXT

proxy=""
proxy_pid=""
start_proxy() { # args: latency-ms, extra flags...
  stop_proxy
  local ms=$1; shift
  local flags=(-upstream "$moto" -latency "${ms}ms" -quotas -addr-file "$work/proxy.addr")
  ((memo)) && flags+=(-memo)
  rm -f "$work/proxy.addr"
  "$work/latencyproxy" "${flags[@]}" "$@" 2>>"$work/proxy.log" &
  proxy_pid=$!
  pids+=("$proxy_pid")
  for _ in $(seq 50); do [[ -s "$work/proxy.addr" ]] && break; sleep 0.1; done
  proxy=$(cat "$work/proxy.addr")
}
stop_proxy() { if [[ -n "$proxy_pid" ]]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""; fi; }

# run_tool TOOL OUT: one refresh; prints nothing, fails on a wrong answer.
run_tool() {
  local tool=$1 out=$2
  case "$tool" in
    # --max-age 0: every refresh reads the account, as the scripts do.
    envdeck) "$work/envdeck" ls -o json --max-age 0 --config "$work/envdeck.yaml" --endpoint-url "$proxy" >"$out" 2>"$out.err" ;;
    boto3) "$PY" "$root/bench/read_boto3.py" --endpoint "$proxy" --platform "$platform" >"$out" 2>"$out.err" ;;
    awscli) "$root/bench/read_awscli.sh" "$proxy" "$platform" >"$out" 2>"$out.err" ;;
  esac
}

check_output() { # TOOL OUT: the tool saw every environment
  local n
  case "$1" in
    envdeck) n=$(jq '.environments | length' "$2"); [[ $(jq '.errors | length' "$2") == 0 ]] || { log "envdeck reported errors: $(jq -c .errors "$2")"; return 1; } ;;
    *) n=$(jq '.environments' "$2") ;;
  esac
  [[ "$n" == "$envs" ]] || { log "$1 saw $n environments, want $envs ($2)"; return 1; }
}

results="$work/results.tsv" # scenario tool run seconds calls elb_calls throttled memo_hits
: >"$results"

bench_scenario() { # NAME TOOLS
  local name=$1 list=$2 tool i t0 t1 stats
  for tool in ${list//,/ }; do
    has "$tools" "$tool" || continue
    # Warm-up (untimed) fills the proxy's memo; the AWS CLI sends the same
    # botocore requests as boto3, so boto3's warm-up serves it too (the
    # memo-hit column shows it).
    if [[ "$tool" != awscli ]] || ! has "$list" boto3 || ! has "$tools" boto3; then
      log "$name: $tool warm-up"
      curl -sf -XPOST "$proxy/_reset" >/dev/null
      run_tool "$tool" "$work/$name-$tool-warm.json" || die "$tool failed: $(tail -3 "$work/$name-$tool-warm.json.err")"
      check_output "$tool" "$work/$name-$tool-warm.json" || die "$tool read the platform wrong"
    fi
    for i in $(seq "$runs"); do
      curl -sf -XPOST "$proxy/_reset" >/dev/null
      t0=$EPOCHREALTIME
      run_tool "$tool" "$work/$name-$tool-$i.json" || die "$tool failed: $(tail -3 "$work/$name-$tool-$i.json.err")"
      t1=$EPOCHREALTIME
      check_output "$tool" "$work/$name-$tool-$i.json" || die "$tool read the platform wrong"
      stats=$(curl -sf "$proxy/_stats")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$tool" "$i" "$(elapsed "$t0" "$t1")" \
        "$(jq .total_calls <<<"$stats")" \
        "$(jq '[.calls | to_entries[] | select(.key | startswith("elbv2:Describe")) | .value] | add // 0' <<<"$stats")" \
        "$(jq .total_throttled <<<"$stats")" "$(jq .memo_hits <<<"$stats")" >>"$results"
      log "$name: $tool run $i: $(tail -1 "$results" | cut -f4)s, $(jq .total_calls <<<"$stats") calls, $(jq .total_throttled <<<"$stats") throttled"
    done
    jq -c .calls <<<"$stats" >"$work/$name-$tool.calls.json"
  done
}

# run_envdeck CACHE OUT ARGS...: one envdeck command, JSON out, its read
# cache in CACHE (a fresh directory is a cold cache).
run_envdeck() {
  local cache=$1 out=$2 code=0
  shift 2
  XDG_CACHE_HOME="$cache" "$work/envdeck" "$@" -o json --config "$work/envdeck.yaml" --endpoint-url "$proxy" >"$out" 2>"$out.err" || code=$?
  # quota's exit status is its verdict (1 warn, 2 crit); only errors fail the bench
  [[ $code == 0 || ($1 == quota && $code -lt 3) ]] || return 1
  [[ $(jq '.errors // [] | length' "$out") == 0 ]] || { log "$* reported errors: $(jq -c .errors "$out")"; return 1; }
}

commands="$work/commands.tsv" # command run seconds calls elb_calls health_reads throttled
: >"$commands"

# bench_commands: what each command costs on its own, with AWS's rates
# emulated: quota, slots and show ENV on a cold cache, a cold ls (empty
# cache), a warm quota and a warm ls (a second one within --max-age; the
# bucket refilled in between, as it is 4 s after a cold ls) and the boto3
# script's full read.
bench_commands() {
  local cmd i t0 t1 stats cache args show_env=feat-001
  for cmd in quota quota-warm slots show ls-cold ls-warm boto3; do
    [[ $cmd == boto3 ]] && ! has "$tools" boto3 && continue
    case "$cmd" in
      quota* | slots) args=("${cmd%-warm}") ;;
      show) args=(show "$show_env") ;;
      ls-*) args=(ls) ;;
    esac
    for i in warmup $(seq "$runs"); do
      cache="$work/cache-$cmd-$i"
      rm -rf "$cache"
      curl -sf -XPOST "$proxy/_reset" >/dev/null
      if [[ $cmd == *-warm ]]; then
        run_envdeck "$cache" "$work/commands-$cmd-$i-first.json" "${args[@]}" || die "${args[*]} failed"
        curl -sf -XPOST "$proxy/_reset" >/dev/null
      fi
      t0=$EPOCHREALTIME
      if [[ $cmd == boto3 ]]; then
        run_tool boto3 "$work/commands-$cmd-$i.json" || die "boto3 failed"
      else
        run_envdeck "$cache" "$work/commands-$cmd-$i.json" "${args[@]}" || die "envdeck ${args[*]} failed: $(tail -3 "$work/commands-$cmd-$i.json.err")"
      fi
      t1=$EPOCHREALTIME
      [[ $i == warmup ]] && continue
      stats=$(curl -sf "$proxy/_stats")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cmd" "$i" "$(elapsed "$t0" "$t1")" "$(jq .total_calls <<<"$stats")" \
        "$(jq '[.calls | to_entries[] | select(.key | startswith("elbv2:")) | .value] | add // 0' <<<"$stats")" \
        "$(jq '.calls["elbv2:DescribeTargetHealth"] // 0' <<<"$stats")" "$(jq .total_throttled <<<"$stats")" >>"$commands"
      log "commands: $cmd run $i: $(tail -1 "$commands" | cut -f3)s, $(jq .total_calls <<<"$stats") calls"
    done
    jq -c .calls <<<"$stats" >"$work/commands-$cmd.calls.json"
  done
}

consoles_tsv="$work/consoles.tsv" # case consoles seconds elb_calls s3_calls throttled
: >"$consoles_tsv"

# bench_consoles: three consoles' background refreshes for --console-seconds
# (after --console-warmup, which their first loads at the full rate take),
# each console a real envdeck in its own tmux terminal, refreshing every
# --console-refresh: one console alone; three with their own HOMEs and no
# cache key (three machines, no sharing); three in one HOME (one machine:
# the lease in the read cache directory); three HOMEs with cache: s3://.
bench_consoles() {
  command -v tmux >/dev/null || { log "consoles: tmux not found; skipped"; return 0; }
  local sock="envdeck-bench-$$" case n shared_home cfg i home stats
  "$PY" - "$moto" <<'PYEOF'
import sys, boto3
boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1").create_bucket(Bucket="envdeck-bench-cache")
PYEOF
  cp "$work/envdeck.yaml" "$work/envdeck-s3.yaml"
  printf 'cache: s3://envdeck-bench-cache/consoles\n' >>"$work/envdeck-s3.yaml"
  for case in one:1:apart three-apart:3:apart three-one-home:3:shared three-s3:3:s3; do
    IFS=: read -r case n shared_home <<<"$case"
    cfg="$work/envdeck.yaml"
    [[ $shared_home == s3 ]] && cfg="$work/envdeck-s3.yaml"
    rm -rf "$work/homes"
    for i in $(seq "$n"); do
      home="$work/homes/$i"
      [[ $shared_home == shared ]] && home="$work/homes/1"
      mkdir -p "$home"
      tmux -L "$sock" new-session -d -s "c$i" -x 160 -y 50 \
        "env HOME=$home XDG_CACHE_HOME=$home/.cache XDG_STATE_HOME=$home/.state $work/envdeck --config $cfg --endpoint-url $proxy --refresh $console_refresh 2>$work/console-$case-$i.err"
    done
    log "consoles: $case: $n console(s), warm-up ${console_warmup}s, then ${console_seconds}s counted"
    sleep "$console_warmup"
    curl -sf -XPOST "$proxy/_reset" >/dev/null
    sleep "$console_seconds"
    stats=$(curl -sf "$proxy/_stats")
    tmux -L "$sock" kill-server 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$n" "$console_seconds" \
      "$(jq '[.calls | to_entries[] | select(.key | startswith("elbv2:")) | .value] | add // 0' <<<"$stats")" \
      "$(jq '[.calls | to_entries[] | select(.key | startswith("s3:")) | .value] | add // 0' <<<"$stats")" \
      "$(jq .total_throttled <<<"$stats")" >>"$consoles_tsv"
    jq -c .calls <<<"$stats" >"$work/consoles-$case.calls.json"
    log "consoles: $case: $(tail -1 "$consoles_tsv" | cut -f4) ELB calls in ${console_seconds}s"
    sleep 5 # the bucket refills between cases
  done
  local budget
  budget=$(awk '/^api_budget:/ {print $2}' "$work/envdeck.yaml")
  [[ -n "$budget" ]] || budget=0.2
  printf '\nconsoles (refresh %s, api_budget %s: target <= %s ELB calls/s in all):\n' "$console_refresh" "$budget" "$(awk -v b="$budget" 'BEGIN { print b * 10 }')"
  printf '%-16s %8s %10s %10s %10s %9s\n' case consoles "ELB calls" "ELB/s" "S3 calls" throttled
  awk -F'\t' '{ printf "%-16s %8s %10s %10.2f %10s %9s\n", $1, $2, $4, $4 / $3, $5, $6 }' "$consoles_tsv"
}

has "$scenarios" latency && { start_proxy "$latency_ms"; bench_scenario "latency" "$tools"; }
has "$scenarios" nolatency && { start_proxy 0; bench_scenario "nolatency" "$tools"; }
has "$scenarios" throttled && { start_proxy "$latency_ms" -throttle; bench_scenario "throttled" "$throttled_tools"; }
has "$scenarios" commands && has "$tools" envdeck && { start_proxy "$latency_ms" -throttle; bench_commands; }
has "$scenarios" consoles && has "$tools" envdeck && { start_proxy "$latency_ms" -throttle; bench_consoles; }
stop_proxy

"$PY" - "$results" "$work" "$latency_ms" "$runs" "$min_read" "$min_envdeck" "$min_elb" <<'PYEOF'
import json, os, statistics, sys
path, work, latency, runs, min_read, min_envdeck, min_elb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
by = {}
for sc, tool, _, secs, calls, elb, thr, hits in rows:
    by.setdefault(sc, {}).setdefault(tool, []).append((float(secs), int(calls), int(elb), int(thr), int(hits)))
titles = {"latency": f"{latency} ms added per call", "nolatency": "no added latency",
          "throttled": f"{latency} ms per call, AWS throttling emulated (ELBv2 Describe* 40 + 10/s, API Gateway 40 + 10/s)"}
minimum = {"envdeck": min_envdeck}
for sc in ("latency", "nolatency", "throttled"):
    if sc not in by:
        continue
    tools = by[sc]
    print(f"\n== {titles[sc]}: median of {runs} runs")
    print(f"{'tool':<8} {'median s':>9} {'min s':>7} {'max s':>7} {'calls':>6} {'minimum':>8} {'ELB reads':>9} {'throttled':>9} {'memo hits':>9} {'vs envdeck':>10}")
    ed = statistics.median(t[0] for t in tools["envdeck"]) if "envdeck" in tools else None
    for tool in ("envdeck", "boto3", "awscli"):
        if tool not in tools:
            continue
        rs = tools[tool]
        med = statistics.median(r[0] for r in rs)
        calls = statistics.median(r[1] for r in rs)
        elb = statistics.median(r[2] for r in rs)
        thr = sum(r[3] for r in rs)
        ratio = f"{med / ed:.1f}x" if ed and tool != "envdeck" else "-"
        print(f"{tool:<8} {med:>9.2f} {min(r[0] for r in rs):>7.2f} {max(r[0] for r in rs):>7.2f} {calls:>6g} {minimum.get(tool, min_read):>8} {elb:>9g} {thr:>9} {sum(r[4] for r in rs) / max(1, sum(r[1] for r in rs)):>9.0%} {ratio:>10}")
    if ed:
        print(f"  envdeck calls per refresh: {statistics.median(t[1] for t in tools['envdeck']):g} (computed minimum {min_envdeck}); scripts' minimum {min_read}")
    if sc == "throttled":
        for tool, rs in tools.items():
            elb = statistics.median(r[2] - r[3] for r in rs)  # reads that got through
            floor = max(0.0, (elb - 40) / 10)
            med = statistics.median(r[0] for r in rs)
            vs = f"{med / floor:.2f}x the floor" if floor else "the reads fit in the burst"
            print(f"  {tool}: floor (ELB reads {elb:g} - 40) / 10 = {floor:.2f} s; median {med:.2f} s, {vs}; "
                  f"{sum(r[3] for r in rs)} throttling errors in {len(rs)} runs")
print()
for f in sorted(os.listdir(work)):
    if f.endswith(".calls.json"):
        print(f"calls by action, {f[:-len('.calls.json')]}: {open(os.path.join(work, f)).read().strip()}")
PYEOF
printf '\n%s\n' "$minimum_text"

if [[ -s "$commands" ]]; then "$PY" - "$commands" "$latency_ms" "$runs" <<'PYEOF'
import statistics, sys
path, latency, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
by = {}
for line in open(path):
    cmd, _, secs, calls, elb, health, thr = line.rstrip("\n").split("\t")
    by.setdefault(cmd, []).append((float(secs), int(calls), int(elb), int(health), int(thr)))
print(f"\n== each command on its own: {latency} ms per call, AWS throttling emulated; median of {runs} runs")
print(f"{'command':<9} {'median s':>9} {'min s':>7} {'max s':>7} {'calls':>6} {'ELB':>5} {'health':>7} {'throttled':>9} {'boto3 / it':>10} {'cold ls / it':>12}")
med = {c: statistics.median(r[0] for r in rs) for c, rs in by.items()}
for cmd in ("quota", "quota-warm", "slots", "show", "ls-cold", "ls-warm", "boto3"):
    if cmd not in by:
        continue
    rs = by[cmd]
    m = med[cmd]
    vs_boto = f"{med['boto3'] / m:.1f}x" if "boto3" in med and cmd != "boto3" else "-"
    vs_cold = f"{med['ls-cold'] / m:.1f}x" if "ls-cold" in med and cmd not in ("ls-cold", "boto3") else "-"
    print(f"{cmd:<9} {m:>9.2f} {min(r[0] for r in rs):>7.2f} {max(r[0] for r in rs):>7.2f} {statistics.median(r[1] for r in rs):>6g} "
          f"{statistics.median(r[2] for r in rs):>5g} {statistics.median(r[3] for r in rs):>7g} {sum(r[4] for r in rs):>9} {vs_boto:>10} {vs_cold:>12}")
print("show = show feat-001; quota, slots, show and ls-cold start from an empty read cache; quota-warm and ls-warm are a second one within --max-age")
PYEOF
fi
