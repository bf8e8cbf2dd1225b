#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) in a separate build directory
# with clang, -DSHOAL_FUZZ=ON, and runs each for a bounded time on its seed
# corpus (tests/fuzz/corpus/<target>). Exits non-zero when a target crashes,
# leaks, times out or runs out of memory; the input that did it is left in
# $BUILD_DIR/fuzz-artifacts/ and named in the output. Exits 77 (ctest:
# skipped) when clang or libFuzzer is not installed.
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 20)
#   FUZZ_TARGETS  targets to run, space-separated (default: all four)
#   BUILD_DIR     build directory (default: build-fuzz in the source tree)
#   FUZZ_JOBS     parallel compile jobs (default 2)
#   FUZZ_RSS_MB   -rss_limit_mb per target (default 2048)
# New inputs the fuzzer finds go to $BUILD_DIR/fuzz-corpus/<target>, never
# into the checked-in seed corpus.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_TARGETS="${FUZZ_TARGETS:-fuzz_rdb_load fuzz_restore fuzz_aof fuzz_resp_parser}"
BUILD_DIR="${BUILD_DIR:-$root/build-fuzz}"
FUZZ_JOBS="${FUZZ_JOBS:-2}"
FUZZ_RSS_MB="${FUZZ_RSS_MB:-2048}"
[[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] || { echo "FUZZ_SECONDS must be positive" >&2; exit 2; }

skip() { echo "fuzz: skipped: $*"; exit 77; }
command -v clang >/dev/null && command -v clang++ >/dev/null || skip "clang/clang++ not found"
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
  || [[ -n "$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null | grep /)" ]] \
  || skip "libFuzzer runtime (libclang_rt.fuzzer) not found"

# Most of a fuzz build is the whole node library under ASan: share ccache
# entries across checkouts.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR=1

# Per-target input size bounds: RDB images and AOF files are bigger than
# single payloads and requests.
max_len() {
  case "$1" in
    fuzz_rdb_load) echo 65536 ;;
    fuzz_aof) echo 16384 ;;
    fuzz_restore) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

start=$SECONDS
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DSHOAL_FUZZ=ON \
    -DSHOAL_BUILD_TESTS=OFF >/dev/null
fi
# shellcheck disable=SC2086
ninja -C "$BUILD_DIR" -j "$FUZZ_JOBS" $FUZZ_TARGETS
echo "fuzz: build took $((SECONDS - start)) s"

artifacts="$BUILD_DIR/fuzz-artifacts"
mkdir -p "$artifacts"
failed=()
for target in $FUZZ_TARGETS; do
  seeds="$root/tests/fuzz/corpus/${target#fuzz_}"
  work="$BUILD_DIR/fuzz-corpus/$target"
  mkdir -p "$work"
  echo "fuzz: $target for ${FUZZ_SECONDS}s (seeds: $(ls "$seeds" 2>/dev/null | wc -l))"
  log="$artifacts/$target.log"
  # -timeout: one input taking over 10 s counts as a hang. The outer timeout
  # only guards against the fuzzer itself not stopping.
  if timeout --kill-after=10 $((FUZZ_SECONDS + 120)) "$BUILD_DIR/tests/fuzz/$target" \
      "$work" "$seeds" -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$target")" \
      -rss_limit_mb="$FUZZ_RSS_MB" -timeout=10 -artifact_prefix="$artifacts/$target-" \
      -print_final_stats=1 >"$log" 2>&1; then
    grep -aE '^(stat::number_of_executed_units|stat::new_units_added)' "$log" | tr '\n' ' '
    echo
  else
    echo "fuzz: $target FAILED; output:"
    grep -av '^#[0-9]' "$log" | tail -n 60
    failed+=("$target")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: failures in: ${failed[*]} (inputs in $artifacts)"
  exit 1
fi
echo "fuzz: all targets passed"
