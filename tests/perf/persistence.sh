#!/usr/bin/env bash
# Persistence costs of shoal-node and the reference redis-server, side by
# side, on a dataset of KEYS string keys ("key:%012d", 32-byte values):
# SAVE time, dump.rdb size, start-up load time, BGREWRITEAOF time, SET
# throughput with appendonly yes (appendfsync everysec and always, -P 1 and
# -P 16), and GET p99 latency while a BGSAVE runs. Prints a Markdown table
# with the ratio Shoal/Redis. See tests/perf/README.md.
#
# Environment:
#   KEYS        keys in the dataset (default 1000000)
#   SET_N       requests per SET run (default 200000)
#   ALWAYS_N    requests per SET run under appendfsync always (default 20000:
#               one fsync per event-loop round makes these runs slow)
#   GET_N       requests of the GET run during BGSAVE (default 200000)
#   CLIENTS     parallel connections (default 50)
#   SHOAL_NODE  shoal-node binary (default: build/node/shoal-node)
#   REDIS_SERVER, REDIS_BENCHMARK, REDIS_CLI  reference binaries (default: from PATH)
#   RUN_TIMEOUT seconds any one step may take (default 600)
#   PIN         1 (default, with taskset and 2+ CPUs): servers (and their fork
#               children) on CPU 0, redis-benchmark/redis-cli on CPU 1
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEYS="${KEYS:-1000000}"
SET_N="${SET_N:-200000}"
ALWAYS_N="${ALWAYS_N:-20000}"
GET_N="${GET_N:-200000}"

script=persistence.sh
source "$root/tests/perf/common.sh"
for v in KEYS SET_N ALWAYS_N GET_N CLIENTS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
cli() { timeout "$RUN_TIMEOUT" "${client_cpu[@]}" "$REDIS_CLI" -h 127.0.0.1 -p "$port" "$@"; }
info_field() { cli INFO persistence | tr -d '\r' | awk -F: -v k="$1" '$1 == k { print $2 }'; }

# start NAME BINARY: starts the server in $work/NAME (keeping whatever
# dump.rdb is there), sets $pid, and echoes nothing; start_s is the time the
# process was started.
start() {
  local name="$1" binary="$2" dir="$work/$1"
  mkdir -p "$dir"
  start_s="$(now)"
  "${server_cpu[@]}" "$binary" --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' \
    --appendonly no --dbfilename dump.rdb --daemonize no >>"$dir/server.log" 2>&1 &
  pid=$!
  pids+=("$pid")
}

# Until PING answers PONG (not LOADING), bounded by RUN_TIMEOUT.
wait_ready() {
  local deadline=$((SECONDS + RUN_TIMEOUT))
  while ((SECONDS < deadline)); do
    if "$REDIS_CLI" -h 127.0.0.1 -p "$port" PING 2>/dev/null | grep -q PONG; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/$name/server.log" >&2; die "$name exited"; }
    sleep 0.01
  done
  die "$name not ready within $RUN_TIMEOUT s"
}

stop() {
  cli SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Polls an INFO persistence field until it reads 0 (bounded).
wait_field_zero() {
  local deadline=$((SECONDS + RUN_TIMEOUT))
  while ((SECONDS < deadline)); do
    [[ "$(info_field "$1")" == 0 ]] && return 0
    sleep 0.01
  done
  die "$name: $1 still set after $RUN_TIMEOUT s"
}

wait_no_rewrite() {
  wait_field_zero aof_rewrite_in_progress
  wait_field_zero aof_rewrite_scheduled
}

# bench ARGS...: redis-benchmark --csv; prints "rps p99_ms".
bench() {
  local out
  out="$(timeout "$RUN_TIMEOUT" "${client_cpu[@]}" "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$port" \
    -c "$CLIENTS" -r "$KEYS" --csv "$@")" || die "redis-benchmark failed against $name ($*)"
  awk -F'","' 'NR == 2 { gsub(/"/, "", $7); print $2, $7 }' <<<"$out"
}

record() { echo "$1 $name $2" >>"$results"; echo "  $name $1: $2" >&2; }

# The dataset as RESP, built once: SET key:%012d <32 bytes>.
dataset="$work/dataset.resp"
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++)
  printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$32\r\nvalue-%026d\r\n", i, i }' >"$dataset"

