#!/usr/bin/env bash
# Side-by-side throughput and CPU cost of shoal-node and the reference
# redis-server, measured with redis-benchmark on loopback.
#
# Both servers run at once with the same flags (persistence off). For each
# test (SET, GET, INCR, MSET, LPUSH, LPOP, SADD, HSET, ZADD, LRANGE_100) and
# pipeline depth (-P 1, -P 16) the two are
# benchmarked alternately, ROUNDS times, the first server of each pair
# swapping every round so neither always runs on a warmer machine. Per test
# it prints, as a Markdown table, the median requests/s of each, the ratio
# Shoal/Redis, and the server CPU time (user+system, all threads, read from
# /proc/PID/stat around each run) per request in microseconds.
#
# A test whose command shoal-node does not implement yet is run against Redis
# only, and its Shoal columns say n/a.
#
# Environment:
#   N           requests per run (default 1000000)
#   TESTS       redis-benchmark test names to run, space-separated (default: all
#               of the above, lower case: "set get incr mset lpush lpop sadd
#               hset zadd lrange_100")
#   ROUNDS      rounds per test (default 3)
#   CLIENTS     parallel connections (default 50)
#   SHOAL_NODE  shoal-node binary (default: build/node/shoal-node)
#   REDIS_SERVER, REDIS_BENCHMARK, REDIS_CLI  reference binaries (default: from PATH)
#   RUN_TIMEOUT seconds one redis-benchmark run may take (default 600)
#   PIN         1 (default when taskset exists and there are 2+ CPUs): servers run
#               on CPU 0 and redis-benchmark on CPU 1, so the two never fight over
#               a core and runs vary less; 0 lets the scheduler place them
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${N:-1000000}"
ROUNDS="${ROUNDS:-3}"
read -r -a TESTS <<<"${TESTS:-set get incr mset lpush lpop sadd hset zadd lrange_100}"
PIPELINES=(1 16)

script=bench.sh
source "$root/tests/perf/common.sh"
[[ "$N" =~ ^[1-9][0-9]*$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "N and ROUNDS must be positive"

# start_server NAME BINARY PORT: starts it in the background, records its
# PID in pids (for the EXIT trap) and started_pid, and waits (bounded) until
# it answers PING. Not to be called in a subshell: the trap must see the PID.
start_server() {
  local name="$1" binary="$2" port="$3" dir="$work/$1"
  mkdir -p "$dir"
  "${server_cpu[@]}" "$binary" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$dir" --daemonize no >"$dir/server.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  started_pid="$pid"
  for _ in $(seq 150); do
    if "$REDIS_CLI" -h 127.0.0.1 -p "$port" PING 2>/dev/null | grep -q PONG; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; die "$name exited at start"; }
    sleep 0.1
  done
  die "$name did not answer on port $port within 15 s"
}

# CPU ticks (utime + stime, fields 14 and 15) of a process, all threads.
cpu_ticks() {
  # The command name (field 2) may hold spaces: cut after its closing ')'.
  local stat
  stat="$(<"/proc/$1/stat")"
  stat="${stat##*) }"
  read -r -a f <<<"$stat"
  # After ')': f[0] is field 3 (state), so utime is f[11] and stime f[12].
  echo $((f[11] + f[12]))
}

# run_one NAME PORT PID TEST PIPELINE: one benchmark run; appends
# "test pipeline name rps us_per_request" to the results file.
run_one() {
  local name="$1" port="$2" pid="$3" test="$4" pipeline="$5"
  local before after out rps
  before="$(cpu_ticks "$pid")"
  out="$(timeout "$RUN_TIMEOUT" "${client_cpu[@]}" "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$port" -c "$CLIENTS" \
    -n "$N" -r 100000 -d 64 -t "$test" -P "$pipeline" --csv)" \
    || die "redis-benchmark failed or timed out against $name ($test -P $pipeline)"
  after="$(cpu_ticks "$pid")"
  # The last row: LRANGE_* tests print an LPUSH row (their set-up) first.
  rps="$(awk -F'","' 'NR > 1 && NF > 1 { last = $2 } END { print last }' <<<"$out")"
  [[ -n "$rps" ]] || die "no result from redis-benchmark against $name: $out"
  awk -v t="$test" -v p="$pipeline" -v s="$name" -v r="$rps" -v d="$((after - before))" \
    -v hz="$hz" -v n="$N" 'BEGIN { printf "%s %s %s %s %.3f\n", t, p, s, r, d / hz / n * 1e6 }' \
    >>"$results"
  echo "  $test -P $pipeline $name: $rps req/s" >&2
}

# supported PORT TEST: whether the server implements the test's command,
# tried on a scratch key (an unknown command answers "ERR unknown command").
supported() {
  local port="$1" probe
  case "$2" in
    lpush | lrange_*) probe=(LPUSH bench:probe x) ;;
    lpop) probe=(LPOP bench:probe) ;;
    sadd) probe=(SADD bench:probe x) ;;
    hset) probe=(HSET bench:probe f v) ;;
    zadd) probe=(ZADD bench:probe 1 x) ;;
    *) return 0 ;;
  esac
  local out
  out="$("$REDIS_CLI" -h 127.0.0.1 -p "$port" "${probe[@]}" 2>&1)"
  "$REDIS_CLI" -h 127.0.0.1 -p "$port" DEL bench:probe >/dev/null 2>&1 || true
  [[ "$out" != *"unknown command"* ]]
}

