#!/usr/bin/env bash
# `fhw load` against wrk, both posting a small generated event request to the same nginx (1 worker,
# fixed 200 JSON reply) on 127.0.0.1. Usage:
#   tests/bench/load-vs-wrk.sh [SECONDS=10]
# (a) Top rate: wrk -t1 -cC (closed loop, as fast as it can) against `fhw load --rate 1000000
#     --connections C` (an unreachable target, so it sends whenever a connection is free), alternating
#     ROUNDS times (default 5); prints each round's requests/s, the ratio fhw/wrk and their median.
# (b) At the issue's peak: `fhw load --rate 10000` (100 connections) for SECONDS; achieved rate, p50,
#     p99, p99.9 and what did not finish.
# C = CONNECTIONS (default 10). PIN=0 lets the scheduler place the processes (see peers.sh); pinned,
# nginx gets the last core and the clients the others. FHW overrides the binary (default
# build/app/cli/fhw). Asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-10}
rounds=${ROUNDS:-5}
connections=${CONNECTIONS:-10}
fhw=${FHW:-$root/build/app/cli/fhw}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$fhw" "$nginx" "$(command -v wrk || true)" "$(command -v python3 || true)"; do
    if [[ -z $tool || ! -x $tool ]]; then
        echo "missing: ${tool:-wrk or python3} (build fhw; Debian: nginx-light, wrk, python3)" >&2
        exit 2
    fi
done

tmp=$(mktemp -d)
nginx_pid=
cleanup() {
    if [[ -n $nginx_pid ]]; then
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

source "$root/tests/bench/peers.sh"
port=$(free_port)
start_fixed_nginx "$port"
url="http://127.0.0.1:$port/"

# The same request both ways: a one-event batch (fhw load sends 64 such bodies, seeds 1-64, in turn),
# Content-Type, and an Authorization token.
export FHW_BENCH_TOKEN=bench-token-0123456789abcdef
"$fhw" generate event --events 1 --seed 1 > "$tmp/body.json"
cat > "$tmp/post.lua" <<LUA
local file = assert(io.open("$tmp/body.json", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Token $FHW_BENCH_TOKEN"
LUA

# json_field FILE EXPR: a value from fhw load's --json report.
json_field() { python3 -c "import json, sys; r = json.load(open(sys.argv[1])); print($2)" "$1"; }

# fhw_load RATE CONNECTIONS: one run; sets rps (achieved) and leaves the report in $tmp/load.json.
fhw_load() {
    "${pin_client[@]}" "$fhw" load "$url" --rate "$1" --connections "$2" --duration "$seconds" --events 1 \
        --token-env FHW_BENCH_TOKEN --quiet --json "$tmp/load.json" > /dev/null || true
    rps=$(json_field "$tmp/load.json" "round(r['achievedRate'])")
}

echo "request: $(wc -c < "$tmp/body.json") bytes (fhw generate event --events 1); ${seconds}s runs; $rounds rounds"
if (( ${#pin_server[@]} > 0 )); then
    echo "pinned: nginx on CPU ${pin_server[2]}, clients on CPU ${pin_client[2]}"
else
    echo "not pinned"
fi
echo
echo "(a) top rate, $connections connections: wrk -t1 -c$connections vs fhw load --rate 1000000 --connections $connections"
printf "%-8s %14s %14s %8s\n" "round" "wrk req/s" "fhw req/s" "ratio"
ratios=()
for round in $(seq "$rounds"); do
    out=$("${pin_client[@]}" wrk -t1 -c"$connections" -d"${seconds}s" -s "$tmp/post.lua" "$url")
    wrk_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
    fhw_load 1000000 "$connections"
    ratio=$(awk -v a="$rps" -v b="$wrk_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    ratios+=("$ratio")
    printf "%-8s %14s %14s %8s\n" "$round" "$wrk_rps" "$rps" "$ratio"
done
printf "ratios: %s\n" "${ratios[*]}"
echo "median ratio fhw load/wrk = $(printf "%s\n" "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"

echo
echo "(b) fhw load --rate 10000 --connections 100 for ${seconds}s (mParticle's peak)"
fhw_load 10000 100
json_field "$tmp/load.json" "'achieved %.0f req/s of 10000; latency p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms (service p99 %.2f ms); %d unfinished at the end; %s' % (r['achievedRate'], r['latency']['p50_us'] / 1000, r['latency']['p99_us'] / 1000, r['latency']['p999_us'] / 1000, r['latency']['max_us'] / 1000, r['service']['p99_us'] / 1000, r['inFlightAtEnd'], 'PASS' if r['passed'] else 'FAIL: ' + ' '.join(r['reasons']))"