measure() {
  name="$1"
  local binary="$2" t out
  port="$(free_port)"
  echo "$name on port $port" >&2
  start "$name" "$binary"
  wait_ready
  timeout "$RUN_TIMEOUT" "${client_cpu[@]}" "$REDIS_CLI" -h 127.0.0.1 -p "$port" --pipe \
    <"$dataset" >/dev/null || die "$name: loading the dataset failed"
  [[ "$(cli DBSIZE)" == "$KEYS" ]] || die "$name: DBSIZE is not $KEYS after loading"

  t="$(now)"; cli SAVE >/dev/null; record save_s "$(elapsed "$t")"
  record rdb_bytes "$(stat -c %s "$work/$name/dump.rdb")"

  # GET latency alone, then while a BGSAVE of the whole dataset runs.
  read -r _ out <<<"$(bench -t get -P 1 -n "$GET_N")"; record get_p99_idle_ms "$out"
  t="$(now)"
  cli BGSAVE >/dev/null
  read -r _ out <<<"$(bench -t get -P 1 -n "$GET_N")"; record get_p99_bgsave_ms "$out"
  record get_run_s "$(elapsed "$t")"
  wait_field_zero rdb_bgsave_in_progress
  record bgsave_s "$(elapsed "$t")"

  # Start-up: from exec to the first PONG, loading dump.rdb.
  stop
  start "$name" "$binary"
  wait_ready
  record load_s "$(elapsed "$start_s")"
  [[ "$(cli DBSIZE)" == "$KEYS" ]] || die "$name: DBSIZE is not $KEYS after loading dump.rdb"

  # appendonly yes writes the first base; then time one BGREWRITEAOF.
  cli CONFIG SET appendonly yes >/dev/null
  wait_no_rewrite
  t="$(now)"; cli BGREWRITEAOF >/dev/null; wait_no_rewrite
  record bgrewriteaof_s "$(elapsed "$t")"

  local fsync p n
  for fsync in everysec always; do
    cli CONFIG SET appendfsync "$fsync" >/dev/null
    n="$SET_N"
    [[ "$fsync" == always ]] && n="$ALWAYS_N"
    for p in 1 16; do
      read -r out _ <<<"$(bench -t set -d 32 -P "$p" -n "$n")"
      record "set_${fsync}_p${p}_rps" "$out"
    done
  done
  stop
}

results="$work/results"
: >"$results"
measure shoal "$SHOAL_NODE"
measure redis "$REDIS_SERVER"

value() { awk -v m="$1" -v s="$2" '$1 == m && $2 == s { print $3 }' "$results"; }
row() {
  local metric="$1" label="$2" fmt="$3" sv rv
  sv="$(value "$metric" shoal)"
  rv="$(value "$metric" redis)"
  awk -v l="$label" -v f="$fmt" -v s="${sv:-nan}" -v r="${rv:-nan}" 'BEGIN {
    printf "| %s | " f " | " f " | %s |\n", l, s, r, (r + 0 > 0 ? sprintf("%.2f", s / r) : "-") }'
}

echo
"$SHOAL_NODE" --version | head -n1
"$REDIS_SERVER" --version | head -n1
[[ ${#server_cpu[@]} -gt 0 ]] && echo "servers pinned to CPU 0, redis-benchmark/redis-cli to CPU 1"
echo "$KEYS keys (key:%012d, 32-byte values), -c $CLIENTS, SET runs -n $SET_N" \
  "(appendfsync always: -n $ALWAYS_N)," \
  "GET runs -n $GET_N, $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| metric | Shoal | Redis | Shoal/Redis |"
echo "|---|---:|---:|---:|"
row save_s "SAVE time (s)" "%.3f"
row rdb_bytes "dump.rdb size (bytes)" "%d"
row load_s "start-up with dump.rdb to first PONG (s)" "%.3f"
row bgrewriteaof_s "BGREWRITEAOF time (s)" "%.3f"
row set_everysec_p1_rps "SET req/s, appendfsync everysec, -P 1" "%.0f"
row set_everysec_p16_rps "SET req/s, appendfsync everysec, -P 16" "%.0f"
row set_always_p1_rps "SET req/s, appendfsync always, -P 1" "%.0f"
row set_always_p16_rps "SET req/s, appendfsync always, -P 16" "%.0f"
row get_p99_idle_ms "GET p99 (ms), -P 1, no BGSAVE" "%.3f"
row get_p99_bgsave_ms "GET p99 (ms), -P 1, during BGSAVE" "%.3f"
row bgsave_s "BGSAVE issued to finished, polled after the GET run (s)" "%.3f"
row get_run_s "GET run during BGSAVE took (s)" "%.3f"