hz="$(getconf CLK_TCK)"
results="$work/results"
: >"$results"
shoal_port="$(free_port)"
redis_port="$(free_port "$shoal_port")"
start_server shoal "$SHOAL_NODE" "$shoal_port"
shoal_pid="$started_pid"
start_server redis "$REDIS_SERVER" "$redis_port"
redis_pid="$started_pid"

declare -A shoal_has=()
for test in "${TESTS[@]}"; do
  if supported "$shoal_port" "$test"; then
    shoal_has[$test]=1
  else
    echo "shoal-node does not implement ${test^^} yet: Redis only" >&2
  fi
done

echo "Benchmarking: N=$N ROUNDS=$ROUNDS clients=$CLIENTS, shoal on $shoal_port," \
  "redis on $redis_port" >&2
for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  for pipeline in "${PIPELINES[@]}"; do
    for test in "${TESTS[@]}"; do
      if [[ -z "${shoal_has[$test]:-}" ]]; then
        run_one redis "$redis_port" "$redis_pid" "$test" "$pipeline"
      elif ((round % 2 == 1)); then
        run_one shoal "$shoal_port" "$shoal_pid" "$test" "$pipeline"
        run_one redis "$redis_port" "$redis_pid" "$test" "$pipeline"
      else
        run_one redis "$redis_port" "$redis_pid" "$test" "$pipeline"
        run_one shoal "$shoal_port" "$shoal_pid" "$test" "$pipeline"
      fi
    done
  done
done

# median FIELD TEST PIPELINE SERVER: the median of one column over the rounds.
median() {
  awk -v f="$1" -v t="$2" -v p="$3" -v s="$4" '$1 == t && $2 == p && $3 == s { print $f }' \
    "$results" | sort -g | awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "nan"; exit }
      if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo
"$SHOAL_NODE" --version | head -n1
"$REDIS_SERVER" --version | head -n1
[[ ${#server_cpu[@]} -gt 0 ]] && echo "servers pinned to CPU 0, redis-benchmark to CPU 1"
echo "redis-benchmark -c $CLIENTS -n $N -r 100000 -d 64, median of $ROUNDS round(s)," \
  "$(nproc) CPU(s)"
echo
printf '| test | pipeline | Shoal req/s | Redis req/s | Shoal/Redis | %s | %s |\n' \
  "Shoal CPU µs/req" "Redis CPU µs/req"
echo "|---|---:|---:|---:|---:|---:|---:|"
for pipeline in "${PIPELINES[@]}"; do
  for test in "${TESTS[@]}"; do
    s_rps="$(median 4 "$test" "$pipeline" shoal)"
    r_rps="$(median 4 "$test" "$pipeline" redis)"
    s_cpu="$(median 5 "$test" "$pipeline" shoal)"
    r_cpu="$(median 5 "$test" "$pipeline" redis)"
    if [[ -z "${shoal_has[$test]:-}" ]]; then
      awk -v t="${test^^}" -v p="$pipeline" -v rr="$r_rps" -v rc="$r_cpu" 'BEGIN {
        printf "| %s | %s | n/a | %.0f | n/a | n/a | %.2f |\n", t, p, rr, rc }'
      continue
    fi
    awk -v t="${test^^}" -v p="$pipeline" -v sr="$s_rps" -v rr="$r_rps" -v sc="$s_cpu" \
      -v rc="$r_cpu" 'BEGIN {
        printf "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f |\n", t, p, sr, rr,
               (rr > 0 ? sr / rr : 0), sc, rc }'
  done
done
