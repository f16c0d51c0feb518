# Sourced by the benchmark scripts: loopback peers and wrk helpers they share. Expects $tmp (a temp
# dir the caller removes) and $nginx (the binary).

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits (up to 5 s) until something listens on 127.0.0.1:PORT.
wait_for_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "nothing listens on port $1" >&2
    exit 1
}

# On a machine with 2+ cores the servers share the last core and the load generator gets the others
# (PIN=0 turns it off): each server then has the same one core nginx's single worker uses, and runs
# vary far less than when the scheduler moves wrk and the server around. taskset execs, so PIDs hold.
pin_server=()
pin_client=()
if [[ ${PIN:-1} != 0 ]] && command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
    last_cpu=$(( $(nproc) - 1 ))
    pin_server=(taskset -c "$last_cpu")
    pin_client=(taskset -c "0-$(( last_cpu - 1 ))")
fi

# start_fixed_nginx PORT: nginx with 1 worker and no master answering every request with a fixed
# event_processing_response; sets nginx_pid and returns once it listens.
start_fixed_nginx() {
    local reply='{"type":"event_processing_response","id":"6f1c1f3e-2b47-4d7e-9a35-3c0a7e0e8d21","timestamp_ms":1700000000000,"firehose_version":"3.2.0"}'
    cat > "$tmp/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
pid $tmp/nginx.pid; error_log $tmp/error.log;
events { worker_connections 1024; }
http {
    access_log off; client_body_temp_path $tmp/body; proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi; uwsgi_temp_path $tmp/uwsgi; scgi_temp_path $tmp/scgi;
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$1;
        location / { default_type application/json; return 200 '$reply'; }
    }
}
CONF
    "${pin_server[@]}" "$nginx" -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/error.log" &
    nginx_pid=$!
    wait_for_port "$1"
}

# wrk --latency prints e.g. "     50%  412.00us"; to milliseconds.
wrk_latency() { # $1 = percentile label ("50%"), stdin = wrk output
    awk -v p="$1" '$1 == p {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
        f = (unit == "us") ? 0.001 : (unit == "ms") ? 1 : (unit == "s") ? 1000 : (unit == "m") ? 60000 : 1;
        printf "%.3f", v * f }'
}
