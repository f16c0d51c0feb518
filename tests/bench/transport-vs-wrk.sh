#!/usr/bin/env bash
# HttpSender (bench_transport) against wrk, both posting the same small event request to the same nginx
# (1 worker, fixed 200 JSON reply) on 127.0.0.1, at 10 and 50 requests in flight. Prints requests/s and
# latency p50/p99 for each and the ratio. Usage:
#   tests/bench/transport-vs-wrk.sh [SECONDS=5]
# BENCH_TRANSPORT overrides the binary (default build/tests/bench/bench_transport). Asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-5}
bench=${BENCH_TRANSPORT:-$root/build/tests/bench/bench_transport}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$bench" "$nginx" "$(command -v wrk || true)" "$(command -v python3 || true)"; do
    if [[ -z $tool || ! -x $tool ]]; then
        echo "missing: ${tool:-wrk or python3} (build bench_transport; Debian: nginx-light, wrk, python3)" >&2
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

# wrk posts the very bytes and headers bench_transport sends.
"$bench" --print-body > "$tmp/body.json"
cat > "$tmp/post.lua" <<LUA
local file = assert(io.open("$tmp/body.json", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Token bench-token-0123456789abcdef"
wrk.headers["User-Agent"] = "wrk"
LUA

printf "%-26s %12s %10s %10s\n" "client (in flight)" "requests/s" "p50 ms" "p99 ms"
for c in 10 50; do
    ours=$("$bench" "$url" --concurrency "$c" --duration "$seconds" | grep '^RESULT')
    ours_rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$ours")
    ours_p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$ours")
    ours_p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$ours")
    theirs=$(wrk -t1 -c"$c" -d"${seconds}s" --latency -s "$tmp/post.lua" "$url")
    wrk_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$theirs")
    wrk_p50=$(wrk_latency "50%" <<<"$theirs")
    wrk_p99=$(wrk_latency "99%" <<<"$theirs")
    printf "%-26s %12s %10s %10s\n" "HttpSender ($c)" "$ours_rps" "$ours_p50" "$ours_p99"
    printf "%-26s %12s %10s %10s\n" "wrk -t1 -c$c" "$wrk_rps" "$wrk_p50" "$wrk_p99"
    awk -v a="$ours_rps" -v b="$wrk_rps" -v c="$c" 'BEGIN { if (b > 0) printf "ratio at %d in flight: HttpSender/wrk = %.2f\n", c, a / b }'
done
