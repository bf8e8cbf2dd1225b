# What the side-by-side benchmarks share: the binaries, CPU pinning, a work
# directory whose servers are stopped (by PID) on exit, and free ports.
# Sourced by bench.sh and persistence.sh after they set `set -euo pipefail`
# and `root`; `script` names the caller in error messages.

SHOAL_NODE="${SHOAL_NODE:-$root/build/node/shoal-node}"
REDIS_SERVER="${REDIS_SERVER:-$(command -v redis-server || true)}"
REDIS_BENCHMARK="${REDIS_BENCHMARK:-$(command -v redis-benchmark || true)}"
REDIS_CLI="${REDIS_CLI:-$(command -v redis-cli || true)}"
RUN_TIMEOUT="${RUN_TIMEOUT:-600}"
CLIENTS="${CLIENTS:-50}"
PIN="${PIN:-1}"
server_cpu=()
client_cpu=()
if [[ "$PIN" == 1 ]] && command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
  server_cpu=(taskset -c 0)
  client_cpu=(taskset -c 1)
fi

die() { echo "$script: $*" >&2; exit 1; }
[[ -x "$SHOAL_NODE" ]] || die "shoal-node not found at $SHOAL_NODE (build it, or set SHOAL_NODE)"
for tool in "$REDIS_SERVER" "$REDIS_BENCHMARK" "$REDIS_CLI"; do
  [[ -n "$tool" && -x "$tool" ]] || die "redis-server, redis-benchmark and redis-cli are required"
done

work="$(mktemp -d -t "shoal-${script%.sh}.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    # Bounded wait: 10 s, then SIGKILL.
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port that is free now, and whose +1000 (shoal's admin port) is
# too; ports given as arguments are avoided.
free_port() {
  python3 - "$@" <<'PY'
import socket, sys
avoid = {int(a) for a in sys.argv[1:]}
for _ in range(200):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if port in avoid or port + 1000 > 65535 or port + 1000 in avoid:
        continue
    with socket.socket() as s2:
        try:
            s2.bind(("127.0.0.1", port + 1000))
        except OSError:
            continue
    print(port)
    break
else:
    sys.exit("no free port")
PY
}
