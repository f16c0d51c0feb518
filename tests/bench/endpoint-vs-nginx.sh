#!/usr/bin/env bash
# The embedded endpoint (bench_endpoint) against nginx (1 worker, fixed 200 JSON reply), both on
# 127.0.0.1, under the same wrk load (-t1 -c10, a small event request); then a memory run of REQUESTS
# requests against the endpoint alone. Prints requests/s, p50/p99, CPU time per request, the ratio,
# and the endpoint's resident memory. Usage:
#   tests/bench/endpoint-vs-nginx.sh [PROFILE=tolerant] [SECONDS=10] [REQUESTS=1000000]
# PIN=0 lets the scheduler place the processes (see peers.sh); THREADS sets the endpoint's threads.
# ROUNDS (default 5) alternates the two servers that many times, SECONDS each, and reports the ratio
# of each round and their median: on a 2-core machine a single pair of runs swings by a third.
# BENCH_ENDPOINT and FHW override the binaries (default build/tests/bench/bench_endpoint and
# build/app/cli/fhw); MAX_SECONDS (default 600) bounds the memory run (REQUESTS=0 skips it).
# Asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
profile=${1:-tolerant}
seconds=${2:-10}
requests=${3:-1000000}
max_seconds=${MAX_SECONDS:-600}
rounds=${ROUNDS:-5}
bench=${BENCH_ENDPOINT:-$root/build/tests/bench/bench_endpoint}
fhw=${FHW:-$root/build/app/cli/fhw}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$bench" "$fhw" "$nginx" "$(command -v wrk || true)" "$(command -v python3 || true)"; do
    if [[ -z $tool || ! -x $tool ]]; then
        echo "missing: ${tool:-wrk or python3} (build bench_endpoint and fhw; Debian: nginx-light, wrk, python3)" >&2
        exit 2
    fi
done

tmp=$(mktemp -d)
nginx_pid=
bench_pid=
cleanup() {
    for pid in $bench_pid $nginx_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

source "$root/tests/bench/peers.sh"
# CPU seconds (user + system) a process has used, from /proc/PID/stat (fields 14 and 15, in ticks).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# post_script BODY LUA: a wrk script posting the file BODY as JSON.
post_script() {
    cat > "$2" <<LUA
local file = assert(io.open("$1", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
LUA
}
# The issue's measurement: a small event request (one custom event, tests/bench/small-event.json).
cp "$root/tests/bench/small-event.json" "$tmp/body.json"
post_script "$tmp/body.json" "$tmp/post.lua"
# For context: a generated batch with every envelope field filled (runtime, identities, consent...),
# where parsing dominates.
"$fhw" generate event --events 3 --seed 1 > "$tmp/large.json"
post_script "$tmp/large.json" "$tmp/large.lua"

nginx_port=$(free_port)
start_fixed_nginx "$nginx_port"

# Pinned, the endpoint gets one server thread on its one core, as nginx has one worker there;
# unpinned (PIN=0), its default pool (one thread per core). THREADS overrides either.
threads=${THREADS:-$(( ${#pin_server[@]} > 0 ? 1 : 0 ))}
"${pin_server[@]}" "$bench" "$profile" 0 10000 "$threads" > "$tmp/bench.out" 2>&1 &
bench_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on' "$tmp/bench.out" && break
    sleep 0.05
done
endpoint_url=$(sed -nE 's/^listening on (http[^ ]*).*/\1/p' "$tmp/bench.out")
[[ -n $endpoint_url ]] || { cat "$tmp/bench.out" >&2; exit 1; }

# run NAME PID URL [LUA]: one wrk run; prints a table row and sets rps.
run() {
    local before after out count
    before=$(cpu_ticks "$2")
    out=$("${pin_client[@]}" wrk -t1 -c10 -d"${seconds}s" --latency -s "${4:-$tmp/post.lua}" "$3")
    after=$(cpu_ticks "$2")
    count=$(awk '/requests in/ { print $1 }' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
    printf "%-30s %12s %10s %10s %14s\n" "$1" "$rps" "$(wrk_latency "50%" <<<"$out")" "$(wrk_latency "99%" <<<"$out")" \
        "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$count" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')"
}

echo "request: $(wc -c < "$tmp/body.json") bytes (tests/bench/small-event.json); wrk -t1 -c10 -d${seconds}s; $rounds rounds"
if (( ${#pin_server[@]} > 0 )); then
    echo "pinned: servers on CPU ${pin_server[2]}, wrk on CPU ${pin_client[2]}; endpoint threads: $threads (0 = one per core)"
else
    echo "not pinned; endpoint threads: $threads (0 = one per core)"
fi
printf "%-30s %12s %10s %10s %14s\n" "server" "requests/s" "p50 ms" "p99 ms" "CPU µs/request"
ratios=()
for round in $(seq "$rounds"); do
    run "nginx (1 worker, fixed reply)" "$nginx_pid" "http://127.0.0.1:$nginx_port/"
    nginx_rps=$rps
    run "endpoint ($profile validation)" "$bench_pid" "$endpoint_url"
    ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    ratios+=("$ratio")
    echo "round $round: ratio endpoint/nginx = $ratio"
done
printf "ratios: %s\n" "${ratios[*]}"
echo "median ratio endpoint/nginx = $(printf "%s\n" "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
run "endpoint, $(wc -c < "$tmp/large.json") B generated batch" "$bench_pid" "$endpoint_url" "$tmp/large.lua"
awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "ratio endpoint (generated batch)/nginx (last round) = %.2f\n", a / b }'

echo
# The memory run: 10 s wrk runs until REQUESTS answers (wrk cannot stop at a count: its main thread
# sleeps out -d whatever the Lua script does), bounded by MAX_SECONDS.
echo "memory run: $requests requests against the endpoint (at most ${max_seconds}s) ..."
done_requests=0
started=$SECONDS
while (( done_requests < requests && SECONDS - started < max_seconds )); do
    out=$("${pin_client[@]}" wrk -t1 -c10 -d10s -s "$tmp/post.lua" "$endpoint_url")
    done_requests=$(( done_requests + $(awk '/requests in/ { print $1 }' <<<"$out") ))
    printf "  %8d requests, VmRSS %s\n" "$done_requests" "$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$bench_pid/status")"
done
echo "$done_requests requests in $(( SECONDS - started )) s (plus ${seconds}s of the comparison run before)"
kill -INT "$bench_pid"
wait "$bench_pid" || true
bench_pid=
sed -n '/^peak RSS/,$p' "$tmp/bench.out"
